//! Where the next page of the log starts, shared by the plain listing and the text search.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where the next page starts: after this row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeliveryCursor {
    #[ts(type = "number")]
    pub created_at: i64,
    pub id: String,
}
