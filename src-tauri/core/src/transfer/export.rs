//! Builds the export document from what is stored. Secrets are not read at all, and those typed
//! into a destination's static headers or query are masked.

use sqlx::SqlitePool;

use super::document::{
    ExportDocument, ExportedAction, ExportedAuthConfig, ExportedDestination, ExportedRule,
    EXPORT_FORMAT,
};
use crate::auth::list_auth_configs;
use crate::contacts::{get_team, list_contacts};
use crate::destinations::list_destinations;
use crate::destinations::static_secrets::{mask_endpoint, mask_headers};
use crate::error::AppResult;
use crate::rules::all_rules;
use crate::time::now_rfc3339;

pub async fn export_document(pool: &SqlitePool) -> AppResult<ExportDocument> {
    let auth_configs = list_auth_configs(pool).await?;
    let destinations = list_destinations(pool).await?;
    let rules = all_rules(pool).await?;
    let contacts = list_contacts(pool).await?;
    let team = get_team(pool).await?;
    let destination_name = |id: &crate::ids::DestinationId| {
        destinations
            .iter()
            .find(|d| &d.id == id)
            .map(|d| d.input.name.clone())
    };
    let rules = rules
        .into_iter()
        .map(|(_, input)| ExportedRule {
            name: input.name,
            enabled: input.enabled,
            trigger: input.trigger,
            conditions: input.conditions,
            actions: input
                .actions
                .into_iter()
                .map(|a| ExportedAction {
                    // A deleted destination has no name to carry: the action has none.
                    destination: a.destination_id.as_ref().and_then(destination_name),
                    bindings: a.bindings,
                    payload: a.payload,
                })
                .collect(),
            sample_event_data: input.sample_event_data,
        })
        .collect();
    Ok(ExportDocument {
        format: EXPORT_FORMAT.to_owned(),
        exported_at: now_rfc3339(),
        auth_configs: auth_configs
            .into_iter()
            .map(|a| ExportedAuthConfig {
                name: a.name,
                settings: a.settings,
            })
            .collect(),
        destinations: destinations
            .into_iter()
            .map(|d| ExportedDestination {
                // A reference to a deleted config has no name to carry: it is left out.
                auth: d.auth.and_then(|a| a.name),
                name: d.input.name,
                // A secret typed into a static header or the query is not carried: the
                // import asks for it again.
                endpoint: mask_endpoint(&d.input.endpoint),
                method: d.input.method,
                body_format: d.input.body_format,
                headers: mask_headers(&d.input.headers),
                timeout_secs: d.input.timeout_secs,
                retry: d.input.retry,
                rate_limit_per_sec: d.input.rate_limit_per_sec,
                concurrency_limit: d.input.concurrency_limit,
                enabled: d.input.enabled,
                test: d.input.test,
            })
            .collect(),
        rules,
        contacts: contacts.into_iter().map(|c| c.fields.into()).collect(),
        team: Some(team.into()),
    })
}
