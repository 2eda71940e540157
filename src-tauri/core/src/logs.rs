//! The log a person can send with a bug report: what the engine, the local servers and the
//! app report through `tracing`, written to one file a day in the OS's log folder, the last
//! [`KEPT_FILES`] kept. Nothing logged carries a header value, a body or a secret: the
//! messages name ids, counts and error kinds only (`tests/log_file.rs` checks a run full of
//! secrets).
//!
//! Where (see [`log_dir`]):
//! - `APIDEST_LOG_DIR` when set;
//! - `<data folder>/logs` when the data folder was chosen (`--data-dir`, `APIDEST_DATA_DIR`:
//!   portable installs and tests keep everything together);
//! - otherwise the OS's place for an app's logs: `$XDG_STATE_HOME/<app id>/logs` (by default
//!   `~/.local/state/<app id>/logs`) on Linux, `~/Library/Logs/<app id>` on macOS,
//!   `%LOCALAPPDATA%\<app id>\logs` on Windows.

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

use crate::error::{AppError, AppResult};

/// Overrides the log folder.
pub const LOG_DIR_ENV: &str = "APIDEST_LOG_DIR";
/// Daily files kept; older ones are deleted as new days begin.
pub const KEPT_FILES: usize = 14;

/// The folder the logs of `app_id` go to; `data_dir_override` is the data folder when one was
/// chosen rather than the OS default. `None` when the OS names no folder for it.
pub fn log_dir(app_id: &str, data_dir_override: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(LOG_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    if let Some(data_dir) = data_dir_override {
        return Some(data_dir.join("logs"));
    }
    os_log_dir(app_id)
}

#[cfg(target_os = "macos")]
fn os_log_dir(app_id: &str) -> Option<PathBuf> {
    dirs::home_dir().map(|home| home.join("Library/Logs").join(app_id))
}

#[cfg(target_os = "windows")]
fn os_log_dir(app_id: &str) -> Option<PathBuf> {
    dirs::data_local_dir().map(|base| base.join(app_id).join("logs"))
}

#[cfg(not(any(target_os = "macos", target_os = "windows")))]
fn os_log_dir(app_id: &str) -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(|| dirs::home_dir().map(|home| home.join(".local/state")))
        .map(|base| base.join(app_id).join("logs"))
}

/// Keeps the log writer running; dropping it flushes what is buffered (hold it until exit).
pub struct LogGuard {
    _writer: WorkerGuard,
}

/// Sends everything reported through `tracing` (and panics) to `<dir>/<file_prefix>.<date>.log`
/// and, when `also_stderr`, to stderr. Our crates report from `info` up, libraries only
/// warnings and errors. Fails when the folder cannot be created or a logger is already set.
pub fn install(dir: &Path, file_prefix: &str, also_stderr: bool) -> AppResult<LogGuard> {
    // Private like the data folder: the logs name destinations, hosts and contacts' ids.
    crate::store::create_private_folder(dir).map_err(|e| {
        AppError::internal(format!(
            "the log folder {} cannot be made: {e}",
            dir.display()
        ))
    })?;
    let files = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(file_prefix)
        .filename_suffix("log")
        .max_log_files(KEPT_FILES)
        .build(dir)
        .map_err(|e| AppError::internal(format!("the log file cannot be opened: {e}")))?;
    let (writer, guard) = tracing_appender::non_blocking(files);
    let filter = Targets::new()
        .with_default(LevelFilter::WARN)
        .with_target("apidest_core", LevelFilter::INFO)
        .with_target("apidest", LevelFilter::INFO)
        .with_target("api_destinations_app", LevelFilter::INFO);
    let file_layer = tracing_subscriber::fmt::layer()
        .with_writer(writer)
        .with_ansi(false)
        .with_filter(filter.clone());
    let stderr_layer = also_stderr.then(|| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(filter)
    });
    tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .try_init()
        .map_err(|e| AppError::internal(format!("a logger is already installed: {e}")))?;
    log_panics();
    Ok(LogGuard { _writer: guard })
}

/// A panic is the one crash a person can send us: its place and message go to the log too.
fn log_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!("panic: {info}");
        previous(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_data_folder_keeps_its_logs() {
        if std::env::var_os(LOG_DIR_ENV).is_some() {
            return;
        }
        let dir = Path::new("/tmp/portable-data");
        assert_eq!(
            log_dir("com.example.app", Some(dir)),
            Some(dir.join("logs"))
        );
        let default = log_dir("com.example.app", None).expect("the OS names a folder");
        assert!(default.ends_with("com.example.app/logs") || default.ends_with("com.example.app"));
    }
}
