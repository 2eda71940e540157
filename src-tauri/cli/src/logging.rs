//! `apidest`'s log file: what the engine reports while `apidest work` or `send` runs goes to
//! the same folder as the app's (`apidest_core::logs`), in files of its own.

use std::path::PathBuf;

use apidest_core::identity::AppIdentity;
use apidest_core::logs::{self, LogGuard};

use crate::args::DataArgs;

/// The log folder: the OS's, or `logs` in the data folder given with --data-dir.
pub fn log_dir(args: &DataArgs) -> Option<PathBuf> {
    let identity = AppIdentity::for_build(cfg!(debug_assertions));
    logs::log_dir(&identity.app_id, args.data_dir.as_deref())
}

/// Starts the log file (not stderr: the CLI's output stays its own); without a writable
/// folder the command runs unlogged.
pub fn start(args: &DataArgs) -> Option<LogGuard> {
    logs::install(&log_dir(args)?, "apidest", false).ok()
}
