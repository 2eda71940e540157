//! API Destination commands: thin calls into `apidest_core::destinations`.

use apidest_core::destinations::static_secrets::{
    find_static_secrets, StaticSecret, StaticSecretPlace,
};
use apidest_core::destinations::{
    self, template::parse_template, DestinationInput, DestinationView, FieldIssue, HeaderEntry,
};
use apidest_core::engine::PauseReason;
use apidest_core::ids::{AuthId, DestinationId};
use apidest_core::sandbox::KEY_HEADER;
use apidest_core::types::DestinationCheck;
use apidest_core::AppError;
use tauri::State;

use super::declare::command;
use crate::state::AppState;

command! {
    pub async fn destination_list(
        state: State<'_, AppState>,
    ) -> Result<Vec<DestinationView>, AppError> {
        destinations::list_destinations(&state.db()?.pool).await
    }
}

command! {
    pub async fn destination_get(
        state: State<'_, AppState>,
        id: DestinationId,
    ) -> Result<DestinationView, AppError> {
        destinations::get_destination(&state.db()?.pool, &id).await
    }
}

command! {
    pub async fn destination_create(
        state: State<'_, AppState>,
        input: DestinationInput,
    ) -> Result<DestinationView, AppError> {
        destinations::create_destination(&state.db()?.pool, input).await
    }
}

command! {
    pub async fn destination_update(
        state: State<'_, AppState>,
        id: DestinationId,
        input: DestinationInput,
    ) -> Result<DestinationView, AppError> {
        destinations::update_destination(&state.db()?.pool, &id, input).await
    }
}

command! {
    pub async fn destination_delete(
        state: State<'_, AppState>,
        id: DestinationId,
    ) -> Result<(), AppError> {
        destinations::delete_destination(&state.db()?.pool, &id).await
    }
}

command! {
    pub async fn destination_duplicate(
        state: State<'_, AppState>,
        id: DestinationId,
    ) -> Result<DestinationView, AppError> {
        destinations::duplicate_destination(&state.db()?.pool, &id).await
    }
}

command! {
    pub async fn destination_set_enabled(
        state: State<'_, AppState>,
        id: DestinationId,
        enabled: bool,
    ) -> Result<DestinationView, AppError> {
        destinations::set_destination_enabled(&state.db()?.pool, &id, enabled).await
    }
}

command! {
    /// Pauses a destination: its queued and retrying deliveries are held until it is resumed.
    pub async fn destination_pause(
        state: State<'_, AppState>,
        id: DestinationId,
    ) -> Result<DestinationView, AppError> {
        state.engine()?.pause_destination(&id, PauseReason::User).await?;
        destinations::get_destination(&state.db()?.pool, &id).await
    }
}

command! {
    /// Resumes a destination: its held deliveries are sent, spread out.
    pub async fn destination_resume(
        state: State<'_, AppState>,
        id: DestinationId,
    ) -> Result<DestinationView, AppError> {
        state.engine()?.resume_destination(&id).await?;
        destinations::get_destination(&state.db()?.pool, &id).await
    }
}

command! {
    /// Checks a form as the user types: every problem by field, and the endpoint's placeholders.
    pub fn destination_check(input: DestinationInput) -> Result<DestinationCheck, AppError> {
        let issues: Vec<FieldIssue> = destinations::validate_destination(&input);
        let parsed = parse_template(input.endpoint.trim()).ok();
        Ok(DestinationCheck {
            issues,
            placeholders: parsed
                .as_ref()
                .map(|p| p.placeholders.clone())
                .unwrap_or_default(),
            variables: parsed.map(|p| p.variables).unwrap_or_default(),
        })
    }
}

command! {
    /// The static headers and endpoint query parameters of a form that hold a secret, for the
    /// warning beside them and "Move to API Auth". Names only: the form has the values. The
    /// sandbox's own per-run key is left out: the app renews it on every run (it is masked in
    /// records like any other), and moving it to API Auth would lock the sandbox out.
    pub fn destination_secret_fields(
        headers: Vec<HeaderEntry>,
        endpoint: String,
    ) -> Result<Vec<StaticSecret>, AppError> {
        let mut found = find_static_secrets(&headers, &endpoint);
        found.retain(|s| {
            !(s.place == StaticSecretPlace::Header && s.name.eq_ignore_ascii_case(KEY_HEADER))
        });
        Ok(found)
    }
}

command! {
    /// The destinations that use an auth config, for the delete confirmation.
    pub async fn auth_usage(state: State<'_, AppState>, id: AuthId) -> Result<Vec<String>, AppError> {
        destinations::destinations_using_auth(&state.db()?.pool, &id).await
    }
}
