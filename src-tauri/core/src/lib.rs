//! API Destinations core: everything the app does that needs no window.
//!
//! The Tauri app and the command-line companion are thin faces over this crate, and
//! its tests run without a display or webkit.

pub mod auth;
pub mod background;
pub mod bus;
pub mod contacts;
pub mod curl_import;
pub mod data_watch;
pub mod delivery_log;
pub mod delivery_store;
pub mod destinations;
pub mod engine;
pub mod error;
pub mod event_intake;
pub mod export_file;
pub mod gallery;
pub mod http_token;
pub mod identity;
pub mod ids;
pub mod local_server;
pub mod logs;
pub mod naming;
#[cfg(target_os = "linux")]
pub mod network_manager;
pub mod notices;
pub mod render;
pub mod rules;
pub mod sandbox;
pub mod secrets;
pub mod status;
pub mod store;
pub mod time;
pub mod tls;
pub mod transfer;
pub mod types;
pub mod window_events;

pub use error::{AppError, ErrorCode};
