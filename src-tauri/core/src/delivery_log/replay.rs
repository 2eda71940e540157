//! Replay, looked at before it is sent: the request as it was frozen next to the one today's
//! destination, contact and team would give, so the user sees what changed.

use serde::Serialize;
use sqlx::SqlitePool;
use ts_rs::TS;

use crate::destinations::HeaderEntry;
use crate::engine::{freeze, get_delivery, replay_request};
use crate::error::AppResult;
use crate::ids::DeliveryId;
use crate::render::ExpressionCache;

/// A request as sent (credentials are applied at send time and are not part of it).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RequestSnapshot {
    pub method: String,
    pub url: String,
    pub headers: Vec<HeaderEntry>,
    pub body: Option<String>,
    pub destination_name: String,
    pub auth_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReplayPreview {
    pub original: RequestSnapshot,
    pub replay: RequestSnapshot,
    /// False when nothing differs: a replay would send the same request again.
    pub changed: bool,
}

/// Renders the replay without queueing it.
pub async fn replay_preview(
    pool: &SqlitePool,
    cache: &ExpressionCache,
    id: &DeliveryId,
) -> AppResult<ReplayPreview> {
    let detail = get_delivery(pool, id).await?;
    let fresh = freeze(pool, cache, replay_request(pool, id).await?).await?;
    let original = RequestSnapshot {
        method: detail.summary.method.clone(),
        url: detail.summary.url.clone(),
        headers: detail.headers.clone(),
        body: detail.body.clone(),
        destination_name: detail.summary.destination_name.clone(),
        auth_name: detail.auth.as_ref().and_then(|a| a.name.clone()),
    };
    let replay = RequestSnapshot {
        method: fresh.method.as_str().to_owned(),
        url: fresh.url,
        headers: fresh.headers,
        body: fresh.body,
        destination_name: fresh.destination_name,
        auth_name: fresh.auth_name,
    };
    let changed = original != replay;
    Ok(ReplayPreview {
        original,
        replay,
        changed,
    })
}
