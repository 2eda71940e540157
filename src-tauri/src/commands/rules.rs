//! Event-Based Rules: list, read, create, update, delete, duplicate, enable/disable.

use apidest_core::ids::RuleId;
use apidest_core::rules::{self, RuleInput, RuleView};
use apidest_core::AppError;
use tauri::State;

use super::declare::command;
use crate::state::AppState;

command! {
    pub async fn rule_list(state: State<'_, AppState>) -> Result<Vec<RuleView>, AppError> {
        rules::list_rules(&state.db()?.pool, &state.expressions).await
    }
}

command! {
    pub async fn rule_get(state: State<'_, AppState>, id: RuleId) -> Result<RuleView, AppError> {
        rules::get_rule(&state.db()?.pool, &state.expressions, &id).await
    }
}

command! {
    pub async fn rule_create(
        state: State<'_, AppState>,
        input: RuleInput,
    ) -> Result<RuleView, AppError> {
        rules::create_rule(&state.db()?.pool, &state.expressions, input).await
    }
}

command! {
    pub async fn rule_update(
        state: State<'_, AppState>,
        id: RuleId,
        input: RuleInput,
    ) -> Result<RuleView, AppError> {
        rules::update_rule(&state.db()?.pool, &state.expressions, &id, input).await
    }
}

command! {
    pub async fn rule_delete(state: State<'_, AppState>, id: RuleId) -> Result<(), AppError> {
        rules::delete_rule(&state.db()?.pool, &id).await
    }
}

command! {
    pub async fn rule_duplicate(state: State<'_, AppState>, id: RuleId) -> Result<RuleView, AppError> {
        rules::duplicate_rule(&state.db()?.pool, &state.expressions, &id).await
    }
}

command! {
    pub async fn rule_set_enabled(
        state: State<'_, AppState>,
        id: RuleId,
        enabled: bool,
    ) -> Result<RuleView, AppError> {
        rules::set_rule_enabled(&state.db()?.pool, &state.expressions, &id, enabled).await
    }
}

command! {
    /// Checks a rule as it is being edited, without saving it.
    pub async fn rule_check(
        state: State<'_, AppState>,
        input: RuleInput,
    ) -> Result<Vec<apidest_core::rules::RuleIssue>, AppError> {
        let destinations = apidest_core::destinations::list_destinations(&state.db()?.pool)
            .await?
            .into_iter()
            .map(|d| (d.id.clone(), d))
            .collect();
        Ok(rules::rule_issues(
            &input,
            &destinations,
            &state.expressions,
        ))
    }
}
