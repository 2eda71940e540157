//! A locked or unreachable keyring: the deliveries whose credential could not be read are held
//! (reason `keyring_locked`, no retry used up), later reads fail at once instead of each
//! waiting for an unlock prompt, and the keyring is asked with backoff whether it answers again
//! (on Linux without a read, so no prompt opens). Once it does, the held deliveries are
//! released spread out.

use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;
use tokio::task::JoinHandle;

use super::credentials::KEYRING_READ_TIMEOUT;
use super::dispatcher::{Shared, Wake};
use super::hold::count_held;
use crate::auth::secret_key;
use crate::delivery_store::changes::release_held;
use crate::delivery_store::model::HoldReason;
use crate::error::AppResult;
use crate::ids::AuthId;
use crate::secrets::{SecretError, SecretKey};
use crate::time::now_ms;

/// The first probe comes this long after the keyring was found locked; each failed one
/// doubles the wait.
const PROBE_FIRST: Duration = Duration::from_secs(1);
/// Asking is one D-Bus call with no prompt, so it is asked often.
const PROBE_MAX: Duration = Duration::from_secs(8);
/// Released deliveries are due this far apart.
const RELEASE_SPACING_MS: i64 = 20;

type Read = JoinHandle<Result<bool, SecretError>>;

impl Shared {
    /// An attempt was held because the keyring did not answer: stop reading it and start
    /// probing (once, however many attempts say so).
    pub(super) fn keyring_went_locked(self: &Arc<Self>) {
        if !self.credentials.set_locked(true) {
            tokio::spawn(probe_until_answered(self.clone()));
        }
    }
}

async fn probe_until_answered(shared: Arc<Shared>) {
    let mut wait = PROBE_FIRST;
    // A read still waiting (on an unlock prompt) is waited for again rather than joined by a
    // second one: a prompt nobody answers must not pile up threads.
    let mut pending: Option<Read> = None;
    count_waiting(&shared).await;
    loop {
        tokio::time::sleep(wait).await;
        count_waiting(&shared).await;
        let mut read = match pending.take() {
            Some(read) => read,
            None => match probe_key(&shared.pool).await {
                // Nothing is held for the keyring any more (cancelled, config deleted).
                Ok(None) => break,
                Ok(Some(key)) => {
                    let store = shared.credentials.store();
                    tokio::task::spawn_blocking(move || store.answers(&key))
                }
                Err(err) => {
                    tracing::warn!(
                        "delivery engine: reading deliveries held for the keyring failed: {}",
                        err.message
                    );
                    wait = (wait * 2).min(PROBE_MAX);
                    continue;
                }
            },
        };
        match tokio::time::timeout(KEYRING_READ_TIMEOUT, &mut read).await {
            // The keyring is open again (a missing secret is the attempt's to report).
            Ok(Ok(Ok(true))) => break,
            Ok(Ok(Ok(false) | Err(_))) | Ok(Err(_)) => {}
            Err(_) => pending = Some(read),
        }
        wait = (wait * 2).min(PROBE_MAX);
    }
    shared.credentials.set_locked(false);
    let released = match release_held(
        &shared.pool,
        shared.events.as_ref(),
        HoldReason::KeyringLocked,
        now_ms(),
        RELEASE_SPACING_MS,
    )
    .await
    {
        Ok(rows) => rows,
        Err(err) => {
            // Left held: the next start of the engine reads them again.
            tracing::warn!(
                "delivery engine: releasing deliveries held for the keyring failed: {}",
                err.message
            );
            Vec::new()
        }
    };
    shared.update_sending_status(|s| {
        s.keyring_locked = false;
        s.keyring_waiting = 0;
    });
    for row in &released {
        if let Some(at) = row.next_attempt_at {
            let _ = shared.wake.send(Wake::Due(row.destination_id.clone(), at));
        }
    }
}

/// Tells the window and the tray how many deliveries wait for the keyring.
async fn count_waiting(shared: &Shared) {
    match count_held(&shared.pool, HoldReason::KeyringLocked).await {
        Ok(waiting) => shared.update_sending_status(|s| {
            s.keyring_locked = true;
            s.keyring_waiting = waiting;
        }),
        Err(err) => tracing::warn!(
            "delivery engine: counting deliveries held for the keyring failed: {}",
            err.message
        ),
    }
}

/// The keyring entry of the oldest delivery held for the keyring, if any is.
async fn probe_key(pool: &SqlitePool) -> AppResult<Option<SecretKey>> {
    let auth_id: Option<Option<String>> = sqlx::query_scalar(
        "SELECT auth_id FROM deliveries WHERE state = 'scheduled' AND hold_reason = 'keyring_locked' \
         ORDER BY created_at LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    let Some(Some(id)) = auth_id else {
        return Ok(None);
    };
    let Ok(id) = id.parse::<AuthId>() else {
        return Ok(None);
    };
    match crate::auth::load(pool, &id).await {
        Ok(config) => Ok(Some(secret_key(&id, config.settings.secret_fields()[0]))),
        // Deleted meanwhile: released, its attempt says so.
        Err(err) if err.code == crate::ErrorCode::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}
