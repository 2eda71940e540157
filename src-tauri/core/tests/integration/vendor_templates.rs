//! Each gallery template, rendered by the one request renderer for the first sample contact,
//! makes the request its vendor documents: method, host and path, required headers, and the
//! body fields with their JSON types (written down per vendor, with the reference it came
//! from, in fixtures/vendor_requests.json).

use std::collections::BTreeMap;

use apidest_core::contacts::{sample_contacts, sample_team, Contact};
use apidest_core::destinations::BodyFormat;
use apidest_core::gallery::{destination_templates, DestinationTemplate};
use apidest_core::ids::ContactId;
use apidest_core::render::{
    render_request, EventInfo, ExpressionCache, RenderContext, RequestTemplate,
};
use apidest_core::rules::sample_event_data;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Fixture {
    vendors: BTreeMap<String, Documented>,
}

#[derive(Deserialize)]
struct Documented {
    source: String,
    method: String,
    host: String,
    path: Option<String>,
    #[serde(default)]
    query: Vec<String>,
    headers: BTreeMap<String, String>,
    body: BTreeMap<String, String>,
}

fn fixture() -> Fixture {
    let text = include_str!("../fixtures/vendor_requests.json");
    serde_json::from_str(text).expect("fixtures/vendor_requests.json parses")
}

fn context() -> RenderContext {
    let contact = Contact {
        id: ContactId::generate(),
        fields: sample_contacts().remove(0),
    };
    let event = EventInfo::test(
        "contact.updated",
        Some(sample_event_data("contact.updated")),
    );
    RenderContext::new(
        sample_team().to_context(),
        contact.to_context(),
        event.context(),
    )
    .expect("context")
}

fn host_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => host.ends_with(&format!(".{suffix}")),
        None => pattern == host,
    }
}

/// `{x}` in the documented path stands for one non-empty segment.
fn path_matches(pattern: &str, path: &str) -> bool {
    let want: Vec<&str> = pattern.split('/').collect();
    let got: Vec<&str> = path.split('/').collect();
    want.len() == got.len()
        && want.iter().zip(&got).all(|(w, g)| {
            if w.starts_with('{') && w.ends_with('}') {
                !g.is_empty()
            } else {
                w == g
            }
        })
}

/// `a.b[0].c` into the body; `""` is the body itself.
fn at<'v>(body: &'v Value, path: &str) -> Option<&'v Value> {
    let mut here = body;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, index) = match part.find('[') {
            Some(i) => (&part[..i], Some(&part[i..])),
            None => (part, None),
        };
        if !key.is_empty() {
            here = here.get(key)?;
        }
        if let Some(index) = index {
            let n: usize = index.trim_matches(|c| c == '[' || c == ']').parse().ok()?;
            here = here.get(n)?;
        }
    }
    Some(here)
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn check(template: &DestinationTemplate, doc: &Documented, context: &RenderContext) -> Vec<String> {
    let cache = ExpressionCache::default();
    let auth = template.auth.as_ref().map(|a| a.settings.clone());
    let request = render_request(
        &RequestTemplate {
            endpoint: &template.endpoint,
            method: template.method,
            headers: &template.headers,
            auth: auth.as_ref(),
            bindings: &template.bindings,
            payload: &template.payload,
            body_format: template.body_format,
        },
        &cache,
        context,
        false,
    );
    let mut problems: Vec<String> = request.errors().into_iter().map(|e| e.message).collect();
    if template.method.as_str() != doc.method {
        problems.push(format!(
            "method {} ≠ documented {}",
            template.method.as_str(),
            doc.method
        ));
    }
    if let Some(rendered) = request.shown_url() {
        let url = url::Url::parse(&rendered.url).expect("rendered URL parses");
        let host = url.host_str().unwrap_or_default();
        if !host_matches(&doc.host, host) {
            problems.push(format!("host {host} ≠ documented {}", doc.host));
        }
        if let Some(path) = &doc.path {
            if !path_matches(path, url.path()) {
                problems.push(format!("path {} ≠ documented {path}", url.path()));
            }
        }
        for name in &doc.query {
            if !url.query_pairs().any(|(k, _)| k == name.as_str()) {
                problems.push(format!("query parameter {name} missing"));
            }
        }
    }
    for (name, prefix) in &doc.headers {
        match request
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
        {
            Some(h) if h.value.starts_with(prefix.as_str()) => {}
            Some(h) => problems.push(format!(
                "header {name}: {:?} does not start {prefix:?}",
                h.value
            )),
            None => problems.push(format!("header {name} missing")),
        }
    }
    if let Ok((Some(text), _)) = &request.body {
        let body: Value = match template.body_format {
            BodyFormat::Json => serde_json::from_str(text).expect("the body is JSON"),
            // A form's fields are strings: read back as an object of them.
            BodyFormat::Form => Value::Object(
                url::form_urlencoded::parse(text.as_bytes())
                    .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                    .collect(),
            ),
        };
        for (path, wanted) in &doc.body {
            match at(&body, path) {
                Some(v) if json_type(v) == wanted || (wanted == "number" && v.is_number()) => {}
                Some(v) => problems.push(format!(
                    "body {path:?} is {} ≠ documented {wanted}",
                    json_type(v)
                )),
                None => problems.push(format!("body field {path:?} missing")),
            }
        }
    }
    problems
}

#[test]
fn every_template_renders_the_request_its_vendor_documents() {
    let fixture = fixture();
    let context = context();
    let mut failures = Vec::new();
    for template in destination_templates() {
        let Some(doc) = fixture.vendors.get(&template.id) else {
            failures.push(format!(
                "{}: no documented request in the fixture",
                template.id
            ));
            continue;
        };
        assert!(
            doc.source.starts_with("https://"),
            "{}: cite the reference",
            template.id
        );
        for problem in check(template, doc, &context) {
            failures.push(format!("{}: {problem}", template.id));
        }
    }
    assert_eq!(
        fixture.vendors.len(),
        destination_templates().len(),
        "one fixture per template"
    );
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_comparison_catches_a_template_that_drifts_from_its_vendor() {
    let fixture = fixture();
    let context = context();
    let hubspot = destination_templates()
        .iter()
        .find(|t| t.id == "hubspot")
        .expect("hubspot template")
        .clone();
    let doc = &fixture.vendors["hubspot"];
    let drifted = DestinationTemplate {
        endpoint: "https://api.hubapi.com/crm/v3/objects/companies".into(),
        payload: "{properties: {email: `42`}}".into(),
        auth: None,
        ..hubspot
    };
    let problems = check(&drifted, doc, &context);
    assert!(
        problems.iter().any(|p| p.starts_with("path ")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("\"properties.email\" is integer")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p == "header Authorization missing"),
        "{problems:?}"
    );
}
