//! Stored rules: create, read, update, delete, duplicate, enable/disable. A rule can be saved
//! with problems, but not enabled while it has any.

use std::collections::HashMap;

use sqlx::{SqliteConnection, SqlitePool};

use super::model::{RuleInput, RuleIssue, RuleView};
use super::validate::rule_issues;
use crate::destinations::{list_destinations, DestinationView};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::ids::{DestinationId, RuleId};
use crate::naming::{copy_names, name_key};
use crate::render::ExpressionCache;
use crate::store::json::encode;
use crate::time::now_rfc3339;

type RuleRow = (
    String,
    String,
    bool,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
);

macro_rules! select_rule {
    ($rest:literal) => {
        concat!(
            "SELECT id, name, enabled, trigger, conditions, actions, sample_event_data, created_at, \
             updated_at FROM rules ",
            $rest
        )
    };
}

/// Every destination by id: what rule checks and event matching look actions up in.
pub async fn destinations_by_id(
    pool: &SqlitePool,
) -> AppResult<HashMap<DestinationId, DestinationView>> {
    Ok(list_destinations(pool)
        .await?
        .into_iter()
        .map(|d| (d.id.clone(), d))
        .collect())
}

fn decode(row: RuleRow) -> AppResult<(RuleId, RuleInput, String, String)> {
    let (id, name, enabled, trigger, conditions, actions, sample, created, updated) = row;
    let corrupt =
        |what: &str| AppError::internal(format!("rule {id}: stored {what} is unreadable"));
    let input = RuleInput {
        name,
        enabled,
        trigger,
        conditions: serde_json::from_str(&conditions).map_err(|_| corrupt("conditions"))?,
        actions: serde_json::from_str(&actions).map_err(|_| corrupt("actions"))?,
        sample_event_data: sample
            .map(|s| serde_json::from_str(&s).map_err(|_| corrupt("sample event data")))
            .transpose()?,
    };
    Ok((id.parse()?, input, created, updated))
}

fn view(
    decoded: (RuleId, RuleInput, String, String),
    destinations: &HashMap<DestinationId, DestinationView>,
    cache: &ExpressionCache,
) -> RuleView {
    let (id, input, created_at, updated_at) = decoded;
    let issues = rule_issues(&input, destinations, cache);
    RuleView {
        id,
        input,
        issues,
        created_at,
        updated_at,
    }
}

pub async fn list_rules(pool: &SqlitePool, cache: &ExpressionCache) -> AppResult<Vec<RuleView>> {
    let rows: Vec<RuleRow> = sqlx::query_as(select_rule!("ORDER BY name_key"))
        .fetch_all(pool)
        .await?;
    let destinations = destinations_by_id(pool).await?;
    rows.into_iter()
        .map(|row| decode(row).map(|d| view(d, &destinations, cache)))
        .collect()
}

pub async fn get_rule(
    pool: &SqlitePool,
    cache: &ExpressionCache,
    id: &RuleId,
) -> AppResult<RuleView> {
    let row: Option<RuleRow> = sqlx::query_as(select_rule!("WHERE id = ?"))
        .bind(id.as_str())
        .fetch_optional(pool)
        .await?;
    let row = row.ok_or_else(|| {
        AppError::not_found(format!(
            "Rule {id} does not exist (it may have been deleted)"
        ))
    })?;
    let destinations = destinations_by_id(pool).await?;
    Ok(view(decode(row)?, &destinations, cache))
}

/// The enabled rules, decoded, for matching events.
pub async fn enabled_rules(pool: &SqlitePool) -> AppResult<Vec<(RuleId, RuleInput)>> {
    let rows: Vec<RuleRow> = sqlx::query_as(select_rule!("WHERE enabled = 1 ORDER BY name_key"))
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(|r| decode(r).map(|(id, input, _, _)| (id, input)))
        .collect()
}

/// Every rule as saved, by name, without working out its issues (export and import compare and
/// copy rules; they need no compiled expressions or destination lookups).
pub async fn all_rules(pool: &SqlitePool) -> AppResult<Vec<(RuleId, RuleInput)>> {
    let rows: Vec<RuleRow> = sqlx::query_as(select_rule!("ORDER BY name_key"))
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(|r| decode(r).map(|(id, input, _, _)| (id, input)))
        .collect()
}

/// The issues as one error for a rule that was asked to be enabled.
fn refuse_enabling(issues: &[RuleIssue]) -> AppError {
    let list: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
    AppError::validation(format!(
        "The rule cannot be enabled until this is fixed: {}",
        list.join("; ")
    ))
}

async fn check(
    pool: &SqlitePool,
    cache: &ExpressionCache,
    input: &RuleInput,
    exclude: Option<&RuleId>,
) -> AppResult<()> {
    let name = input.name.trim();
    let destinations = destinations_by_id(pool).await?;
    let issues = rule_issues(input, &destinations, cache);
    if let Some(name_issue) = issues.iter().find(|i| i.field == "name") {
        return Err(AppError::validation(name_issue.message.clone()));
    }
    if input.enabled && !issues.is_empty() {
        return Err(refuse_enabling(&issues));
    }
    let taken: Option<(String,)> =
        sqlx::query_as("SELECT id FROM rules WHERE name_key = ? AND id != ?")
            .bind(name_key(name))
            .bind(exclude.map(|e| e.as_str()).unwrap_or(""))
            .fetch_optional(pool)
            .await?;
    if taken.is_some() {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("A rule named \"{name}\" already exists; pick another name"),
        ));
    }
    Ok(())
}

pub async fn create_rule(
    pool: &SqlitePool,
    cache: &ExpressionCache,
    mut input: RuleInput,
) -> AppResult<RuleView> {
    input.name = input.name.trim().to_owned();
    input.trigger = input.trigger.trim().to_owned();
    check(pool, cache, &input, None).await?;
    let id = RuleId::generate();
    insert_row(&mut *pool.acquire().await?, &id, &input).await?;
    get_rule(pool, cache, &id).await
}

/// Inserts a rule as given (trimmed and checked by the caller), e.g. inside an import's
/// transaction.
pub(crate) async fn insert_row(
    conn: &mut SqliteConnection,
    id: &RuleId,
    input: &RuleInput,
) -> AppResult<()> {
    let now = now_rfc3339();
    sqlx::query(
        "INSERT INTO rules (id, name, name_key, enabled, trigger, conditions, actions, \
         sample_event_data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.as_str())
    .bind(&input.name)
    .bind(name_key(&input.name))
    .bind(input.enabled)
    .bind(&input.trigger)
    .bind(encode(&input.conditions)?)
    .bind(encode(&input.actions)?)
    .bind(sample_text(input)?)
    .bind(&now)
    .bind(&now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update_rule(
    pool: &SqlitePool,
    cache: &ExpressionCache,
    id: &RuleId,
    mut input: RuleInput,
) -> AppResult<RuleView> {
    input.name = input.name.trim().to_owned();
    input.trigger = input.trigger.trim().to_owned();
    get_rule(pool, cache, id).await?;
    check(pool, cache, &input, Some(id)).await?;
    sqlx::query(
        "UPDATE rules SET name = ?, name_key = ?, enabled = ?, trigger = ?, conditions = ?, actions = ?, \
         sample_event_data = ?, updated_at = ? WHERE id = ?",
    )
    .bind(&input.name)
    .bind(name_key(&input.name))
    .bind(input.enabled)
    .bind(&input.trigger)
    .bind(encode(&input.conditions)?)
    .bind(encode(&input.actions)?)
    .bind(sample_text(&input)?)
    .bind(now_rfc3339())
    .bind(id.as_str())
    .execute(pool)
    .await?;
    get_rule(pool, cache, id).await
}

fn sample_text(input: &RuleInput) -> AppResult<Option<String>> {
    input.sample_event_data.as_ref().map(encode).transpose()
}

pub async fn delete_rule(pool: &SqlitePool, id: &RuleId) -> AppResult<()> {
    let done = sqlx::query("DELETE FROM rules WHERE id = ?")
        .bind(id.as_str())
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found(format!("Rule {id} does not exist")));
    }
    Ok(())
}

/// A disabled copy named "X (copy)", "X (copy 2)", …
pub async fn duplicate_rule(
    pool: &SqlitePool,
    cache: &ExpressionCache,
    id: &RuleId,
) -> AppResult<RuleView> {
    let original = get_rule(pool, cache, id).await?;
    let mut input = original.input;
    input.enabled = false;
    let base = input.name.clone();
    for candidate in copy_names(&base) {
        let taken: Option<(String,)> = sqlx::query_as("SELECT id FROM rules WHERE name_key = ?")
            .bind(name_key(&candidate))
            .fetch_optional(pool)
            .await?;
        if taken.is_none() {
            input.name = candidate;
            break;
        }
    }
    create_rule(pool, cache, input).await
}

pub async fn set_rule_enabled(
    pool: &SqlitePool,
    cache: &ExpressionCache,
    id: &RuleId,
    enabled: bool,
) -> AppResult<RuleView> {
    let current = get_rule(pool, cache, id).await?;
    if enabled && !current.issues.is_empty() {
        return Err(refuse_enabling(&current.issues));
    }
    sqlx::query("UPDATE rules SET enabled = ?, updated_at = ? WHERE id = ?")
        .bind(enabled)
        .bind(now_rfc3339())
        .bind(id.as_str())
        .execute(pool)
        .await?;
    get_rule(pool, cache, id).await
}
