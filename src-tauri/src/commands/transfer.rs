//! Export to a file in the Downloads folder, and import from the text of a chosen file.

use std::io::Write;

use apidest_core::export_file::create_export_file;
use apidest_core::transfer::{self, ImportReport};
use apidest_core::types::ExportResult;
use apidest_core::{AppError, ErrorCode};
use tauri::{Manager, State};

use super::declare::command;
use crate::state::AppState;

/// Where exports go when the OS has no Downloads folder to tell (and for tests).
const EXPORT_DIR_ENV: &str = "APIDEST_EXPORT_DIR";

/// Where exports go: `APIDEST_EXPORT_DIR`, else the Downloads folder. Deliveries exports too.
pub(crate) fn export_folder(app: &tauri::AppHandle) -> Result<std::path::PathBuf, AppError> {
    match std::env::var_os(EXPORT_DIR_ENV).filter(|d| !d.is_empty()) {
        Some(dir) => Ok(std::path::PathBuf::from(dir)),
        None => app.path().download_dir().map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("The OS did not tell where the Downloads folder is ({e})"),
            )
        }),
    }
}

command! {
    pub async fn config_export(
        app: tauri::AppHandle,
        state: State<'_, AppState>,
    ) -> Result<ExportResult, AppError> {
        let doc = transfer::export_document(&state.db()?.pool).await?;
        let folder = export_folder(&app)?;
        let stamp: String = doc
            .exported_at
            .chars()
            .filter(char::is_ascii_digit)
            .take(14)
            .collect();
        let text = serde_json::to_string_pretty(&doc)
            .map_err(|e| AppError::internal(format!("cannot encode the export: {e}")))?;
        let (path, mut file) =
            create_export_file(&folder, &format!("api-destinations-export-{stamp}"), "json")?;
        file.write_all(text.as_bytes())
            .map_err(|e| AppError::internal(format!("Could not write {}: {e}", path.display())))?;
        Ok(ExportResult {
            path: path.display().to_string(),
            auth_configs: doc.auth_configs.len(),
            destinations: doc.destinations.len(),
            rules: doc.rules.len(),
            contacts: doc.contacts.len(),
        })
    }
}

command! {
    pub async fn config_import(
        state: State<'_, AppState>,
        json: String,
    ) -> Result<ImportReport, AppError> {
        transfer::import_document(&state.db()?.pool, &json).await
    }
}
