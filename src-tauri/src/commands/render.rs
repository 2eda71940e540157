//! The live preview of a request for a sample contact.

use apidest_core::render::{self, PreviewRequest, PreviewResult};
use apidest_core::AppError;
use tauri::State;

use super::declare::command;
use crate::state::AppState;

command! {
    pub async fn preview(
        state: State<'_, AppState>,
        request: PreviewRequest,
    ) -> Result<PreviewResult, AppError> {
        render::preview(&state.db()?.pool, &state.expressions, request).await
    }
}
