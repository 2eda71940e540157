//! API Auth commands. Secrets arrive once from the form and go straight to the keyring;
//! nothing returned here carries one.

use apidest_core::auth::{self, AuthConfigInput, AuthConfigView};
use apidest_core::ids::AuthId;
use apidest_core::AppError;
use tauri::State;

use super::declare::command;
use crate::state::AppState;

command! {
    pub async fn auth_list(state: State<'_, AppState>) -> Result<Vec<AuthConfigView>, AppError> {
        auth::list_auth_configs(&state.db()?.pool).await
    }
}

command! {
    pub async fn auth_create(
        state: State<'_, AppState>,
        input: AuthConfigInput,
    ) -> Result<AuthConfigView, AppError> {
        auth::create_auth_config(&state.db()?.pool, state.secrets.clone(), input).await
    }
}

command! {
    pub async fn auth_get(state: State<'_, AppState>, id: AuthId) -> Result<AuthConfigView, AppError> {
        auth::get_auth_config(&state.db()?.pool, state.secrets.clone(), &id).await
    }
}

command! {
    pub async fn auth_update(
        state: State<'_, AppState>,
        id: AuthId,
        input: AuthConfigInput,
    ) -> Result<AuthConfigView, AppError> {
        let updated =
            auth::update_auth_config(&state.db()?.pool, state.secrets.clone(), &id, input).await;
        state.invalidate_auth(&id);
        updated
    }
}

command! {
    pub async fn auth_delete(state: State<'_, AppState>, id: AuthId) -> Result<(), AppError> {
        let deleted = auth::delete_auth_config(&state.db()?.pool, state.secrets.clone(), &id).await;
        state.invalidate_auth(&id);
        deleted
    }
}
