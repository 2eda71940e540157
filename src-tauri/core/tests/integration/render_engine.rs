//! The render engine: variables, URL encoding, errors with positions, null warnings, and
//! inputs built to crash it.

use crate::common;

use std::collections::BTreeMap;

use apidest_core::render::{
    render_payload, render_url, ExpressionCache, RenderContext, RenderErrorKind,
};
use serde_json::{json, Value};

fn context() -> RenderContext {
    RenderContext::from_value(common::sample_context()).unwrap()
}

fn eval(expr: &str) -> Value {
    render_payload(expr, &ExpressionCache::default(), &context())
        .unwrap()
        .value
}

#[test]
fn every_documented_variable_resolves() {
    let cases = [
        ("team.id", json!("team_01")),
        ("team.name", json!("Bloom & Wild Florists")),
        ("team.custom_attributes.store_name", json!("Bloom Central")),
        ("contact.id", json!("ct_1001")),
        ("contact.phone", json!("+447700900123")),
        ("contact.first_name", json!("Zoë")),
        ("contact.last_name", json!("Ångström")),
        ("contact.entry_point", json!("instagram_ad")),
        ("contact.tags", json!(["vip", "newsletter", "spring-2026"])),
        ("contact.custom_attributes.email", json!("zoe@example.com")),
        ("contact.subscriptions.transactional", json!("subscribed")),
        ("contact.subscriptions.marketing", json!("unsubscribed")),
        ("event.type", json!("message.received")),
        ("event.data.channel", json!("whatsapp")),
    ];
    for (expr, expected) in cases {
        assert_eq!(eval(expr), expected, "{expr}");
    }
}

#[test]
fn a_typical_payload_renders_as_json() {
    let rendered = render_payload(
        "{name: join(' ', [contact.first_name, contact.last_name]), email: contact.custom_attributes.email, tags: contact.tags, tier: contact.custom_attributes.loyalty.tier, vip: contains(contact.tags, 'vip'), store: team.custom_attributes.store_name}",
        &ExpressionCache::default(),
        &context(),
    )
    .unwrap();
    assert_eq!(
        rendered.value,
        json!({"name": "Zoë Ångström", "email": "zoe@example.com", "tags": ["vip", "newsletter", "spring-2026"], "tier": "gold", "vip": true, "store": "Bloom Central"})
    );
    assert_eq!(
        serde_json::from_str::<Value>(rendered.body.as_deref().unwrap()).unwrap(),
        rendered.value
    );
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
}

#[test]
fn null_paths_are_warned_about_by_name_and_position() {
    let expr = "{b: contact.custom_attributes.birthday, x: contact.missing.deep, ok: contact.id}";
    let rendered = render_payload(expr, &ExpressionCache::default(), &context()).unwrap();
    let paths: Vec<(Option<String>, Option<usize>)> = rendered
        .warnings
        .iter()
        .map(|w| (w.path.clone(), w.position))
        .collect();
    assert_eq!(
        paths,
        [
            (Some("contact.custom_attributes.birthday".into()), Some(4)),
            (Some("contact.missing.deep".into()), Some(43)),
        ]
    );
    let null = render_payload("contact.nothing", &ExpressionCache::default(), &context()).unwrap();
    assert_eq!(null.body, None);
    assert!(null.warnings[0].message.contains("payload is null"));
}

#[test]
fn syntax_errors_carry_their_position() {
    let err = render_payload(
        "{name: contact.first_name,",
        &ExpressionCache::default(),
        &context(),
    )
    .unwrap_err();
    assert_eq!(err.kind, RenderErrorKind::Syntax);
    assert!(err.position.is_some());
    assert!(
        err.message.starts_with("Syntax error at character"),
        "{}",
        err.message
    );

    let err = render_payload("contact.[", &ExpressionCache::default(), &context()).unwrap_err();
    assert_eq!(err.kind, RenderErrorKind::Syntax);
    assert_eq!(err.position, Some(9));
}

#[test]
fn unknown_functions_are_named() {
    let err = render_payload(
        "shout(contact.first_name)",
        &ExpressionCache::default(),
        &context(),
    )
    .unwrap_err();
    assert_eq!(err.kind, RenderErrorKind::UnknownFunction);
    assert_eq!(err.subject.as_deref(), Some("shout"));
    assert!(
        err.message.contains("Unknown function shout()"),
        "{}",
        err.message
    );
    assert!(err.message.contains("join"), "{}", err.message);
    assert!(err.message.contains("sha256"), "{}", err.message);
}

#[test]
fn wrong_argument_types_say_which_argument() {
    let err = render_payload(
        "join(', ', contact.id)",
        &ExpressionCache::default(),
        &context(),
    )
    .unwrap_err();
    assert_eq!(err.kind, RenderErrorKind::Evaluation);
    assert!(err.message.contains("argument 2"), "{}", err.message);
}

fn bindings(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn url_values_can_never_change_the_path_or_the_query() {
    let nasty = [
        "a/b",
        "a?b=c",
        "a#frag",
        "100%",
        "a+b",
        "user@host",
        "a&b=c",
        "a=b",
        "two words",
        "Zoë",
        "日本語",
        "🌸🚀",
        "line\r\nInjected: yes",
        "../../admin",
        "",
    ];
    for value in nasty {
        let ctx = RenderContext::new(json!({}), json!({ "v": value }), json!({})).unwrap();
        let (rendered, _) = render_url(
            "https://api.example.com/contacts/{v}/notes?q={v}&fixed=1",
            &bindings(&[("v", "contact.v")]),
            &ExpressionCache::default(),
            &ctx,
        )
        .unwrap();
        let url = url::Url::parse(&rendered.url).unwrap();
        let segments: Vec<&str> = url.path_segments().unwrap().collect();
        assert_eq!(
            segments.len(),
            3,
            "{value:?} changed the path: {}",
            rendered.url
        );
        assert_eq!(segments[0], "contacts");
        assert_eq!(segments[2], "notes");
        let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(
            query,
            [
                ("q".to_owned(), value.to_owned()),
                ("fixed".to_owned(), "1".to_owned())
            ],
            "{value:?} changed the query: {}",
            rendered.url
        );
        assert_eq!(url.fragment(), None, "{value:?}");
        assert_eq!(url.host_str(), Some("api.example.com"));
        assert!(!rendered.url.contains('\n') && !rendered.url.contains(' '));
        let decoded = percent_encoding::percent_decode_str(segments[1])
            .decode_utf8()
            .unwrap();
        assert_eq!(decoded, value);
    }
}

#[test]
fn url_spans_mark_each_substitution() {
    let (rendered, _) = render_url(
        "https://api.example.com/c/{id}?email={email}",
        &bindings(&[
            ("id", "contact.id"),
            ("email", "contact.custom_attributes.email"),
        ]),
        &ExpressionCache::default(),
        &context(),
    )
    .unwrap();
    assert_eq!(
        rendered.url,
        "https://api.example.com/c/ct_1001?email=zoe%40example.com"
    );
    let chars: Vec<char> = rendered.url.chars().collect();
    let marked: Vec<String> = rendered
        .spans
        .iter()
        .map(|s| chars[s.start..s.end].iter().collect())
        .collect();
    assert_eq!(marked, ["ct_1001", "zoe%40example.com"]);
    assert_eq!(rendered.spans[1].value, "zoe@example.com");
}

#[test]
fn numbers_and_booleans_are_allowed_in_urls() {
    let (rendered, _) = render_url(
        "https://x.example.com/{points}/{vip}",
        &bindings(&[
            ("points", "contact.custom_attributes.loyalty.points"),
            ("vip", "contains(contact.tags, 'vip')"),
        ]),
        &ExpressionCache::default(),
        &context(),
    )
    .unwrap();
    assert_eq!(rendered.url, "https://x.example.com/1280/true");
}

#[test]
fn url_errors_name_the_variable() {
    let cache = ExpressionCache::default();
    let err = render_url(
        "https://x.example.com/{id}",
        &bindings(&[]),
        &cache,
        &context(),
    )
    .unwrap_err();
    assert_eq!(err.kind, RenderErrorKind::UnboundVariable);
    assert_eq!(err.subject.as_deref(), Some("id"));

    let err = render_url(
        "https://x.example.com/{bday}",
        &bindings(&[("bday", "contact.custom_attributes.birthday")]),
        &cache,
        &context(),
    )
    .unwrap_err();
    assert_eq!(err.kind, RenderErrorKind::InvalidVariableValue);
    assert!(
        err.message.contains("{bday}") && err.message.contains("null"),
        "{}",
        err.message
    );

    for (binding, what) in [
        ("contact.tags", "a list"),
        ("contact.custom_attributes.loyalty", "an object"),
    ] {
        let err = render_url(
            "https://x.example.com/{v}",
            &bindings(&[("v", binding)]),
            &cache,
            &context(),
        )
        .unwrap_err();
        assert_eq!(err.kind, RenderErrorKind::InvalidVariableValue);
        assert!(err.message.contains(what), "{}", err.message);
    }

    let err = render_url(
        "https://x.example.com/{v}",
        &bindings(&[("v", "contact.[")]),
        &cache,
        &context(),
    )
    .unwrap_err();
    assert_eq!(err.kind, RenderErrorKind::Syntax);
    assert!(
        err.message.starts_with("In the binding of {v}"),
        "{}",
        err.message
    );

    let err = render_url("https://{host}/x", &bindings(&[]), &cache, &context()).unwrap_err();
    assert_eq!(err.kind, RenderErrorKind::InvalidUrl);
}

#[test]
fn deeply_nested_expressions_are_refused_without_crashing() {
    let cache = ExpressionCache::default();
    for n in [10_000, 100_000] {
        for (open, close) in [("[", "]"), ("(", ")"), ("{a:", "}")] {
            let expr = format!("{}contact.id{}", open.repeat(n), close.repeat(n));
            let err = render_payload(&expr, &cache, &context()).unwrap_err();
            assert_eq!(err.kind, RenderErrorKind::TooComplex, "{open} x {n}");
        }
    }
    let chain = format!("contact{}", ".a".repeat(100_000));
    let err = render_payload(&chain, &cache, &context()).unwrap_err();
    assert_eq!(err.kind, RenderErrorKind::TooComplex);
}

#[test]
fn expressions_at_the_limits_still_evaluate_on_a_small_stack() {
    // Tokio's worker threads have 2 MiB of stack: the bounds must be safe there.
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let cache = ExpressionCache::default();
            let nested = format!("{}contact.id{}", "[".repeat(60), "]".repeat(60));
            render_payload(&nested, &cache, &context()).unwrap();
            // Just within the guard's budget (MAX_RECURSION_COST, one unit per `.` or `|`).
            let chain = format!("contact{}", ".a".repeat(760));
            let rendered = render_payload(&chain, &cache, &context()).unwrap();
            assert_eq!(rendered.value, Value::Null);
            let pipes = format!("contact.id{}", " | @".repeat(760));
            assert_eq!(
                render_payload(&pipes, &cache, &context()).unwrap().value,
                json!("ct_1001")
            );
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn a_huge_context_is_refused_cleanly() {
    let big = "x".repeat(10 * 1024 * 1024);
    let err = match RenderContext::new(json!({}), json!({ "notes": big }), json!({})) {
        Err(err) => err,
        Ok(_) => panic!("a 10 MB context was accepted"),
    };
    assert_eq!(err.kind, RenderErrorKind::TooComplex);
    assert!(err.message.contains("KB"), "{}", err.message);
}

#[test]
fn the_cache_compiles_each_text_once() {
    let cache = ExpressionCache::default();
    let a = cache.get("contact.id").unwrap();
    let b = cache.get("contact.id").unwrap();
    assert!(std::sync::Arc::ptr_eq(&a, &b));
    assert_eq!(cache.len(), 1);
    assert!(cache.get("contact.[").is_err());
    assert_eq!(cache.len(), 2, "errors are cached too");
}
