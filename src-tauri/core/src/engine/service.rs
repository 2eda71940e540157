//! What people and rules ask of the engine: send (and wait for the first attempt), retry now,
//! replay, cancel, and read a delivery with its attempts.

use std::time::Duration;

use sqlx::SqlitePool;

use super::dispatcher::Engine;
use super::freeze::{freeze, DeliveryRequest, EventInfo, NewDelivery};
use super::queue::{self, insert_delivery, now_ms};
use crate::delivery_store::model::{
    DeliveryDetail, DeliverySource, DeliveryState, DeliverySummary, ReplayLink, StatusCategory,
    REPLAYS_LISTED,
};
use crate::delivery_store::row::{AttemptRow, ATTEMPT_COLUMNS};
use crate::error::{AppError, AppResult};
use crate::ids::DeliveryId;
use crate::render::ExpressionCache;

/// Writes a delivery to the queue (before any network I/O) and returns it as written (never
/// in a state the dispatcher gave it since).
pub async fn enqueue(pool: &SqlitePool, delivery: &NewDelivery) -> AppResult<DeliverySummary> {
    let now = now_ms();
    // Immediate: a pause cannot come between reading the paused destinations and the insert.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let held = insert_delivery(&mut tx, delivery, now).await?;
    tx.commit().await?;
    Ok(delivery.queued_summary(now, held))
}

impl Engine {
    /// Renders, queues and hands the delivery to the dispatcher.
    pub async fn send(
        &self,
        cache: &ExpressionCache,
        request: DeliveryRequest,
    ) -> AppResult<DeliverySummary> {
        let delivery = freeze(self.pool(), cache, request).await?;
        self.enqueue(&delivery).await
    }

    /// Writes the delivery and tells the window and the dispatcher: the one way into the queue
    /// (event intake writes its deliveries with their event, then announces them the same way).
    pub async fn enqueue(&self, delivery: &NewDelivery) -> AppResult<DeliverySummary> {
        let summary = enqueue(self.pool(), delivery).await?;
        self.announce_queued(delivery, summary.created_at, summary.hold_reason.is_some());
        Ok(summary)
    }

    /// Tells the window and the dispatcher about a delivery written at `now` (by `enqueue`, or
    /// by another transaction: a rule's, with its event); `held` when it was written held.
    pub fn announce_queued(&self, delivery: &NewDelivery, now: i64, held: bool) {
        if self.shared.events.is_listened_to() {
            self.shared
                .events
                .delivery_changed(delivery.queued_summary(now, held));
        }
        if !held {
            self.notify_due(&delivery.destination_id, now);
        }
    }

    /// "Send test": sends and waits for the first attempt to be written, then returns the
    /// delivery with it.
    pub async fn send_and_wait(
        &self,
        cache: &ExpressionCache,
        request: DeliveryRequest,
    ) -> AppResult<DeliveryDetail> {
        if self.is_paused_all() {
            // Nothing is claimed while paused: say so rather than wait for an attempt.
            return Err(AppError::validation(
                "All sending is paused: resume sending (the banner, Settings or the tray icon) \
                 to send a test",
            ));
        }
        let mut done = self.subscribe_attempts();
        let delivery = freeze(self.pool(), cache, request).await?;
        let wait = Duration::from_secs(u64::from(delivery.timeout_secs) + 30);
        let summary = self.enqueue(&delivery).await?;
        let waited = tokio::time::timeout(wait, async {
            loop {
                match done.recv().await {
                    Ok(d) if d.delivery_id == summary.id => return Ok(()),
                    Ok(_) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                        // Missed some: the attempt may already be written.
                        if let Ok(detail) = get_delivery(self.pool(), &summary.id).await {
                            if detail.attempts.iter().any(|a| a.completed_at.is_some()) {
                                return Ok(());
                            }
                        }
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => {
                        return Err(AppError::internal("the delivery engine stopped"))
                    }
                }
            }
        })
        .await;
        match waited {
            Ok(result) => result?,
            Err(_) => {
                return Err(AppError::internal(format!(
                    "Delivery {} was queued but its first attempt did not finish within {} s; \
                     see API Deliveries",
                    summary.id,
                    wait.as_secs()
                )))
            }
        }
        get_delivery(self.pool(), &summary.id).await
    }

    /// A new attempt of the same frozen request, now.
    pub async fn retry_now(&self, id: &DeliveryId) -> AppResult<DeliverySummary> {
        let summary =
            queue::request_retry_now(self.pool(), self.shared.events.as_ref(), id).await?;
        self.notify_due(&summary.destination_id, now_ms());
        Ok(summary)
    }

    /// Cancels the scheduled retries.
    pub async fn cancel(&self, id: &DeliveryId) -> AppResult<DeliverySummary> {
        let summary = queue::cancel(self.pool(), self.shared.events.as_ref(), id).await?;
        Ok(summary)
    }

    /// A new delivery of the same event, rendered again with today's destination, contact and
    /// credentials.
    pub async fn replay(
        &self,
        cache: &ExpressionCache,
        id: &DeliveryId,
    ) -> AppResult<DeliverySummary> {
        let request = replay_request(self.pool(), id).await?;
        let delivery = freeze(self.pool(), cache, request).await?;
        self.enqueue(&delivery).await
    }
}

/// The request a replay of `id` renders: same destination, contact, event and expressions.
pub async fn replay_request(pool: &SqlitePool, id: &DeliveryId) -> AppResult<DeliveryRequest> {
    let row = queue::load_row(pool, id).await?;
    let contact_id = row
        .contact_id
        .as_deref()
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| {
            AppError::validation(format!("Delivery {id} has no contact to render for"))
        })?;
    let destination_id = row.destination_id.clone();
    let data = serde_json::from_str(&row.event_data).unwrap_or(serde_json::Value::Null);
    Ok(DeliveryRequest {
        destination_id,
        contact_id,
        event: EventInfo {
            id: row.event_id.clone(),
            event_type: row.event_type.clone(),
            occurred_at: crate::time::now_rfc3339(),
            data,
        },
        payload_expression: row.payload_expression.clone(),
        bindings: row.bindings()?,
        source: DeliverySource::Replay,
        rule: None,
        replay_of: Some(id.clone()),
    })
}

/// One delivery with all its attempts, oldest first.
pub async fn get_delivery(pool: &SqlitePool, id: &DeliveryId) -> AppResult<DeliveryDetail> {
    // One read transaction: the row and its attempts come from the same snapshot, so a
    // finished attempt is never shown beside the delivery still in flight (the engine writes
    // both in one commit).
    let mut tx = pool.begin().await?;
    let row = queue::read_row(&mut tx, id).await?;
    let attempts: Vec<AttemptRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE delivery_id = ? ORDER BY number"
    )))
    .bind(id.as_str())
    .fetch_all(&mut *tx)
    .await?;
    let auth_exists = match &row.auth_id {
        Some(auth_id) => {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM auth_configs WHERE id = ?")
                .bind(auth_id)
                .fetch_one(&mut *tx)
                .await?
                > 0
        }
        None => false,
    };
    let replays = replays_of(&mut tx, id).await?;
    tx.commit().await?;
    let attempts = attempts
        .into_iter()
        .map(AttemptRow::view)
        .collect::<AppResult<Vec<_>>>()?;
    row.detail(attempts, auth_exists, replays)
}

/// The replays made of a delivery, newest first.
async fn replays_of(
    conn: &mut sqlx::SqliteConnection,
    id: &DeliveryId,
) -> AppResult<Vec<ReplayLink>> {
    let rows: Vec<(String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT id, created_at, state, last_category FROM deliveries \
         WHERE replay_of = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
    )
    .bind(id.as_str())
    .bind(REPLAYS_LISTED as i64)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(replay, created_at, state, category)| {
            Ok(ReplayLink {
                id: replay.parse()?,
                created_at,
                state: DeliveryState::parse(&state).ok_or_else(|| {
                    AppError::internal(format!("delivery {replay}: stored state is unreadable"))
                })?,
                last_category: category.as_deref().and_then(StatusCategory::parse),
            })
        })
        .collect()
}

/// What "Send test" sends: a destination's request for one sample contact.
#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
pub struct SendTestRequest {
    pub destination_id: crate::ids::DestinationId,
    pub contact_id: crate::ids::ContactId,
    pub payload: String,
    #[serde(default)]
    pub bindings: std::collections::BTreeMap<String, String>,
    pub event_type: String,
    #[serde(default)]
    #[ts(type = "unknown")]
    pub event_data: Option<serde_json::Value>,
}

impl SendTestRequest {
    pub fn into_request(self) -> DeliveryRequest {
        DeliveryRequest {
            destination_id: self.destination_id,
            contact_id: self.contact_id,
            event: EventInfo::test(&self.event_type, self.event_data),
            payload_expression: self.payload,
            bindings: self.bindings,
            source: DeliverySource::Test,
            rule: None,
            replay_of: None,
        }
    }
}
