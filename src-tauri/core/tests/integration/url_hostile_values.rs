//! Hostile URL variable values, for every method: the request's path segments and query
//! parameter names never change, and a value that would change them (`.`, `..`, encoded or
//! not) is refused with an error naming the variable, before anything reaches the network.

use crate::engine_support;
use crate::http_support;

use std::collections::BTreeMap;

use apidest_core::destinations::{create_destination, DestinationInput, HttpMethod};
use apidest_core::engine::DeliveryRequest;
use apidest_core::ids::DestinationId;
use apidest_core::render::{
    render_request, ExpressionCache, RenderContext, RenderErrorKind, RequestTemplate,
};
use engine_support::{harness, Harness};
use http_support::{always, Reply};
use serde_json::json;

const METHODS: [HttpMethod; 4] = [
    HttpMethod::Post,
    HttpMethod::Put,
    HttpMethod::Patch,
    HttpMethod::Delete,
];

const TEMPLATE_PATH: &str = "/anything/x/{v}/notes?q={w}";

/// Values that are, or decode to, a dot segment: refused.
fn refused_values() -> Vec<String> {
    [
        ".",
        "..",
        "%2e",
        "%2E",
        "%2e%2e",
        "%2E%2e",
        ".%2e",
        "%2e.",
        "%252e%252e",
        "%25252E",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Values that are sent, encoded so that they stay inside their segment or parameter.
fn sent_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "/",
        "?",
        "#",
        "%",
        "\r\n",
        "a\r\nX-Injected: 1",
        "../admin",
        "...",
        ". .",
        "%2f",
        "a&q=b",
        "🌸🚀",
        "Zoë",
        "x.",
    ]
    .map(str::to_owned)
    .to_vec();
    values.push("k".repeat(10 * 1024));
    values
}

/// A binding that evaluates to `value` exactly: a JSON literal.
fn literal(value: &str) -> String {
    let json = serde_json::to_string(value).unwrap();
    format!("`{}`", json.replace('`', "\\`"))
}

fn bindings_for(value: &str) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("v".to_owned(), literal(value)),
        ("w".to_owned(), literal(value)),
    ])
}

/// Asserts that `url` has the template's shape and carries `value` in both places.
fn assert_shape(url: &str, value: &str, context: &str) {
    let parsed = url::Url::parse(url).unwrap_or_else(|e| panic!("{context}: {url}: {e}"));
    let segments: Vec<&str> = parsed.path_segments().unwrap().collect();
    assert_eq!(segments.len(), 4, "{context}: path changed: {url}");
    assert_eq!(
        [segments[0], segments[1], segments[3]],
        ["anything", "x", "notes"],
        "{context}: path changed: {url}"
    );
    let decoded = percent_encoding::percent_decode_str(segments[2])
        .decode_utf8()
        .unwrap();
    assert_eq!(decoded, value, "{context}: the segment carries the value");
    let query: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    assert_eq!(
        query,
        [("q".to_owned(), value.to_owned())],
        "{context}: query changed: {url}"
    );
    assert_eq!(parsed.fragment(), None, "{context}: {url}");
    assert!(
        !url.contains(['\r', '\n', ' ', '#']),
        "{context}: raw character left in {url}"
    );
}

#[test]
fn hostile_values_never_change_the_rendered_path_or_query() {
    let cache = ExpressionCache::default();
    let context =
        RenderContext::new(json!({}), json!({"id": "ct_1001"}), json!({"type": "x"})).unwrap();
    let endpoint = format!("https://api.example.com{TEMPLATE_PATH}");
    for method in METHODS {
        for value in refused_values().iter().chain(&sent_values()) {
            let bindings = bindings_for(value);
            let rendered = render_request(
                &RequestTemplate {
                    endpoint: &endpoint,
                    method,
                    headers: &[],
                    auth: None,
                    bindings: &bindings,
                    payload: "{a: `1`}",
                    body_format: apidest_core::destinations::BodyFormat::Json,
                },
                &cache,
                &context,
                true,
            );
            let shown: String = value.chars().take(20).collect();
            let label = format!("{} {shown:?}", method.as_str());
            match rendered.url {
                Ok(url) => {
                    assert!(
                        !refused_values().contains(value),
                        "{label}: a dot segment was accepted: {}",
                        url.url
                    );
                    assert_shape(&url.url, value, &label);
                }
                Err(err) => {
                    assert!(
                        refused_values().contains(value),
                        "{label}: refused: {}",
                        err.message
                    );
                    assert_eq!(err.kind, RenderErrorKind::InvalidVariableValue, "{label}");
                    assert_eq!(err.subject.as_deref(), Some("v"), "{label}");
                    assert!(
                        err.message.contains("{v}") && err.message.contains("ct_1001"),
                        "{label}: the message names the variable and the contact: {}",
                        err.message
                    );
                }
            }
        }
    }
}

async fn destination(h: &Harness, endpoint: &str, method: HttpMethod) -> DestinationId {
    let mut input = DestinationInput::blank();
    input.name = format!("Hostile {} {}", method.as_str(), endpoint.len());
    input.endpoint = endpoint.to_owned();
    input.method = method;
    input.timeout_secs = 5;
    create_destination(&h.db.pool, input)
        .await
        .expect("destination saved")
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_values_reach_the_server_in_place_or_not_at_all() {
    let h = harness().await;
    let server = always(Reply::status(200)).await;
    let endpoint = server.url(TEMPLATE_PATH);
    for method in METHODS {
        let dest = destination(&h, &endpoint, method).await;
        for value in refused_values() {
            let before = server.request_count();
            let request = DeliveryRequest {
                bindings: bindings_for(&value),
                ..h.request(&dest)
            };
            let err = h
                .engine
                .send_and_wait(&h.cache, request)
                .await
                .expect_err("a dot segment is refused");
            assert!(
                err.message.contains("{v}"),
                "{} {value:?}: {}",
                method.as_str(),
                err.message
            );
            assert_eq!(
                server.request_count(),
                before,
                "{} {value:?} reached the network",
                method.as_str()
            );
        }
        for value in sent_values() {
            let request = DeliveryRequest {
                bindings: bindings_for(&value),
                ..h.request(&dest)
            };
            let detail = h
                .engine
                .send_and_wait(&h.cache, request)
                .await
                .expect("sent");
            assert_eq!(detail.attempts[0].http_status, Some(200), "{detail:#?}");
            let received = server.requests().pop().expect("a request arrived");
            let shown: String = value.chars().take(20).collect();
            let label = format!("{} {shown:?}", method.as_str());
            assert_eq!(received.method, method.as_str(), "{label}");
            assert_shape(
                &format!("http://127.0.0.1{}", received.target),
                &value,
                &label,
            );
        }
    }
}
