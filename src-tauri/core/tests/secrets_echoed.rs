//! Secrets by construction: whatever a target repeats of the request — an echo of the whole
//! request in the body and the headers, a redirect whose `Location` repeats the query — no
//! secret value used for the attempt is stored. Every auth kind is sent to real local servers;
//! then the delivery's detail and every byte of the data folder are searched for each secret.

mod engine_support;
mod http_support;

use apidest_core::auth::{ApiKeyPlacement, AuthSettings};
use apidest_core::engine::{DeliveryDetail, StatusCategory};
use base64::Engine as _;
use engine_support::{harness, Harness};
use http_support::{serve, RecordedRequest, Reply, TestServer};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

const PASSWORD: &str = "pa55-Echo-Basic-S3cret";
const BEARER: &str = "bearer-Echo-T0ken-8841";
const HEADER_KEY: &str = "hdr-Echo-K3y-7730";
const QUERY_KEY: &str = "qry-Echo-K3y-2291";
const CLIENT_SECRET: &str = "oauth-Echo-Cl1ent-S3cret";
const ACCESS_TOKEN: &str = "oauth-Echo-Acc3ss-T0ken-5150";
const HMAC_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// The whole request as JSON in the body (httpbin's `/anything` style), and each request
/// header copied into the response headers.
fn echo(request: &RecordedRequest, code: u16) -> Reply {
    let headers: serde_json::Map<String, serde_json::Value> = request
        .headers
        .iter()
        .map(|(n, v)| (n.clone(), serde_json::Value::String(v.clone())))
        .collect();
    let body = serde_json::json!({
        "method": request.method,
        "url": request.target,
        "headers": headers,
        "data": request.body_text(),
    });
    let mut reply = Reply::json(code, &body.to_string());
    for (name, value) in &request.headers {
        if !matches!(
            name.as_str(),
            "content-length" | "transfer-encoding" | "connection" | "content-type"
        ) {
            reply = reply.with_header(name, value);
        }
    }
    reply
}

/// (a) A target that answers 200 with the request echoed.
async fn echo_server() -> TestServer {
    serve(|request, _| echo(request, 200)).await
}

/// (b) A target that answers 302 to the same path and query (so a query key is repeated in
/// `Location`), with the request echoed as some frameworks' redirect pages do.
async fn redirect_server() -> TestServer {
    serve(|request, _| echo(request, 302).with_header("location", &request.target)).await
}

enum Kind {
    Basic,
    Bearer,
    HeaderKey,
    QueryKey,
    OAuth,
    Hmac,
}

enum Target {
    Echo,
    Redirect,
}

/// Creates the config (and the token server an OAuth config needs, kept alive by the caller).
async fn auth_for(h: &Harness, kind: &Kind) -> (apidest_core::ids::AuthId, Option<TestServer>) {
    match kind {
        Kind::Basic => {
            let settings = AuthSettings::Basic {
                username: "alice".into(),
            };
            (h.auth(settings, PASSWORD).await, None)
        }
        Kind::Bearer => (h.auth(AuthSettings::Bearer, BEARER).await, None),
        Kind::HeaderKey => {
            let settings = AuthSettings::ApiKey {
                placement: ApiKeyPlacement::Header,
                name: "X-Partner-Key".into(),
            };
            (h.auth(settings, HEADER_KEY).await, None)
        }
        Kind::QueryKey => {
            let settings = AuthSettings::ApiKey {
                placement: ApiKeyPlacement::Query,
                name: "api_key".into(),
            };
            (h.auth(settings, QUERY_KEY).await, None)
        }
        Kind::OAuth => {
            let answer = format!(r#"{{"access_token":"{ACCESS_TOKEN}","expires_in":3600}}"#);
            let token_server = serve(move |_, _| Reply::json(200, &answer)).await;
            let settings = AuthSettings::OAuth2ClientCredentials {
                token_url: token_server.url("/oauth/token"),
                client_id: "client-abc".into(),
                scope: None,
                audience: None,
            };
            (h.auth(settings, CLIENT_SECRET).await, Some(token_server))
        }
        Kind::Hmac => {
            let settings = AuthSettings::Hmac {
                id_header: "webhook-id".into(),
                timestamp_header: "webhook-timestamp".into(),
                signature_header: "webhook-signature".into(),
            };
            (h.auth(settings, HMAC_SECRET).await, None)
        }
    }
}

/// Every secret of that kind, as the target received it: the HMAC signature is read from the
/// request the server saw.
fn secrets_of(kind: &Kind, seen: &RecordedRequest) -> Vec<String> {
    match kind {
        Kind::Basic => vec![
            PASSWORD.into(),
            format!("alice:{PASSWORD}"),
            B64.encode(format!("alice:{PASSWORD}")),
        ],
        Kind::Bearer => vec![BEARER.into()],
        Kind::HeaderKey => vec![HEADER_KEY.into()],
        Kind::QueryKey => vec![QUERY_KEY.into()],
        Kind::OAuth => vec![CLIENT_SECRET.into(), ACCESS_TOKEN.into()],
        Kind::Hmac => {
            let signature = seen
                .header("webhook-signature")
                .and_then(|s| s.strip_prefix("v1,"))
                .expect("a v1 signature was sent");
            vec![
                HMAC_SECRET.into(),
                HMAC_SECRET.trim_start_matches("whsec_").into(),
                signature.into(),
            ]
        }
    }
}

/// Every file in the data folder (database, WAL, shared memory) that holds `secret`.
fn files_holding(h: &Harness, secret: &str) -> Vec<String> {
    std::fs::read_dir(h.dir.path())
        .expect("data folder readable")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter(|e| {
            let bytes = std::fs::read(e.path()).expect("file readable");
            bytes.windows(secret.len()).any(|w| w == secret.as_bytes())
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

async fn sends_and_stores_no_secret(kind: Kind, target: Target) -> DeliveryDetail {
    let h = harness().await;
    let server = match target {
        Target::Echo => echo_server().await,
        Target::Redirect => redirect_server().await,
    };
    let (auth, _token_server) = auth_for(&h, &kind).await;
    let dest = h.destination(&server.url("/hooks?a=1"), Some(auth)).await;
    let detail = h.send(&dest).await;

    let attempt = &detail.attempts[0];
    let expected = match target {
        Target::Echo => StatusCategory::Success,
        Target::Redirect => StatusCategory::RedirectionError,
    };
    assert_eq!(attempt.category, Some(expected), "{attempt:#?}");

    let seen = &server.requests()[0];
    let secrets = secrets_of(&kind, seen);
    let echoed = format!("{seen:?}");
    // The credential did go out, so the target could repeat it: its absence below means
    // something.
    assert!(
        secrets.iter().any(|s| echoed.contains(s.as_str())),
        "the target saw no secret: {echoed}"
    );
    let body = attempt.response_body.as_deref().unwrap_or("");
    assert!(
        body.contains("\"headers\"") && body.contains("/hooks?a=1"),
        "the echo was stored: {body}"
    );

    let shown = format!("{detail:?}");
    for secret in &secrets {
        assert!(
            !shown.contains(secret.as_str()),
            "secret {secret:?} in the delivery: {shown}"
        );
        let files = files_holding(&h, secret);
        assert!(files.is_empty(), "secret {secret:?} in {files:?}");
    }
    assert!(
        body.contains("••••"),
        "the echoed credential is masked: {body}"
    );
    detail
}

fn location(detail: &DeliveryDetail) -> String {
    detail.attempts[0]
        .response_headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("location"))
        .map(|h| h.value.clone())
        .expect("a stored Location")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn basic_echoed_stores_no_secret() {
    sends_and_stores_no_secret(Kind::Basic, Target::Echo).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn basic_redirected_stores_no_secret() {
    sends_and_stores_no_secret(Kind::Basic, Target::Redirect).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bearer_echoed_stores_no_secret() {
    sends_and_stores_no_secret(Kind::Bearer, Target::Echo).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bearer_redirected_stores_no_secret() {
    sends_and_stores_no_secret(Kind::Bearer, Target::Redirect).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn header_key_echoed_stores_no_secret() {
    sends_and_stores_no_secret(Kind::HeaderKey, Target::Echo).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn header_key_redirected_stores_no_secret() {
    sends_and_stores_no_secret(Kind::HeaderKey, Target::Redirect).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_key_echoed_stores_no_secret() {
    let detail = sends_and_stores_no_secret(Kind::QueryKey, Target::Echo).await;
    let url = detail.attempts[0].request_url.as_deref().unwrap_or("");
    assert!(url.ends_with("/hooks?a=1&api_key=••••"), "{url}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_key_redirected_stores_a_masked_location_and_hint() {
    let detail = sends_and_stores_no_secret(Kind::QueryKey, Target::Redirect).await;
    assert_eq!(location(&detail), "/hooks?a=1&api_key=••••");
    let hint = detail.attempts[0].hint.as_deref().unwrap_or("");
    assert!(
        hint.contains("/hooks?a=1&api_key=••••"),
        "the hint quotes the masked Location: {hint}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oauth_echoed_stores_no_secret() {
    sends_and_stores_no_secret(Kind::OAuth, Target::Echo).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oauth_redirected_stores_no_secret() {
    sends_and_stores_no_secret(Kind::OAuth, Target::Redirect).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hmac_echoed_stores_no_secret() {
    let detail = sends_and_stores_no_secret(Kind::Hmac, Target::Echo).await;
    // The id and timestamp are not secret: they stay readable in the echo.
    let body = detail.attempts[0].response_body.as_deref().unwrap_or("");
    assert!(body.contains(detail.summary.id.as_str()), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hmac_redirected_stores_no_secret() {
    sends_and_stores_no_secret(Kind::Hmac, Target::Redirect).await;
}
