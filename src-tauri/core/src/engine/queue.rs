//! The engine's side of the durable queue: what a claim and a finished attempt carry, crash
//! recovery's retry decision, and the queue's reads. Deliveries are written before any network
//! I/O and recovered after a crash (at-least-once); the writes are the delivery store's.

use sqlx::SqlitePool;

use super::classify::{hint, Cause, HintContext};
use super::retry::{decide, RetryDecision};
use crate::delivery_store::attempts::AttemptRecord;
use crate::delivery_store::changes;
pub use crate::delivery_store::changes::read_row;
pub use crate::delivery_store::insert::{insert_deliveries, insert_delivery};
use crate::delivery_store::listener::DeliveryListener;
use crate::delivery_store::model::{
    AttemptTrigger, DeliveryState, DeliverySummary, HoldReason, StatusCategory,
};
use crate::delivery_store::row::DeliveryRow;
use crate::delivery_store::transition::AttemptEnd;
use crate::error::AppResult;
use crate::ids::{AttemptId, DeliveryId, DestinationId};

pub use crate::time::now_ms;

/// A delivery taken by the engine for one attempt.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub row: DeliveryRow,
    pub attempt_id: AttemptId,
    pub started_at: i64,
    /// Manual attempts are not counted by the retry policy.
    pub trigger: AttemptTrigger,
}

/// How one attempt ended, ready to be written.
#[derive(Debug, Clone)]
pub struct Completion {
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

impl Completion {
    /// How the attempt ended, as the delivery keeps it.
    pub fn end(&self) -> AttemptEnd {
        AttemptEnd {
            category: self.category,
            http_status: self.http_status,
            duration_ms: Some(self.duration_ms),
            finished_at: self.completed_at,
            next_state: self.next_state,
            next_attempt_at: self.next_attempt_at,
            hold: self.hold_reason,
            uncounted: self.uncounted,
        }
    }

    /// The attempt's record, as stored.
    pub fn record(&self) -> AttemptRecord<'_> {
        AttemptRecord {
            attempt_id: &self.attempt_id,
            completed_at: self.completed_at,
            duration_ms: self.duration_ms,
            category: self.category.as_str(),
            cause: self.cause.map(Cause::as_str),
            http_status: self.http_status.map(i64::from),
            request_url: &self.request_url,
            request_headers: &self.request_headers,
            response_headers: &self.response_headers,
            response_body: self.response_body.as_deref(),
            response_body_size: self.response_body_size,
            error: self.error.as_deref(),
            hint: self.hint.as_deref(),
            next_attempt_at: self.next_attempt_at,
        }
    }
}

/// At start: every attempt left in flight by a process that died is recorded as an Internal
/// Error, and its delivery is rescheduled by its retry policy. Returns how many.
pub async fn recover_interrupted(pool: &SqlitePool) -> AppResult<usize> {
    let now = now_ms();
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
    changes::finish_interrupted(
        pool,
        now,
        "interrupted: the app stopped during this attempt",
        &hint_text,
        |row| {
            let policy = row.retry_policy()?;
            Ok(
                match decide(
                    &policy,
                    StatusCategory::InternalError,
                    None,
                    None,
                    row.scheduled_attempts.max(0) as usize,
                ) {
                    RetryDecision::RetryIn(ms) => (DeliveryState::Scheduled, Some(now + ms as i64)),
                    RetryDecision::Stop(state) => (state, None),
                },
            )
        },
    )
    .await
}

/// Destinations with scheduled work, and when the soonest of each is due.
pub async fn due_by_destination(pool: &SqlitePool) -> AppResult<Vec<(DestinationId, i64)>> {
    let rows: Vec<(DestinationId, Option<i64>)> = sqlx::query_as(
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

/// "Retry now": the next attempt of the frozen request is due at once, marked manual. A held
/// delivery is released by it: the person asked for this attempt.
/// Returns the row as this change left it (the dispatcher may claim it a moment later).
pub async fn request_retry_now(
    pool: &SqlitePool,
    listener: &dyn DeliveryListener,
    id: &DeliveryId,
) -> AppResult<DeliverySummary> {
    changes::retry_now(pool, listener, id, now_ms())
        .await?
        .summary()
}

/// Cancels the scheduled retries of a delivery; returns the row as this change left it.
pub async fn cancel(
    pool: &SqlitePool,
    listener: &dyn DeliveryListener,
    id: &DeliveryId,
) -> AppResult<DeliverySummary> {
    changes::cancel(pool, listener, id, now_ms())
        .await?
        .summary()
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
