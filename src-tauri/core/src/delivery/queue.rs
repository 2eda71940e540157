//! The durable queue: deliveries written before any network I/O, claimed in batches by the
//! engine, completed in batches, and recovered after a crash (at-least-once).

use sqlx::{Connection, SqliteConnection, SqlitePool};

use super::classify::{hint, Cause, HintContext};
use super::freeze::NewDelivery;
use super::model::{AttemptTrigger, DeliveryState, DeliverySummary, StatusCategory};
use super::retry::{decide, RetryDecision};
use super::row::{DeliveryRow, DELIVERY_COLUMNS};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::ids::{AttemptId, DeliveryId};
use crate::store::json::encode;

/// Unix time in milliseconds, the unit of every delivery timestamp.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Writes a frozen delivery, due at once. Runs on the caller's connection so a rule's
/// deliveries and their event are one transaction.
pub async fn insert_delivery(
    conn: &mut SqliteConnection,
    delivery: &NewDelivery,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO deliveries (id, state, source, destination_id, destination_name, rule_id, rule_name, \
         action_index, event_id, event_type, contact_id, contact_name, auth_id, auth_kind, auth_name, replay_of, \
         method, url, headers, body, timeout_secs, retry_policy, payload_expression, bindings, event_data, \
         next_attempt_at, created_at, updated_at) \
         VALUES (?, 'scheduled', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    .bind(now)
    .bind(now)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Rows per multi-row statement: 27 values each stays well under SQLite's 32,766 parameters.
const ROWS_PER_INSERT: usize = 500;

/// Writes many frozen deliveries with few statements (rules make several per event, and the
/// ingest endpoint writes many events per transaction). Plain bound values: no JSON to parse.
pub async fn insert_deliveries(
    conn: &mut SqliteConnection,
    deliveries: &[&NewDelivery],
    now: i64,
) -> AppResult<()> {
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
             next_attempt_at, created_at, updated_at) ",
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
                    .push_bind(data.as_str())
                    .push_bind(now)
                    .push_bind(now)
                    .push_bind(now);
            },
        );
        query.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// A delivery taken by the engine for one attempt.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub row: DeliveryRow,
    pub attempt_id: AttemptId,
    pub started_at: i64,
}

/// Takes up to `limit` due deliveries of one destination: marks them in flight and records
/// their attempts as started, in one transaction, before any request goes out.
pub async fn claim_due(
    conn: &mut SqliteConnection,
    destination_id: &str,
    now: i64,
    limit: usize,
) -> AppResult<Vec<Claimed>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    let rows: Vec<DeliveryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} FROM deliveries \
         WHERE state = 'scheduled' AND destination_id = ? AND next_attempt_at <= ? \
         ORDER BY next_attempt_at LIMIT ?"
    )))
    .bind(destination_id)
    .bind(now)
    .bind(limit as i64)
    .fetch_all(&mut *tx)
    .await?;
    if rows.is_empty() {
        tx.commit().await?;
        return Ok(Vec::new());
    }
    let mut claimed = Vec::with_capacity(rows.len());
    let mut ids = Vec::with_capacity(rows.len());
    let mut attempts = Vec::with_capacity(rows.len());
    for mut row in rows {
        let trigger = if row.manual_pending != 0 {
            AttemptTrigger::Manual
        } else {
            AttemptTrigger::Scheduled
        };
        row.attempt_count += 1;
        if trigger == AttemptTrigger::Scheduled {
            row.scheduled_attempts += 1;
        }
        row.manual_pending = 0;
        row.state = DeliveryState::InFlight.as_str().to_owned();
        row.next_attempt_at = None;
        row.updated_at = now;
        let attempt_id = AttemptId::generate();
        ids.push(row.id.clone());
        attempts.push((
            attempt_id.clone(),
            row.id.clone(),
            row.attempt_count,
            trigger,
        ));
        claimed.push(Claimed {
            row,
            attempt_id,
            started_at: now,
        });
    }
    sqlx::query(
        "UPDATE deliveries SET state = 'in_flight', attempt_count = attempt_count + 1, \
         scheduled_attempts = scheduled_attempts + (1 - manual_pending), manual_pending = 0, \
         next_attempt_at = NULL, updated_at = ? \
         WHERE id IN (SELECT value FROM json_each(?)) AND state = 'scheduled'",
    )
    .bind(now)
    .bind(encode(&ids)?)
    .execute(&mut *tx)
    .await?;
    for chunk in statement_sized_chunks(&attempts) {
        let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO attempts (id, delivery_id, number, trigger, started_at) ",
        );
        insert.push_values(chunk, |mut row, (id, delivery, number, trigger)| {
            row.push_bind(id.as_str())
                .push_bind(delivery.as_str())
                .push_bind(*number)
                .push_bind(trigger.as_str())
                .push_bind(now);
        });
        insert.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(claimed)
}

/// Row counts of the engine's multi-row statements. A batch is cut into these sizes (largest
/// first), so each statement has a handful of shapes that stay prepared in the connection's
/// statement cache instead of one new SQL text, parsed again, per batch size.
const STATEMENT_ROWS: [usize; 4] = [64, 16, 4, 1];

fn statement_sized_chunks<T>(mut items: &[T]) -> impl Iterator<Item = &[T]> {
    std::iter::from_fn(move || {
        let size = STATEMENT_ROWS
            .into_iter()
            .find(|&size| size <= items.len())?;
        let (chunk, rest) = items.split_at(size);
        items = rest;
        Some(chunk)
    })
}

/// How one attempt ended, ready to be written.
#[derive(Debug, Clone)]
pub struct Completion {
    pub delivery_id: String,
    pub attempt_id: String,
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
}

/// Writes a batch of finished attempts and their deliveries' new states in one transaction,
/// two statements per chunk of up to 64 (each statement is a round trip to SQLite's thread):
/// `UPDATE … FROM (VALUES …)` with plain bound values.
pub async fn complete_batch(conn: &mut SqliteConnection, batch: &[Completion]) -> AppResult<()> {
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    for chunk in statement_sized_chunks(batch) {
        let mut attempts = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "UPDATE attempts SET completed_at = j.column2, duration_ms = j.column3, category = j.column4, \
             cause = j.column5, http_status = j.column6, request_url = j.column7, request_headers = j.column8, \
             response_headers = j.column9, response_body = j.column10, response_body_size = j.column11, \
             error = j.column12, hint = j.column13, next_attempt_at = j.column14 FROM (",
        );
        attempts.push_values(chunk, |mut row, c| {
            row.push_bind(c.attempt_id.as_str())
                .push_bind(c.completed_at)
                .push_bind(c.duration_ms)
                .push_bind(c.category.as_str())
                .push_bind(c.cause.map(Cause::as_str))
                .push_bind(c.http_status.map(i64::from))
                .push_bind(c.request_url.as_str())
                .push_bind(c.request_headers.as_str())
                .push_bind(c.response_headers.as_str())
                .push_bind(c.response_body.as_deref())
                .push_bind(c.response_body_size)
                .push_bind(c.error.as_deref())
                .push_bind(c.hint.as_deref())
                .push_bind(c.next_attempt_at);
        });
        attempts.push(") AS j WHERE attempts.id = j.column1");
        attempts.build().execute(&mut *tx).await?;

        let mut deliveries = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "UPDATE deliveries SET state = j.column2, next_attempt_at = j.column3, last_category = j.column4, \
             last_http_status = j.column5, last_duration_ms = j.column6, updated_at = j.column7 FROM (",
        );
        deliveries.push_values(chunk, |mut row, c| {
            row.push_bind(c.delivery_id.as_str())
                .push_bind(c.next_state.as_str())
                .push_bind(c.next_attempt_at)
                .push_bind(c.category.as_str())
                .push_bind(c.http_status.map(i64::from))
                .push_bind(c.duration_ms)
                .push_bind(c.completed_at);
        });
        deliveries.push(") AS j WHERE deliveries.id = j.column1");
        deliveries.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
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
        sqlx::query(
            "UPDATE deliveries SET state = ?, next_attempt_at = ?, last_category = 'internal_error', \
             last_http_status = NULL, last_duration_ms = NULL, updated_at = ? WHERE id = ?",
        )
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
         GROUP BY destination_id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(d, at)| (d, at.unwrap_or(0)))
        .collect())
}

/// When the next delivery of this destination is due, if any is scheduled.
pub async fn next_due(conn: &mut SqliteConnection, destination_id: &str) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT next_attempt_at FROM deliveries WHERE state = 'scheduled' AND destination_id = ? \
         ORDER BY next_attempt_at LIMIT 1",
    )
    .bind(destination_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(at,)| at))
}

pub async fn load_row(pool: &SqlitePool, id: &DeliveryId) -> AppResult<DeliveryRow> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE id = ?"
    )))
    .bind(id.as_str())
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| {
        AppError::not_found(format!(
            "Delivery {id} does not exist (it may have been pruned)"
        ))
    })
}

/// "Retry now": the next attempt of the frozen request is due at once, marked manual.
pub async fn request_retry_now(pool: &SqlitePool, id: &DeliveryId) -> AppResult<DeliverySummary> {
    let now = now_ms();
    let result = sqlx::query(
        "UPDATE deliveries SET state = 'scheduled', next_attempt_at = ?, manual_pending = 1, updated_at = ? \
         WHERE id = ? AND state != 'in_flight'",
    )
    .bind(now)
    .bind(now)
    .bind(id.as_str())
    .execute(pool)
    .await?;
    let row = load_row(pool, id).await?;
    if result.rows_affected() == 0 {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("Delivery {id} has an attempt running now; wait for it to finish, then retry"),
        ));
    }
    row.summary()
}

/// Cancels the scheduled retries of a delivery.
pub async fn cancel(pool: &SqlitePool, id: &DeliveryId) -> AppResult<DeliverySummary> {
    let now = now_ms();
    let result = sqlx::query(
        "UPDATE deliveries SET state = 'cancelled', next_attempt_at = NULL, manual_pending = 0, updated_at = ? \
         WHERE id = ? AND state = 'scheduled'",
    )
    .bind(now)
    .bind(id.as_str())
    .execute(pool)
    .await?;
    let row = load_row(pool, id).await?;
    if result.rows_affected() == 0 {
        let state = DeliveryState::parse(&row.state).unwrap_or(DeliveryState::Failed);
        let why = match state {
            DeliveryState::InFlight => "an attempt is running now; cancel once it has finished",
            _ => "it has no scheduled retry",
        };
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("Delivery {id} cannot be cancelled: {why}"),
        ));
    }
    row.summary()
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

#[cfg(test)]
mod tests {
    use super::statement_sized_chunks;

    #[test]
    fn batches_are_cut_into_the_fixed_statement_sizes_without_losing_a_row() {
        let items: Vec<u32> = (0..87).collect();
        let sizes: Vec<usize> = statement_sized_chunks(&items).map(<[u32]>::len).collect();
        assert_eq!(sizes, vec![64, 16, 4, 1, 1, 1]);
        let rejoined: Vec<u32> = statement_sized_chunks(&items).flatten().copied().collect();
        assert_eq!(rejoined, items);
        assert_eq!(statement_sized_chunks::<u32>(&[]).count(), 0);
        let many: Vec<u32> = (0..130).collect();
        let sizes: Vec<usize> = statement_sized_chunks(&many).map(<[u32]>::len).collect();
        assert_eq!(sizes, vec![64, 64, 1, 1]);
    }
}
