//! Where the logs are: the folder the app and `apidest` write their daily log files to.

use std::path::Path;

use serde::Serialize;

use super::report::Check;

#[derive(Debug, Serialize)]
pub struct LogDetails {
    /// `null` when the OS names no folder for logs.
    pub path: Option<String>,
    /// The newest log file in it, if any.
    pub newest: Option<String>,
}

pub fn check(dir: Option<&Path>) -> Check<LogDetails> {
    let Some(dir) = dir else {
        return Check::warning(
            "The OS names no folder for logs, so none are written.",
            format!(
                "Set {} to a folder you can write to.",
                apidest_core::logs::LOG_DIR_ENV
            ),
            LogDetails {
                path: None,
                newest: None,
            },
        );
    };
    let newest = std::fs::read_dir(dir).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".log"))
            .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
            .map(|e| e.path().display().to_string())
    });
    let message = match &newest {
        Some(file) => format!(
            "Logs are in {} (one file a day, {} kept; `apidest logs --open` shows them); newest: \
             {file}.",
            dir.display(),
            apidest_core::logs::KEPT_FILES
        ),
        None => format!("Logs go to {} (nothing written yet).", dir.display()),
    };
    Check::ok(
        message,
        LogDetails {
            path: Some(dir.display().to_string()),
            newest,
        },
    )
}
