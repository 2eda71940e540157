//! Retention: how long deliveries are kept (a setting, 30 days by default) and the pruning that
//! runs in the background. Pruning deletes in small batches with pauses between them, so the
//! engine's writes and the UI's reads never wait long behind it.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use ts_rs::TS;

use crate::delivery_store;
use crate::engine::now_ms;
use crate::engine::DeliveryListener;
use crate::error::{AppError, AppResult};
use crate::store::settings;

const SETTING: &str = "deliveries.retention_days";
pub const DEFAULT_RETENTION_DAYS: u32 = 30;
pub const MAX_RETENTION_DAYS: u32 = 3650;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// Rows per delete: a few milliseconds of writing each.
const BATCH: i64 = 2000;
const PAUSE: Duration = Duration::from_millis(50);
/// How often the pruner looks again.
pub const PRUNE_EVERY: Duration = Duration::from_secs(60 * 60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RetentionSetting {
    pub days: u32,
}

pub async fn get_retention(pool: &SqlitePool) -> AppResult<RetentionSetting> {
    let days = settings::get(pool, SETTING)
        .await?
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|d| (1..=MAX_RETENTION_DAYS).contains(d))
        .unwrap_or(DEFAULT_RETENTION_DAYS);
    Ok(RetentionSetting { days })
}

pub async fn set_retention(
    pool: &SqlitePool,
    setting: RetentionSetting,
) -> AppResult<RetentionSetting> {
    if !(1..=MAX_RETENTION_DAYS).contains(&setting.days) {
        return Err(AppError::validation(format!(
            "Keep deliveries for: 1 to {MAX_RETENTION_DAYS} days"
        )));
    }
    settings::set(pool, SETTING, &setting.days.to_string()).await?;
    Ok(setting)
}

/// Events per delete: each statement also reads which events deliveries still name.
const EVENT_BATCH: i64 = 10_000;

/// Deletes finished deliveries (and their attempts) created before `cutoff`; deliveries still
/// scheduled or in flight are kept whatever their age. Then the events received before
/// `cutoff` that no delivery names any more (the event detail and Replay need an event
/// while a delivery of it exists). Returns how many deliveries went.
pub async fn prune_before(pool: &SqlitePool, cutoff: i64) -> AppResult<u64> {
    let deliveries = prune_deliveries_before(pool, cutoff).await?;
    prune_events_before(pool, cutoff).await?;
    Ok(deliveries)
}

async fn prune_events_before(pool: &SqlitePool, cutoff: i64) -> AppResult<u64> {
    let mut total = 0;
    loop {
        // `NOT IN` an uncorrelated subquery: SQLite reads the deliveries' event ids once per
        // statement (no index on event_id is needed, so the engine's inserts pay nothing).
        let deleted = sqlx::query(
            "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE created_at < ? \
             AND id NOT IN (SELECT event_id FROM deliveries) ORDER BY created_at LIMIT ?)",
        )
        .bind(cutoff)
        .bind(EVENT_BATCH)
        .execute(pool)
        .await?
        .rows_affected();
        total += deleted;
        if deleted < EVENT_BATCH as u64 {
            return Ok(total);
        }
        tokio::time::sleep(PAUSE).await;
    }
}

async fn prune_deliveries_before(pool: &SqlitePool, cutoff: i64) -> AppResult<u64> {
    let mut total = 0;
    loop {
        let deleted = delivery_store::prune::delete_finished_before(pool, cutoff, BATCH).await?;
        total += deleted;
        if deleted < BATCH as u64 {
            return Ok(total);
        }
        tokio::time::sleep(PAUSE).await;
    }
}

/// One pass with the current setting.
pub async fn prune_now(pool: &SqlitePool) -> AppResult<u64> {
    let days = get_retention(pool).await?.days;
    prune_before(pool, now_ms() - i64::from(days) * DAY_MS).await
}

/// One pass that tells the screens when it deleted something, so a list on screen does not
/// keep showing deliveries that are gone.
pub async fn prune_and_tell(pool: &SqlitePool, events: &dyn DeliveryListener) {
    match prune_now(pool).await {
        Ok(0) => {}
        Ok(count) => events.deliveries_pruned(count),
        // Nothing to show it in: the next pass tries again.
        Err(e) => tracing::warn!("pruning deliveries failed: {}", e.message),
    }
}

/// Prunes at once and then every [`PRUNE_EVERY`], for as long as the future is polled (spawn it
/// on the runtime of whoever hosts the engine).
pub async fn prune_forever(pool: SqlitePool, events: impl DeliveryListener) {
    loop {
        prune_and_tell(&pool, &events).await;
        tokio::time::sleep(PRUNE_EVERY).await;
    }
}
