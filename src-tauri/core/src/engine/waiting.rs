//! What happens to a destination's waiting deliveries when it is disabled or deleted: the user
//! chooses to hold them (the destination is paused, so they wait to be resumed, retried or
//! cancelled one by one) or to cancel them all.

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use ts_rs::TS;

use super::dispatcher::Engine;
use super::hold::PauseReason;
use super::pause::pause_in_database;
use crate::delivery_store::changes;
use crate::delivery_store::listener::Unheard;
use crate::delivery_store::model::DeliverySummary;
use crate::delivery_store::row::DeliveryRow;
use crate::error::AppResult;
use crate::ids::DestinationId;
use crate::time::now_ms;

/// The user's answer to "this destination has deliveries waiting".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WaitingChoice {
    /// Keep them, held: the destination is paused.
    Hold,
    /// Cancel every one that has not gone out yet.
    Cancel,
}

/// How many deliveries of the destination wait to be sent (queued, retrying or held).
pub async fn waiting_count(pool: &SqlitePool, id: &DestinationId) -> AppResult<u64> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM deliveries WHERE destination_id = ? AND state = 'scheduled'",
    )
    .bind(id.as_str())
    .fetch_one(pool)
    .await?;
    Ok(n.max(0) as u64)
}

/// Holds or cancels the destination's waiting deliveries by the writes alone (for a process
/// without the engine, such as `apidest destinations disable`); returns them as they are now.
pub async fn settle_waiting_in_database(
    pool: &SqlitePool,
    id: &DestinationId,
    choice: WaitingChoice,
) -> AppResult<Vec<DeliverySummary>> {
    match choice {
        WaitingChoice::Hold => pause_in_database(pool, id, PauseReason::User).await,
        WaitingChoice::Cancel => changes::cancel_scheduled(pool, &Unheard, id, now_ms())
            .await?
            .iter()
            .map(DeliveryRow::summary)
            .collect(),
    }
}

impl Engine {
    /// Holds or cancels the destination's waiting deliveries; returns them as they are now.
    /// An attempt in flight finishes; a retry it asks for is held by the pause, or (when
    /// cancelling) is the one left to cancel from the log.
    pub async fn settle_waiting(
        &self,
        id: &DestinationId,
        choice: WaitingChoice,
    ) -> AppResult<Vec<DeliverySummary>> {
        match choice {
            WaitingChoice::Hold => self.pause_destination(id, PauseReason::User).await,
            WaitingChoice::Cancel => {
                let events = self.shared.events.as_ref();
                let cancelled =
                    changes::cancel_scheduled(self.pool(), events, id, now_ms()).await?;
                Ok(cancelled
                    .iter()
                    .filter_map(|row| row.summary().ok())
                    .collect())
            }
        }
    }
}
