//! Side doors for secrets in failure texts: an API key sent in the query string never reaches
//! a stored error, hint or URL when the network fails (reqwest's error text names the full
//! URL), and an OAuth token answer is read with a size cap.

use crate::engine_support;
use crate::http_support;

use apidest_core::auth::{ApiKeyPlacement, AuthSettings};
use apidest_core::destinations::RetryPolicy;
use apidest_core::engine::{DeliveryDetail, StatusCategory};
use engine_support::{harness, Harness};
use http_support::{always, closed_port, serve, Reply};

const QUERY_KEY: &str = "qk-Zz9QueryOnlyS3cret-4711";

/// Every byte of every file in the data folder (database, WAL, shared memory).
fn data_folder_bytes(h: &Harness) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(h.dir.path())
        .expect("data folder readable")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("file readable"),
            )
        })
        .collect()
}

fn assert_key_nowhere(h: &Harness, detail: &DeliveryDetail) {
    let attempt = &detail.attempts[0];
    assert!(
        attempt.error.is_some(),
        "a failure has an error: {attempt:#?}"
    );
    let shown = format!("{detail:?}");
    assert!(
        !shown.contains(QUERY_KEY),
        "the key is in the delivery: {shown}"
    );
    let url = attempt.request_url.as_deref().unwrap_or("");
    assert!(
        url.contains("api_key="),
        "the masked parameter is kept: {url}"
    );
    for (name, bytes) in data_folder_bytes(h) {
        let found = bytes
            .windows(QUERY_KEY.len())
            .any(|w| w == QUERY_KEY.as_bytes());
        assert!(!found, "the key is in {name}");
    }
}

async fn query_key_destination(h: &Harness, endpoint: &str) -> apidest_core::ids::DestinationId {
    let auth = h
        .auth(
            AuthSettings::ApiKey {
                placement: ApiKeyPlacement::Query,
                name: "api_key".into(),
            },
            QUERY_KEY,
        )
        .await;
    h.destination_with(endpoint, Some(auth), RetryPolicy::default(), 1)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_key_is_not_stored_when_the_connection_is_refused() {
    let h = harness().await;
    let addr = closed_port();
    let dest = query_key_destination(&h, &format!("http://{addr}/hooks?a=1")).await;
    let detail = h.send(&dest).await;
    let attempt = &detail.attempts[0];
    assert_eq!(attempt.cause.as_deref(), Some("refused"), "{attempt:#?}");
    assert_key_nowhere(&h, &detail);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_key_is_not_stored_when_the_target_times_out() {
    let h = harness().await;
    let server = always(Reply::NeverAnswer).await;
    let dest = query_key_destination(&h, &server.url("/hooks")).await;
    let detail = h.send(&dest).await;
    let attempt = &detail.attempts[0];
    assert_eq!(
        attempt.category,
        Some(StatusCategory::TimeoutError),
        "{attempt:#?}"
    );
    // The key did go out: the server saw it, so its absence from storage means something.
    let seen = server.requests();
    assert!(seen[0].target.contains(QUERY_KEY), "{seen:?}");
    assert_key_nowhere(&h, &detail);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_key_is_not_stored_when_the_answer_breaks_off() {
    let h = harness().await;
    let server = always(Reply::ResetMidResponse).await;
    let dest = query_key_destination(&h, &server.url("/hooks")).await;
    let detail = h.send(&dest).await;
    assert_eq!(detail.attempts[0].cause.as_deref(), Some("reset"));
    assert_key_nowhere(&h, &detail);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_token_answer_is_refused_with_a_clear_error() {
    let h = harness().await;
    let huge = format!(
        r#"{{"access_token":"{}","expires_in":3600}}"#,
        "t".repeat(1024 * 1024)
    );
    let token_server = serve(move |_, _| Reply::json(200, &huge)).await;
    let target = always(Reply::status(200)).await;
    let auth = h
        .auth(
            AuthSettings::OAuth2ClientCredentials {
                token_url: token_server.url("/oauth/token"),
                client_id: "client-abc".into(),
                scope: None,
                audience: None,
            },
            "client-S3cret-for-size",
        )
        .await;
    let dest = h.destination(&target.url("/hooks"), Some(auth)).await;
    let detail = h.send(&dest).await;
    let attempt = &detail.attempts[0];
    assert_eq!(
        attempt.category,
        Some(StatusCategory::AuthConfigError),
        "{attempt:#?}"
    );
    assert_eq!(attempt.cause.as_deref(), Some("token_request_failed"));
    let error = attempt.error.as_deref().unwrap_or("");
    assert!(
        error.contains("larger than 64 KiB"),
        "the error says why: {error}"
    );
    assert_eq!(target.request_count(), 0, "nothing sent without a token");
}
