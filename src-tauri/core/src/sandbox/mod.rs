//! The sandbox receiver: a local echo endpoint on 127.0.0.1 with a ready-made "Sandbox"
//! destination, so a new user can try the whole loop (render, send, classify) with no vendor
//! account. Off by default; it records what it received, secrets masked.
//!
//! `ANY /status/{code}` answers that status; any other path answers 200 with
//! `{"received": true, "id": …}`; `?delay_ms=N` (at most 30 s) waits first. Every request
//! must carry the `X-Sandbox-Key` of the current run (403 otherwise), so a web page cannot
//! write into it.

mod control;
mod destination;
mod listener;
mod log;
mod mask;
mod model;
mod server;

pub use control::Sandbox;
pub use destination::{sandbox_endpoint, SANDBOX_DESTINATION_NAME};
pub use listener::SandboxListener;
pub use log::{RequestLog, LOG_CAPACITY};
pub use mask::{mask_header, mask_query};
pub use model::{SandboxRequest, SandboxStatus};
pub use server::{BODY_KEPT_BYTES, BODY_LIMIT_BYTES, KEY_HEADER, MAX_DELAY_MS};

/// The port used until the user picks another: high, unassigned, unlikely to be taken.
pub const DEFAULT_PORT: u16 = 47811;

/// Settings keys (`store::settings`).
pub const SETTING_ENABLED: &str = "sandbox_enabled";
pub const SETTING_PORT: &str = "sandbox_port";
pub const SETTING_DESTINATION: &str = "sandbox_destination_id";
