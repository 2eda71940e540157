//! The engine: a dispatcher that claims due deliveries per destination (within the global
//! pool, each destination's concurrency limit and rate limit), workers that run attempts on
//! tokio, and one writer that persists finished attempts in batches. It sleeps until the next
//! delivery is due or something wakes it; it never busy-polls.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;
use tokio::sync::{broadcast, mpsc, watch};

use super::attempt::run_attempt;
use super::breaker::{counts_against_vendor, Breakers};
use super::connectivity::ConnectivityWatch;
use super::credentials::CredentialCache;
use super::hold::PauseReason;
use super::http::HttpClients;
use super::lock::EngineLock;
use super::queue::{self, now_ms, Claimed, Completion};
use super::queue_conn::QueueConnection;
use crate::delivery_store::listener::DeliveryListener;
use crate::delivery_store::model::{DeliveryState, HoldReason, SendingStatus, StatusCategory};
use crate::error::AppResult;
use crate::ids::{AttemptId, DeliveryId, DestinationId};
use crate::secrets::SecretStore;

/// How many attempts run at once, in all and per destination.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub global_concurrency: usize,
    /// For destinations that set no concurrency limit of their own.
    pub default_destination_concurrency: usize,
    /// Most finished attempts written in one transaction.
    pub write_batch: usize,
    /// How long the writer waits for more finished attempts before it writes a batch that is
    /// not full. Attempts saved together share the pages each commit writes (about a fifth
    /// fewer bytes written per delivery, docs/BENCHMARKS.md); the cost is this much latency
    /// before an answer is on record.
    pub write_gather: Duration,
    /// Most attempts claimed and not yet saved (at least `global_concurrency`). A request's
    /// slot is free as soon as its answer is in; this bounds the answers (up to 64 KiB each)
    /// waiting for the writer.
    pub write_backlog: usize,
    /// How often the queue is looked at for work another process (the CLI) added.
    pub external_check: Duration,
    /// How long shutdown waits for attempts in flight before leaving them to recovery.
    pub shutdown_grace: Duration,
    /// Held while the engine runs, so one process at a time sends from a data folder.
    pub lock_file: Option<PathBuf>,
    /// Who holds it, written into the lock file for `apidest doctor`: `app`, `apidest work`…
    pub lock_program: &'static str,
    /// What the OS says of the network (NetworkManager), if anything (connectivity.rs).
    pub connectivity: Option<ConnectivityWatch>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            global_concurrency: 64,
            default_destination_concurrency: 8,
            write_batch: 256,
            write_gather: Duration::from_millis(3),
            write_backlog: 256,
            external_check: Duration::from_secs(3),
            shutdown_grace: Duration::from_secs(5),
            lock_file: None,
            lock_program: "apidest-core",
            connectivity: None,
        }
    }
}

/// An attempt that finished and was written.
#[derive(Debug, Clone)]
pub struct AttemptDone {
    pub delivery_id: DeliveryId,
    pub attempt_id: AttemptId,
    pub category: StatusCategory,
    pub next_state: DeliveryState,
}

pub(super) enum Wake {
    /// New or rescheduled work for a destination, due at this time.
    Due(DestinationId, i64),
    /// Claiming may start again (the network is back, results can be saved again): claim what
    /// fell due meanwhile.
    Resume,
    /// An attempt of this destination got its answer (or gave up): its slot is free again.
    Answered(DestinationId),
    /// This many finished attempts were saved: room in the write backlog again.
    Saved(usize),
}

pub(super) struct Shared {
    pub pool: SqlitePool,
    /// The engine's own connection for claims and completions: they run in turn on its
    /// thread, so they never wait on each other's SQLite lock (SQLite's busy handler sleeps
    /// whole milliseconds).
    queue_conn: QueueConnection,
    pub events: Arc<dyn DeliveryListener>,
    pub credentials: CredentialCache,
    clients: HttpClients,
    config: EngineConfig,
    pub(super) wake: mpsc::UnboundedSender<Wake>,
    done: broadcast::Sender<AttemptDone>,
    breakers: Breakers,
    /// An attempt found no working network: nothing is claimed until a probe gets through.
    pub(super) offline: std::sync::atomic::AtomicBool,
    /// The OS says the network is back: the offline probe runs now, not after its backoff.
    pub(super) probe_now: tokio::sync::Notify,
    /// The user paused all sending: nothing is claimed until they resume.
    pub(super) paused_all: std::sync::atomic::AtomicBool,
    /// What the window's banner was last told.
    pub(super) sending: std::sync::Mutex<SendingStatus>,
}

/// A running engine; cheap to clone.
#[derive(Clone)]
pub struct Engine {
    pub(super) shared: Arc<Shared>,
    stop: Arc<watch::Sender<bool>>,
    tasks: Arc<tokio::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
    _lock: Option<Arc<EngineLock>>,
}

impl Engine {
    /// Takes the lock, recovers attempts a previous process left in flight, and starts.
    pub async fn start(
        pool: SqlitePool,
        secrets: Arc<dyn SecretStore>,
        events: impl DeliveryListener,
        config: EngineConfig,
    ) -> AppResult<Self> {
        let lock = match &config.lock_file {
            Some(path) => Some(Arc::new(EngineLock::acquire(path, config.lock_program)?)),
            None => None,
        };
        queue::recover_interrupted(&pool).await?;
        // Not fatal: sending does not depend on it, and it runs again at the next start.
        if let Err(err) = super::old_rows::mask_old_rows_once(&pool).await {
            tracing::warn!(
                "delivery engine: masking typed-in secrets in old rows failed: {}",
                err.message
            );
        }
        let paused_all = super::hold::saved_pause(&pool).await?;
        let events: Arc<dyn DeliveryListener> = Arc::new(events);
        let queue_conn =
            QueueConnection::open(pool.connect_options().get_filename(), events.clone())?;
        let (wake_tx, wake_rx) = mpsc::unbounded_channel();
        let (done, _) = broadcast::channel(4096);
        let (write_tx, write_rx) = mpsc::unbounded_channel();
        let (stop, stop_rx) = watch::channel(false);
        let shared = Arc::new(Shared {
            pool,
            queue_conn,
            events,
            credentials: CredentialCache::new(secrets),
            clients: HttpClients::default(),
            config,
            wake: wake_tx,
            done,
            breakers: Breakers::default(),
            offline: std::sync::atomic::AtomicBool::new(false),
            probe_now: tokio::sync::Notify::new(),
            paused_all: std::sync::atomic::AtomicBool::new(paused_all),
            sending: std::sync::Mutex::new(SendingStatus::default()),
        });
        if paused_all {
            shared.count_paused_waiting().await;
        }
        let dispatcher = tokio::spawn(dispatch(shared.clone(), wake_rx, write_tx, stop_rx.clone()));
        let writer = tokio::spawn(write(shared.clone(), write_rx, stop_rx.clone()));
        // Not joined at shutdown: it only reads the clocks and ends when the stop is sent.
        tokio::spawn(shared.clone().watch_for_wake(stop_rx.clone()));
        if let Some(os) = shared.config.connectivity.clone() {
            tokio::spawn(shared.clone().follow_connectivity(os, stop_rx.clone()));
        }
        Ok(Self {
            shared,
            stop: Arc::new(stop),
            tasks: Arc::new(tokio::sync::Mutex::new(vec![dispatcher, writer])),
            _lock: lock,
        })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.shared.pool
    }

    /// Tells the dispatcher a destination has work due at `at` (ms).
    pub fn notify_due(&self, destination_id: &DestinationId, at: i64) {
        let _ = self.shared.wake.send(Wake::Due(destination_id.clone(), at));
    }

    /// Whether the engine can send now (the window's offline and storage banners).
    pub fn sending_status(&self) -> SendingStatus {
        self.shared
            .sending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Every attempt written from now on.
    pub fn subscribe_attempts(&self) -> broadcast::Receiver<AttemptDone> {
        self.shared.done.subscribe()
    }

    /// Forgets cached credentials of a config that changed or was deleted.
    pub fn invalidate_auth(&self, id: &crate::ids::AuthId) {
        self.shared.credentials.invalidate(id);
    }

    /// Stops claiming work, lets attempts in flight finish (up to the grace period; any left
    /// are recovered as interrupted at the next start) and writes them.
    pub async fn shutdown(&self) {
        let _ = self.stop.send(true);
        let mut tasks = self.tasks.lock().await;
        for task in tasks.drain(..) {
            let _ = task.await;
        }
    }
}

async fn dispatch(
    shared: Arc<Shared>,
    mut wake: mpsc::UnboundedReceiver<Wake>,
    write_tx: mpsc::UnboundedSender<(Claimed, Completion)>,
    mut stop: watch::Receiver<bool>,
) {
    let config = shared.config.clone();
    let mut due: HashMap<DestinationId, i64> = HashMap::new();
    let mut in_flight: HashMap<DestinationId, usize> = HashMap::new();
    let mut total_in_flight = 0usize;
    // Claimed and not yet saved: in flight plus answered and waiting for the writer. The
    // backlog never holds back the concurrency asked for (`apidest work --concurrency`).
    let mut unsaved = 0usize;
    let backlog = config.write_backlog.max(config.global_concurrency);
    let mut limits = Limits::default();
    let mut rates: HashMap<DestinationId, RateBucket> = HashMap::new();
    let mut last_external_check = 0i64;
    let workers = Workers::default();

    loop {
        let now = now_ms();
        if now - last_external_check >= config.external_check.as_millis() as i64 {
            last_external_check = now;
            match queue::due_by_destination(&shared.pool).await {
                Ok(rows) => {
                    for (dest, at) in rows {
                        let entry = due.entry(dest).or_insert(at);
                        *entry = (*entry).min(at);
                    }
                }
                Err(err) => {
                    tracing::warn!("delivery engine: reading the queue failed: {}", err.message)
                }
            }
            limits.refresh(&shared.pool).await;
            if shared.is_paused_all() {
                shared.count_paused_waiting().await;
            }
        }

        let mut next_wake = last_external_check + config.external_check.as_millis() as i64;
        let destinations: Vec<(DestinationId, i64)> =
            due.iter().map(|(d, at)| (d.clone(), *at)).collect();
        for (dest, at) in destinations {
            if shared.is_offline() || shared.has_storage_problem() || shared.is_paused_all() {
                // woken again once the network is back, results can be saved, or sending resumes
                break;
            }
            if at > now {
                next_wake = next_wake.min(at);
                continue;
            }
            let limit = limits.concurrency(&dest, config.default_destination_concurrency);
            let busy = in_flight.get(&dest).copied().unwrap_or(0);
            let mut free = limit
                .saturating_sub(busy)
                .min(config.global_concurrency.saturating_sub(total_in_flight))
                .min(backlog.saturating_sub(unsaved));
            if let Some(rate) = limits.rate(&dest) {
                let bucket = rates
                    .entry(dest.clone())
                    .or_insert_with(|| RateBucket::new(rate, now));
                let allowed = bucket.available(rate, now);
                if allowed == 0 {
                    next_wake = next_wake.min(bucket.next_token_at(rate));
                    continue;
                }
                free = free.min(allowed);
            }
            // Claim in batches: waiting until a quarter of the destination's slots are free
            // costs a few milliseconds and saves a transaction per finished attempt.
            let batch_floor = (limit / 4).max(1);
            if free == 0 || (free < batch_floor && busy > 0) {
                continue; // woken again when one of its attempts is answered or saved
            }
            let claimed = match shared.queue_conn.claim_due(&dest, now, free).await {
                Ok(claimed) => claimed,
                Err(err) => {
                    tracing::warn!("delivery engine: claiming work failed: {}", err.message);
                    next_wake = next_wake.min(now + 1000);
                    continue;
                }
            };
            if let Some(rate) = limits.rate(&dest) {
                if let Some(bucket) = rates.get_mut(&dest) {
                    bucket.take(claimed.len(), rate, now);
                }
            }
            let got = claimed.len();
            *in_flight.entry(dest.clone()).or_insert(0) += got;
            total_in_flight += got;
            unsaved += got;
            for item in claimed {
                let shared = shared.clone();
                let write_tx = write_tx.clone();
                workers.spawn(async move {
                    let completion =
                        run_attempt(&shared.pool, &shared.clients, &shared.credentials, &item)
                            .await;
                    // The next request may start while this one waits to be saved; the
                    // backlog limit keeps answers waiting for the writer from piling up.
                    let _ = shared
                        .wake
                        .send(Wake::Answered(item.row.destination_id.clone()));
                    let _ = write_tx.send((item, completion));
                });
            }
            if got < free {
                match shared.queue_conn.next_due(&dest).await {
                    Ok(Some(next)) => {
                        due.insert(dest, next);
                        next_wake = next_wake.min(next);
                    }
                    Ok(None) => {
                        due.remove(&dest);
                    }
                    Err(_) => {}
                }
            }
        }

        if *stop.borrow() {
            break;
        }
        let sleep_for = Duration::from_millis((next_wake - now_ms()).clamp(0, 60_000) as u64);
        let message = tokio::select! {
            message = wake.recv() => message,
            _ = tokio::time::sleep(sleep_for) => None,
            _ = stop.changed() => None,
        };
        let mut handle = |message: Wake| match message {
            Wake::Due(dest, at) => {
                let entry = due.entry(dest).or_insert(at);
                *entry = (*entry).min(at);
            }
            Wake::Answered(dest) => {
                if let Some(n) = in_flight.get_mut(&dest) {
                    *n = n.saturating_sub(1);
                }
                total_in_flight = total_in_flight.saturating_sub(1);
                // It may have more due work that was held back by its limit.
                due.entry(dest).or_insert(0);
            }
            // Destinations held back by a full backlog kept their place in `due`.
            Wake::Saved(count) => unsaved = unsaved.saturating_sub(count),
            // What fell due meanwhile is still in `due`: the next pass claims it.
            Wake::Resume => {}
        };
        if let Some(message) = message {
            handle(message);
        }
        while let Ok(message) = wake.try_recv() {
            handle(message);
        }
    }

    // Shutdown: wait for attempts in flight, up to the grace period.
    let _ = tokio::time::timeout(config.shutdown_grace, workers.wait()).await;
    workers.abort_all();
    drop(write_tx);
}

/// Response bytes written in one batch at most (each attempt keeps up to 64 KiB).
const MAX_BATCH_BODY_BYTES: usize = 1024 * 1024;

/// Tries to save a batch while the engine is stopping, before leaving it to the next start's
/// recovery (the rows stay in flight and are recorded as interrupted then).
const TRIES_WHEN_STOPPING: u32 = 20;

async fn write(
    shared: Arc<Shared>,
    mut rx: mpsc::UnboundedReceiver<(Claimed, Completion)>,
    stop: watch::Receiver<bool>,
) {
    let max = shared.config.write_batch.max(1);
    let mut batch: Vec<(Claimed, Completion)> = Vec::with_capacity(max);
    while let Some(first) = rx.recv().await {
        let mut body_bytes = first.1.response_body.as_ref().map_or(0, Vec::len);
        batch.push(first);
        let gathered_until = tokio::time::Instant::now() + shared.config.write_gather;
        // Bounded by count and by kept response bytes, so memory stays flat with big answers.
        while batch.len() < max && body_bytes < MAX_BATCH_BODY_BYTES {
            let item = match rx.try_recv() {
                Ok(item) => item,
                Err(_) => match tokio::time::timeout_at(gathered_until, rx.recv()).await {
                    Ok(Some(item)) => item,
                    // Time is up, or the engine is stopping: write what is here.
                    Ok(None) | Err(_) => break,
                },
            };
            body_bytes += item.1.response_body.as_ref().map_or(0, Vec::len);
            batch.push(item);
        }
        // Shared with the database thread, and kept here for a retry and the events after.
        let saving: Arc<[(Claimed, Completion)]> = std::mem::take(&mut batch).into();
        // Answered attempts are never dropped nor reported as saved before they are: while
        // they cannot be written the dispatcher claims nothing new, the window says why, and
        // the writer keeps trying; once a write goes through, sending goes on.
        let mut tries = 0u32;
        let stored = loop {
            match shared.queue_conn.complete_batch(saving.clone()).await {
                Ok(stored) => break Some(stored),
                Err(err) => {
                    tries += 1;
                    if tries == 1 {
                        tracing::warn!(
                            "delivery engine: saving {} answered attempts failed, trying again: {}",
                            saving.len(),
                            err.message
                        );
                    }
                    let problem = format!(
                        "Answered attempts cannot be saved to the database: {}",
                        err.message
                    );
                    shared.set_storage_problem(Some(problem));
                    if *stop.borrow() && tries >= TRIES_WHEN_STOPPING {
                        tracing::error!(
                            "delivery engine: stopping with {} attempts unsaved; the next start \
                             records them as interrupted",
                            saving.len()
                        );
                        break None;
                    }
                    let backoff = 250u64.saturating_mul(1 << tries.min(3));
                    tokio::time::sleep(Duration::from_millis(backoff)).await;
                }
            }
        };
        let Some(stored) = stored else {
            continue;
        };
        if tries > 0 {
            shared.set_storage_problem(None);
        }
        let _ = shared.wake.send(Wake::Saved(saving.len()));
        for ((claimed, completion), row) in saving.iter().zip(stored) {
            match completion.hold_reason {
                Some(HoldReason::Offline) => shared.went_offline(),
                Some(HoldReason::KeyringLocked) => shared.keyring_went_locked(),
                _ => {}
            }
            if let (Some(at), DeliveryState::Scheduled, None) =
                (row.next_attempt_at, completion.next_state, &row.hold_reason)
            {
                let _ = shared.wake.send(Wake::Due(row.destination_id.clone(), at));
            }
            trip_breaker_if_due(&shared, &row, completion);
            let _ = shared.done.send(AttemptDone {
                delivery_id: claimed.row.id.clone(),
                attempt_id: claimed.attempt_id.clone(),
                category: completion.category,
                next_state: completion.next_state,
            });
        }
    }
}

/// Counts the attempt in its destination's run of failures, and pauses the destination when
/// its circuit breaker opens (with the attempt's own retry held by that pause).
fn trip_breaker_if_due(
    shared: &Arc<Shared>,
    row: &crate::delivery_store::row::DeliveryRow,
    done: &Completion,
) {
    if matches!(
        done.hold_reason,
        Some(HoldReason::Offline | HoldReason::KeyringLocked)
    ) {
        return; // not the vendor's failure, nor a sign it is back
    }
    if !counts_against_vendor(done.category) {
        shared.breakers.reset(row.destination_id.as_str());
        return;
    }
    let policy = row.retry_policy().unwrap_or_default().circuit_breaker;
    if !shared.breakers.record(
        row.destination_id.as_str(),
        done.category,
        done.completed_at,
        policy,
    ) {
        return;
    }
    let destination = row.destination_id.clone();
    let shared = shared.clone();
    tokio::spawn(async move {
        if let Err(err) = shared
            .pause(&destination, PauseReason::CircuitBreaker)
            .await
        {
            tracing::warn!(
                "delivery engine: pausing {destination} after a run of failures failed: {}",
                err.message
            );
        }
    });
}

/// id, concurrency limit, rate limit.
type LimitRow = (DestinationId, Option<i64>, Option<i64>);

/// Each destination's concurrency and rate limit, read now and then from its settings.
#[derive(Default)]
struct Limits {
    by_destination: HashMap<DestinationId, (Option<usize>, Option<u32>)>,
}

impl Limits {
    async fn refresh(&mut self, pool: &SqlitePool) {
        let rows: Result<Vec<LimitRow>, _> =
            sqlx::query_as("SELECT id, concurrency_limit, rate_limit_per_sec FROM destinations")
                .fetch_all(pool)
                .await;
        if let Ok(rows) = rows {
            self.by_destination = rows
                .into_iter()
                .map(|(id, c, r)| {
                    (
                        id,
                        (
                            c.filter(|c| *c > 0).map(|c| c as usize),
                            r.filter(|r| *r > 0).map(|r| r as u32),
                        ),
                    )
                })
                .collect();
        }
    }

    fn concurrency(&self, dest: &DestinationId, default: usize) -> usize {
        self.by_destination
            .get(dest)
            .and_then(|(c, _)| *c)
            .unwrap_or(default)
            .max(1)
    }

    fn rate(&self, dest: &DestinationId) -> Option<u32> {
        self.by_destination.get(dest).and_then(|(_, r)| *r)
    }
}

/// A token bucket holding at most one second of requests.
struct RateBucket {
    tokens: f64,
    updated: i64,
}

impl RateBucket {
    fn new(rate: u32, now: i64) -> Self {
        Self {
            tokens: f64::from(rate),
            updated: now,
        }
    }

    fn refill(&mut self, rate: u32, now: i64) {
        let elapsed = (now - self.updated).max(0) as f64 / 1000.0;
        self.tokens = (self.tokens + elapsed * f64::from(rate)).min(f64::from(rate));
        self.updated = now;
    }

    fn available(&mut self, rate: u32, now: i64) -> usize {
        self.refill(rate, now);
        self.tokens.floor() as usize
    }

    fn take(&mut self, n: usize, rate: u32, now: i64) {
        self.refill(rate, now);
        self.tokens -= n as f64;
    }

    fn next_token_at(&self, rate: u32) -> i64 {
        let missing = (1.0 - self.tokens).max(0.0);
        self.updated + (missing * 1000.0 / f64::from(rate)).ceil() as i64
    }
}

/// Worker tasks, so shutdown can wait for them.
#[derive(Default, Clone)]
struct Workers {
    set: Arc<std::sync::Mutex<tokio::task::JoinSet<()>>>,
}

impl Workers {
    fn spawn(&self, task: impl std::future::Future<Output = ()> + Send + 'static) {
        let mut set = self.set.lock().unwrap_or_else(|p| p.into_inner());
        // Reap finished tasks so the set does not grow with every attempt ever made.
        while set.try_join_next().is_some() {}
        set.spawn(task);
    }

    async fn wait(&self) {
        loop {
            let next = {
                let mut set = self.set.lock().unwrap_or_else(|p| p.into_inner());
                while set.try_join_next().is_some() {}
                set.is_empty()
            };
            if next {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn abort_all(&self) {
        self.set
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .abort_all();
    }
}
