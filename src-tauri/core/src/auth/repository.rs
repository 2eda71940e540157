//! Creating, listing and deleting API Auth configs: the keyring and the database kept in step,
//! so no row ever claims a secret the keyring does not hold.

use std::collections::BTreeSet;
use std::sync::Arc;

use sqlx::SqlitePool;

use super::{secret_key, AuthConfigInput, AuthConfigView, AuthSettings, SecretFieldState};
use crate::error::{AppError, AppResult};
use crate::ids::AuthId;
use crate::secrets::{SecretKey, SecretStore};
use crate::time::now_rfc3339;

const MAX_NAME_CHARS: usize = 100;

/// Validates, writes the secrets to the keyring, then the row. If the keyring fails nothing
/// is stored; if the row fails the secrets already written are removed again.
pub async fn create_auth_config(
    pool: &SqlitePool,
    secrets: Arc<dyn SecretStore>,
    input: AuthConfigInput,
) -> AppResult<AuthConfigView> {
    let name = validate_name(&input.name)?;
    input.settings.validate()?;
    let allowed = input.settings.secret_fields();
    if let Some(unknown) = input
        .secrets
        .keys()
        .find(|f| !allowed.contains(&f.as_str()))
    {
        return Err(AppError::validation(format!(
            "\"{unknown}\" is not a secret of {} auth; expected {}",
            input.settings.kind(),
            allowed.join(", ")
        )));
    }
    ensure_name_free(pool, &name, None).await?;

    let id = AuthId::generate();
    let to_store: Vec<(SecretKey, _)> = input
        .secrets
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(field, value)| (secret_key(&id, &field), (field, value)))
        .collect();
    let stored_fields: BTreeSet<String> = to_store.iter().map(|(_, (f, _))| f.clone()).collect();

    let written = {
        let secrets = secrets.clone();
        tokio::task::spawn_blocking(move || {
            let mut written = Vec::new();
            for (key, (_, value)) in &to_store {
                if let Err(err) = secrets.set(key, value) {
                    for key in &written {
                        let _ = secrets.delete(key);
                    }
                    return Err(AppError::from(err));
                }
                written.push(key.clone());
            }
            Ok(written)
        })
        .await
        .map_err(|e| AppError::internal(format!("keyring task failed: {e}")))??
    };

    let now = now_rfc3339();
    let settings_json = serde_json::to_string(&input.settings)
        .map_err(|e| AppError::internal(format!("cannot encode settings: {e}")))?;
    let secrets_json = serde_json::to_string(&stored_fields)
        .map_err(|e| AppError::internal(format!("cannot encode secret fields: {e}")))?;
    let inserted = sqlx::query(
        "INSERT INTO auth_configs (id, name, kind, settings, secrets_set, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.as_str())
    .bind(&name)
    .bind(input.settings.kind())
    .bind(&settings_json)
    .bind(&secrets_json)
    .bind(&now)
    .bind(&now)
    .execute(pool)
    .await;
    if let Err(err) = inserted {
        let _ = tokio::task::spawn_blocking(move || {
            for key in &written {
                let _ = secrets.delete(key);
            }
        })
        .await;
        return Err(unique_or_internal(err, &name));
    }

    Ok(view(
        id,
        name,
        input.settings,
        &stored_fields,
        now.clone(),
        now,
    ))
}

/// All configs, by name.
pub async fn list_auth_configs(pool: &SqlitePool) -> AppResult<Vec<AuthConfigView>> {
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, name, settings, secrets_set, created_at, updated_at \
         FROM auth_configs ORDER BY name COLLATE NOCASE",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(id, name, settings, secrets_set, created, updated)| {
            let id: AuthId = id.parse()?;
            let settings: AuthSettings = serde_json::from_str(&settings).map_err(|e| {
                AppError::internal(format!("stored settings of {id} unreadable: {e}"))
            })?;
            let set: BTreeSet<String> = serde_json::from_str(&secrets_set).map_err(|e| {
                AppError::internal(format!("stored secret list of {id} unreadable: {e}"))
            })?;
            Ok(view(id, name, settings, &set, created, updated))
        })
        .collect()
}

/// Removes the row, then its keyring entries (a leftover entry is harmless; a row pointing
/// at a deleted secret would not be).
pub async fn delete_auth_config(
    pool: &SqlitePool,
    secrets: Arc<dyn SecretStore>,
    id: &AuthId,
) -> AppResult<()> {
    let row: Option<(String, String)> =
        sqlx::query_as("DELETE FROM auth_configs WHERE id = ? RETURNING settings, secrets_set")
            .bind(id.as_str())
            .fetch_optional(pool)
            .await?;
    let Some((settings, _)) = row else {
        return Err(AppError::not_found(format!(
            "API Auth config {id} does not exist"
        )));
    };
    let settings: AuthSettings = serde_json::from_str(&settings)
        .map_err(|e| AppError::internal(format!("stored settings of {id} unreadable: {e}")))?;
    let keys: Vec<SecretKey> = settings
        .secret_fields()
        .iter()
        .map(|f| secret_key(id, f))
        .collect();
    tokio::task::spawn_blocking(move || {
        for key in &keys {
            secrets.delete(key)?;
        }
        Ok::<_, crate::secrets::SecretError>(())
    })
    .await
    .map_err(|e| AppError::internal(format!("keyring task failed: {e}")))??;
    Ok(())
}

fn view(
    id: AuthId,
    name: String,
    settings: AuthSettings,
    set: &BTreeSet<String>,
    created_at: String,
    updated_at: String,
) -> AuthConfigView {
    let secrets = settings
        .secret_fields()
        .iter()
        .map(|field| SecretFieldState {
            field: (*field).to_owned(),
            set: set.contains(*field),
        })
        .collect();
    AuthConfigView {
        id,
        name,
        settings,
        secrets,
        created_at,
        updated_at,
    }
}

fn validate_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::validation("Name is required"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::validation(format!(
            "Name is too long: at most {MAX_NAME_CHARS} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::validation(
            "Name may not contain control characters",
        ));
    }
    Ok(name.to_owned())
}

async fn ensure_name_free(pool: &SqlitePool, name: &str, except: Option<&AuthId>) -> AppResult<()> {
    let clash: Option<(String, String)> =
        sqlx::query_as("SELECT id, name FROM auth_configs WHERE name = ? COLLATE NOCASE")
            .bind(name)
            .fetch_optional(pool)
            .await?;
    match clash {
        Some((id, existing)) if except.is_none_or(|e| e.as_str() != id) => Err(AppError::conflict(
            format!("An API Auth config named \"{existing}\" already exists: choose another name"),
        )),
        _ => Ok(()),
    }
}

fn unique_or_internal(err: sqlx::Error, name: &str) -> AppError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => AppError::conflict(format!(
            "An API Auth config named \"{name}\" already exists: choose another name"
        )),
        _ => AppError::from(err),
    }
}
