//! Pausing and resuming a destination. A pause holds every scheduled delivery of it (no due
//! time, so no claim takes them, and no attempt is counted); rules' deliveries queued and
//! retries scheduled while it is paused are written held too. A test, a replay or a CLI send
//! is a person asking for one request now and goes out. Resuming releases the held ones
//! spread out, so a backlog does not leave in one burst.
//!
//! A process that runs no engine (`apidest destinations pause` beside the app) makes the same
//! writes through [`pause_in_database`] and [`resume_in_database`]: every write reads the pause
//! from the database, and a running engine picks up the change at its next queue check.

use sqlx::SqlitePool;

use super::dispatcher::{Engine, Shared};
use super::hold::PauseReason;
use crate::delivery_store::changes;
use crate::delivery_store::listener::publish;
use crate::delivery_store::model::{DeliverySummary, DestinationPaused};
use crate::delivery_store::row::DeliveryRow;
use crate::destinations::get_destination;
use crate::error::AppResult;
use crate::ids::DestinationId;
use crate::time::now_ms;

/// Released deliveries are due this far apart at least (20 a second), and further apart when
/// the destination's rate limit asks for it.
const RELEASE_SPACING_MS: i64 = 50;

/// Marks the destination paused and holds its scheduled deliveries; returns its name, and the
/// deliveries as held.
async fn hold(
    pool: &SqlitePool,
    id: &DestinationId,
    reason: PauseReason,
    now: i64,
) -> AppResult<(String, Vec<DeliveryRow>)> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let name: Option<String> = sqlx::query_scalar(
        "UPDATE destinations SET paused_at = coalesce(paused_at, ?), pause_reason = ? WHERE id = ? \
         RETURNING name",
    )
    .bind(now)
    .bind(reason.as_str())
    .bind(id.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let held = changes::hold_for_pause(&mut tx, id, now).await?;
    tx.commit().await?;
    Ok((name.unwrap_or_default(), held))
}

/// Clears the pause and releases the held deliveries oldest first, `spacing_ms` apart from
/// `now`; returns them as released.
async fn release(
    pool: &SqlitePool,
    id: &DestinationId,
    now: i64,
    spacing_ms: i64,
) -> AppResult<Vec<DeliveryRow>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query("UPDATE destinations SET paused_at = NULL, pause_reason = NULL WHERE id = ?")
        .bind(id.as_str())
        .execute(&mut *tx)
        .await?;
    let released = changes::release_after_pause(&mut tx, id, now, spacing_ms).await?;
    tx.commit().await?;
    Ok(released)
}

/// Pauses a destination by its writes alone (for a process without the engine): the
/// deliveries as held.
pub async fn pause_in_database(
    pool: &SqlitePool,
    id: &DestinationId,
    reason: PauseReason,
) -> AppResult<Vec<DeliverySummary>> {
    get_destination(pool, id).await?; // not found says so
    let (_, held) = hold(pool, id, reason, now_ms()).await?;
    held.iter().map(DeliveryRow::summary).collect()
}

/// Resumes a destination by its writes alone (for a process without the engine): the held
/// deliveries become due, spread out; returns them as released.
pub async fn resume_in_database(
    pool: &SqlitePool,
    id: &DestinationId,
) -> AppResult<Vec<DeliverySummary>> {
    let (released, _) = resume_rows(pool, id).await?;
    released.iter().map(DeliveryRow::summary).collect()
}

/// Releases the held deliveries at the destination's pace (its rate limit when it has one).
async fn resume_rows(pool: &SqlitePool, id: &DestinationId) -> AppResult<(Vec<DeliveryRow>, i64)> {
    let destination = get_destination(pool, id).await?;
    let spacing = match destination.input.rate_limit_per_sec {
        Some(rate) if rate > 0 => (1000 / i64::from(rate)).max(RELEASE_SPACING_MS),
        _ => RELEASE_SPACING_MS,
    };
    let now = now_ms();
    Ok((release(pool, id, now, spacing).await?, now))
}

impl Shared {
    /// Marks the destination paused, holds its deliveries and announces them (a completion
    /// from then on reads the pause in its own transaction and holds its retry).
    pub(super) async fn pause(
        &self,
        id: &DestinationId,
        reason: PauseReason,
    ) -> AppResult<Vec<DeliverySummary>> {
        let (name, held) = hold(&self.pool, id, reason, now_ms()).await?;
        self.events.destination_paused(DestinationPaused {
            destination_id: id.clone(),
            destination_name: name,
            reason: reason.as_str().to_owned(),
        });
        self.announce(held)
    }

    /// Tells the listener about rows changed on this module's own transaction, once committed.
    fn announce(&self, rows: Vec<DeliveryRow>) -> AppResult<Vec<DeliverySummary>> {
        publish(self.events.as_ref(), &rows);
        rows.iter().map(DeliveryRow::summary).collect()
    }
}

impl Engine {
    /// Pauses a destination: its scheduled deliveries are held until it is resumed.
    /// Attempts already in flight finish; a retry they ask for is held too.
    pub async fn pause_destination(
        &self,
        id: &DestinationId,
        reason: PauseReason,
    ) -> AppResult<Vec<DeliverySummary>> {
        get_destination(self.pool(), id).await?; // not found says so
        self.shared.pause(id, reason).await
    }

    /// Resumes a destination: its held deliveries become due, spread out (at the rate limit
    /// when it has one).
    pub async fn resume_destination(&self, id: &DestinationId) -> AppResult<Vec<DeliverySummary>> {
        let (released, now) = resume_rows(self.pool(), id).await?;
        let summaries = self.shared.announce(released)?;
        self.notify_due(id, now);
        Ok(summaries)
    }
}
