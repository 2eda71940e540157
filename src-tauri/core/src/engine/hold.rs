//! What holds a scheduled delivery back: who paused a destination, how many deliveries a hold
//! keeps, and whether all sending is paused.

use sqlx::SqlitePool;

use crate::delivery_store::model::HoldReason;
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
