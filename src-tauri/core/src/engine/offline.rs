//! Offline: when an attempt finds that this computer has no working network, the engine stops
//! claiming work, holds what it could not send (reason `offline`, no retry used up) and probes
//! the network cheaply, with backoff. Once a probe gets through it releases the held
//! deliveries spread out and claims again, so a train ride or a café's login page never uses
//! up a delivery's retries.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;
use tokio::sync::watch;

use super::classify::means_no_network;
use super::connectivity::{Connectivity, ConnectivityWatch};
use super::dispatcher::{Shared, Wake};
use super::hold::count_held;
use crate::delivery_store::changes::{self, release_held};
use crate::delivery_store::model::HoldReason;
use crate::error::AppResult;
use crate::time::now_ms;

/// The first probe comes this long after going offline; each failed one doubles the wait.
const PROBE_FIRST: Duration = Duration::from_secs(1);
const PROBE_MAX: Duration = Duration::from_secs(30);
/// A probe is one TCP connection (after a DNS lookup) to a held delivery's host.
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);
/// Released deliveries are due this far apart, so a backlog does not leave in one burst.
const RELEASE_SPACING_MS: i64 = 20;

impl Shared {
    pub(super) fn is_offline(&self) -> bool {
        self.offline.load(Ordering::Acquire)
    }

    /// An attempt was held because the network is gone: stop claiming and start probing
    /// (once, however many attempts say so).
    pub(super) fn went_offline(self: &Arc<Self>) {
        if !self.offline.swap(true, Ordering::AcqRel) {
            tokio::spawn(probe_until_online(self.clone()));
        }
    }
}

impl Shared {
    /// Follows the OS's view of the network until the engine stops or the source ends.
    pub(super) async fn follow_connectivity(
        self: Arc<Self>,
        mut os: ConnectivityWatch,
        mut stop: watch::Receiver<bool>,
    ) {
        loop {
            let now = *os.borrow_and_update();
            match now {
                Connectivity::Offline => {
                    tracing::info!(
                        "delivery engine: the OS reports no network; holding what falls due"
                    );
                    self.went_offline();
                }
                Connectivity::Online if self.is_offline() => {
                    tracing::info!("delivery engine: the OS reports the network back; probing now");
                    self.probe_now.notify_one();
                }
                Connectivity::Online | Connectivity::Unknown => {}
            }
            tokio::select! {
                changed = os.changed() => if changed.is_err() { return },
                _ = stop.changed() => return,
            }
        }
    }
}

async fn probe_until_online(shared: Arc<Shared>) {
    let mut wait = PROBE_FIRST;
    hold_due_and_count(&shared).await;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            // The OS says the network is back: probe now, and quickly again if it is not yet.
            _ = shared.probe_now.notified() => wait = PROBE_FIRST,
        }
        hold_due_and_count(&shared).await;
        match probe_target(&shared.pool).await {
            // Nothing is held offline any more (cancelled, pruned): nothing to wait for.
            Ok(None) => break,
            Ok(Some((host, port))) if reachable(&host, port).await => break,
            Ok(Some(_)) => {}
            Err(err) => tracing::warn!(
                "delivery engine: reading held deliveries failed: {}",
                err.message
            ),
        }
        wait = (wait * 2).min(PROBE_MAX);
    }
    let released = match release_held(
        &shared.pool,
        shared.events.as_ref(),
        HoldReason::Offline,
        now_ms(),
        RELEASE_SPACING_MS,
    )
    .await
    {
        Ok(rows) => rows,
        Err(err) => {
            // Left held: the next attempt that finds the network gone starts probing again,
            // and the next start of the engine releases them (recovery reads them as due).
            tracing::warn!(
                "delivery engine: releasing held deliveries failed: {}",
                err.message
            );
            Vec::new()
        }
    };
    shared.offline.store(false, Ordering::Release);
    shared.update_sending_status(|s| {
        s.offline = false;
        s.waiting = 0;
    });
    for row in &released {
        if let Some(at) = row.next_attempt_at {
            let _ = shared.wake.send(Wake::Due(row.destination_id.clone(), at));
        }
    }
    // Work that fell due while offline was never claimed: look at every destination again.
    let _ = shared.wake.send(Wake::Resume);
}

/// Holds what fell due (it is not claimed while offline; the log says why it waits) and tells
/// the window how many deliveries wait.
async fn hold_due_and_count(shared: &Shared) {
    match changes::hold_due(
        &shared.pool,
        shared.events.as_ref(),
        HoldReason::Offline,
        now_ms(),
    )
    .await
    {
        Ok(_) => {}
        Err(err) => tracing::warn!(
            "delivery engine: holding due deliveries failed: {}",
            err.message
        ),
    }
    match count_held(&shared.pool, HoldReason::Offline).await {
        Ok(waiting) => shared.update_sending_status(|s| {
            s.offline = true;
            s.waiting = waiting;
        }),
        Err(err) => tracing::warn!(
            "delivery engine: counting held deliveries failed: {}",
            err.message
        ),
    }
}

/// Host and port of the oldest delivery held offline.
async fn probe_target(pool: &SqlitePool) -> AppResult<Option<(String, u16)>> {
    let url: Option<String> = sqlx::query_scalar(
        "SELECT url FROM deliveries WHERE state = 'scheduled' AND hold_reason = 'offline' \
         ORDER BY created_at LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    Ok(url.and_then(|u| {
        let parsed = url::Url::parse(&u).ok()?;
        Some((
            parsed.host_str()?.to_owned(),
            parsed.port_or_known_default()?,
        ))
    }))
}

/// Whether the network gets as far as `host`: a refused or slow connection means it does (the
/// attempt itself will say what is wrong with the target); only "unreachable" and "no DNS
/// server" mean it does not.
async fn reachable(host: &str, port: u16) -> bool {
    match tokio::time::timeout(PROBE_TIMEOUT, tokio::net::TcpStream::connect((host, port))).await {
        Ok(Ok(_)) | Err(_) => true,
        Ok(Err(err)) => !means_no_network(Some(err.kind()), &err.to_string()),
    }
}
