//! The durable queue: deliveries written before any network I/O and recovered after a crash
//! (at-least-once). The engine claims and completes them on its own connection (queue_conn.rs).

use std::collections::HashSet;

use sqlx::{SqliteConnection, SqlitePool};

use super::classify::{hint, Cause, HintContext};
use super::freeze::NewDelivery;
use super::hold::{paused_destinations, DESTINATION_PAUSED};
use super::model::{AttemptTrigger, DeliveryState, DeliverySummary, HoldReason, StatusCategory};
use super::retry::{decide, RetryDecision};
use super::row::{DeliveryRow, DELIVERY_COLUMNS};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::ids::{AttemptId, DeliveryId};
use crate::store::json::encode;

pub use crate::time::now_ms;

/// Writes a frozen delivery, due at once, or held when its destination is paused and it is a
/// rule's (returns true then). Runs on the caller's connection so a rule's deliveries and their event are one
/// transaction.
pub async fn insert_delivery(
    conn: &mut SqliteConnection,
    delivery: &NewDelivery,
    now: i64,
) -> AppResult<bool> {
    let held = delivery.source.is_held_by_pause()
        && paused_destinations(conn)
            .await?
            .contains(delivery.destination_id.as_str());
    let (due, hold) = if held {
        (None, Some(HoldReason::DestinationPaused.as_str()))
    } else {
        (Some(now), None)
    };
    sqlx::query(
        "INSERT INTO deliveries (id, state, source, destination_id, destination_name, rule_id, rule_name, \
         action_index, event_id, event_type, contact_id, contact_name, auth_id, auth_kind, auth_name, replay_of, \
         method, url, headers, body, timeout_secs, retry_policy, payload_expression, bindings, event_data, \
         next_attempt_at, created_at, updated_at, hold_reason) \
         VALUES (?, 'scheduled', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(delivery.id.as_str())
    .bind(delivery.source.as_str())
    .bind(delivery.destination_id.as_str())
    .bind(&delivery.destination_name)
    .bind(delivery.rule.as_ref().map(|r| r.id.as_str()))
    .bind(delivery.rule.as_ref().map(|r| r.name.as_str()))
    .bind(delivery.rule.as_ref().map(|r| i64::from(r.action_index)))
    .bind(&delivery.event.id)
    .bind(&delivery.event.event_type)
    .bind(&delivery.contact_id)
    .bind(&delivery.contact_name)
    .bind(&delivery.auth_id)
    .bind(&delivery.auth_kind)
    .bind(&delivery.auth_name)
    .bind(delivery.replay_of.as_ref().map(|r| r.as_str()))
    .bind(delivery.method.as_str())
    .bind(&delivery.url)
    .bind(encode(&delivery.headers)?)
    .bind(&delivery.body)
    .bind(i64::from(delivery.timeout_secs))
    .bind(encode(&delivery.retry)?)
    .bind(&delivery.payload_expression)
    .bind(encode(&delivery.bindings)?)
    .bind(encode(&delivery.event.data)?)
    .bind(due)
    .bind(now)
    .bind(now)
    .bind(hold)
    .execute(&mut *conn)
    .await?;
    Ok(held)
}

/// Rows per multi-row statement: 28 values each stays well under SQLite's 32,766 parameters.
const ROWS_PER_INSERT: usize = 500;

/// Writes many frozen deliveries with few statements (rules make several per event, and the
/// ingest endpoint writes many events per transaction). Plain bound values: no JSON to parse.
/// Rules' deliveries to a paused destination are written held; returns the paused destinations.
pub async fn insert_deliveries(
    conn: &mut SqliteConnection,
    deliveries: &[&NewDelivery],
    now: i64,
) -> AppResult<HashSet<String>> {
    let paused = if deliveries.is_empty() {
        HashSet::new()
    } else {
        paused_destinations(conn).await?
    };
    let held = HoldReason::DestinationPaused.as_str();
    for chunk in deliveries.chunks(ROWS_PER_INSERT) {
        let encoded: Vec<(String, String, String, String)> = chunk
            .iter()
            .map(|d| {
                Ok((
                    encode(&d.headers)?,
                    encode(&d.retry)?,
                    encode(&d.bindings)?,
                    encode(&d.event.data)?,
                ))
            })
            .collect::<AppResult<_>>()?;
        let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO deliveries (id, state, source, destination_id, destination_name, rule_id, rule_name, \
             action_index, event_id, event_type, contact_id, contact_name, auth_id, auth_kind, auth_name, replay_of, \
             method, url, headers, body, timeout_secs, retry_policy, payload_expression, bindings, event_data, \
             next_attempt_at, created_at, updated_at, hold_reason) ",
        );
        query.push_values(
            chunk.iter().zip(&encoded),
            |mut row, (d, (headers, retry, bindings, data))| {
                row.push_bind(d.id.as_str())
                    .push_bind("scheduled")
                    .push_bind(d.source.as_str())
                    .push_bind(d.destination_id.as_str())
                    .push_bind(d.destination_name.as_str())
                    .push_bind(d.rule.as_ref().map(|r| r.id.as_str()))
                    .push_bind(d.rule.as_ref().map(|r| r.name.as_str()))
                    .push_bind(d.rule.as_ref().map(|r| i64::from(r.action_index)))
                    .push_bind(d.event.id.as_str())
                    .push_bind(d.event.event_type.as_str())
                    .push_bind(d.contact_id.as_deref())
                    .push_bind(d.contact_name.as_deref())
                    .push_bind(d.auth_id.as_deref())
                    .push_bind(d.auth_kind.as_deref())
                    .push_bind(d.auth_name.as_deref())
                    .push_bind(d.replay_of.as_ref().map(|r| r.as_str()))
                    .push_bind(d.method.as_str())
                    .push_bind(d.url.as_str())
                    .push_bind(headers.as_str())
                    .push_bind(d.body.as_deref())
                    .push_bind(i64::from(d.timeout_secs))
                    .push_bind(retry.as_str())
                    .push_bind(d.payload_expression.as_str())
                    .push_bind(bindings.as_str())
                    .push_bind(data.as_str());
                if d.source.is_held_by_pause() && paused.contains(d.destination_id.as_str()) {
                    row.push_bind(None::<i64>)
                        .push_bind(now)
                        .push_bind(now)
                        .push_bind(Some(held));
                } else {
                    row.push_bind(Some(now))
                        .push_bind(now)
                        .push_bind(now)
                        .push_bind(None::<&str>);
                }
            },
        );
        query.build().execute(&mut *conn).await?;
    }
    Ok(paused)
}

/// A delivery taken by the engine for one attempt.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub row: DeliveryRow,
    /// The row's id, typed (read once at the claim).
    pub delivery_id: DeliveryId,
    pub attempt_id: AttemptId,
    pub started_at: i64,
    /// Manual attempts are not counted by the retry policy.
    pub trigger: AttemptTrigger,
}

/// How one attempt ended, ready to be written.
#[derive(Debug, Clone)]
pub struct Completion {
    pub delivery_id: DeliveryId,
    pub attempt_id: AttemptId,
    pub completed_at: i64,
    pub duration_ms: i64,
    pub category: StatusCategory,
    pub cause: Option<Cause>,
    pub http_status: Option<u16>,
    pub request_url: String,
    pub request_headers: String,
    pub response_headers: String,
    pub response_body: Option<Vec<u8>>,
    pub response_body_size: Option<i64>,
    pub error: Option<String>,
    pub hint: Option<String>,
    pub next_state: DeliveryState,
    pub next_attempt_at: Option<i64>,
    /// Set when the delivery is held after this attempt (then `next_attempt_at` is `None`).
    pub hold_reason: Option<HoldReason>,
    /// The attempt does not count against the retry policy (it could not be made at all:
    /// this computer was offline), so `scheduled_attempts` is given back.
    pub uncounted: bool,
}

/// At start: every attempt left in flight by a process that died is recorded as an Internal
/// Error, and its delivery is rescheduled by its retry policy. Returns how many.
pub async fn recover_interrupted(pool: &SqlitePool) -> AppResult<usize> {
    let now = now_ms();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let rows: Vec<DeliveryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE state = 'in_flight'"
    )))
    .fetch_all(&mut *tx)
    .await?;
    let message = "interrupted: the app stopped during this attempt";
    let hint_text = hint(
        Cause::Interrupted,
        &HintContext {
            status: None,
            location: None,
            retry_after_secs: None,
            timeout_secs: 0,
            host: None,
        },
    );
    for row in &rows {
        let policy = row.retry_policy()?;
        let (state, next) = match decide(
            &policy,
            StatusCategory::InternalError,
            None,
            None,
            row.scheduled_attempts.max(0) as usize,
        ) {
            RetryDecision::RetryIn(ms) => (DeliveryState::Scheduled, Some(now + ms as i64)),
            RetryDecision::Stop(state) => (state, None),
        };
        sqlx::query(
            "UPDATE attempts SET completed_at = ?, duration_ms = ? - started_at, category = 'internal_error', \
             cause = 'interrupted', error = ?, hint = ?, next_attempt_at = ? \
             WHERE delivery_id = ? AND completed_at IS NULL",
        )
        .bind(now)
        .bind(now)
        .bind(message)
        .bind(&hint_text)
        .bind(next)
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE deliveries SET state = ?1, last_category = 'internal_error', \
             last_http_status = NULL, last_duration_ms = NULL, updated_at = ?3, revision = revision + 1, \
             next_attempt_at = CASE WHEN ?1 = 'scheduled' AND {DESTINATION_PAUSED} THEN NULL ELSE ?2 END, \
             hold_reason = CASE WHEN ?1 = 'scheduled' AND {DESTINATION_PAUSED} THEN 'destination_paused' END \
             WHERE id = ?4"
        )))
        .bind(state.as_str())
        .bind(next)
        .bind(now)
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}

/// Destinations with scheduled work, and when the soonest of each is due.
pub async fn due_by_destination(pool: &SqlitePool) -> AppResult<Vec<(String, i64)>> {
    let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT destination_id, MIN(next_attempt_at) FROM deliveries WHERE state = 'scheduled' \
         AND next_attempt_at IS NOT NULL GROUP BY destination_id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(d, at)| (d, at.unwrap_or(0)))
        .collect())
}

pub async fn load_row(pool: &SqlitePool, id: &DeliveryId) -> AppResult<DeliveryRow> {
    let mut conn = pool.acquire().await?;
    read_row(&mut conn, id).await
}

/// One delivery read on the caller's connection (inside its transaction, if any).
pub async fn read_row(conn: &mut SqliteConnection, id: &DeliveryId) -> AppResult<DeliveryRow> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE id = ?"
    )))
    .bind(id.as_str())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| {
        AppError::not_found(format!(
            "Delivery {id} does not exist (it may have been pruned)"
        ))
    })
}

/// "Retry now": the next attempt of the frozen request is due at once, marked manual. A held
/// delivery is released by it: the person asked for this attempt.
/// Returns the row as this change left it (the dispatcher may claim it a moment later).
pub async fn request_retry_now(pool: &SqlitePool, id: &DeliveryId) -> AppResult<DeliverySummary> {
    let now = now_ms();
    let changed: Option<DeliveryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE deliveries SET state = 'scheduled', next_attempt_at = ?, manual_pending = 1, hold_reason = NULL, \
         updated_at = ?, revision = revision + 1 WHERE id = ? AND state != 'in_flight' RETURNING {DELIVERY_COLUMNS}"
    )))
    .bind(now)
    .bind(now)
    .bind(id.as_str())
    .fetch_optional(pool)
    .await?;
    match changed {
        Some(row) => row.summary(),
        None => {
            load_row(pool, id).await?; // not found says so
            Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "Delivery {id} has an attempt running now; wait for it to finish, then retry"
                ),
            ))
        }
    }
}

/// Cancels the scheduled retries of a delivery; returns the row as this change left it.
pub async fn cancel(pool: &SqlitePool, id: &DeliveryId) -> AppResult<DeliverySummary> {
    let now = now_ms();
    let changed: Option<DeliveryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE deliveries SET state = 'cancelled', next_attempt_at = NULL, manual_pending = 0, hold_reason = NULL, \
         updated_at = ?, revision = revision + 1 WHERE id = ? AND state = 'scheduled' RETURNING {DELIVERY_COLUMNS}"
    )))
    .bind(now)
    .bind(id.as_str())
    .fetch_optional(pool)
    .await?;
    if let Some(row) = changed {
        return row.summary();
    }
    let row = load_row(pool, id).await?;
    let state = DeliveryState::parse(&row.state).unwrap_or(DeliveryState::Failed);
    let why = match state {
        DeliveryState::InFlight => "an attempt is running now; cancel once it has finished",
        _ => "it has no scheduled retry",
    };
    Err(AppError::new(
        ErrorCode::Conflict,
        format!("Delivery {id} cannot be cancelled: {why}"),
    ))
}

/// Deliveries not yet in a final state (scheduled or in flight).
pub async fn open_count(pool: &SqlitePool) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM deliveries WHERE state IN ('scheduled', 'in_flight')",
    )
    .fetch_one(pool)
    .await?)
}

/// Attempts started and not finished (after a crash: those recovery will mark interrupted).
pub async fn attempts_in_flight(pool: &SqlitePool) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM attempts WHERE completed_at IS NULL")
            .fetch_one(pool)
            .await?,
    )
}
