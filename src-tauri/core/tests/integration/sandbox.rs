//! The sandbox receiver against the real delivery engine: a delivery lands in its log with the
//! credentials masked, `/status/503` is classified as a Server Error, and a busy port says so.

use crate::engine_support;

use std::collections::BTreeMap;
use std::time::Duration;

use apidest_core::auth::AuthSettings;
use apidest_core::bus::{AppEvent, EventBus};
use apidest_core::contacts::list_contacts;
use apidest_core::destinations::{get_destination, list_destinations, update_destination};
use apidest_core::engine::StatusCategory;
use apidest_core::sandbox::{sandbox_endpoint, Sandbox, KEY_HEADER, SANDBOX_DESTINATION_NAME};
use apidest_core::ErrorCode;
use engine_support::harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_is_recorded_with_its_credentials_masked() {
    let h = harness().await;
    let events = EventBus::new();
    let mut pushed = events.subscribe();
    let sandbox = Sandbox::new(events);

    let status = sandbox
        .set_enabled(&h.db.pool, true, Some(0))
        .await
        .unwrap();
    assert!(status.enabled && status.running, "{status:?}");
    assert_ne!(status.port, 0, "port 0 binds a free port");
    let url = status.url.clone().expect("url while running");
    assert_eq!(url, format!("http://127.0.0.1:{}", status.port));

    // The ready-made destination points at the port actually bound.
    let sandbox_dest = get_destination(&h.db.pool, status.destination_id.as_ref().unwrap())
        .await
        .unwrap();
    assert_eq!(sandbox_dest.input.name, SANDBOX_DESTINATION_NAME);
    assert_eq!(sandbox_dest.input.endpoint, sandbox_endpoint(status.port));

    // A destination with a Bearer token and a key in the query, like a real vendor's.
    let token = "sk_live_sandbox_secret_123";
    let auth = h.auth(AuthSettings::Bearer, token).await;
    let dest = keyed(
        &h,
        &sandbox,
        h.destination(
            &format!("{url}/contacts/{{email}}?api_key=query-secret-456&source=test"),
            Some(auth),
        )
        .await,
    )
    .await;
    let contact = list_contacts(&h.db.pool)
        .await
        .unwrap()
        .into_iter()
        .find(|c| {
            c.fields
                .custom_attributes
                .get("email")
                .is_some_and(|e| e.is_string())
        })
        .expect("a sample contact with an email");
    let mut request = h.request(&dest);
    request.contact_id = contact.id.clone();
    request.bindings = BTreeMap::from([(
        "email".to_owned(),
        "contact.custom_attributes.email".to_owned(),
    )]);
    let detail = h.engine.send_and_wait(&h.cache, request).await.unwrap();
    assert_eq!(detail.attempts[0].category, Some(StatusCategory::Success));
    assert_eq!(detail.attempts[0].http_status, Some(200));
    let body = detail.attempts[0].response_body.as_deref().unwrap_or("");
    assert!(body.contains(r#""received":true"#), "{body}");

    let requests = sandbox.requests();
    assert_eq!(requests.len(), 1);
    let got = &requests[0];
    assert!(body.contains(&got.id), "the response names the recorded id");
    assert_eq!(got.method, "POST");
    assert_eq!(got.status, 200);
    assert!(got.path.starts_with("/contacts/"), "{}", got.path);
    assert!(
        got.path.ends_with("?api_key=••••&source=test"),
        "{}",
        got.path
    );
    let header = |name: &str| {
        got.headers
            .iter()
            .find(|h| h.name == name)
            .map(|h| h.value.as_str())
    };
    assert_eq!(header("authorization"), Some("Bearer ••••"));
    assert_eq!(header("content-type"), Some("application/json"));
    assert!(got.body.contains(r#""name":"#), "{}", got.body);
    let everything = serde_json::to_string(&requests).unwrap();
    assert!(!everything.contains(token) && !everything.contains("query-secret-456"));

    // Pushed as it arrived, already masked.
    let event = tokio::time::timeout(Duration::from_secs(2), pushed.recv())
        .await
        .expect("an event within 2 s")
        .unwrap();
    assert_eq!(
        event,
        AppEvent::SandboxRequestReceived {
            request: Box::new(got.clone())
        }
    );

    sandbox.clear();
    assert!(sandbox.requests().is_empty());
    sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_503_lands_as_a_server_error_with_retry_after() {
    let h = harness().await;
    let sandbox = Sandbox::new(EventBus::new());
    let status = sandbox
        .set_enabled(&h.db.pool, true, Some(0))
        .await
        .unwrap();
    let dest = keyed(
        &h,
        &sandbox,
        h.destination(&format!("{}/status/503", status.url.unwrap()), None)
            .await,
    )
    .await;
    let detail = h.send(&dest).await;
    let attempt = &detail.attempts[0];
    assert_eq!(attempt.category, Some(StatusCategory::ServerError));
    assert_eq!(attempt.http_status, Some(503));
    assert!(
        attempt
            .response_headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("retry-after") && h.value == "5"),
        "{:?}",
        attempt.response_headers
    );
    assert_eq!(sandbox.requests()[0].status, 503);

    // A redirect is answered with somewhere to go, and lands as a Redirection Error.
    let moved = keyed(
        &h,
        &sandbox,
        h.destination(
            &format!("{}/status/302", sandbox_url(&sandbox, &h).await),
            None,
        )
        .await,
    )
    .await;
    let detail = h.send(&moved).await;
    assert_eq!(
        detail.attempts[0].category,
        Some(StatusCategory::RedirectionError)
    );
    sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_off_frees_the_port_and_a_busy_port_is_named() {
    let h = harness().await;
    let sandbox = Sandbox::new(EventBus::new());
    let on = sandbox
        .set_enabled(&h.db.pool, true, Some(0))
        .await
        .unwrap();
    let port = on.port;

    // A second app (or anything else) on the same port: a clear error naming it.
    let other = Sandbox::new(EventBus::new());
    let err = other
        .set_enabled(&h.db.pool, true, Some(port))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains(&port.to_string()), "{}", err.message);
    assert!(err.message.contains("Settings"), "{}", err.message);

    let off = sandbox.set_enabled(&h.db.pool, false, None).await.unwrap();
    assert!(!off.enabled && !off.running && off.url.is_none());
    assert!(
        tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err(),
        "nothing listens after switching off"
    );

    // Switched on again on another port: the same destination, moved to the new port.
    let again = sandbox
        .set_enabled(&h.db.pool, true, Some(0))
        .await
        .unwrap();
    assert_eq!(again.destination_id, on.destination_id);
    let dest = get_destination(&h.db.pool, again.destination_id.as_ref().unwrap())
        .await
        .unwrap();
    assert_eq!(dest.input.endpoint, sandbox_endpoint(again.port));

    // Deleted by the user: made again on the next switch-on.
    apidest_core::destinations::delete_destination(&h.db.pool, &dest.id)
        .await
        .unwrap();
    assert_eq!(
        sandbox.status(&h.db.pool).await.unwrap().destination_id,
        None
    );
    let remade = sandbox
        .set_enabled(&h.db.pool, true, Some(0))
        .await
        .unwrap();
    assert!(remade.destination_id.is_some() && remade.destination_id != on.destination_id);
    sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_bodies_are_refused_and_delays_are_honoured() {
    let h = harness().await;
    let sandbox = Sandbox::new(EventBus::new());
    let url = sandbox
        .set_enabled(&h.db.pool, true, Some(0))
        .await
        .unwrap()
        .url
        .unwrap();
    let client = keyed_client(&sandbox).await;

    let big = vec![b'x'; apidest_core::sandbox::BODY_LIMIT_BYTES + 1];
    let response = client
        .post(format!("{url}/big"))
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(sandbox.requests()[0].status, 413);

    let started = std::time::Instant::now();
    let response = client
        .put(format!("{url}/slow?delay_ms=300&token=abc"))
        .body("x".repeat(apidest_core::sandbox::BODY_KEPT_BYTES + 10))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let got = &sandbox.requests()[0];
    assert_eq!(got.path, "/slow?delay_ms=300&token=••••");
    assert!(got.body_truncated);
    assert_eq!(got.body.len(), apidest_core::sandbox::BODY_KEPT_BYTES);
    assert_eq!(
        got.body_size as usize,
        apidest_core::sandbox::BODY_KEPT_BYTES + 10
    );

    let response = client
        .get(format!("{url}/status/abc"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    sandbox.stop().await;
}

/// `dest` with the running sandbox's key header added, as a copy of the Sandbox destination
/// would carry it.
async fn keyed(
    h: &engine_support::Harness,
    sandbox: &Sandbox,
    dest: apidest_core::ids::DestinationId,
) -> apidest_core::ids::DestinationId {
    let key = sandbox.key_header().await.expect("running");
    let mut input = get_destination(&h.db.pool, &dest).await.unwrap().input;
    input.headers.push(key);
    update_destination(&h.db.pool, &dest, input).await.unwrap();
    dest
}

/// A client that sends the running sandbox's key with every request.
async fn keyed_client(sandbox: &Sandbox) -> reqwest::Client {
    let key = sandbox.key_header().await.expect("running");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::HeaderName::from_bytes(key.name.as_bytes()).unwrap(),
        key.value.parse().unwrap(),
    );
    apidest_core::tls::client_builder()
        .default_headers(headers)
        .build()
        .expect("client")
}

async fn sandbox_url(sandbox: &Sandbox, h: &engine_support::Harness) -> String {
    sandbox.status(&h.db.pool).await.unwrap().url.unwrap()
}

/// A web page can make the browser POST to 127.0.0.1 (`no-cors`, a simple request: no custom
/// header); the sandbox refuses anything without its current key, before reading the body,
/// and records nothing. The key is renewed on each start and the destinations carrying it
/// follow, so the app's own Send test keeps working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_without_this_runs_key_are_refused() {
    let h = harness().await;
    let sandbox = Sandbox::new(EventBus::new());
    let status = sandbox
        .set_enabled(&h.db.pool, true, Some(0))
        .await
        .unwrap();
    let url = status.url.clone().unwrap();
    let client = apidest_core::tls::client_builder().build().expect("client");
    let from_a_page = client
        .post(format!("{url}/contacts/x"))
        .header("content-type", "text/plain")
        .header("origin", "https://evil.example")
        .body("written by a web page")
        .send()
        .await
        .unwrap();
    assert_eq!(from_a_page.status().as_u16(), 403);
    let message = from_a_page.text().await.unwrap();
    assert!(message.contains(KEY_HEADER), "{message}");
    let wrong = client
        .post(format!("{url}/contacts/x"))
        .header(KEY_HEADER, "guessed")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 403);
    assert!(sandbox.requests().is_empty(), "nothing refused is recorded");

    // The Sandbox destination carries the key; a copy of it sending elsewhere on the sandbox
    // carries it too.
    let sandbox_dest = status.destination_id.clone().unwrap();
    let key = sandbox.key_header().await.unwrap();
    let carried = get_destination(&h.db.pool, &sandbox_dest).await.unwrap();
    assert!(
        carried.input.headers.contains(&key),
        "{:?}",
        carried.input.headers
    );
    let copy = keyed(
        &h,
        &sandbox,
        h.destination(&format!("{url}/status/201"), None).await,
    )
    .await;
    let detail = h.send(&copy).await;
    assert_eq!(detail.attempts[0].http_status, Some(201));

    // Started again (the next launch, say): a new key, and both follow.
    sandbox.set_enabled(&h.db.pool, false, None).await.unwrap();
    let again = sandbox
        .set_enabled(&h.db.pool, true, Some(status.port))
        .await
        .unwrap();
    let renewed = sandbox.key_header().await.unwrap();
    assert_ne!(renewed.value, key.value, "a new key for a new run");
    for dest in list_destinations(&h.db.pool).await.unwrap() {
        if dest.id == sandbox_dest || dest.id == copy {
            assert!(dest.input.headers.contains(&renewed), "{:?}", dest.input);
        }
    }
    let detail = h.send(&copy).await;
    assert_eq!(detail.attempts[0].http_status, Some(201));
    let old_key = client
        .post(format!("{}/x", again.url.unwrap()))
        .header(KEY_HEADER, key.value.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(
        old_key.status().as_u16(),
        403,
        "the last run's key no longer works"
    );
    // What is recorded shows the key masked, like any credential.
    let got = &sandbox.requests()[0];
    assert!(got
        .headers
        .iter()
        .any(|h| h.name == KEY_HEADER.to_ascii_lowercase() && h.value == "••••"));
    sandbox.stop().await;
}
