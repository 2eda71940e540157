//! The app's own health: version, data folder, database and keyring.

use apidest_core::bus::AppEvent;
use apidest_core::engine::SendingStatus;
use apidest_core::secrets::{probe_keyring, KeyringStatus};
use apidest_core::status::{AppStatus, DatabaseStatus};
use apidest_core::{AppError, ErrorCode};
use tauri::State;

use super::declare::command;
use crate::state::AppState;

command! {
    pub fn app_status(state: State<'_, AppState>) -> Result<AppStatus, AppError> {
        let database = match &state.database {
            Ok(db) => DatabaseStatus {
                path: db.path.display().to_string(),
                schema_version: Some(db.schema_version),
                error: None,
            },
            Err(err) => DatabaseStatus {
                path: state.database_path.display().to_string(),
                schema_version: None,
                error: Some(err.clone()),
            },
        };
        Ok(AppStatus {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            app_id: state.identity.app_id.clone(),
            data_dir: state.data_dir.display().to_string(),
            database,
            keyring: state.keyring_status(),
        })
    }
}

command! {
    /// Whether the engine can send now: offline, and how many deliveries wait for the network.
    pub fn sending_status(state: State<'_, AppState>) -> Result<SendingStatus, AppError> {
        match state.engine() {
            Ok(engine) => Ok(engine.sending_status()),
            Err(err) if err.code == ErrorCode::Conflict => Ok(SendingStatus {
                sent_elsewhere: true,
                ..SendingStatus::default()
            }),
            Err(err) => Err(err),
        }
    }
}

command! {
    /// Checks the keyring again (after the user unlocked it, say) and tells every listener.
    pub async fn keyring_check(state: State<'_, AppState>) -> Result<KeyringStatus, AppError> {
        let status = probe_keyring(state.secrets.clone()).await;
        state.set_keyring_status(status.clone());
        state.events.publish(AppEvent::KeyringStatusChanged {
            status: status.clone(),
        });
        Ok(status)
    }
}
