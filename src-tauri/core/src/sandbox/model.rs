//! What the sandbox shows the UI: its state, and each request it received (secrets masked).

use serde::Serialize;
use ts_rs::TS;

use crate::destinations::HeaderEntry;
use crate::error::AppError;
use crate::ids::DestinationId;

/// Whether the sandbox should run, whether it does, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SandboxStatus {
    /// The switch in Settings.
    pub enabled: bool,
    /// Listening now; false with `enabled` when it could not start (see `error`).
    pub running: bool,
    /// The port it listens on, or will listen on when switched on.
    pub port: u16,
    /// `http://127.0.0.1:<port>` while running.
    pub url: Option<String>,
    /// The ready-made "Sandbox" destination, when it exists.
    pub destination_id: Option<DestinationId>,
    /// Why it is not running although switched on (a busy port, say).
    pub error: Option<AppError>,
}

/// One request the sandbox received. Secret header and query values are already masked:
/// this type crosses to the web view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SandboxRequest {
    /// `sbx_…`, also returned to the sender in the response body.
    pub id: String,
    pub method: String,
    /// Path and query as received, secret query values masked.
    pub path: String,
    /// In the order received, names lower-case.
    pub headers: Vec<HeaderEntry>,
    /// The first 64 KiB of the body as text (invalid UTF-8 replaced).
    pub body: String,
    /// The whole body's size in bytes.
    pub body_size: u32,
    pub body_truncated: bool,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub received_at: i64,
    /// The status the sandbox answered with.
    pub status: u16,
}

/// A new request id: `sbx_` and a lower-case ULID, so ids sort by arrival.
pub(crate) fn new_request_id() -> String {
    format!("sbx_{}", ulid::Ulid::new().to_string().to_lowercase())
}
