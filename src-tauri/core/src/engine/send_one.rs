//! One delivery sent now, and only it: what `apidest send` does. It queues the delivery,
//! claims that one row (never other work, and without the engine lock, so it runs beside the
//! app or `apidest work`), makes the attempt and saves it through the engine's own write path.
//! A retry the attempt asks for is left to whichever engine runs next.

use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;

use super::attempt::run_attempt;
use super::credentials::CredentialCache;
use super::freeze::NewDelivery;
use super::http::HttpClients;
use super::queue_conn::QueueConnection;
use super::service::{enqueue, get_delivery};
use crate::delivery_store::listener::Unheard;
use crate::delivery_store::model::DeliveryDetail;
use crate::error::{AppError, AppResult};
use crate::secrets::SecretStore;
use crate::time::now_ms;

/// Queues `delivery` and sends it once; returns it with that attempt. When a running engine
/// takes it first, waits for that engine's first attempt instead.
pub async fn send_one(
    pool: &SqlitePool,
    secrets: Arc<dyn SecretStore>,
    delivery: &NewDelivery,
) -> AppResult<DeliveryDetail> {
    let queued = enqueue(pool, delivery).await?;
    let queue = QueueConnection::open(pool.connect_options().get_filename(), Arc::new(Unheard))?;
    match queue.claim_one(queued.id.as_str(), now_ms()).await? {
        Some(claimed) => {
            let credentials = CredentialCache::new(secrets);
            let completion =
                run_attempt(pool, &HttpClients::default(), &credentials, &claimed).await;
            queue
                .complete_batch(Arc::from(vec![(claimed, completion)]))
                .await?;
            get_delivery(pool, &queued.id).await
        }
        None => wait_for_first_attempt(pool, delivery).await,
    }
}

async fn wait_for_first_attempt(
    pool: &SqlitePool,
    delivery: &NewDelivery,
) -> AppResult<DeliveryDetail> {
    let deadline =
        std::time::Instant::now() + Duration::from_secs(u64::from(delivery.timeout_secs) + 30);
    loop {
        let detail = get_delivery(pool, &delivery.id).await?;
        if detail.attempts.iter().any(|a| a.completed_at.is_some()) {
            return Ok(detail);
        }
        if std::time::Instant::now() > deadline {
            return Err(AppError::internal(format!(
                "Delivery {} was queued, and another engine took it, but its first attempt did \
                 not finish in time; see `apidest deliveries show {}`",
                delivery.id, delivery.id
            )));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
