//! What holds a scheduled delivery back, as the writes need it: who paused a destination, and
//! which destinations are paused now. The queue, the engine's connection, pausing and the
//! offline release all read it; it depends on none of them.

use std::collections::HashSet;

use sqlx::{SqliteConnection, SqlitePool};

use super::model::HoldReason;
use super::row::{DeliveryRow, DELIVERY_COLUMNS};
use crate::error::AppResult;

/// Who paused a destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseReason {
    User,
    CircuitBreaker,
}

impl PauseReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::CircuitBreaker => "circuit_breaker",
        }
    }
}

/// The SQL condition "this row's destination is paused", for statements on `deliveries`. An
/// uncorrelated `IN` runs once per statement.
pub(crate) const DESTINATION_PAUSED: &str =
    "deliveries.destination_id IN (SELECT id FROM destinations WHERE paused_at IS NOT NULL)";

/// Destinations paused now, read on the writing transaction's connection so a pause cannot
/// come between the read and the write.
pub(crate) async fn paused_destinations(conn: &mut SqliteConnection) -> AppResult<HashSet<String>> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM destinations WHERE paused_at IS NOT NULL")
            .fetch_all(&mut *conn)
            .await?;
    Ok(ids.into_iter().collect())
}

/// Releases every delivery held for `reason` (the network, the keyring), oldest first and
/// `spacing_ms` apart from `now`, so a backlog does not leave in one burst; one whose
/// destination was paused meanwhile stays held for that.
pub(crate) async fn release_held(
    pool: &SqlitePool,
    reason: HoldReason,
    now: i64,
    spacing_ms: i64,
) -> AppResult<Vec<DeliveryRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE deliveries SET \
         hold_reason = CASE WHEN {DESTINATION_PAUSED} THEN 'destination_paused' END, \
         next_attempt_at = CASE WHEN {DESTINATION_PAUSED} THEN NULL ELSE ?1 + ?2 * (o.n - 1) END, \
         updated_at = ?1, revision = revision + 1 \
         FROM (SELECT id AS held_id, row_number() OVER (ORDER BY created_at, id) AS n \
               FROM deliveries WHERE state = 'scheduled' AND hold_reason = ?3) AS o \
         WHERE deliveries.id = o.held_id \
         RETURNING {DELIVERY_COLUMNS}"
    )))
    .bind(now)
    .bind(spacing_ms)
    .bind(reason.as_str())
    .fetch_all(pool)
    .await?)
}

/// How many deliveries are held for `reason`.
pub(crate) async fn count_held(pool: &SqlitePool, reason: HoldReason) -> AppResult<u64> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM deliveries WHERE state = 'scheduled' AND hold_reason = ?",
    )
    .bind(reason.as_str())
    .fetch_one(pool)
    .await?;
    Ok(n.max(0) as u64)
}

/// The setting that keeps "all sending paused" across restarts (and for `apidest work`).
pub(crate) const SENDING_PAUSED_SETTING: &str = "sending_paused";

/// Whether all sending is paused, as saved.
pub(crate) async fn saved_pause(pool: &SqlitePool) -> AppResult<bool> {
    Ok(crate::store::settings::get(pool, SENDING_PAUSED_SETTING)
        .await?
        .as_deref()
        == Some("true"))
}
