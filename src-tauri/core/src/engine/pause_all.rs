//! Pausing all sending (the tray's "Pause all sending"): the engine claims nothing, so no
//! attempt is made or counted, and the pause is kept in the settings so it outlives a restart
//! and binds `apidest work` too. New deliveries are still queued and wait. Resuming makes what
//! fell due meanwhile due again spread out, so a backlog does not leave in one burst.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use sqlx::SqlitePool;

use super::dispatcher::{Engine, Shared, Wake};
use super::hold::SENDING_PAUSED_SETTING;
use crate::delivery_store::changes;
use crate::delivery_store::model::DeliverySummary;
use crate::delivery_store::row::DeliveryRow;
use crate::error::AppResult;
use crate::store::settings;
use crate::time::now_ms;

/// Deliveries that fell due while paused are due this far apart after resuming.
const RELEASE_SPACING_MS: i64 = 20;

impl Shared {
    pub(super) fn is_paused_all(&self) -> bool {
        self.paused_all.load(Ordering::Acquire)
    }

    /// Counts what waits while all sending is paused, for the window's banner and the tray.
    pub(super) async fn count_paused_waiting(&self) {
        match waiting(&self.pool).await {
            Ok(n) => self.update_sending_status(|s| {
                s.paused = true;
                s.paused_waiting = n;
            }),
            Err(err) => tracing::warn!(
                "delivery engine: counting waiting deliveries failed: {}",
                err.message
            ),
        }
    }
}

impl Engine {
    /// Pauses all sending: attempts in flight finish, nothing new is claimed until
    /// [`Engine::resume_all`].
    pub async fn pause_all(&self) -> AppResult<()> {
        settings::set(self.pool(), SENDING_PAUSED_SETTING, "true").await?;
        self.shared.paused_all.store(true, Ordering::Release);
        self.shared.count_paused_waiting().await;
        Ok(())
    }

    /// Resumes all sending: what fell due meanwhile goes out oldest first, spread out.
    pub async fn resume_all(&self) -> AppResult<Vec<DeliverySummary>> {
        settings::set(self.pool(), SENDING_PAUSED_SETTING, "false").await?;
        let released = changes::spread_due(
            self.pool(),
            self.shared.events.as_ref(),
            now_ms(),
            RELEASE_SPACING_MS,
        )
        .await?;
        self.shared.paused_all.store(false, Ordering::Release);
        self.shared.update_sending_status(|s| {
            s.paused = false;
            s.paused_waiting = 0;
        });
        resume_claims(&self.shared, &released);
        Ok(released
            .iter()
            .filter_map(|row| row.summary().ok())
            .collect())
    }

    /// Whether all sending is paused now.
    pub fn is_paused_all(&self) -> bool {
        self.shared.is_paused_all()
    }
}

fn resume_claims(shared: &Arc<Shared>, released: &[DeliveryRow]) {
    for row in released {
        if let Some(at) = row.next_attempt_at {
            let _ = shared.wake.send(Wake::Due(row.destination_id.clone(), at));
        }
    }
    let _ = shared.wake.send(Wake::Resume);
}

/// Deliveries scheduled and not held for another reason.
async fn waiting(pool: &SqlitePool) -> AppResult<u64> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM deliveries WHERE state = 'scheduled' AND hold_reason IS NULL",
    )
    .fetch_one(pool)
    .await?;
    Ok(n.max(0) as u64)
}
