//! Settings › Logs: where the log file is, and opening that folder in the file manager.

use apidest_core::{AppError, ErrorCode};
use tauri_plugin_opener::OpenerExt;

use super::declare::command;
use crate::logging;

command! {
    /// The folder the app writes its log files to.
    pub async fn log_folder() -> Result<String, AppError> {
        Ok(folder()?.display().to_string())
    }
}

command! {
    /// Opens the log folder in the system's file manager (made first if nothing was logged yet).
    pub async fn log_folder_open(app: tauri::AppHandle) -> Result<(), AppError> {
        let dir = folder()?;
        std::fs::create_dir_all(&dir).map_err(|e| {
            AppError::internal(format!("The log folder {} cannot be made: {e}", dir.display()))
        })?;
        app.opener()
            .open_path(dir.display().to_string(), None::<&str>)
            .map_err(|e| {
                AppError::internal(format!(
                    "The file manager could not open {} ({e}); open the folder by hand.",
                    dir.display()
                ))
            })
    }
}

fn folder() -> Result<std::path::PathBuf, AppError> {
    logging::log_dir().ok_or_else(|| {
        AppError::new(
            ErrorCode::Internal,
            format!(
                "The operating system names no folder for logs; set {} to one.",
                apidest_core::logs::LOG_DIR_ENV
            ),
        )
    })
}
