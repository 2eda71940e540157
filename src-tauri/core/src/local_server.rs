//! The accept loop of the app's local HTTP servers (the ingest endpoint and the sandbox
//! receiver). Any process on this machine can connect to them, and their file handles are the
//! ones the engine needs for outgoing requests and SQLite, so each server holds a bounded
//! number of connections and none for long without a request:
//! - headers must arrive within [`ServerLimits::header_timeout`] (hyper's header read timeout,
//!   which also closes a connection idle between requests);
//! - at most [`ServerLimits::max_connections`] are open. One more closes the oldest connection
//!   that is not inside a request (idle, or still sending its headers), so a flood of idle or
//!   slow connections can never keep a real request out; when every slot is inside a request,
//!   the new connection is closed at once rather than queued.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// How many connections a server holds and how long it waits for a request's headers.
#[derive(Debug, Clone, Copy)]
pub struct ServerLimits {
    pub max_connections: usize,
    pub header_timeout: Duration,
}

impl ServerLimits {
    /// What both servers use: a sender on this machine needs a handful of connections (the
    /// ingest benchmark uses 16) and sends its headers in microseconds.
    pub const LOCAL: ServerLimits = ServerLimits {
        max_connections: 64,
        header_timeout: Duration::from_secs(5),
    };
}

/// A connection's state, as the slot table sees it.
const IDLE: u8 = 0;
const BUSY: u8 = 1;
const EVICTED: u8 = 2;

struct Slot {
    state: AtomicU8,
    evicted: Notify,
}

impl Slot {
    /// Called when a request's headers are in: false if the connection was just evicted.
    fn begin(&self) -> bool {
        self.state
            .compare_exchange(IDLE, BUSY, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    fn end(&self) {
        let _ = self
            .state
            .compare_exchange(BUSY, IDLE, Ordering::AcqRel, Ordering::Acquire);
    }

    fn evict(&self) -> bool {
        let evicted = self
            .state
            .compare_exchange(IDLE, EVICTED, Ordering::AcqRel, Ordering::Acquire)
            .is_ok();
        if evicted {
            // notify_one keeps a permit, so the connection sees it even if not waiting yet.
            self.evicted.notify_one();
        }
        evicted
    }
}

/// The open connections, oldest first.
struct Slots {
    open: Mutex<VecDeque<Arc<Slot>>>,
    max: usize,
}

impl Slots {
    /// A slot for a new connection, evicting the oldest one outside a request when full;
    /// `None` when every connection is inside a request.
    fn admit(self: &Arc<Self>) -> Option<SlotGuard> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if open.len() >= self.max {
            let oldest_idle = open.iter().position(|slot| slot.evict())?;
            open.remove(oldest_idle);
        }
        let slot = Arc::new(Slot {
            state: AtomicU8::new(IDLE),
            evicted: Notify::new(),
        });
        open.push_back(slot.clone());
        Some(SlotGuard {
            slot,
            slots: self.clone(),
        })
    }
}

/// Frees the connection's slot when the connection ends.
struct SlotGuard {
    slot: Arc<Slot>,
    slots: Arc<Slots>,
}

impl Drop for SlotGuard {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(i) = open.iter().position(|s| Arc::ptr_eq(s, &self.slot)) {
            open.remove(i);
        }
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes; then stops
/// accepting, lets requests in flight finish and returns. Dropping (aborting) the returned
/// future closes every connection at once.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()> + Send,
) {
    let slots = Arc::new(Slots {
        open: Mutex::new(VecDeque::new()),
        max: limits.max_connections.max(1),
    });
    let (closing, closed) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => match slots.admit() {
                    Some(slot) => {
                        connections.spawn(connection(
                            stream,
                            router.clone(),
                            slot,
                            closed.clone(),
                            limits.header_timeout,
                        ));
                    }
                    // Closed now: a connection waiting in the kernel's backlog holds a handle too.
                    None => drop(stream),
                },
                Err(err) => {
                    // Out of file handles, most likely: wait for some to be freed rather than spin.
                    tracing::warn!(error = %err, "local server: accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    drop(listener);
    let _ = closing.send(true);
    while connections.join_next().await.is_some() {}
}

async fn connection(
    stream: TcpStream,
    router: Router,
    guard: SlotGuard,
    mut closing: watch::Receiver<bool>,
    header_timeout: Duration,
) {
    let slot = guard.slot.clone();
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let router = router.clone();
        let slot = slot.clone();
        async move {
            if !slot.begin() {
                return Ok::<_, std::convert::Infallible>(evicted_answer());
            }
            let answer = router.oneshot(request).await;
            slot.end();
            answer
        }
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        // Dropping the connection closes it: it was not inside a request.
        () = guard.slot.evicted.notified() => return,
        _ = closing.wait_for(|closing| *closing) => conn.as_mut().graceful_shutdown(),
    }
    let _ = conn.await;
}

/// Compares a caller's secret in time independent of where the strings differ.
pub(crate) fn same_secret(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0));
    }
    diff == 0
}

/// The answer when a request's headers arrive just as its connection was chosen to close.
fn evicted_answer() -> Response<Body> {
    let mut answer = Response::new(Body::from(
        r#"{"error":{"code":"busy","message":"Too many connections; try again"}}"#,
    ));
    *answer.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    answer.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    answer
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(max: usize) -> Arc<Slots> {
        Arc::new(Slots {
            open: Mutex::new(VecDeque::new()),
            max,
        })
    }

    #[test]
    fn a_full_table_evicts_the_oldest_connection_outside_a_request() {
        let slots = slots(2);
        let first = slots.admit().unwrap();
        let second = slots.admit().unwrap();
        assert!(first.slot.begin(), "the first one is inside a request");
        let third = slots.admit().expect("the second (idle) one makes room");
        assert_eq!(second.slot.state.load(Ordering::Acquire), EVICTED);
        assert!(
            !second.slot.begin(),
            "an evicted connection serves no request"
        );
        drop(second);
        assert!(third.slot.begin());
        assert!(
            slots.admit().is_none(),
            "every slot inside a request: refused"
        );
        first.slot.end();
        assert!(slots.admit().is_some(), "idle again: evictable");
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abd", "abc"));
        assert!(!same_secret("ab", "abc"));
        assert!(!same_secret("", "abc"));
    }

    #[test]
    fn a_closed_connection_frees_its_slot() {
        let slots = slots(1);
        let only = slots.admit().unwrap();
        assert!(only.slot.begin());
        assert!(slots.admit().is_none());
        drop(only);
        assert!(slots.admit().is_some());
    }
}
