//! Render benchmark: a typical payload (8 fields with join, tags and custom attributes) plus
//! a URL with 2 variables, against a ~2 KB contact, expression compiled once; beside it the
//! same payload with a Meta-style hashed email (`sha256(lower(trim(…)))`). Prints medians
//! and, in the same run, the same evaluation in Python's reference `jmespath` package when
//! it is installed (`pip install jmespath`).
//!
//! Run: `cargo bench -p apidest-core --bench render`

use std::collections::BTreeMap;
use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

use apidest_core::render::{
    compile, render_body, render_payload, render_url, ExpressionCache, RenderContext,
};
use serde_json::{json, Value};

const PAYLOAD: &str =
    "{name: join(' ', [contact.first_name, contact.last_name]), phone: contact.phone, \
email: contact.custom_attributes.email, tags: contact.tags, vip: contains(contact.tags, 'vip'), \
tier: contact.custom_attributes.loyalty.tier, points: contact.custom_attributes.loyalty.points, \
store: team.custom_attributes.store_name}";
/// The typical payload plus a normalised, hashed email, as Meta and Google ask for.
const HASHED_PAYLOAD: &str =
    "{name: join(' ', [contact.first_name, contact.last_name]), phone: contact.phone, \
email: contact.custom_attributes.email, em: sha256(lower(trim(contact.custom_attributes.email))), \
tags: contact.tags, vip: contains(contact.tags, 'vip'), \
tier: contact.custom_attributes.loyalty.tier, points: contact.custom_attributes.loyalty.points, \
store: team.custom_attributes.store_name}";
const URL: &str = "https://api.example.com/stores/{store}/contacts/{email}";

fn context_value() -> Value {
    let mut history = Vec::new();
    for i in 0..34 {
        history.push(json!({"order": format!("ORD-{:05}", 1000 + i), "total": 20.5 + i as f64, "items": i % 4 + 1}));
    }
    json!({
        "team": {"id": "team_01", "name": "Bloom & Wild Florists",
                 "custom_attributes": {"store_name": "Bloom Central", "region": "EU", "currency": "EUR"}},
        "contact": {
            "id": "ct_01jc8y0w2m3k4n5p6q7r8s9t0v", "phone": "+447700900123",
            "first_name": "Zoë", "last_name": "Ångström", "entry_point": "instagram_ad",
            "tags": ["vip", "newsletter", "spring-2026", "florals", "repeat-buyer", "london"],
            "custom_attributes": {
                "email": "zoe.angstrom@example.com",
                "loyalty": {"tier": "gold", "points": 1280, "since": "2023-04-02"},
                "favourite_flower": "peony", "last_order_total": 64.5,
                "orders": history
            },
            "subscriptions": {"transactional": "subscribed", "marketing": "subscribed"}
        },
        "event": {"id": "evt_01", "type": "message.received", "occurred_at": "2026-11-27T10:00:00Z",
                  "data": {"text": "Hi!", "channel": "whatsapp"}}
    })
}

/// Median nanoseconds per call over `rounds` rounds of `batch` calls.
fn median_ns(rounds: usize, batch: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..batch {
        f();
    }
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batch {
                f();
            }
            start.elapsed().as_nanos() as f64 / batch as f64
        })
        .collect();
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[samples.len() / 2]
}

fn main() {
    // `cargo test --benches` runs this with --bench absent; keep that quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let (rounds, batch) = if quick { (3, 10) } else { (101, 2000) };
    let value = context_value();
    let context_bytes = serde_json::to_vec(&value["contact"]).unwrap().len();
    let cache = ExpressionCache::default();
    let bindings = BTreeMap::from([
        (
            "store".to_owned(),
            "team.custom_attributes.store_name".to_owned(),
        ),
        (
            "email".to_owned(),
            "contact.custom_attributes.email".to_owned(),
        ),
    ]);

    let clone_only = median_ns(rounds, batch / 10 + 1, || {
        black_box(black_box(&value).clone());
    });
    let convert = median_ns(rounds, batch / 10 + 1, || {
        black_box(RenderContext::from_value(black_box(value.clone())).unwrap());
    }) - clone_only;
    let context = RenderContext::from_value(value.clone()).unwrap();
    let compile_ns = median_ns(rounds, batch / 10 + 1, || {
        black_box(compile(black_box(PAYLOAD)).unwrap());
    });
    cache.get(PAYLOAD).unwrap();
    let send_ns = median_ns(rounds, batch, || {
        black_box(render_body(PAYLOAD, &cache, &context).unwrap());
        black_box(render_url(URL, &bindings, &cache, &context).unwrap());
    });
    let preview_ns = median_ns(rounds, batch, || {
        black_box(render_payload(PAYLOAD, &cache, &context).unwrap());
        black_box(render_url(URL, &bindings, &cache, &context).unwrap());
    });
    let body_only_ns = median_ns(rounds, batch, || {
        black_box(render_body(PAYLOAD, &cache, &context).unwrap());
    });
    cache.get(HASHED_PAYLOAD).unwrap();
    let hashed_send_ns = median_ns(rounds, batch, || {
        black_box(render_body(HASHED_PAYLOAD, &cache, &context).unwrap());
        black_box(render_url(URL, &bindings, &cache, &context).unwrap());
    });

    println!("render benchmark (contact {context_bytes} bytes, payload of 8 fields, URL with 2 variables)");
    println!(
        "  compile payload expression          median {:>9.2} µs",
        compile_ns / 1000.0
    );
    println!(
        "  convert context (once per render)   median {:>9.2} µs",
        convert / 1000.0
    );
    println!(
        "  payload body only, compiled         median {:>9.2} µs",
        body_only_ns / 1000.0
    );
    println!(
        "  payload + URL, compiled (send)      median {:>9.2} µs",
        send_ns / 1000.0
    );
    println!(
        "  payload + URL + null warnings       median {:>9.2} µs",
        preview_ns / 1000.0
    );
    println!(
        "  same + sha256(lower(trim(email)))   median {:>9.2} µs",
        hashed_send_ns / 1000.0
    );

    let script = format!(
        "import jmespath, json, timeit, sys\n\
         data = json.loads(sys.stdin.read())\n\
         e = jmespath.compile({PAYLOAD:?})\n\
         n = {n}\n\
         times = sorted(timeit.repeat(lambda: e.search(data), number=n, repeat={r}))\n\
         print(times[len(times)//2] / n * 1e9)\n",
        n = if quick { 10 } else { 2000 },
        r = if quick { 3 } else { 31 },
    );
    let python = Command::new("python3")
        .args(["-c", &script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            if let Some(mut stdin) = child.stdin.take() {
                stdin.write_all(value.to_string().as_bytes())?;
            }
            child.wait_with_output()
        });
    match python {
        Ok(out) if out.status.success() => {
            let py_ns: f64 = String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .unwrap_or(f64::NAN);
            println!(
                "  python jmespath, same payload       median {:>9.2} µs",
                py_ns / 1000.0
            );
            println!(
                "  ratio python / rust (payload only)         {:>9.1}x",
                py_ns / body_only_ns
            );
        }
        _ => {
            println!("  python jmespath: not installed (pip install jmespath) — comparison skipped")
        }
    }
}
