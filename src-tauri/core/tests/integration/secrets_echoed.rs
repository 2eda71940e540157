//! Secrets by construction, the full leak matrix: whatever a target does with the request —
//! refuses the connection, never answers, redirects with the query in `Location`, echoes the
//! whole request in the body and the headers — no secret value used for the attempt is stored
//! or answered. Every auth kind, a secret static header and a secret `?api_key=` typed into the
//! endpoint are sent to real local servers; then every answer the IPC commands give about it
//! (the core functions they call, as JSON), the exports written through the core, and every
//! byte of the data folder (database, WAL, exports) are searched for each secret.
//!
//! The destination's own form values (`destination_get`) are not searched: a secret typed into
//! a static header is held there, and shown to the form, until the user moves it to API Auth.

use crate::engine_support;
use crate::http_support;

use apidest_core::auth::{ApiKeyPlacement, AuthSettings};
use apidest_core::delivery_log::{
    curl_command, export_deliveries, list_deliveries, replay_preview, DeliveryExportFormat,
    DeliveryFilter,
};
use apidest_core::destinations::{create_destination, DestinationInput, HeaderEntry};
use apidest_core::engine::{DeliveryDetail, StatusCategory};
use apidest_core::ids::{AuthId, DestinationId};
use apidest_core::render::{preview, PreviewRequest};
use apidest_core::transfer::export_document;
use base64::Engine as _;
use engine_support::{harness, quick_retries, Harness};
use http_support::{always, closed_port, serve, RecordedRequest, Reply, TestServer};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

const PASSWORD: &str = "pa55-Echo-Basic-S3cret";
const BEARER: &str = "bearer-Echo-T0ken-8841";
const HEADER_KEY: &str = "hdr-Echo-K3y-7730";
/// With characters a URL query encodes (`+/="`), so an encoded copy would be missed by a
/// search for the value as typed: both are searched.
const QUERY_KEY: &str = "qry-Echo+K3y/2291=\"";
const CLIENT_SECRET: &str = "oauth-Echo-Cl1ent-S3cret";
const ACCESS_TOKEN: &str = "oauth-Echo-Acc3ss-T0ken-5150";
const HMAC_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const STATIC_HEADER: &str = "static-Hdr-S3cret-4417";
const STATIC_QUERY: &str = "static-Qry+S3cret/9902=";

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
    /// `X-Api-Key` typed as a static header.
    StaticHeader,
    /// `?api_key=` typed into the endpoint.
    StaticQuery,
}

enum Target {
    Echo,
    Redirect,
    /// Nothing listens on the port.
    Refused,
    /// Reads the request and never answers (the destination's timeout is 1 s).
    Timeout,
}

/// Creates the config (and the token server an OAuth config needs, kept alive by the caller).
async fn auth_for(h: &Harness, kind: &Kind) -> (Option<AuthId>, Option<TestServer>) {
    let (id, token_server) = match kind {
        Kind::StaticHeader | Kind::StaticQuery => return (None, None),
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
    };
    (Some(id), token_server)
}

/// The destination: its secret (if static) typed where a new user might, no retries (nothing
/// writes behind the searches), a 1 s timeout.
async fn destination_for(
    h: &Harness,
    kind: &Kind,
    base: &str,
    auth: Option<AuthId>,
) -> DestinationId {
    let mut input = DestinationInput::blank();
    input.name = "Leak matrix".into();
    input.endpoint = format!("{base}/hooks?a=1");
    if let Kind::StaticQuery = kind {
        input.endpoint.push_str(&format!("&api_key={STATIC_QUERY}"));
    }
    if let Kind::StaticHeader = kind {
        input.headers = vec![HeaderEntry {
            name: "X-Api-Key".into(),
            value: STATIC_HEADER.into(),
        }];
    }
    input.auth_id = auth;
    input.retry = quick_retries(vec![]);
    input.timeout_secs = 1;
    create_destination(&h.db.pool, input)
        .await
        .expect("destination saved")
        .id
}

/// Every secret of that kind, as the target received it: the HMAC signature is read from the
/// request the server saw (when one arrived).
fn secrets_of(kind: &Kind, seen: Option<&RecordedRequest>) -> Vec<String> {
    match kind {
        Kind::Basic => vec![
            PASSWORD.into(),
            format!("alice:{PASSWORD}"),
            B64.encode(format!("alice:{PASSWORD}")),
        ],
        Kind::Bearer => vec![BEARER.into()],
        Kind::HeaderKey => vec![HEADER_KEY.into()],
        Kind::QueryKey => with_encoded(QUERY_KEY),
        Kind::OAuth => vec![CLIENT_SECRET.into(), ACCESS_TOKEN.into()],
        Kind::Hmac => {
            let mut secrets = vec![
                HMAC_SECRET.into(),
                HMAC_SECRET.trim_start_matches("whsec_").into(),
            ];
            if let Some(seen) = seen {
                let signature = seen
                    .header("webhook-signature")
                    .and_then(|s| s.strip_prefix("v1,"))
                    .expect("a v1 signature was sent");
                secrets.push(signature.into());
            }
            secrets
        }
        Kind::StaticHeader => vec![STATIC_HEADER.into()],
        Kind::StaticQuery => with_encoded(STATIC_QUERY),
    }
}

/// A query value as typed and as it travels percent-encoded.
fn with_encoded(secret: &str) -> Vec<String> {
    let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let percent = encoded.replace('+', "%20");
    vec![secret.into(), encoded, percent]
}

/// Every file under the data folder (database, WAL, shared memory, exports) that holds
/// `secret`.
fn files_holding(h: &Harness, secret: &str) -> Vec<String> {
    fn walk(dir: &std::path::Path, secret: &str, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("folder readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, secret, found);
            } else if std::fs::read(&path)
                .expect("file readable")
                .windows(secret.len())
                .any(|w| w == secret.as_bytes())
            {
                found.push(path.display().to_string());
            }
        }
    }
    let mut found = Vec::new();
    walk(h.dir.path(), secret, &mut found);
    found
}

/// Every answer the IPC commands give about the delivery and its destination, as the JSON the
/// web view receives, and the exports written into the data folder as the app writes them.
async fn answers_and_exports(h: &Harness, detail: &DeliveryDetail, dest: &DestinationId) -> String {
    let pool = &h.db.pool;
    let id = &detail.summary.id;
    let json = |v: serde_json::Result<String>| v.expect("answer serialises");
    let mut answers = vec![json(serde_json::to_string(
        &apidest_core::engine::get_delivery(pool, id)
            .await
            .expect("delivery_get"),
    ))];
    let filter = DeliveryFilter::default();
    let page = list_deliveries(pool, &filter, None, 50)
        .await
        .expect("list");
    answers.push(json(serde_json::to_string(&page)));
    answers.push(curl_command(detail, None));
    for attempt in &detail.attempts {
        answers.push(curl_command(detail, Some(attempt)));
    }
    let summaries = apidest_core::delivery_log::summaries_of(pool, std::slice::from_ref(id))
        .await
        .expect("delivery_summaries");
    answers.push(json(serde_json::to_string(&summaries)));
    let events = apidest_core::event_intake::list_events(pool, &Default::default())
        .await
        .expect("event_list");
    answers.push(json(serde_json::to_string(&events)));
    let replay = replay_preview(pool, &h.cache, id)
        .await
        .expect("replay preview");
    answers.push(json(serde_json::to_string(&replay)));
    let asked: PreviewRequest = serde_json::from_value(serde_json::json!({
        "destination_id": dest,
        "payload": "{name: contact.first_name}",
        "contact_id": h.contact,
        "event_type": "contact.updated",
    }))
    .expect("a preview request");
    let previewed = preview(pool, &h.cache, asked).await.expect("preview");
    answers.push(json(serde_json::to_string(&previewed)));
    let config = export_document(pool).await.expect("config export");
    let config = json(serde_json::to_string_pretty(&config));
    answers.push(config.clone());

    let exports = h.dir.path().join("exports");
    std::fs::create_dir_all(&exports).expect("exports folder");
    std::fs::write(exports.join("config.json"), &config).expect("config written");
    for (format, name) in [
        (DeliveryExportFormat::Csv, "log.csv"),
        (DeliveryExportFormat::Ndjson, "log.ndjson"),
    ] {
        let file = std::fs::File::create(exports.join(name)).expect("export file");
        let count = export_deliveries(pool, &filter, format, file)
            .await
            .expect("log export");
        assert_eq!(count, 1, "{name}");
        answers.push(std::fs::read_to_string(exports.join(name)).expect("export read"));
    }
    answers.join("\n")
}

/// The tables with a row whose text holds `secret`, read through SQL (page versions aside).
async fn tables_holding(h: &Harness, secret: &str) -> Vec<String> {
    use sqlx::Row as _;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND sql NOT LIKE 'CREATE VIRTUAL%'",
    )
    .fetch_all(&h.db.pool)
    .await
    .expect("tables");
    let mut holding = Vec::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info(?1)")
            .bind(&table)
            .fetch_all(&h.db.pool)
            .await
            .expect("columns")
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect();
        let any = columns
            .iter()
            .map(|c| format!("instr(CAST(\"{c}\" AS BLOB), CAST(?1 AS BLOB)) > 0"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            // Names read from sqlite_master, not from input.
            "SELECT count(*) FROM \"{table}\" WHERE {any}"
        )))
        .bind(secret)
        .fetch_one(&h.db.pool)
        .await
        .expect("scan");
        if count > 0 {
            holding.push(table);
        }
    }
    holding
}

/// What "Move to API Auth" leaves in the destination: the static header and query parameter
/// gone (the new config holds the value in the keyring); then the WAL is checkpointed, so the
/// old row's bytes are overwritten (`secure_delete`) rather than kept in a page version.
async fn move_to_api_auth(h: &Harness, dest: &DestinationId) {
    let view = apidest_core::destinations::get_destination(&h.db.pool, dest)
        .await
        .expect("destination");
    let mut input = view.input;
    input.headers.clear();
    input.endpoint = input
        .endpoint
        .replace(&format!("&api_key={STATIC_QUERY}"), "");
    apidest_core::destinations::update_destination(&h.db.pool, dest, input)
        .await
        .expect("moved");
    for _ in 0..2 {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&h.db.pool)
            .await
            .expect("checkpoint");
    }
}

async fn sends_and_stores_no_secret(kind: Kind, target: Target) -> DeliveryDetail {
    let h = harness().await;
    let server = match target {
        Target::Echo => Some(echo_server().await),
        Target::Redirect => Some(redirect_server().await),
        Target::Timeout => Some(always(Reply::NeverAnswer).await),
        Target::Refused => None,
    };
    let base = match &server {
        Some(server) => server.url(""),
        None => format!("http://{}", closed_port()),
    };
    let (auth, _token_server) = auth_for(&h, &kind).await;
    let dest = destination_for(&h, &kind, &base, auth).await;
    let mut pushed = h.events.subscribe();
    let detail = h.send(&dest).await;
    // What the window was pushed about it.
    let mut pushed_json = Vec::new();
    while let Ok(event) = pushed.try_recv() {
        pushed_json.push(serde_json::to_string(&event).expect("pushed change serialises"));
    }
    assert!(
        !pushed_json.is_empty(),
        "the window was told of the delivery"
    );
    let pushed_json = pushed_json.join("\n");

    let attempt = &detail.attempts[0];
    let expected = match target {
        Target::Echo => StatusCategory::Success,
        Target::Redirect => StatusCategory::RedirectionError,
        Target::Refused => StatusCategory::NetworkError,
        Target::Timeout => StatusCategory::TimeoutError,
    };
    assert_eq!(attempt.category, Some(expected), "{attempt:#?}");

    let seen = server.as_ref().and_then(|s| s.requests().first().cloned());
    let secrets = secrets_of(&kind, seen.as_ref());
    if let Some(seen) = &seen {
        let echoed = format!("{seen:?}");
        // The credential did go out as it is (never as a mask), so the target could repeat
        // it: its absence below means something.
        assert!(
            secrets.iter().any(|s| echoed.contains(s.as_str())),
            "the target saw no secret: {echoed}"
        );
    }
    if matches!(target, Target::Echo | Target::Redirect) {
        let body = attempt.response_body.as_deref().unwrap_or("");
        assert!(
            body.contains("\"headers\"") && body.contains("/hooks?a=1"),
            "the echo was stored: {body}"
        );
        assert!(
            body.contains("••••"),
            "the echoed credential is masked: {body}"
        );
    }

    let answers = answers_and_exports(&h, &detail, &dest).await;
    if matches!(kind, Kind::StaticHeader | Kind::StaticQuery) {
        // The destination holds a typed-in secret until the user moves it to API Auth: no
        // other table may hold it, and once moved, no byte of the data folder. (It is held
        // as typed; an encoded form of it is held nowhere.)
        for (i, secret) in secrets.iter().enumerate() {
            let tables = tables_holding(&h, secret).await;
            let expected: &[&str] = if i == 0 { &["destinations"] } else { &[] };
            assert_eq!(tables, expected, "secret {secret:?} in {tables:?}");
        }
        move_to_api_auth(&h, &dest).await;
    }
    let shown = format!("{detail:?}");
    for secret in &secrets {
        assert!(
            !shown.contains(secret.as_str()),
            "secret {secret:?} in the delivery: {shown}"
        );
        assert!(
            !answers.contains(secret.as_str()),
            "secret {secret:?} in an answer or export: {answers}"
        );
        assert!(
            !pushed_json.contains(secret.as_str()),
            "secret {secret:?} pushed to the window: {pushed_json}"
        );
        let files = files_holding(&h, secret);
        assert!(files.is_empty(), "secret {secret:?} in {files:?}");
        // The search index holds no part of it either.
        let filter = DeliveryFilter {
            text: Some(secret.clone()),
            ..DeliveryFilter::default()
        };
        let found = list_deliveries(&h.db.pool, &filter, None, 50)
            .await
            .expect("search");
        assert_eq!(
            serde_json::to_value(&found).expect("page")["items"]
                .as_array()
                .map_or(0, Vec::len),
            0,
            "a search for {secret:?} finds the delivery"
        );
    }
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

/// The matrix rows the tests above do not already cover: refused and timed-out targets for
/// every auth kind, and all four targets for the static secret header and query parameter.
macro_rules! leak_matrix {
    ($($name:ident: $kind:ident, $target:ident;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            sends_and_stores_no_secret(Kind::$kind, Target::$target).await;
        }
    )*};
}

leak_matrix! {
    basic_refused_stores_no_secret: Basic, Refused;
    basic_timed_out_stores_no_secret: Basic, Timeout;
    bearer_refused_stores_no_secret: Bearer, Refused;
    bearer_timed_out_stores_no_secret: Bearer, Timeout;
    header_key_refused_stores_no_secret: HeaderKey, Refused;
    header_key_timed_out_stores_no_secret: HeaderKey, Timeout;
    query_key_refused_stores_no_secret: QueryKey, Refused;
    query_key_timed_out_stores_no_secret: QueryKey, Timeout;
    oauth_refused_stores_no_secret: OAuth, Refused;
    oauth_timed_out_stores_no_secret: OAuth, Timeout;
    hmac_refused_stores_no_secret: Hmac, Refused;
    hmac_timed_out_stores_no_secret: Hmac, Timeout;
    static_header_echoed_stores_no_secret: StaticHeader, Echo;
    static_header_redirected_stores_no_secret: StaticHeader, Redirect;
    static_header_refused_stores_no_secret: StaticHeader, Refused;
    static_header_timed_out_stores_no_secret: StaticHeader, Timeout;
    static_query_redirected_stores_no_secret: StaticQuery, Redirect;
    static_query_refused_stores_no_secret: StaticQuery, Refused;
    static_query_timed_out_stores_no_secret: StaticQuery, Timeout;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_query_echoed_is_sent_as_typed_and_stored_masked() {
    let detail = sends_and_stores_no_secret(Kind::StaticQuery, Target::Echo).await;
    let url = detail.attempts[0].request_url.as_deref().unwrap_or("");
    assert!(url.ends_with("/hooks?a=1&api_key=••••"), "{url}");
    assert!(
        detail.summary.url.ends_with("/hooks?a=1&api_key=••••"),
        "{}",
        detail.summary.url
    );
}
