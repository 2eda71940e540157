//! The HTTP side of the sandbox: binds 127.0.0.1 only, answers by path, records every request
//! and pushes it as an event; stops gracefully when told to.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::listener::SandboxListener;
use super::log::RequestLog;
use super::mask::{mask_header, mask_query};
use super::model::{new_request_id, SandboxRequest};
use crate::destinations::HeaderEntry;
use crate::error::{AppError, AppResult};
use crate::local_server::{same_secret, serve, ServerLimits};
use crate::time::now_ms;

/// Larger request bodies are answered 413, like a real API would.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;
/// How much of a body the log keeps.
pub const BODY_KEPT_BYTES: usize = 64 * 1024;
/// `?delay_ms=` is capped: 30 s is past the default 15 s timeout, enough to see a Timeout,
/// without tying up a request for minutes.
pub const MAX_DELAY_MS: u64 = 30_000;

/// How long a stop waits for requests in flight before it drops them.
const STOP_GRACE: Duration = Duration::from_secs(2);

/// The header every request must carry, with the key of the sandbox's current run: a web page
/// can make the browser POST to 127.0.0.1 (`no-cors`) but cannot add this header, nor know
/// its value. The app's own sandbox destinations carry it (`destination.rs`).
pub const KEY_HEADER: &str = "X-Sandbox-Key";

/// What every request handler reaches.
#[derive(Clone)]
pub(crate) struct Shared {
    pub log: Arc<RequestLog>,
    pub events: Arc<dyn SandboxListener>,
}

/// A listening sandbox; [`RunningServer::stop`] frees its port.
pub(crate) struct RunningServer {
    pub port: u16,
    /// This run's key, made when the server started.
    pub key: String,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

/// Binds `127.0.0.1:port` (0 picks a free port) and starts answering requests that carry a
/// key made for this run.
pub(crate) async fn start(port: u16, shared: Shared) -> AppResult<RunningServer> {
    let key = new_key()?;
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .await
        .map_err(|err| bind_error(port, &err))?;
    let port = listener
        .local_addr()
        .map_err(|err| AppError::internal(format!("sandbox address unknown: {err}")))?
        .port();
    let (shutdown, stopped) = oneshot::channel::<()>();
    let app = router(shared, Arc::from(key.as_str()));
    tracing::info!("sandbox receiver listening on 127.0.0.1:{port}");
    let task = tokio::spawn(serve(listener, app, ServerLimits::LOCAL, async move {
        let _ = stopped.await;
    }));
    Ok(RunningServer {
        port,
        key,
        shutdown,
        task,
    })
}

fn new_key() -> AppResult<String> {
    use base64::Engine as _;
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::internal(format!("no secure random source: {e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// Refuses, before the body is read, any request without this run's key.
async fn require_key(State(key): State<Arc<str>>, request: Request, next: Next) -> Response {
    let given = request
        .headers()
        .get(KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if same_secret(given, &key) {
        return next.run(request).await;
    }
    respond(Reply {
        status: StatusCode::FORBIDDEN,
        headers: Vec::new(),
        body: serde_json::json!({
            "error": format!(
                "The sandbox receiver only accepts requests carrying the {KEY_HEADER} header of \
                 its current run, as the app's Sandbox destination does. To send from \
                 another destination, copy that header from the Sandbox destination (its \
                 value is renewed each time the sandbox starts)."
            ),
        }),
    })
}

impl RunningServer {
    /// Stops accepting, lets requests in flight finish for a moment, then drops them.
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        let mut task = self.task;
        if tokio::time::timeout(STOP_GRACE, &mut task).await.is_err() {
            task.abort();
        }
    }
}

fn bind_error(port: u16, err: &std::io::Error) -> AppError {
    match err.kind() {
        std::io::ErrorKind::AddrInUse => AppError::conflict(format!(
            "Port {port} is already in use by another program, so the sandbox receiver cannot \
             listen there. Enter another port (for example {}) in Settings › Sandbox receiver \
             and switch it on again.",
            if port == super::DEFAULT_PORT {
                port + 1
            } else {
                super::DEFAULT_PORT
            }
        )),
        std::io::ErrorKind::PermissionDenied => AppError::validation(format!(
            "Port {port} may only be used by the system administrator. Enter a port from 1024 \
             to 65535 in Settings › Sandbox receiver."
        )),
        _ => AppError::internal(format!(
            "The sandbox receiver could not listen on 127.0.0.1:{port}: {err}"
        )),
    }
}

fn router(shared: Shared, key: Arc<str>) -> Router {
    Router::new()
        .route("/status/{code}", any(status_route))
        .fallback(echo_route)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(middleware::from_fn_with_state(key, require_key))
        .with_state(shared)
}

/// What the sandbox answers, decided from the path before the request is recorded.
struct Reply {
    status: StatusCode,
    headers: Vec<(header::HeaderName, &'static str)>,
    body: serde_json::Value,
}

async fn status_route(
    State(shared): State<Shared>,
    Path(code): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let id = new_request_id();
    let reply = match code.parse::<u16>().ok().filter(|c| (200..=599).contains(c)) {
        Some(code) => status_reply(code),
        None => Reply {
            status: StatusCode::BAD_REQUEST,
            headers: Vec::new(),
            body: serde_json::json!({
                "error": format!("\"{code}\" is not a status the sandbox can answer: use 200 to 599, e.g. /status/503"),
            }),
        },
    };
    answer(shared, id, reply, method, uri, headers, body).await
}

async fn echo_route(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let id = new_request_id();
    let reply = Reply {
        status: StatusCode::OK,
        headers: Vec::new(),
        body: serde_json::json!({ "received": true, "id": id }),
    };
    answer(shared, id, reply, method, uri, headers, body).await
}

fn status_reply(code: u16) -> Reply {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST);
    let mut headers = Vec::new();
    if status.is_redirection() {
        // A redirect with somewhere to go, so the attempt debugger can show where.
        headers.push((header::LOCATION, "/moved"));
    }
    if code == 429 || code == 503 {
        headers.push((header::RETRY_AFTER, "5"));
    }
    Reply {
        status,
        headers,
        body: serde_json::json!({
            "status": code,
            "reason": status.canonical_reason().unwrap_or("Unknown"),
            "sandbox": "answered as asked by the path /status/{code}",
        }),
    }
}

async fn answer(
    shared: Shared,
    id: String,
    mut reply: Reply,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(bytes) => bytes,
        Err(rejection) => {
            // Too large (413) or unreadable: answer that instead of what the path asked.
            reply = Reply {
                status: rejection.status(),
                headers: Vec::new(),
                body: serde_json::json!({ "error": rejection.body_text() }),
            };
            Bytes::new()
        }
    };
    record(&shared, &id, &method, &uri, &headers, &body, reply.status);
    if let Some(delay) = delay_of(&uri) {
        tokio::time::sleep(delay).await;
    }
    respond(reply)
}

/// `?delay_ms=N`, capped at [`MAX_DELAY_MS`].
fn delay_of(uri: &Uri) -> Option<Duration> {
    let query = uri.query()?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "delay_ms")
        .and_then(|(_, value)| value.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map(|ms| Duration::from_millis(ms.min(MAX_DELAY_MS)))
}

fn record(
    shared: &Shared,
    id: &str,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
    status: StatusCode,
) {
    let path = match uri.query() {
        Some(query) => format!("{}?{}", uri.path(), mask_query(query)),
        None => uri.path().to_owned(),
    };
    let headers = headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes());
            HeaderEntry {
                name: name.as_str().to_owned(),
                value: mask_header(name.as_str(), &value),
            }
        })
        .collect();
    let kept = &body[..body.len().min(BODY_KEPT_BYTES)];
    let request = SandboxRequest {
        id: id.to_owned(),
        method: method.as_str().to_owned(),
        path,
        headers,
        body: String::from_utf8_lossy(kept).into_owned(),
        body_size: u32::try_from(body.len()).unwrap_or(u32::MAX),
        body_truncated: body.len() > BODY_KEPT_BYTES,
        received_at: now_ms(),
        status: status.as_u16(),
    };
    shared.log.push(request.clone());
    shared.events.request_received(request);
}

fn respond(reply: Reply) -> Response {
    // 204 and 304 carry no body by definition.
    let empty = matches!(reply.status.as_u16(), 204 | 304);
    let body = if empty {
        Body::empty()
    } else {
        Body::from(reply.body.to_string())
    };
    let mut response = Response::new(body);
    *response.status_mut() = reply.status;
    if !empty {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    for (name, value) in reply.headers {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    response
}
