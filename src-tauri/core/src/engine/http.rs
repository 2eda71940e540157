//! One HTTP exchange: the frozen request with credentials applied, redirects never followed,
//! a total timeout, and the response body read with a cap (64 KiB kept, every byte counted).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use super::classify::{transport_failure, Cause};
use super::credentials::Applied;
use super::retry::parse_retry_after;
use crate::destinations::HeaderEntry;

/// Bytes of a response body kept for the attempt debugger.
pub const BODY_KEPT_BYTES: usize = 64 * 1024;
/// Past this many bytes the rest of a response is not read (the connection is dropped).
pub const BODY_READ_LIMIT: u64 = 64 * 1024 * 1024;
/// The longest wait for a connection; the destination's timeout bounds it further.
const MAX_CONNECT_SECS: u32 = 10;

/// What is sent: the delivery's frozen request.
#[derive(Debug, Clone)]
pub struct OutgoingRequest<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [HeaderEntry],
    pub body: Option<&'a str>,
    pub timeout_secs: u32,
}

/// What came back, or why nothing did.
#[derive(Debug, Clone, Default)]
pub struct HttpOutcome {
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body_kept: Vec<u8>,
    pub body_size: u64,
    /// A transport failure (set when `status` is `None`, or when reading the body failed).
    pub failure: Option<(Cause, String)>,
    pub note: Option<String>,
    pub retry_after: Option<Duration>,
    pub duration: Duration,
}

impl HttpOutcome {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Clients by connect timeout: reqwest sets that per client, and clients hold the
/// connection pools, so a handful are shared by all destinations.
#[derive(Default)]
pub struct HttpClients {
    clients: Mutex<HashMap<u32, reqwest::Client>>,
}

impl HttpClients {
    pub fn for_timeout(&self, timeout_secs: u32) -> Result<reqwest::Client, String> {
        let connect = timeout_secs.clamp(1, MAX_CONNECT_SECS);
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(client) = clients.get(&connect) {
            return Ok(client.clone());
        }
        let client = crate::tls::client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(u64::from(connect)))
            .pool_max_idle_per_host(256)
            .user_agent(concat!("API-Destinations/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("the HTTP client could not be built: {e}"))?;
        clients.insert(connect, client.clone());
        Ok(client)
    }
}

/// Sends the request and reads the answer. Never fails: every failure is in the outcome.
pub async fn exchange(
    client: &reqwest::Client,
    request: &OutgoingRequest<'_>,
    credentials: &Applied,
) -> HttpOutcome {
    let started = Instant::now();
    let mut outcome = HttpOutcome::default();
    let method = match reqwest::Method::from_bytes(request.method.as_bytes()) {
        Ok(m) => m,
        Err(_) => {
            outcome.failure = Some((
                Cause::Internal,
                format!("unknown method {}", request.method),
            ));
            return outcome;
        }
    };
    let mut url = match reqwest::Url::parse(request.url) {
        Ok(url) => url,
        Err(e) => {
            outcome.failure = Some((
                Cause::Internal,
                format!("the URL {} is not valid: {e}", request.url),
            ));
            return outcome;
        }
    };
    if let Some((name, value)) = &credentials.query {
        url.query_pairs_mut().append_pair(name, value);
    }
    let mut builder = client
        .request(method, url)
        .timeout(Duration::from_secs(u64::from(request.timeout_secs.max(1))));
    for header in request.headers {
        builder = builder.header(header.name.as_str(), header.value.as_str());
    }
    for (name, value) in &credentials.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    if let Some(body) = request.body {
        builder = builder.body(body.to_owned());
    }

    let mut response = match builder.send().await {
        Ok(response) => response,
        Err(err) => {
            outcome.failure = Some(transport_failure(err));
            outcome.duration = started.elapsed();
            return outcome;
        }
    };
    outcome.status = Some(response.status().as_u16());
    outcome.headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    outcome.retry_after = outcome
        .header("retry-after")
        .and_then(|v| parse_retry_after(v, SystemTime::now()));

    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = BODY_KEPT_BYTES.saturating_sub(outcome.body_kept.len());
                outcome
                    .body_kept
                    .extend_from_slice(&chunk[..room.min(chunk.len())]);
                outcome.body_size += chunk.len() as u64;
                if outcome.body_size > BODY_READ_LIMIT {
                    outcome.note = Some(format!(
                        "Stopped reading the response after {} MiB; the rest was not received",
                        BODY_READ_LIMIT / (1024 * 1024)
                    ));
                    break;
                }
            }
            Ok(None) => break,
            Err(err) => {
                outcome.failure = Some(transport_failure(err));
                break;
            }
        }
    }
    outcome.duration = started.elapsed();
    outcome
}
