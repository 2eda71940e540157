//! The local ingest endpoint: `POST /v1/events` on 127.0.0.1 only, with a bearer token, so a
//! messaging platform (or a script) on this machine can send real events. Off by default.

use std::collections::HashSet;

use crate::ids::DestinationId;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use std::time::{Duration, Instant};

use super::model::{EventContact, EventReceipt, EventSource, IncomingEvent};
use super::receive::{
    load_snapshot, prepare_event, resolve_contact, store_events, PreparedEvent, Snapshot,
};
use crate::engine::now_ms;
use crate::engine::Engine;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::local_server::{same_secret, serve, ServerLimits};
use crate::render::ExpressionCache;
use crate::secrets::Secret;

/// Request bodies larger than this are refused with 413.
pub const MAX_EVENT_BYTES: usize = 1024 * 1024;

/// The body: `{type, occurred_at?, contact | contact_id, data?}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventBody {
    #[serde(rename = "type")]
    event_type: String,
    #[serde(default)]
    occurred_at: Option<String>,
    #[serde(default)]
    contact: Option<Value>,
    #[serde(default)]
    contact_id: Option<String>,
    #[serde(default)]
    data: Option<Value>,
}

struct Shared {
    pool: SqlitePool,
    cache: ExpressionCache,
    token: std::sync::RwLock<Secret>,
    snapshot: SnapshotCache,
    writer: mpsc::UnboundedSender<(PreparedEvent, oneshot::Sender<AppResult<()>>)>,
}

/// Rules, destinations and team, re-read at most every [`SNAPSHOT_TTL`]: a rule switched on
/// takes effect within that time, and busy senders do not re-read them for every event.
const SNAPSHOT_TTL: Duration = Duration::from_millis(500);

#[derive(Default)]
struct SnapshotCache {
    current: tokio::sync::Mutex<Option<(Instant, Arc<Snapshot>)>>,
}

impl SnapshotCache {
    async fn get(&self, pool: &SqlitePool) -> AppResult<Arc<Snapshot>> {
        let mut current = self.current.lock().await;
        if let Some((at, snapshot)) = current.as_ref() {
            if at.elapsed() < SNAPSHOT_TTL {
                return Ok(snapshot.clone());
            }
        }
        let snapshot = Arc::new(load_snapshot(pool).await?);
        *current = Some((Instant::now(), snapshot.clone()));
        Ok(snapshot)
    }
}

/// Writes events in groups: whatever arrived while the last transaction ran goes into the
/// next one, and each sender is answered once its event is committed.
/// When the ingest endpoint answers 202.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IngestDurability {
    /// Once the event and its deliveries are on disk (`synchronous = FULL` for its commit):
    /// an event answered 202 survives a power loss. What the app runs.
    OnDisk,
    /// Once they are committed to the WAL (`synchronous = NORMAL`): survives the app crashing,
    /// not the machine losing power. Only for the benchmark's comparison.
    Committed,
}

/// Writes one group of events and their deliveries, with the durability asked for.
async fn store_group(
    pool: &SqlitePool,
    events: &[PreparedEvent],
    now: i64,
    durability: IngestDurability,
) -> AppResult<HashSet<DestinationId>> {
    let mut conn = pool.acquire().await?;
    let on_disk = durability == IngestDurability::OnDisk;
    if on_disk {
        sqlx::query("PRAGMA synchronous = FULL")
            .execute(&mut *conn)
            .await?;
    }
    let written = async {
        let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
        let paused = store_events(&mut tx, events, now).await?;
        tx.commit().await?;
        AppResult::Ok(paused)
    }
    .await;
    if on_disk {
        // Back to the pool's setting; if this fails the connection only stays slower.
        let _ = sqlx::query("PRAGMA synchronous = NORMAL")
            .execute(&mut *conn)
            .await;
    }
    written
}

/// The engine told about new deliveries; `None` while another process sends (its own poll finds
/// them) until this app's engine takes over.
type EngineSlot = Arc<std::sync::RwLock<Option<Engine>>>;

async fn write_events(
    pool: SqlitePool,
    engine: EngineSlot,
    durability: IngestDurability,
    mut rx: mpsc::UnboundedReceiver<(PreparedEvent, oneshot::Sender<AppResult<()>>)>,
) {
    const MAX_GROUP: usize = 256;
    let mut group = Vec::with_capacity(MAX_GROUP);
    while let Some(first) = rx.recv().await {
        group.push(first);
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(next) => group.push(next),
                Err(_) => break,
            }
        }
        let now = now_ms();
        let (events, replies): (Vec<PreparedEvent>, Vec<_>) = group.drain(..).unzip();
        let written = store_group(&pool, &events, now, durability).await;
        let engine = engine.read().unwrap_or_else(|p| p.into_inner()).clone();
        if let (Ok(paused), Some(engine)) = (&written, &engine) {
            for event in &events {
                event.wake(engine, now, paused);
            }
        }
        let written = written.map(|_| ());
        for reply in replies {
            let _ = reply.send(written.clone());
        }
    }
}

/// A running endpoint; dropping it (or `stop`) closes the port.
pub struct IngestServer {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    engine: EngineSlot,
    stop: Option<oneshot::Sender<()>>,
}

impl IngestServer {
    /// Accepts only this token from now on.
    pub fn set_token(&self, token: Secret) {
        *self.shared.token.write().unwrap_or_else(|p| p.into_inner()) = token;
    }

    /// Tells this engine about every delivery made from now on (it has just taken over sending).
    pub fn set_engine(&self, engine: Engine) {
        *self.engine.write().unwrap_or_else(|p| p.into_inner()) = Some(engine);
    }

    pub fn url(&self) -> String {
        format!("http://{}/v1/events", self.addr)
    }

    pub fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for IngestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Binds 127.0.0.1:`port` (0 for any free port) and serves until stopped.
pub async fn start_ingest(
    pool: SqlitePool,
    engine: Option<Engine>,
    token: Secret,
    port: u16,
) -> AppResult<IngestServer> {
    start_ingest_with(pool, engine, token, port, IngestDurability::OnDisk).await
}

/// [`start_ingest`] with the durability of its answers chosen (the benchmark compares both).
pub async fn start_ingest_with(
    pool: SqlitePool,
    engine: Option<Engine>,
    token: Secret,
    port: u16,
    durability: IngestDurability,
) -> AppResult<IngestServer> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| {
            AppError::new(
                ErrorCode::Conflict,
                format!("The ingest endpoint cannot listen on 127.0.0.1:{port} ({e}); pick another port"),
            )
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| AppError::internal(format!("ingest endpoint address: {e}")))?;
    let (writer, written) = mpsc::unbounded_channel();
    let engine = Arc::new(std::sync::RwLock::new(engine));
    tokio::spawn(write_events(
        pool.clone(),
        engine.clone(),
        durability,
        written,
    ));
    let shared = Arc::new(Shared {
        pool,
        cache: ExpressionCache::default(),
        token: std::sync::RwLock::new(token),
        snapshot: SnapshotCache::default(),
        writer,
    });
    let app = Router::new()
        .route("/v1/events", post(receive))
        .route("/v1/health", get(|| async { Json(json!({"ok": true})) }))
        .layer(DefaultBodyLimit::max(MAX_EVENT_BYTES))
        .with_state(shared.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    tracing::info!("ingest endpoint listening on {addr}");
    tokio::spawn(serve(listener, app, ServerLimits::LOCAL, async move {
        let _ = stopped.await;
    }));
    Ok(IngestServer {
        addr,
        shared,
        engine,
        stop: Some(stop),
    })
}

fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({"error": {"code": code, "message": message.into()}})),
    )
        .into_response()
}

async fn receive(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    let given = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let accepted = same_secret(
        given,
        shared
            .token
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .expose(),
    );
    if !accepted {
        // Answered before a byte of the body is read: a caller without the token cannot make
        // the app read (or wait for) up to a megabyte.
        return error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Send the ingest token from Settings as \"Authorization: Bearer <token>\"",
        );
    }
    let body = match axum::body::to_bytes(body, MAX_EVENT_BYTES).await {
        Ok(body) => body,
        Err(_) => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("An event is at most {MAX_EVENT_BYTES} bytes"),
            )
        }
    };
    let parsed: EventBody = match serde_json::from_slice(&body) {
        Ok(parsed) => parsed,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                format!("The body is not a valid event: {e}. Expected {{\"type\": \"contact.updated\", \"contact_id\": \"ct_…\" or \"contact\": {{…}}, \"data\": {{…}}}}"),
            )
        }
    };
    let contact = match (parsed.contact, parsed.contact_id) {
        (Some(contact), None) => EventContact::Inline(contact),
        (None, Some(id)) => match id.parse() {
            Ok(id) => EventContact::Stored(id),
            Err(e) => {
                return error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation",
                    format!("contact_id: {}", e.message),
                )
            }
        },
        (Some(_), Some(_)) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Send either \"contact\" or \"contact_id\", not both",
            )
        }
        (None, None) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "The event needs a \"contact\" object or a \"contact_id\"",
            )
        }
    };
    let incoming = IncomingEvent {
        event_type: parsed.event_type,
        occurred_at: parsed.occurred_at,
        contact,
        data: parsed.data.unwrap_or_else(|| json!({})),
        source: EventSource::Ingest,
    };
    match accept(&shared, incoming).await {
        Ok(receipt) => (StatusCode::ACCEPTED, Json(receipt)).into_response(),
        Err(err) => {
            let status = match err.code {
                ErrorCode::Validation => StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::NotFound => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            error(status, code_name(err.code), err.message)
        }
    }
}

/// Matches and renders here, then hands the event to the group writer and waits for its commit.
async fn accept(shared: &Shared, incoming: IncomingEvent) -> AppResult<EventReceipt> {
    let snapshot = shared.snapshot.get(&shared.pool).await?;
    let contact = resolve_contact(&shared.pool, &incoming.contact).await?;
    let prepared = prepare_event(&snapshot, &shared.cache, incoming, contact)?;
    let receipt = prepared.receipt();
    let (reply, committed) = oneshot::channel();
    shared
        .writer
        .send((prepared, reply))
        .map_err(|_| AppError::internal("the event writer stopped"))?;
    committed
        .await
        .map_err(|_| AppError::internal("the event writer stopped"))??;
    Ok(receipt)
}

fn code_name(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::Validation => "validation",
        ErrorCode::NotFound => "not_found",
        _ => "internal",
    }
}
