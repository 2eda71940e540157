//! The local event-ingest endpoint: its status, the switch, and a new token.

use apidest_core::event_intake::{IngestStatus, IngestToken};
use apidest_core::AppError;
use tauri::State;

use super::declare::command;
use crate::state::AppState;

command! {
    pub async fn ingest_status(state: State<'_, AppState>) -> Result<IngestStatus, AppError> {
        state.ingest.status(&state.db()?.pool).await
    }
}

command! {
    pub async fn ingest_set_enabled(
        state: State<'_, AppState>,
        enabled: bool,
        port: Option<u16>,
    ) -> Result<IngestStatus, AppError> {
        let engine = state.engine().ok();
        state
            .ingest
            .set_enabled(&state.db()?.pool, engine, enabled, port)
            .await
    }
}

command! {
    /// A new token, shown this once; the old one stops working.
    pub async fn ingest_rotate_token(state: State<'_, AppState>) -> Result<IngestToken, AppError> {
        state.ingest.rotate_token().await
    }
}
