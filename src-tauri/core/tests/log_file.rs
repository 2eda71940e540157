//! The log file a person can send: a run full of secrets (Bearer and query API keys, a secret
//! static header, the ingest token, the sandbox's key) against targets that answer, refuse the
//! connection and time out leaves a log that says what happened and holds none of them.

mod engine_support;
mod http_support;

use std::time::Duration;

use apidest_core::auth::{ApiKeyPlacement, AuthSettings};
use apidest_core::bus::EventBus;
use apidest_core::destinations::{get_destination, update_destination, HeaderEntry};
use apidest_core::event_intake::start_ingest;
use apidest_core::logs;
use apidest_core::sandbox::Sandbox;
use apidest_core::secrets::Secret;
use engine_support::{harness, quick_retries};

const BEARER: &str = "bearer-secret-0f9e8d7c6b5a";
const QUERY_KEY: &str = "query-key-secret-1a2b3c4d";
const STATIC_HEADER: &str = "static-header-secret-5e6f7a8b";
const INGEST_TOKEN: &str = "ingest-token-secret-9c0d1e2f3a4b";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_with_secrets_leaves_a_log_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let guard = logs::install(dir.path(), "apidest-test", false).expect("logger installed");
    let h = harness().await;

    // Where deliveries go: a server that answers, a port that refuses, one that never answers.
    let answers = http_support::always(http_support::Reply::status(200)).await;
    let refused = http_support::closed_port();
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_addr = silent.local_addr().unwrap();
    let _silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            held.push(stream);
        }
    });
    let bearer = h.auth(AuthSettings::Bearer, BEARER).await;
    let query_key = h
        .auth(
            AuthSettings::ApiKey {
                placement: ApiKeyPlacement::Query,
                name: "api_key".into(),
            },
            QUERY_KEY,
        )
        .await;
    for base in [
        answers.url(""),
        format!("http://{refused}"),
        format!("http://{silent_addr}"),
    ] {
        for auth in [&bearer, &query_key] {
            let dest = h
                .destination_with(
                    &format!("{base}/hook"),
                    Some(auth.clone()),
                    quick_retries(vec![]),
                    1,
                )
                .await;
            let mut input = get_destination(&h.db.pool, &dest).await.unwrap().input;
            input.headers.push(HeaderEntry {
                name: "X-Static-Token".into(),
                value: STATIC_HEADER.into(),
            });
            update_destination(&h.db.pool, &dest, input).await.unwrap();
            h.send(&dest).await;
        }
    }

    // The ingest endpoint, asked with a wrong token and the right one.
    let ingest = start_ingest(
        h.db.pool.clone(),
        Some(h.engine.clone()),
        Secret::new(INGEST_TOKEN),
        0,
    )
    .await
    .unwrap();
    let client = apidest_core::tls::client_builder().build().unwrap();
    for token in ["wrong-token", INGEST_TOKEN] {
        client
            .post(ingest.url())
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(
                serde_json::json!({"type": "contact.updated", "contact_id": h.contact.as_str()})
                    .to_string(),
            )
            .send()
            .await
            .unwrap();
    }

    // The sandbox, and a second one refused on the same (busy) port.
    let sandbox = Sandbox::new(EventBus::new());
    let on = sandbox
        .set_enabled(&h.db.pool, true, Some(0))
        .await
        .unwrap();
    let key = sandbox.key_header().await.unwrap();
    client
        .post(format!("{}/x", on.url.unwrap()))
        .header(key.name.as_str(), key.value.as_str())
        .header("authorization", format!("Bearer {BEARER}"))
        .send()
        .await
        .unwrap();
    sandbox.stop().await;
    ingest.stop();
    h.engine.shutdown().await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    drop(guard); // flushes

    let mut log = String::new();
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let path = file.unwrap().path();
        assert!(
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("apidest-test."),
            "{path:?}"
        );
        log.push_str(&std::fs::read_to_string(&path).unwrap());
    }
    assert!(
        log.contains("ingest endpoint listening on 127.0.0.1:"),
        "{log}"
    );
    assert!(
        log.contains("sandbox receiver listening on 127.0.0.1:"),
        "{log}"
    );
    for secret in [BEARER, QUERY_KEY, STATIC_HEADER, INGEST_TOKEN, &key.value] {
        assert!(!log.contains(secret), "{secret} is in the log:\n{log}");
    }
    // The folder is the user's alone, as the data folder is.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "log folder mode {mode:o}");
    }
}
