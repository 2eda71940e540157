//! Creating what an import proposes: the API Auth config (its secret straight into the
//! keyring) and the destination that uses it. Nothing is left half-made: the destination is
//! checked before the auth config is created, and the config is removed again if the
//! destination cannot be saved.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use sqlx::SqlitePool;
use ts_rs::TS;

use super::proposal::CurlImport;
use crate::auth::{
    create_auth_config, delete_auth_config, list_auth_configs, AuthConfigInput, AuthConfigView,
};
use crate::destinations::{create_destination, validate_destination, DestinationView};
use crate::error::{AppError, AppResult};
use crate::naming::name_key;
use crate::secrets::SecretStore;

/// What `from-curl` made.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CurlCreated {
    pub destination: DestinationView,
    pub auth: Option<AuthConfigView>,
}

/// Creates the proposal's API Auth config, if it has one, under a name no other config uses
/// ("Stripe API key", "Stripe API key 2", …).
pub async fn create_auth_from_curl(
    pool: &SqlitePool,
    secrets: Arc<dyn SecretStore>,
    import: &CurlImport,
) -> AppResult<Option<AuthConfigView>> {
    let Some(auth) = &import.proposal.auth else {
        return Ok(None);
    };
    let taken: Vec<String> = list_auth_configs(pool)
        .await?
        .into_iter()
        .map(|c| name_key(&c.name))
        .collect();
    let name = (1..)
        .map(|n| {
            if n == 1 {
                auth.name.clone()
            } else {
                format!("{} {n}", auth.name)
            }
        })
        .find(|candidate| !taken.contains(&name_key(candidate)))
        .unwrap_or_else(|| auth.name.clone());
    let mut secret_values = BTreeMap::new();
    if let (Some(secret), Some(field)) = (&import.secret, auth.settings.secret_fields().first()) {
        secret_values.insert((*field).to_owned(), secret.clone());
    }
    let input = AuthConfigInput {
        name,
        settings: auth.settings.clone(),
        secrets: secret_values,
    };
    create_auth_config(pool, secrets, input).await.map(Some)
}

/// Creates the auth config and the destination of an import. Refuses a proposal the
/// destination form would refuse, before anything is written.
pub async fn create_from_curl(
    pool: &SqlitePool,
    secrets: Arc<dyn SecretStore>,
    import: &CurlImport,
) -> AppResult<CurlCreated> {
    let mut input = import.proposal.destination.clone();
    let issues = validate_destination(&input);
    if !issues.is_empty() {
        let lines: Vec<String> = issues
            .iter()
            .map(|i| format!("{}: {}", i.field, i.message))
            .collect();
        return Err(AppError::validation(format!(
            "The destination cannot be created as the command describes it; fix the command (or \
             create it in the app and edit it there):\n{}",
            lines.join("\n")
        )));
    }
    let auth = create_auth_from_curl(pool, secrets.clone(), import).await?;
    input.auth_id = auth.as_ref().map(|a| a.id.clone());
    match create_destination(pool, input).await {
        Ok(destination) => Ok(CurlCreated { destination, auth }),
        Err(err) => {
            if let Some(auth) = &auth {
                // Best effort: the error the user needs is the destination's.
                let _ = delete_auth_config(pool, secrets, &auth.id).await;
            }
            Err(err)
        }
    }
}
