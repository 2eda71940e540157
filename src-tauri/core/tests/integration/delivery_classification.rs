//! Classification of one attempt against real local servers: every HTTP status family and
//! every transport failure lands in the right category and cause, with the right state after
//! the first attempt and, when retried, the right wait.

use crate::engine_support;
use crate::http_support;

use std::time::{Duration, SystemTime};

use apidest_core::destinations::RetryPolicy;
use apidest_core::engine::{AttemptView, DeliveryDetail, DeliveryState, StatusCategory};
use engine_support::{harness, Harness};
use http_support::{always, closed_port, tls_self_signed, Reply};

/// The default policy's first retry: 5 s ± 20 %.
const FIRST_RETRY_MS: std::ops::RangeInclusive<i64> = 4000..=6000;

/// What one first attempt must look like.
struct Expect {
    category: StatusCategory,
    cause: Option<&'static str>,
    http_status: Option<u16>,
    state: DeliveryState,
    /// For a retried attempt: the allowed `next_attempt_at - completed_at`, in ms.
    retry_in: Option<std::ops::RangeInclusive<i64>>,
}

impl Expect {
    fn success(status: u16) -> Self {
        Self {
            category: StatusCategory::Success,
            cause: None,
            http_status: Some(status),
            state: DeliveryState::Succeeded,
            retry_in: None,
        }
    }

    fn failed(category: StatusCategory, cause: &'static str, status: Option<u16>) -> Self {
        Self {
            category,
            cause: Some(cause),
            http_status: status,
            state: DeliveryState::Failed,
            retry_in: None,
        }
    }

    fn retried(
        category: StatusCategory,
        cause: &'static str,
        status: Option<u16>,
        retry_in: std::ops::RangeInclusive<i64>,
    ) -> Self {
        Self {
            category,
            cause: Some(cause),
            http_status: status,
            state: DeliveryState::Scheduled,
            retry_in: Some(retry_in),
        }
    }
}

/// Checks the first attempt of `detail` against `expect` and returns it.
fn check<'a>(detail: &'a DeliveryDetail, expect: &Expect) -> &'a AttemptView {
    assert_eq!(detail.attempts.len(), 1, "one attempt: {detail:#?}");
    let attempt = &detail.attempts[0];
    let context = format!("{attempt:#?}");
    assert_eq!(attempt.category, Some(expect.category), "{context}");
    assert_eq!(attempt.cause.as_deref(), expect.cause, "{context}");
    assert_eq!(attempt.http_status, expect.http_status, "{context}");
    assert_eq!(detail.summary.state, expect.state, "{context}");
    assert_eq!(detail.summary.attempt_count, 1, "{context}");
    assert_eq!(detail.summary.last_category, Some(expect.category));
    let completed = attempt.completed_at.expect("the attempt is finished");
    match &expect.retry_in {
        Some(range) => {
            let next = detail
                .summary
                .next_attempt_at
                .expect("a retried delivery has a next attempt");
            let wait = next - completed;
            assert!(
                range.contains(&wait),
                "next attempt {wait} ms after the first, expected {range:?}: {context}"
            );
            assert_eq!(attempt.next_attempt_at, Some(next), "{context}");
        }
        None => {
            assert_eq!(detail.summary.next_attempt_at, None, "{context}");
            assert_eq!(attempt.next_attempt_at, None, "{context}");
        }
    }
    if expect.category == StatusCategory::Success {
        assert_eq!(attempt.hint, None, "{context}");
    } else {
        let hint = attempt.hint.as_deref().unwrap_or("");
        assert!(!hint.trim().is_empty(), "a failure has a hint: {context}");
    }
    attempt
}

async fn send_to(h: &Harness, url: &str) -> DeliveryDetail {
    let dest = h.destination(url, None).await;
    h.send(&dest).await
}

// ---------------------------------------------------------------------------------------------
// Success (200–299): the body is kept.

async fn success_case(status: u16, body: &str) {
    let h = harness().await;
    let server = always(Reply::json(status, body)).await;
    let detail = send_to(&h, &server.url("/hooks")).await;
    let attempt = check(&detail, &Expect::success(status));
    assert_eq!(attempt.response_body.as_deref(), Some(body));
    assert_eq!(attempt.response_body_kept, body.len() as i64);
    assert_eq!(attempt.response_body_size, Some(body.len() as i64));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_200_is_success_with_body() {
    success_case(200, r#"{"ok":true}"#).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_201_is_success_with_body() {
    success_case(201, r#"{"id":"c_123"}"#).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_204_is_success_without_body() {
    // A 204 carries no body: an empty one is kept.
    success_case(204, "").await;
}

// ---------------------------------------------------------------------------------------------
// Redirection Error (300–399): never followed, not retried, the hint names the Location.

async fn redirect_case(status: u16) {
    let h = harness().await;
    let elsewhere = always(Reply::status(200)).await;
    let location = elsewhere.url("/moved/hooks");
    let server = always(Reply::status(status).with_header("Location", &location)).await;
    let detail = send_to(&h, &server.url("/hooks")).await;
    let attempt = check(
        &detail,
        &Expect::failed(StatusCategory::RedirectionError, "redirect", Some(status)),
    );
    let hint = attempt.hint.as_deref().unwrap_or("");
    assert!(hint.contains(&location), "hint names {location}: {hint}");
    assert_eq!(server.request_count(), 1);
    // Give a (wrongly) followed redirect a moment to show up before asserting it did not.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(elsewhere.request_count(), 0, "the redirect was followed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_301_is_a_redirection_error_never_followed() {
    redirect_case(301).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_302_is_a_redirection_error_never_followed() {
    redirect_case(302).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_307_is_a_redirection_error_never_followed() {
    redirect_case(307).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_308_is_a_redirection_error_never_followed() {
    redirect_case(308).await;
}

// ---------------------------------------------------------------------------------------------
// Client Error (400–499 but 429): failed, body kept; 408 alone is retried.

async fn client_error_case(status: u16, cause: &'static str) {
    let h = harness().await;
    let body = r#"{"error":"email is not valid"}"#;
    let server = always(Reply::json(status, body)).await;
    let detail = send_to(&h, &server.url("/hooks")).await;
    let attempt = check(
        &detail,
        &Expect::failed(StatusCategory::ClientError, cause, Some(status)),
    );
    assert_eq!(attempt.response_body.as_deref(), Some(body));
    assert_eq!(attempt.response_body_size, Some(body.len() as i64));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_400_is_a_client_error_not_retried() {
    client_error_case(400, "client_status").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_404_is_a_client_error_not_retried() {
    client_error_case(404, "not_found").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_422_is_a_client_error_not_retried() {
    client_error_case(422, "client_status").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_408_is_a_client_error_that_is_retried() {
    let h = harness().await;
    let server = always(Reply::status(408)).await;
    let detail = send_to(&h, &server.url("/hooks")).await;
    check(
        &detail,
        &Expect::retried(
            StatusCategory::ClientError,
            "request_timeout",
            Some(408),
            FIRST_RETRY_MS,
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// Too Many Requests Error (429) and Retry-After.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_429_honours_retry_after_seconds() {
    let h = harness().await;
    let server = always(Reply::status(429).with_header("Retry-After", "7")).await;
    let detail = send_to(&h, &server.url("/hooks")).await;
    let attempt = check(
        &detail,
        &Expect::retried(
            StatusCategory::TooManyRequestsError,
            "rate_limited",
            Some(429),
            6000..=8000,
        ),
    );
    let hint = attempt.hint.as_deref().unwrap_or("");
    assert!(hint.contains("7 s"), "the hint says how long: {hint}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_429_honours_retry_after_as_an_http_date() {
    let h = harness().await;
    let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(20));
    let server = always(Reply::status(429).with_header("Retry-After", &when)).await;
    let detail = send_to(&h, &server.url("/hooks")).await;
    // HTTP dates have whole seconds: the wait is 19–20 s, minus the time the send took.
    check(
        &detail,
        &Expect::retried(
            StatusCategory::TooManyRequestsError,
            "rate_limited",
            Some(429),
            18_000..=21_000,
        ),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_503_honours_retry_after() {
    let h = harness().await;
    let server = always(Reply::status(503).with_header("Retry-After", "9")).await;
    let detail = send_to(&h, &server.url("/hooks")).await;
    check(
        &detail,
        &Expect::retried(
            StatusCategory::ServerError,
            "service_unavailable",
            Some(503),
            8000..=10_000,
        ),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_500_ignores_retry_after_and_follows_the_schedule() {
    let h = harness().await;
    let server = always(Reply::status(500).with_header("Retry-After", "60")).await;
    let detail = send_to(&h, &server.url("/hooks")).await;
    check(
        &detail,
        &Expect::retried(
            StatusCategory::ServerError,
            "server_status",
            Some(500),
            FIRST_RETRY_MS,
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// Server Error (≥ 500): retried on the schedule.

async fn server_error_case(status: u16, cause: &'static str) {
    let h = harness().await;
    let body = "upstream exploded";
    let server = always(Reply::status(status).with_body(body)).await;
    let detail = send_to(&h, &server.url("/hooks")).await;
    let attempt = check(
        &detail,
        &Expect::retried(
            StatusCategory::ServerError,
            cause,
            Some(status),
            FIRST_RETRY_MS,
        ),
    );
    assert_eq!(attempt.response_body.as_deref(), Some(body));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_500_is_a_server_error_retried() {
    server_error_case(500, "server_status").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_502_is_a_server_error_retried() {
    server_error_case(502, "server_status").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_503_is_a_server_error_retried() {
    server_error_case(503, "service_unavailable").await;
}

// ---------------------------------------------------------------------------------------------
// Timeout Error and Network Error.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_answer_within_the_timeout_is_a_timeout_error() {
    let h = harness().await;
    let server = always(Reply::NeverAnswer).await;
    let dest = h
        .destination_with(&server.url("/hooks"), None, RetryPolicy::default(), 1)
        .await;
    let detail = h.send(&dest).await;
    let attempt = check(
        &detail,
        &Expect::retried(
            StatusCategory::TimeoutError,
            "response_timeout",
            None,
            FIRST_RETRY_MS,
        ),
    );
    let duration = attempt.duration_ms.expect("a duration");
    assert!(
        (900..=2500).contains(&duration),
        "gave up after {duration} ms, expected ≈ 1 s"
    );
    assert_eq!(server.request_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_port_is_a_network_error_refused() {
    let h = harness().await;
    let addr = closed_port();
    let detail = send_to(&h, &format!("http://{addr}/hooks")).await;
    check(
        &detail,
        &Expect::retried(
            StatusCategory::NetworkError,
            "refused",
            None,
            FIRST_RETRY_MS,
        ),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_mid_response_is_a_network_error_reset() {
    let h = harness().await;
    let server = always(Reply::ResetMidResponse).await;
    let detail = send_to(&h, &server.url("/hooks")).await;
    // The status line arrived before the reset, so the attempt keeps the 200 it saw; the
    // category is still Network Error and the delivery is retried.
    let attempt = check(
        &detail,
        &Expect::retried(
            StatusCategory::NetworkError,
            "reset",
            Some(200),
            FIRST_RETRY_MS,
        ),
    );
    assert!(attempt.error.is_some(), "{attempt:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_host_is_a_network_error_dns() {
    let h = harness().await;
    let detail = send_to(&h, "http://does-not-exist.invalid/x").await;
    let attempt = check(
        &detail,
        &Expect::retried(StatusCategory::NetworkError, "dns", None, FIRST_RETRY_MS),
    );
    let hint = attempt.hint.as_deref().unwrap_or("");
    assert!(hint.contains("does-not-exist.invalid"), "{hint}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_self_signed_certificate_is_a_network_error_tls() {
    let h = harness().await;
    let server = tls_self_signed().await;
    let detail = send_to(&h, &server.url("/hooks")).await;
    check(
        &detail,
        &Expect::retried(StatusCategory::NetworkError, "tls", None, FIRST_RETRY_MS),
    );
    assert_eq!(
        server.request_count(),
        0,
        "no request past a rejected handshake"
    );
}

// ---------------------------------------------------------------------------------------------
// A large body: 64 KiB kept, every byte counted, memory stays flat.

/// The resident set size of this process, in bytes (Linux only).
fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line
        .trim_start_matches("VmRSS:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_10_mb_body_keeps_64_kib_and_counts_every_byte() {
    let h = harness().await;
    let server = always(Reply::LargeBody { size: 10_000_000 }).await;
    let dest = h.destination(&server.url("/hooks"), None).await;
    let before = rss_bytes();
    let detail = h.send(&dest).await;
    let after = rss_bytes();
    let attempt = check(&detail, &Expect::success(200));
    assert_eq!(attempt.response_body_kept, 65_536);
    assert_eq!(attempt.response_body_size, Some(10_000_000));
    assert_eq!(
        attempt.response_body.as_ref().map(String::len),
        Some(65_536)
    );
    if let (Some(before), Some(after)) = (before, after) {
        let growth = after.saturating_sub(before);
        eprintln!("RSS growth while reading 10 MB: {} KiB", growth / 1024);
        assert!(
            growth < 50 * 1024 * 1024,
            "RSS grew by {} MiB reading a 10 MB body",
            growth / (1024 * 1024)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A target that does not speak HTTP: Network Error › protocol, with a hint about the port.

/// A raw TCP server: each connection gets `banner` at once (as an SSH server sends its own),
/// then, once the request has arrived, `reply`, then the connection is closed.
async fn raw_server(banner: &'static [u8], reply: &'static [u8]) -> std::net::SocketAddr {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let _ = stream.write_all(banner).await;
                let mut buf = [0u8; 4096];
                let _ = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf)).await;
                let _ = stream.write_all(reply).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    addr
}

async fn not_http_case(banner: &'static [u8], reply: &'static [u8]) {
    let h = harness().await;
    let addr = raw_server(banner, reply).await;
    let detail = send_to(&h, &format!("http://{addr}/hooks")).await;
    let attempt = check(
        &detail,
        &Expect::retried(
            StatusCategory::NetworkError,
            "protocol",
            None,
            FIRST_RETRY_MS,
        ),
    );
    let hint = attempt.hint.as_deref().unwrap_or("");
    assert!(hint.contains("right port and scheme"), "{hint}");
    assert!(hint.contains("not HTTP"), "{hint}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ssh_banner_is_a_network_error_protocol() {
    not_http_case(
        b"SSH-2.0-OpenSSH_9.6\r\n",
        b"Invalid SSH identification string.\r\n",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_then_close_is_a_network_error_protocol() {
    not_http_case(b"", b"\x00\x01\xfegarbage\xff\r\n\r\n").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tls_port_spoken_to_in_plain_http_is_a_network_error_protocol() {
    // What a TLS server answers to bytes that are not a ClientHello: a fatal alert record.
    not_http_case(b"", b"\x15\x03\x03\x00\x02\x02\x46").await;
}
