//! What the app tells the UI about itself at start: version, where data lives, and whether
//! the database and the keyring work.

use serde::Serialize;
use ts_rs::TS;

use crate::error::AppError;
use crate::secrets::KeyringStatus;

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppStatus {
    pub version: String,
    /// The identifier that namespaces data and secrets (`….dev` for development builds).
    pub app_id: String,
    pub data_dir: String,
    pub database: DatabaseStatus,
    /// `None` while the first keyring check is still running.
    pub keyring: Option<KeyringStatus>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DatabaseStatus {
    pub path: String,
    /// The applied schema version, when the database is open.
    #[ts(type = "number | null")]
    pub schema_version: Option<i64>,
    /// Why the database could not be opened; the app shows it instead of its screens.
    pub error: Option<AppError>,
}
