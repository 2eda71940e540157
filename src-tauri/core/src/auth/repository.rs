//! Creating, listing and deleting API Auth configs: the keyring and the database kept in step,
//! so no row ever claims a secret the keyring does not hold.

use std::collections::BTreeSet;
use std::sync::Arc;

use sqlx::{SqliteConnection, SqlitePool};

use super::{secret_key, AuthConfigInput, AuthConfigView, AuthSettings, SecretFieldState};
use crate::error::{AppError, AppResult};
use crate::ids::AuthId;
use crate::naming::name_key;
use crate::secrets::{Secret, SecretError, SecretKey, SecretStore};
use crate::store::json::encode;
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
    check_secret_fields(&input)?;
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

    let inserted = match pool.acquire().await {
        Ok(mut conn) => insert_row(&mut conn, &id, &name, &input.settings, &stored_fields).await,
        Err(err) => Err(AppError::from(err)),
    };
    if let Err(err) = inserted {
        let _ = tokio::task::spawn_blocking(move || {
            for key in &written {
                let _ = secrets.delete(key);
            }
        })
        .await;
        return Err(err);
    }
    load(pool, &id).await
}

/// Inserts a checked config row; used by create and by import (inside its transaction).
pub(crate) async fn insert_row(
    conn: &mut SqliteConnection,
    id: &AuthId,
    name: &str,
    settings: &AuthSettings,
    secrets_set: &BTreeSet<String>,
) -> AppResult<()> {
    let now = now_rfc3339();
    sqlx::query(
        "INSERT INTO auth_configs (id, name, name_key, kind, settings, secrets_set, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.as_str())
    .bind(name)
    .bind(name_key(name))
    .bind(settings.kind())
    .bind(encode(settings)?)
    .bind(encode(secrets_set)?)
    .bind(&now)
    .bind(&now)
    .execute(&mut *conn)
    .await
    .map_err(|e| unique_or_internal(e, name))?;
    Ok(())
}

type AuthRow = (String, String, String, String, String, String);
/// The columns an [`AuthRow`] reads, followed by the rest of a query (literal SQL only).
macro_rules! select_auth {
    ($rest:literal) => {
        concat!(
            "SELECT id, name, settings, secrets_set, created_at, updated_at FROM auth_configs ",
            $rest
        )
    };
}

/// All configs, by name, with set/not set for each secret (the keyring is not read).
pub async fn list_auth_configs(pool: &SqlitePool) -> AppResult<Vec<AuthConfigView>> {
    let rows: Vec<AuthRow> = sqlx::query_as(select_auth!("ORDER BY name_key"))
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(row_view).collect()
}

/// One config for its edit form: each set secret also gets its mask, read from the keyring.
/// A secret the row claims but the keyring lost is reported as not set.
pub async fn get_auth_config(
    pool: &SqlitePool,
    secrets: Arc<dyn SecretStore>,
    id: &AuthId,
) -> AppResult<AuthConfigView> {
    let mut view = load(pool, id).await?;
    let keys: Vec<(usize, SecretKey)> = view
        .secrets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.set)
        .map(|(i, s)| (i, secret_key(id, &s.field)))
        .collect();
    let masks = tokio::task::spawn_blocking(move || {
        keys.into_iter()
            .map(|(i, key)| secrets.get(&key).map(|v| (i, v.map(|v| v.mask()))))
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| AppError::internal(format!("keyring task failed: {e}")))??;
    for (i, mask) in masks {
        view.secrets[i].set = mask.is_some();
        view.secrets[i].mask = mask;
    }
    Ok(view)
}

/// Saves edited settings; secrets in `input.secrets` replace the stored ones. With no
/// secrets given and the same kind, the keyring is not touched at all.
pub async fn update_auth_config(
    pool: &SqlitePool,
    secrets: Arc<dyn SecretStore>,
    id: &AuthId,
    input: AuthConfigInput,
) -> AppResult<AuthConfigView> {
    let name = validate_name(&input.name)?;
    input.settings.validate()?;
    let allowed = input.settings.secret_fields();
    check_secret_fields(&input)?;
    let current = load(pool, id).await?;
    ensure_name_free(pool, &name, Some(id)).await?;

    let replacing: Vec<(String, SecretKey, Secret)> = input
        .secrets
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(field, value)| (field.clone(), secret_key(id, &field), value))
        .collect();
    let mut set: BTreeSet<String> = current
        .secrets
        .iter()
        .filter(|s| s.set && allowed.contains(&s.field.as_str()))
        .map(|s| s.field.clone())
        .collect();
    set.extend(replacing.iter().map(|(f, _, _)| f.clone()));
    let dropped: Vec<SecretKey> = current
        .settings
        .secret_fields()
        .iter()
        .filter(|f| !allowed.contains(f))
        .map(|f| secret_key(id, f))
        .collect();

    if !replacing.is_empty() {
        let secrets = secrets.clone();
        tokio::task::spawn_blocking(move || {
            for (_, key, value) in &replacing {
                secrets.set(key, value)?;
            }
            Ok::<_, SecretError>(())
        })
        .await
        .map_err(|e| AppError::internal(format!("keyring task failed: {e}")))??;
    }

    sqlx::query(
        "UPDATE auth_configs SET name = ?, name_key = ?, kind = ?, settings = ?, secrets_set = ?, \
         updated_at = ? WHERE id = ?",
    )
    .bind(&name)
    .bind(name_key(&name))
    .bind(input.settings.kind())
    .bind(encode(&input.settings)?)
    .bind(encode(&set)?)
    .bind(now_rfc3339())
    .bind(id.as_str())
    .execute(pool)
    .await
    .map_err(|e| unique_or_internal(e, &name))?;

    if !dropped.is_empty() {
        // The row no longer claims them; a failure here only leaves an unused entry behind.
        let _ = tokio::task::spawn_blocking(move || {
            for key in &dropped {
                let _ = secrets.delete(key);
            }
        })
        .await;
    }
    load(pool, id).await
}

pub(crate) fn check_secret_fields(input: &AuthConfigInput) -> AppResult<()> {
    let allowed = input.settings.secret_fields();
    match input
        .secrets
        .keys()
        .find(|f| !allowed.contains(&f.as_str()))
    {
        Some(unknown) => Err(AppError::validation(format!(
            "\"{unknown}\" is not a secret of {} auth; expected {}",
            input.settings.kind(),
            allowed.join(", ")
        ))),
        None => Ok(()),
    }
}

pub(crate) async fn load(pool: &SqlitePool, id: &AuthId) -> AppResult<AuthConfigView> {
    let row: Option<AuthRow> = sqlx::query_as(select_auth!("WHERE id = ?"))
        .bind(id.as_str())
        .fetch_optional(pool)
        .await?;
    match row {
        Some(row) => row_view(row),
        None => Err(AppError::not_found(format!(
            "API Auth config {id} does not exist (it may have been deleted)"
        ))),
    }
}

fn row_view(
    (id, name, settings, secrets_set, created, updated): AuthRow,
) -> AppResult<AuthConfigView> {
    let id: AuthId = id.parse()?;
    let settings = parse_settings(&id, &settings)?;
    let set: BTreeSet<String> = serde_json::from_str(&secrets_set)
        .map_err(|e| AppError::internal(format!("stored secret list of {id} unreadable: {e}")))?;
    Ok(view(id, name, settings, &set, created, updated))
}

/// Removes the keyring entries, then the row. A keyring failure leaves the config in place, so
/// the user can unlock the keyring and delete again; a row kept after its secrets went shows
/// them as not set, and deleting again finishes the job. (The other order would leave a
/// secret in the keyring that no config names, which nothing in the app can remove.) The
/// keyring call may wait on an unlock prompt, so no database transaction is held across it.
/// A config with no secret set is deleted without the keyring (a machine may have none).
pub async fn delete_auth_config(
    pool: &SqlitePool,
    secrets: Arc<dyn SecretStore>,
    id: &AuthId,
) -> AppResult<()> {
    let config = load(pool, id).await?;
    let fields = |set: bool| -> Vec<&str> {
        config
            .secrets
            .iter()
            .filter(|s| s.set == set)
            .map(|s| s.field.as_str())
            .collect()
    };
    let (claimed, unclaimed) = (fields(true), fields(false));
    delete_secrets(secrets.clone(), secret_keys(id, &claimed)).await?;
    let row: Option<(String,)> =
        sqlx::query_as("DELETE FROM auth_configs WHERE id = ? RETURNING settings")
            .bind(id.as_str())
            .fetch_optional(pool)
            .await?;
    let Some((deleted,)) = row else {
        return Err(AppError::not_found(format!(
            "API Auth config {id} does not exist"
        )));
    };
    // Best effort, the row being gone: a field it did not claim may hold a leftover (a secret
    // stored whose row update then failed), and a kind changed between the two reads has
    // secrets of its own.
    let mut leftovers = secret_keys(id, &unclaimed);
    let deleted = parse_settings(id, &deleted)?;
    if deleted.kind() != config.settings.kind() {
        leftovers.extend(secret_keys(id, deleted.secret_fields()));
    }
    let _ = delete_secrets(secrets, leftovers).await;
    Ok(())
}

fn parse_settings(id: &AuthId, settings: &str) -> AppResult<AuthSettings> {
    serde_json::from_str(settings)
        .map_err(|e| AppError::internal(format!("stored settings of {id} unreadable: {e}")))
}

fn secret_keys(id: &AuthId, fields: &[&str]) -> Vec<SecretKey> {
    fields.iter().map(|f| secret_key(id, f)).collect()
}

async fn delete_secrets(secrets: Arc<dyn SecretStore>, keys: Vec<SecretKey>) -> AppResult<()> {
    tokio::task::spawn_blocking(move || {
        for key in &keys {
            secrets.delete(key)?;
        }
        Ok::<_, SecretError>(())
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
            mask: None,
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

pub(crate) fn validate_name(name: &str) -> AppResult<String> {
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
        sqlx::query_as("SELECT id, name FROM auth_configs WHERE name_key = ?")
            .bind(name_key(name))
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
