//! Stored destinations: create, read, update, delete, duplicate, enable/disable.

use sqlx::{SqliteConnection, SqlitePool};

use super::template::parse_template;
use super::validate::{first_issue_as_error, validate_destination};
use super::BodyFormat;
use super::{
    DestinationAuth, DestinationInput, DestinationPause, DestinationTest, DestinationView,
    HeaderEntry, HttpMethod, RetryPolicy,
};
use crate::error::{AppError, AppResult};
use crate::ids::{AuthId, DestinationId};
use crate::naming::{copy_names, name_key};
use crate::store::json::encode;
use crate::time::now_rfc3339;

#[derive(sqlx::FromRow)]
struct DestinationRow {
    id: String,
    name: String,
    endpoint: String,
    method: String,
    body_format: String,
    auth_id: Option<String>,
    headers: String,
    timeout_secs: i64,
    retry_policy: String,
    rate_limit_per_sec: Option<i64>,
    concurrency_limit: Option<i64>,
    enabled: bool,
    test_bindings: String,
    test_payload: String,
    created_at: String,
    updated_at: String,
    paused_at: Option<i64>,
    pause_reason: Option<String>,
    auth_name: Option<String>,
    auth_kind: Option<String>,
    auth_secrets_set: Option<String>,
    auth_settings: Option<String>,
}

/// The columns a [`DestinationRow`] reads, followed by the rest of a query (literal SQL only).
macro_rules! select_destination {
    ($rest:literal) => {
        concat!(
            "SELECT d.id, d.name, d.endpoint, d.method, d.body_format, d.auth_id, d.headers, d.timeout_secs, \
             d.retry_policy, d.rate_limit_per_sec, d.concurrency_limit, d.enabled, d.test_bindings, \
             d.test_payload, d.created_at, \
             d.updated_at, d.paused_at, d.pause_reason, a.name AS auth_name, a.kind AS auth_kind, \
             a.secrets_set AS auth_secrets_set, a.settings AS auth_settings \
             FROM destinations d LEFT JOIN auth_configs a ON a.id = d.auth_id ",
            $rest
        )
    };
}

pub async fn list_destinations(pool: &SqlitePool) -> AppResult<Vec<DestinationView>> {
    let rows: Vec<DestinationRow> = sqlx::query_as(select_destination!("ORDER BY d.name_key"))
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(into_view).collect()
}

pub async fn get_destination(pool: &SqlitePool, id: &DestinationId) -> AppResult<DestinationView> {
    let row: Option<DestinationRow> = sqlx::query_as(select_destination!("WHERE d.id = ?"))
        .bind(id.as_str())
        .fetch_optional(pool)
        .await?;
    row.map(into_view).unwrap_or_else(|| {
        Err(AppError::not_found(format!(
            "API destination {id} does not exist"
        )))
    })
}

pub async fn create_destination(
    pool: &SqlitePool,
    input: DestinationInput,
) -> AppResult<DestinationView> {
    let input = normalise(input);
    check(pool, &input, None).await?;
    let id = DestinationId::generate();
    let mut conn = pool.acquire().await?;
    insert_row(&mut conn, &id, &input).await?;
    drop(conn);
    get_destination(pool, &id).await
}

pub async fn update_destination(
    pool: &SqlitePool,
    id: &DestinationId,
    input: DestinationInput,
) -> AppResult<DestinationView> {
    let input = normalise(input);
    let current = get_destination(pool, id).await?;
    // Keeping a reference to a deleted auth config is allowed (it shows as missing);
    // choosing a missing one anew is not.
    let auth_unchanged = current.input.auth_id == input.auth_id;
    check_fields(&input)?;
    ensure_name_free(pool, &input.name, Some(id)).await?;
    if !auth_unchanged {
        ensure_auth_exists(pool, input.auth_id.as_ref()).await?;
    }
    sqlx::query(
        "UPDATE destinations SET name = ?, name_key = ?, endpoint = ?, method = ?, body_format = ?, auth_id = ?, \
         headers = ?, timeout_secs = ?, retry_policy = ?, rate_limit_per_sec = ?, \
         concurrency_limit = ?, enabled = ?, test_bindings = ?, test_payload = ?, \
         updated_at = ? WHERE id = ?",
    )
    .bind(&input.name)
    .bind(name_key(&input.name))
    .bind(&input.endpoint)
    .bind(input.method.as_str())
    .bind(input.body_format.as_str())
    .bind(input.auth_id.as_ref().map(AuthId::as_str))
    .bind(encode(&input.headers)?)
    .bind(i64::from(input.timeout_secs))
    .bind(encode(&input.retry)?)
    .bind(input.rate_limit_per_sec.map(i64::from))
    .bind(input.concurrency_limit.map(i64::from))
    .bind(input.enabled)
    .bind(encode(&input.test.bindings)?)
    .bind(&input.test.payload)
    .bind(now_rfc3339())
    .bind(id.as_str())
    .execute(pool)
    .await
    .map_err(|e| unique_or_internal(e, &input.name))?;
    get_destination(pool, id).await
}

pub async fn delete_destination(pool: &SqlitePool, id: &DestinationId) -> AppResult<()> {
    let done = sqlx::query("DELETE FROM destinations WHERE id = ?")
        .bind(id.as_str())
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found(format!(
            "API destination {id} does not exist"
        )));
    }
    Ok(())
}

/// A copy named "<name> (copy)", "<name> (copy 2)", … that is free.
pub async fn duplicate_destination(
    pool: &SqlitePool,
    id: &DestinationId,
) -> AppResult<DestinationView> {
    let original = get_destination(pool, id).await?;
    let mut input = original.input;
    let base = input.name.clone();
    for candidate in copy_names(&base) {
        if !name_taken(pool, &candidate, None).await? {
            input.name = candidate;
            break;
        }
    }
    // The copy keeps the auth reference as it is, even one to a deleted config.
    check_fields(&input)?;
    let id = DestinationId::generate();
    let mut conn = pool.acquire().await?;
    insert_row(&mut conn, &id, &input).await?;
    drop(conn);
    get_destination(pool, &id).await
}

pub async fn set_destination_enabled(
    pool: &SqlitePool,
    id: &DestinationId,
    enabled: bool,
) -> AppResult<DestinationView> {
    let done = sqlx::query("UPDATE destinations SET enabled = ?, updated_at = ? WHERE id = ?")
        .bind(enabled)
        .bind(now_rfc3339())
        .bind(id.as_str())
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found(format!(
            "API destination {id} does not exist"
        )));
    }
    get_destination(pool, id).await
}

/// Inserts a checked destination; used by create, duplicate and import (inside its transaction).
pub(crate) async fn insert_row(
    conn: &mut SqliteConnection,
    id: &DestinationId,
    input: &DestinationInput,
) -> AppResult<()> {
    let now = now_rfc3339();
    sqlx::query(
        "INSERT INTO destinations (id, name, name_key, endpoint, method, body_format, auth_id, headers, \
         timeout_secs, retry_policy, rate_limit_per_sec, concurrency_limit, enabled, test_bindings, \
         test_payload, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.as_str())
    .bind(&input.name)
    .bind(name_key(&input.name))
    .bind(&input.endpoint)
    .bind(input.method.as_str())
    .bind(input.body_format.as_str())
    .bind(input.auth_id.as_ref().map(AuthId::as_str))
    .bind(encode(&input.headers)?)
    .bind(i64::from(input.timeout_secs))
    .bind(encode(&input.retry)?)
    .bind(input.rate_limit_per_sec.map(i64::from))
    .bind(input.concurrency_limit.map(i64::from))
    .bind(input.enabled)
    .bind(encode(&input.test.bindings)?)
    .bind(&input.test.payload)
    .bind(&now)
    .bind(&now)
    .execute(&mut *conn)
    .await
    .map_err(|e| unique_or_internal(e, &input.name))?;
    Ok(())
}

/// Names of the destinations that use an auth config, for the delete confirmation.
pub async fn destinations_using_auth(
    pool: &SqlitePool,
    auth_id: &AuthId,
) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM destinations WHERE auth_id = ? ORDER BY name_key")
            .bind(auth_id.as_str())
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

pub(crate) fn normalise(mut input: DestinationInput) -> DestinationInput {
    input.name = input.name.trim().to_owned();
    input.endpoint = input.endpoint.trim().to_owned();
    for header in &mut input.headers {
        header.name = header.name.trim().to_owned();
    }
    input
        .test
        .bindings
        .retain(|name, _| !name.trim().is_empty());
    input
}

async fn check(
    pool: &SqlitePool,
    input: &DestinationInput,
    except: Option<&DestinationId>,
) -> AppResult<()> {
    check_fields(input)?;
    ensure_name_free(pool, &input.name, except).await?;
    ensure_auth_exists(pool, input.auth_id.as_ref()).await
}

fn check_fields(input: &DestinationInput) -> AppResult<()> {
    match first_issue_as_error(&validate_destination(input)) {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

async fn ensure_auth_exists(pool: &SqlitePool, auth_id: Option<&AuthId>) -> AppResult<()> {
    let Some(auth_id) = auth_id else {
        return Ok(());
    };
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM auth_configs WHERE id = ?")
        .bind(auth_id.as_str())
        .fetch_optional(pool)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(AppError::validation(
            "The chosen API Auth config no longer exists: pick another or create one",
        )),
    }
}

async fn name_taken(
    pool: &SqlitePool,
    name: &str,
    except: Option<&DestinationId>,
) -> AppResult<bool> {
    let clash: Option<(String,)> = sqlx::query_as("SELECT id FROM destinations WHERE name_key = ?")
        .bind(name_key(name))
        .fetch_optional(pool)
        .await?;
    Ok(matches!(clash, Some((id,)) if except.is_none_or(|e| e.as_str() != id)))
}

async fn ensure_name_free(
    pool: &SqlitePool,
    name: &str,
    except: Option<&DestinationId>,
) -> AppResult<()> {
    if name_taken(pool, name, except).await? {
        Err(AppError::conflict(format!(
            "An API destination named \"{name}\" already exists: names must be unique (ignoring case)"
        )))
    } else {
        Ok(())
    }
}

fn unique_or_internal(err: sqlx::Error, name: &str) -> AppError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => AppError::conflict(format!(
            "An API destination named \"{name}\" already exists: names must be unique (ignoring case)"
        )),
        _ => AppError::from(err),
    }
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &str, id: &str) -> AppResult<T> {
    serde_json::from_str(text)
        .map_err(|e| AppError::internal(format!("stored {what} of {id} unreadable: {e}")))
}

fn into_view(row: DestinationRow) -> AppResult<DestinationView> {
    let id: DestinationId = row.id.parse()?;
    let method = HttpMethod::parse(&row.method).ok_or_else(|| {
        AppError::internal(format!("stored method of {id} unknown: {}", row.method))
    })?;
    let body_format = BodyFormat::parse(&row.body_format).ok_or_else(|| {
        AppError::internal(format!(
            "stored body format of {id} unknown: {}",
            row.body_format
        ))
    })?;
    let headers: Vec<HeaderEntry> = from_json(&row.headers, "headers", id.as_str())?;
    let retry: RetryPolicy = from_json(&row.retry_policy, "retry policy", id.as_str())?;
    let test = DestinationTest {
        bindings: from_json(&row.test_bindings, "test bindings", id.as_str())?,
        payload: row.test_payload,
    };
    let variables = parse_template(&row.endpoint)
        .map(|t| t.variables)
        .unwrap_or_default();
    let auth = match row.auth_id {
        None => None,
        Some(auth_id) => {
            let auth_id: AuthId = auth_id.parse()?;
            let secret_needed = match (&row.auth_settings, &row.auth_secrets_set) {
                (Some(settings), Some(set)) => {
                    let settings: crate::auth::AuthSettings =
                        from_json(settings, "auth settings", auth_id.as_str())?;
                    let set: Vec<String> = from_json(set, "auth secrets", auth_id.as_str())?;
                    settings
                        .secret_fields()
                        .iter()
                        .any(|f| !set.iter().any(|s| s == f))
                }
                _ => false,
            };
            Some(DestinationAuth {
                id: auth_id,
                name: row.auth_name,
                kind: row.auth_kind,
                secret_needed,
            })
        }
    };
    Ok(DestinationView {
        id,
        shown_endpoint: super::static_secrets::mask_endpoint(&row.endpoint),
        input: DestinationInput {
            name: row.name,
            endpoint: row.endpoint,
            method,
            auth_id: auth.as_ref().map(|a| a.id.clone()),
            headers,
            body_format,
            timeout_secs: u32::try_from(row.timeout_secs).unwrap_or(super::DEFAULT_TIMEOUT_SECS),
            retry,
            rate_limit_per_sec: row.rate_limit_per_sec.and_then(|v| u32::try_from(v).ok()),
            concurrency_limit: row.concurrency_limit.and_then(|v| u32::try_from(v).ok()),
            enabled: row.enabled,
            test,
        },
        variables,
        auth,
        paused: row.paused_at.map(|since| DestinationPause {
            since,
            by_circuit_breaker: row.pause_reason.as_deref() == Some("circuit_breaker"),
        }),
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
