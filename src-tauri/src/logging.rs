//! The app's log file (`apidest_core::logs`): started before anything else, so start-up
//! failures are in it too.

use std::path::PathBuf;

use apidest_core::identity::AppIdentity;
use apidest_core::logs::{self, LogGuard};

use crate::setup::data_dir_override;

/// The app's log folder: the OS's, or `logs` in a data folder given on the command line.
pub fn log_dir() -> Option<PathBuf> {
    let identity = AppIdentity::for_build(cfg!(debug_assertions));
    logs::log_dir(&identity.app_id, data_dir_override().as_deref())
}

/// Starts writing the log (and to stderr, for a terminal); `None`, said on stderr, when the
/// folder cannot be written: the app still runs.
pub fn start() -> Option<LogGuard> {
    let dir = log_dir()?;
    match logs::install(&dir, "api-destinations", true) {
        Ok(guard) => {
            tracing::info!(
                "API Destinations {} starting; logs in {}",
                env!("CARGO_PKG_VERSION"),
                dir.display()
            );
            Some(guard)
        }
        Err(err) => {
            // No logger yet: stderr is the one place left to say it.
            eprintln!("API Destinations: no log file: {}", err.message);
            None
        }
    }
}
