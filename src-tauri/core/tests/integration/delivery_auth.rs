//! Credentials applied at send time, against real local servers that check them: Basic,
//! Bearer, API key (header and query), OAuth 2.0 client credentials (with one refresh on 401),
//! Standard Webhooks HMAC, and the Auth Config Errors that stop a delivery before it is sent.
//! No secret ever reaches a stored attempt.

use crate::engine_support;
use crate::http_support;

use std::sync::{Arc, Mutex};

use apidest_core::auth::{delete_auth_config, secret_key, ApiKeyPlacement, AuthSettings};
use apidest_core::engine::{DeliveryDetail, DeliveryState, StatusCategory};
use apidest_core::secrets::SecretStore;
use base64::Engine as _;
use engine_support::{harness, Harness};
use hmac::{Hmac, Mac};
use http_support::{always, serve, RecordedRequest, Reply};
use sha2::Sha256;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// Fails when `secret` appears anywhere in what was stored about the delivery's attempts.
fn assert_no_secret(detail: &DeliveryDetail, secrets: &[&str]) {
    let stored = serde_json::to_string(&detail.attempts).expect("attempts serialise");
    for attempt in &detail.attempts {
        for secret in secrets {
            let url = attempt.request_url.as_deref().unwrap_or("");
            assert!(!url.contains(secret), "secret in request_url: {url}");
            for header in &attempt.request_headers {
                assert!(
                    !header.value.contains(secret),
                    "secret in request header {}: {}",
                    header.name,
                    header.value
                );
            }
        }
    }
    for secret in secrets {
        assert!(
            !stored.contains(secret),
            "secret {secret:?} stored: {stored}"
        );
    }
}

/// The stored request header of that name on the first attempt.
fn stored_header<'a>(detail: &'a DeliveryDetail, name: &str) -> Option<&'a str> {
    detail.attempts[0]
        .request_headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn assert_success(detail: &DeliveryDetail) {
    assert_eq!(detail.attempts.len(), 1, "{detail:#?}");
    let attempt = &detail.attempts[0];
    assert_eq!(
        attempt.category,
        Some(StatusCategory::Success),
        "{attempt:#?}"
    );
    assert_eq!(attempt.http_status, Some(200), "{attempt:#?}");
    assert_eq!(detail.summary.state, DeliveryState::Succeeded);
}

/// A target that answers 200 when `accept` likes the request and 401 otherwise.
async fn checking_server<F>(accept: F) -> http_support::TestServer
where
    F: Fn(&RecordedRequest) -> bool + Send + Sync + 'static,
{
    serve(move |request, _| {
        if accept(request) {
            Reply::json(200, r#"{"ok":true}"#)
        } else {
            Reply::json(401, r#"{"error":"unauthorized"}"#)
        }
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Each kind, applied.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn basic_auth_sends_base64_user_and_password() {
    let h = harness().await;
    let password = "pa55-Basic-S3cret";
    let expected = format!("Basic {}", B64.encode(format!("alice:{password}")));
    let wanted = expected.clone();
    let server = checking_server(move |r| r.header("authorization") == Some(wanted.as_str())).await;
    let auth = h
        .auth(
            AuthSettings::Basic {
                username: "alice".into(),
            },
            password,
        )
        .await;
    let dest = h.destination(&server.url("/hooks"), Some(auth)).await;
    let detail = h.send(&dest).await;
    assert_success(&detail);
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some(expected.as_str())
    );
    assert_eq!(stored_header(&detail, "authorization"), Some("Basic ••••"));
    let encoded = expected.trim_start_matches("Basic ");
    assert_no_secret(&detail, &[password, encoded]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bearer_auth_sends_the_token() {
    let h = harness().await;
    let token = "bearer-T0ken-abcdef";
    let server = checking_server(move |r| {
        r.header("authorization") == Some(format!("Bearer {token}").as_str())
    })
    .await;
    let auth = h.auth(AuthSettings::Bearer, token).await;
    let dest = h.destination(&server.url("/hooks"), Some(auth)).await;
    let detail = h.send(&dest).await;
    assert_success(&detail);
    assert_eq!(server.request_count(), 1);
    assert_eq!(stored_header(&detail, "authorization"), Some("Bearer ••••"));
    assert_no_secret(&detail, &[token]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_key_in_a_custom_header() {
    let h = harness().await;
    let key = "hdr-K3y-998877";
    let server = checking_server(move |r| r.header("x-partner-key") == Some(key)).await;
    let auth = h
        .auth(
            AuthSettings::ApiKey {
                placement: ApiKeyPlacement::Header,
                name: "X-Partner-Key".into(),
            },
            key,
        )
        .await;
    let dest = h.destination(&server.url("/hooks"), Some(auth)).await;
    let detail = h.send(&dest).await;
    assert_success(&detail);
    assert_eq!(stored_header(&detail, "x-partner-key"), Some("••••"));
    assert_no_secret(&detail, &[key]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_key_in_the_query_is_masked_in_the_record() {
    let h = harness().await;
    let key = "qry-K3y-445566";
    let server = checking_server(move |r| r.target == format!("/hooks?api_key={key}")).await;
    let auth = h
        .auth(
            AuthSettings::ApiKey {
                placement: ApiKeyPlacement::Query,
                name: "api_key".into(),
            },
            key,
        )
        .await;
    let dest = h.destination(&server.url("/hooks"), Some(auth)).await;
    let detail = h.send(&dest).await;
    assert_success(&detail);
    assert_eq!(server.requests()[0].target, format!("/hooks?api_key={key}"));
    let url = detail.attempts[0].request_url.as_deref().unwrap_or("");
    assert!(url.ends_with("/hooks?api_key=••••"), "masked URL: {url}");
    assert_no_secret(&detail, &[key]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oauth_refreshes_once_on_401_then_reuses_the_token() {
    let h = harness().await;
    let client_secret = "oauth-Cl1ent-S3cret";
    let token_server = serve(|_, index| {
        let token = format!("tok-{}", index + 1);
        Reply::json(
            200,
            &format!(r#"{{"access_token":"{token}","expires_in":3600}}"#),
        )
    })
    .await;
    let target = checking_server(|r| r.header("authorization") == Some("Bearer tok-2")).await;
    let auth = h
        .auth(
            AuthSettings::OAuth2ClientCredentials {
                token_url: token_server.url("/oauth/token"),
                client_id: "client-abc".into(),
                scope: None,
                audience: None,
            },
            client_secret,
        )
        .await;
    let dest = h.destination(&target.url("/hooks"), Some(auth)).await;

    let first = h.send(&dest).await;
    assert_success(&first);
    let seen: Vec<Option<String>> = target
        .requests()
        .iter()
        .map(|r| r.header("authorization").map(str::to_owned))
        .collect();
    assert_eq!(
        seen,
        vec![Some("Bearer tok-1".into()), Some("Bearer tok-2".into())],
        "one refresh within the same attempt"
    );
    let token_requests = token_server.requests();
    assert_eq!(token_requests.len(), 2);
    for request in &token_requests {
        assert_eq!(request.method, "POST");
        assert_eq!(request.target, "/oauth/token");
        let form: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        let field = |name: &str| {
            form.iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(field("grant_type"), Some("client_credentials"), "{form:?}");
        assert_eq!(field("client_id"), Some("client-abc"), "{form:?}");
        assert_eq!(field("client_secret"), Some(client_secret), "{form:?}");
    }
    assert_eq!(stored_header(&first, "authorization"), Some("Bearer ••••"));
    assert_no_secret(&first, &[client_secret, "tok-1", "tok-2"]);

    let second = h.send(&dest).await;
    assert_success(&second);
    assert_eq!(target.request_count(), 3);
    assert_eq!(
        target.requests()[2].header("authorization"),
        Some("Bearer tok-2"),
        "the cached token is reused"
    );
    assert_eq!(token_server.request_count(), 2, "no new token request");
    assert_no_secret(&second, &[client_secret, "tok-1", "tok-2"]);
}

/// Standard Webhooks, recomputed here without the engine's code.
fn standard_webhook_signature(secret: &str, id: &str, timestamp: &str, body: &[u8]) -> String {
    let key = B64
        .decode(secret.strip_prefix("whsec_").expect("a whsec_ secret"))
        .expect("base64 key");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC key");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    format!("v1,{}", B64.encode(mac.finalize().into_bytes()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hmac_standard_webhooks_signature_verifies() {
    let h = harness().await;
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let server = checking_server(move |r| {
        let (Some(id), Some(timestamp), Some(signature)) = (
            r.header("webhook-id"),
            r.header("webhook-timestamp"),
            r.header("webhook-signature"),
        ) else {
            return false;
        };
        signature == standard_webhook_signature(secret, id, timestamp, &r.body)
    })
    .await;
    let auth = h
        .auth(
            AuthSettings::Hmac {
                id_header: "webhook-id".into(),
                timestamp_header: "webhook-timestamp".into(),
                signature_header: "webhook-signature".into(),
            },
            secret,
        )
        .await;
    let dest = h.destination(&server.url("/hooks"), Some(auth)).await;
    let detail = h.send(&dest).await;
    assert_success(&detail);

    let request = &server.requests()[0];
    assert_eq!(
        request.header("webhook-id"),
        Some(detail.summary.id.as_str()),
        "webhook-id is the delivery id"
    );
    let timestamp: u64 = request
        .header("webhook-timestamp")
        .and_then(|t| t.parse().ok())
        .expect("a numeric timestamp");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(
        now.abs_diff(timestamp) <= 60,
        "timestamp {timestamp} vs now {now}"
    );
    assert!(!request.body.is_empty());
    assert_eq!(
        detail.body.as_deref().map(str::as_bytes),
        Some(&request.body[..])
    );
    assert_eq!(stored_header(&detail, "webhook-signature"), Some("v1,••••"));
    let signature = request.header("webhook-signature").unwrap().to_owned();
    let key_part = secret.trim_start_matches("whsec_");
    assert_no_secret(
        &detail,
        &[secret, key_part, signature.trim_start_matches("v1,")],
    );
}

// ---------------------------------------------------------------------------------------------
// Auth Config Errors: nothing is sent, the delivery fails (not retried).

fn assert_auth_config_error(detail: &DeliveryDetail, cause: &str) {
    assert_eq!(detail.attempts.len(), 1, "{detail:#?}");
    let attempt = &detail.attempts[0];
    assert_eq!(
        attempt.category,
        Some(StatusCategory::AuthConfigError),
        "{attempt:#?}"
    );
    assert_eq!(attempt.cause.as_deref(), Some(cause), "{attempt:#?}");
    assert_eq!(attempt.http_status, None, "{attempt:#?}");
    assert_eq!(detail.summary.state, DeliveryState::Failed, "{attempt:#?}");
    assert_eq!(detail.summary.next_attempt_at, None);
    assert!(
        !attempt.hint.as_deref().unwrap_or("").trim().is_empty(),
        "a hint: {attempt:#?}"
    );
}

async fn bearer_destination(
    h: &Harness,
    url: &str,
    token: &str,
) -> (apidest_core::ids::AuthId, apidest_core::ids::DestinationId) {
    let auth = h.auth(AuthSettings::Bearer, token).await;
    let dest = h.destination(url, Some(auth.clone())).await;
    (auth, dest)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_auth_config_is_an_auth_config_error() {
    let h = harness().await;
    let token = "deleted-T0ken-1";
    let server = always(Reply::status(200)).await;
    let (auth, dest) = bearer_destination(&h, &server.url("/hooks"), token).await;
    delete_auth_config(&h.db.pool, h.secrets.clone(), &auth)
        .await
        .expect("auth config deleted");
    let detail = h.send(&dest).await;
    assert_auth_config_error(&detail, "auth_config_deleted");
    assert_eq!(server.request_count(), 0, "nothing sent");
    assert_no_secret(&detail, &[token]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_config_deleted_after_use_is_an_auth_config_error_once_invalidated() {
    let h = harness().await;
    let token = "used-then-deleted-T0ken";
    let server = always(Reply::status(200)).await;
    let (auth, dest) = bearer_destination(&h, &server.url("/hooks"), token).await;
    assert_success(&h.send(&dest).await);
    assert_eq!(server.request_count(), 1);
    // The engine keeps credentials in memory; whoever deletes a config tells it.
    delete_auth_config(&h.db.pool, h.secrets.clone(), &auth)
        .await
        .expect("auth config deleted");
    h.engine.invalidate_auth(&auth);
    let detail = h.send(&dest).await;
    assert_auth_config_error(&detail, "auth_config_deleted");
    assert_eq!(server.request_count(), 1, "nothing sent after the deletion");
    assert_no_secret(&detail, &[token]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_missing_from_the_keyring_is_an_auth_config_error() {
    let h = harness().await;
    let token = "missing-T0ken-2";
    let server = always(Reply::status(200)).await;
    let (auth, dest) = bearer_destination(&h, &server.url("/hooks"), token).await;
    // Before the first send: the engine keeps credentials in memory once read.
    h.secrets
        .delete(&secret_key(&auth, "token"))
        .expect("secret removed");
    let detail = h.send(&dest).await;
    assert_auth_config_error(&detail, "secret_missing");
    assert_eq!(server.request_count(), 0, "nothing sent");
    assert_no_secret(&detail, &[token]);
}

/// A locked or unreachable keyring is not the target's failure: the delivery is held with its
/// try given back, and sent once the keyring answers (tests/keyring_locked.rs does it with a
/// real gnome-keyring).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unavailable_keyring_holds_the_delivery_until_it_answers() {
    let h = harness().await;
    let token = "locked-T0ken-3";
    let server = always(Reply::status(200)).await;
    let (_, dest) = bearer_destination(&h, &server.url("/hooks"), token).await;
    h.secrets.set_unavailable(true);
    let detail = h.send(&dest).await;
    let attempt = &detail.attempts[0];
    assert_eq!(attempt.category, Some(StatusCategory::AuthConfigError));
    assert_eq!(attempt.cause.as_deref(), Some("keyring_unavailable"));
    assert_eq!(
        detail.summary.state,
        DeliveryState::Scheduled,
        "{detail:#?}"
    );
    assert_eq!(
        detail.summary.hold_reason,
        Some(apidest_core::engine::HoldReason::KeyringLocked)
    );
    assert_eq!(server.request_count(), 0, "nothing sent");
    assert_no_secret(&detail, &[token]);

    h.secrets.set_unavailable(false);
    let sent = h
        .wait_for_attempts(&detail, 2, std::time::Duration::from_secs(15))
        .await;
    assert_eq!(sent.summary.state, DeliveryState::Succeeded, "{sent:#?}");
    assert_eq!(server.request_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_token_url_is_an_auth_config_error() {
    let h = harness().await;
    // With characters the form encodes, and a token URL that echoes the form it got (client
    // secret included) in its error: the attempt's error quotes it, masked in either spelling.
    let client_secret = "rejected+Cl1ent/S3cret=";
    let encoded_secret = "rejected%2BCl1ent%2FS3cret%3D";
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = bodies.clone();
    let token_server = serve(move |r, _| {
        seen.lock().unwrap().push(r.body_text());
        Reply::json(
            400,
            &serde_json::json!({"error": "invalid_client", "received": r.body_text()}).to_string(),
        )
    })
    .await;
    let target = always(Reply::status(200)).await;
    let auth = h
        .auth(
            AuthSettings::OAuth2ClientCredentials {
                token_url: token_server.url("/oauth/token"),
                client_id: "client-abc".into(),
                scope: Some("contacts.write".into()),
                audience: None,
            },
            client_secret,
        )
        .await;
    let dest = h.destination(&target.url("/hooks"), Some(auth)).await;
    let detail = h.send(&dest).await;
    assert_auth_config_error(&detail, "token_request_failed");
    assert_eq!(target.request_count(), 0, "nothing sent to the target");
    assert_eq!(token_server.request_count(), 1);
    let sent = bodies.lock().unwrap()[0].clone();
    assert!(sent.contains("scope=contacts.write"));
    assert!(
        sent.contains(encoded_secret),
        "the form carried the secret: {sent}"
    );
    let error = detail.attempts[0].error.clone().unwrap_or_default();
    assert!(
        error.contains("invalid_client"),
        "the answer is quoted: {error}"
    );
    assert_no_secret(&detail, &[client_secret, encoded_secret]);
}
