//! The sandbox receiver: its state, the switch (and port), what it received, clearing that.

use apidest_core::sandbox::{SandboxRequest, SandboxStatus};
use apidest_core::AppError;
use tauri::State;

use super::declare::command;
use crate::state::AppState;

command! {
    pub async fn sandbox_status(state: State<'_, AppState>) -> Result<SandboxStatus, AppError> {
        state.sandbox.status(&state.db()?.pool).await
    }
}

command! {
    pub async fn sandbox_set_enabled(
        state: State<'_, AppState>,
        enabled: bool,
        port: Option<u16>,
    ) -> Result<SandboxStatus, AppError> {
        state
            .sandbox
            .set_enabled(&state.db()?.pool, enabled, port)
            .await
    }
}

command! {
    pub fn sandbox_requests(state: State<'_, AppState>) -> Result<Vec<SandboxRequest>, AppError> {
        Ok(state.sandbox.requests())
    }
}

command! {
    pub fn sandbox_clear(state: State<'_, AppState>) -> Result<(), AppError> {
        state.sandbox.clear();
        Ok(())
    }
}
