//! Sample contacts and the team profile.

use apidest_core::contacts::{
    self, Contact, ContactFileFormat, ContactImportReport, ContactInput, Team,
};
use apidest_core::ids::ContactId;
use apidest_core::AppError;
use tauri::State;

use super::declare::command;
use crate::state::AppState;

command! {
    pub async fn contact_list(state: State<'_, AppState>) -> Result<Vec<Contact>, AppError> {
        contacts::list_contacts(&state.db()?.pool).await
    }
}

command! {
    pub async fn contact_create(
        state: State<'_, AppState>,
        input: ContactInput,
    ) -> Result<Contact, AppError> {
        contacts::create_contact(&state.db()?.pool, input).await
    }
}

command! {
    pub async fn contact_update(
        state: State<'_, AppState>,
        id: ContactId,
        input: ContactInput,
    ) -> Result<Contact, AppError> {
        contacts::update_contact(&state.db()?.pool, &id, input).await
    }
}

command! {
    pub async fn contact_delete(state: State<'_, AppState>, id: ContactId) -> Result<(), AppError> {
        contacts::delete_contact(&state.db()?.pool, &id).await
    }
}

command! {
    pub async fn team_get(state: State<'_, AppState>) -> Result<Team, AppError> {
        contacts::get_team(&state.db()?.pool).await
    }
}

command! {
    pub async fn team_update(state: State<'_, AppState>, team: Team) -> Result<Team, AppError> {
        contacts::update_team(&state.db()?.pool, team).await
    }
}

command! {
    /// Imports a CSV or JSON file's text; all or nothing, problems named by row.
    pub async fn contact_import(
        state: State<'_, AppState>,
        format: ContactFileFormat,
        text: String,
    ) -> Result<ContactImportReport, AppError> {
        contacts::import_contacts(&state.db()?.pool, format, &text).await
    }
}
