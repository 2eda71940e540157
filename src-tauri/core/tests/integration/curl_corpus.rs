//! The cURL import against real examples copied from vendors' documentation
//! (tests/curl_corpus/<vendor>-<n>.sh, each with its source on the first line): every one
//! imports, and the request the imported destination makes, written out by Copy as cURL and
//! read back, is the vendor's request — same method, URL, headers (the credential masked) and
//! JSON body. An example that cannot come back equal must say why in its report.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apidest_core::auth::{ApiKeyPlacement, AuthSettings, MASK};
use apidest_core::curl_import::{
    import_curl, is_placeholder, parse_command, CurlProposal, CurlRequest,
};
use apidest_core::delivery_log::curl_for;
use apidest_core::destinations::template::parse_template;
use apidest_core::destinations::HeaderEntry;
use apidest_core::render::{render_request, ExpressionCache, RenderContext, RequestTemplate};
use serde_json::Value;

fn corpus() -> Vec<(String, String)> {
    examples_in("")
}

/// The examples in `tests/curl_corpus/<folder>`, sorted by file name.
fn examples_in(folder: &str) -> Vec<(String, String)> {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/curl_corpus")
        .join(folder);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("the corpus folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "sh"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

/// What a request is, for comparing two of them.
#[derive(Debug, PartialEq)]
struct Shape {
    method: String,
    scheme_host_path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

/// Where the credential sits, as the auth config puts it.
enum Place {
    Header(String),
    Query(String),
}

fn place(settings: &AuthSettings) -> Option<Place> {
    match settings {
        AuthSettings::Basic { .. } | AuthSettings::Bearer => {
            Some(Place::Header("authorization".into()))
        }
        AuthSettings::ApiKey {
            placement: ApiKeyPlacement::Header,
            name,
        } => Some(Place::Header(name.to_ascii_lowercase())),
        AuthSettings::ApiKey {
            placement: ApiKeyPlacement::Query,
            name,
        } => Some(Place::Query(name.clone())),
        _ => None,
    }
}

/// The request's shape with the credential's value replaced by the mask, the way a record
/// and Copy as cURL show it.
fn shape(req: &CurlRequest, credential: Option<&Place>) -> Shape {
    let mut url = req.url.clone().expect("a URL");
    url = filled_in(&url);
    url = angle_placeholders_as_variables(&url);
    if !url.contains("://") {
        url = format!("http://{url}");
    }
    if let Some(extra) = req.get_query() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&extra);
    }
    let parsed = url::Url::parse(&url).expect("the URL parses");
    let mut query: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            let masked = matches!(credential, Some(Place::Query(n)) if *n == k);
            (
                k.into_owned(),
                if masked { MASK.into() } else { v.into_owned() },
            )
        })
        .collect();
    query.sort();

    let mut headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .collect();
    if req.json_flag {
        for name in ["content-type", "accept"] {
            if !headers.iter().any(|(n, _)| n == name) {
                headers.push((name.into(), "application/json".into()));
            }
        }
    }
    if req.user.is_some() && !headers.iter().any(|(n, _)| n == "authorization") {
        headers.push(("authorization".into(), String::new()));
    }
    if let Some(Place::Header(name)) = credential {
        for (n, v) in &mut headers {
            if n == name {
                *v = MASK.into();
            }
        }
    }
    headers.sort();

    Shape {
        method: req.method(),
        scheme_host_path: format!(
            "{}://{}{}",
            parsed.scheme(),
            parsed.host_str().unwrap_or_default(),
            parsed.path()
        ),
        query,
        headers,
        body: req
            .body_text()
            .map(|b| body_value(&b))
            .or_else(|| form_fields_value(&req.form_fields)),
    }
}

/// The URL a person enters where the example leaves the address (`<YOUR WEBHOOK URL>`) or
/// its host (`<api_host>/capture/`) to fill in.
fn filled_in(url: &str) -> String {
    const THEIRS: &str = "https://their-host.example.test";
    if is_placeholder(url) {
        return format!("{THEIRS}/");
    }
    match url.find('>') {
        Some(close) if is_placeholder(&url[..=close]) => format!("{THEIRS}{}", &url[close + 1..]),
        _ => url.to_owned(),
    }
}

/// `<PIXEL_ID>` in a URL as the import writes it: the URL variable `{pixel_id}`.
fn angle_placeholders_as_variables(url: &str) -> String {
    let mut out = String::new();
    let mut rest = url;
    while let (Some(open), Some(close)) = (rest.find('<'), rest.find('>')) {
        if close < open {
            break;
        }
        out.push_str(&rest[..open]);
        let name: String = rest[open + 1..close]
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        out.push_str(&format!("{{{name}}}"));
        rest = &rest[close + 1..];
    }
    out + rest
}

/// `-F` text fields (multipart) as the server reads them: named values, in order of name —
/// the same as the form-encoded body the import sends them as.
fn form_fields_value(fields: &[(String, String)]) -> Option<Value> {
    if fields.is_empty() {
        return None;
    }
    let mut pairs = fields.to_vec();
    pairs.sort();
    Some(serde_json::json!(pairs))
}

/// A body for comparing: JSON as a value; form fields decoded, in order of name (a server reads
/// `a=b%20c` and `a=b+c` alike); anything else as its text.
fn body_value(body: &str) -> Value {
    if let Ok(json) = serde_json::from_str::<Value>(body) {
        return json;
    }
    // The loose quoting some vendors' examples use (single quotes, bare names): their servers
    // read it as the same values.
    if let Ok(json) = json5::from_str::<Value>(body) {
        if json.is_object() || json.is_array() {
            return json;
        }
    }
    if body.split('&').all(|p| p.contains('=')) {
        let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect();
        pairs.sort();
        return serde_json::json!(pairs);
    }
    Value::String(body.to_owned())
}

/// Copy as cURL of what the proposal's destination sends for a sample contact, read back.
/// URL variables are bound to their own `{name}` so the URL can be compared with the example.
fn round_trip(proposal: &CurlProposal, original: &CurlRequest) -> Result<CurlRequest, String> {
    let mut destination = proposal.destination.clone();
    if destination.endpoint.is_empty() {
        // The example's address was a placeholder: the person enters theirs.
        destination.endpoint = filled_in(original.url.as_deref().unwrap_or_default());
    }
    let destination = &destination;
    let variables = parse_template(&destination.endpoint)
        .map_err(|e| e.message)?
        .variables;
    let bindings: BTreeMap<String, String> = variables
        .into_iter()
        .map(|v| (v.clone(), format!("'{{{v}}}'")))
        .collect();
    let payload = destination.test.payload.clone();
    if payload.is_empty() {
        return Err("no payload".into());
    }
    let cache = ExpressionCache::new(16);
    let context = RenderContext::from_value(common::sample_context()).expect("context");
    let rendered = render_request(
        &RequestTemplate {
            endpoint: &destination.endpoint,
            method: destination.method,
            headers: &destination.headers,
            auth: proposal.auth.as_ref().map(|a| &a.settings),
            bindings: &bindings,
            payload: &payload,
            body_format: destination.body_format,
        },
        &cache,
        &context,
        false,
    );
    let url = rendered.shown_url().ok_or("the URL does not render")?.url;
    let (body, _) = rendered.body.clone().map_err(|e| e.message)?;
    let headers: Vec<HeaderEntry> = rendered
        .headers
        .iter()
        .map(|h| HeaderEntry {
            name: h.name.clone(),
            value: h.value.clone(),
        })
        .collect();
    let command = curl_for(destination.method.as_str(), &url, &headers, body.as_deref());
    parse_command(&command).map_err(|e| e.message)
}

#[test]
fn every_vendor_example_imports_and_copy_as_curl_gives_it_back() {
    let files = corpus();

    let mut equal = Vec::new();
    for (name, text) in &files {
        let source = text.lines().next().unwrap_or_default();
        assert!(
            source.starts_with("# Source: http"),
            "{name}: the first line names the source page"
        );
        let import = import_curl(text, &[]).unwrap_or_else(|e| panic!("{name}: {}", e.message));
        let proposal = &import.proposal;
        let original = parse_command(text).expect("parses");
        let credential = proposal.auth.as_ref().and_then(|a| place(&a.settings));

        let back = round_trip(proposal, &original);
        let same = back.as_ref().ok().map(|back| {
            let mut theirs = shape(&original, credential.as_ref());
            let mut ours = shape(back, credential.as_ref());
            // The app sends the body format's content type where the example leaves it to
            // curl (which sends a -d body as a form too).
            if !theirs.headers.iter().any(|(n, _)| n == "content-type") {
                ours.headers.retain(|(n, v)| {
                    !(n == "content-type"
                        && (v == "application/json" || v == "application/x-www-form-urlencoded"))
                });
            }
            // `-u` becomes an Authorization header: both sides show it masked.
            for (n, v) in theirs.headers.iter_mut().chain(ours.headers.iter_mut()) {
                if n == "authorization" && v.contains(MASK) {
                    *v = MASK.into();
                }
                if n == "authorization" && v.is_empty() {
                    *v = MASK.into();
                }
            }
            theirs.headers.sort();
            ours.headers.sort();
            (theirs == ours, theirs, ours)
        });
        match same {
            Some((true, _, _)) => equal.push(name.clone()),
            other => {
                // Not the same request: the report must say why.
                assert!(
                    !proposal.unmapped.is_empty() || !proposal.issues.is_empty(),
                    "{name}: the round trip differs ({:?} / {other:?}) and nothing is reported",
                    back.as_ref().err()
                );
            }
        }
        // No secret value of the example reaches the proposal's JSON.
        if let Some(secret) = &import.secret {
            let json = serde_json::to_string(proposal).unwrap();
            if secret.expose().len() >= 8 {
                assert!(
                    !json.contains(secret.expose()),
                    "{name}: the secret is in the proposal"
                );
            }
        }
    }
    println!(
        "{} of {} examples round-trip: {equal:?}",
        equal.len(),
        files.len()
    );
    assert!(files.len() >= 30, "the corpus has {} examples", files.len());
    let differing: Vec<&str> = files
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| !equal.iter().any(|e| e == name))
        .collect();
    assert_eq!(
        differing,
        NOT_EQUIVALENT.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        "every example round-trips but those named (with why) in NOT_EQUIVALENT"
    );
}

/// Examples whose request a destination cannot make as the vendor wrote it, and why.
const NOT_EQUIVALENT: &[(&str, &str)] = &[];

/// Examples that read data (GET) rather than send it: a destination cannot make them, and the
/// import says so instead of proposing a request that differs silently.
#[test]
fn examples_that_only_read_data_are_reported_as_such() {
    let files = examples_in("not-a-destination");
    assert!(files.len() >= 3);
    for (name, text) in &files {
        let import = import_curl(text, &[]).unwrap_or_else(|e| panic!("{name}: {}", e.message));
        assert!(
            import
                .proposal
                .unmapped
                .iter()
                .any(|u| u.item == "method GET" && u.reason.contains("POST, PUT, PATCH or DELETE")),
            "{name}: the GET is reported: {:?}",
            import.proposal.unmapped
        );
    }
}
