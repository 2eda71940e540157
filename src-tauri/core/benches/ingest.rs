//! Ingest benchmark: events POSTed to the local ingest endpoint over HTTP (16 concurrent
//! senders), each matched against 10 enabled rules, with the event and its deliveries durably
//! written before the answer. Two cases: every rule matches (10 deliveries per event) and one
//! rule matches (the other 9 fail a condition).
//!
//! Each case runs twice in the same run: answered once the writes are on disk (`synchronous =
//! FULL` for the event's commit, what the app does) and once they are committed to the WAL
//! only, so the cost of a durable acknowledgement is printed beside it.
//!
//! Run: `cargo bench -p apidest-core --bench ingest` (APIDEST_BENCH_EVENTS to change the count).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use apidest_core::contacts::seed_samples_once;
use apidest_core::destinations::{create_destination, DestinationInput};
use apidest_core::event_intake::{start_ingest_with, IngestDurability};
use apidest_core::render::ExpressionCache;
use apidest_core::rules::{
    create_rule, ConditionMode, ConditionRow, Conditions, InvokeAction, Operator, RuleInput,
};
use apidest_core::secrets::Secret;
use apidest_core::store::open_database;

const SENDERS: usize = 16;
const TOKEN: &str = "bench-token";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let events: usize = std::env::var("APIDEST_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    runtime.block_on(async {
        for matching in [10, 1] {
            for durability in [IngestDurability::OnDisk, IngestDurability::Committed] {
                run(events, matching, durability).await;
            }
        }
    });
}

async fn run(events: usize, matching: usize, durability: IngestDurability) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = open_database(&dir.path().join("bench.sqlite3"))
        .await
        .expect("db");
    seed_samples_once(&db.pool).await.expect("samples");
    let cache = ExpressionCache::default();
    let mut input = DestinationInput::blank();
    input.name = "Bench CRM".into();
    input.endpoint = "https://crm.example.com/contacts/{email}".into();
    let destination = create_destination(&db.pool, input)
        .await
        .expect("destination");
    for i in 0..10 {
        let tag = if i < matching {
            "vip"
        } else {
            "never-this-tag"
        };
        create_rule(
            &db.pool,
            &cache,
            RuleInput {
                name: format!("Rule {i}"),
                enabled: true,
                trigger: "contact.tag_added".into(),
                conditions: Conditions {
                    mode: ConditionMode::All,
                    rows: vec![ConditionRow { path: "event.data.tag".into(), operator: Operator::Equals, value: tag.into() }],
                    expression: String::new(),
                },
                actions: vec![InvokeAction {
                    destination_id: Some(destination.id.clone()),
                    bindings: BTreeMap::from([("email".into(), "contact.custom_attributes.email".into())]),
                    payload: "{name: join(' ', [contact.first_name, contact.last_name]), phone: contact.phone, \
                              tags: contact.tags, tag: event.data.tag, store: team.custom_attributes.store_name}"
                        .into(),
                }],
                sample_event_data: None,
            },
        )
        .await
        .expect("rule");
    }
    let server = start_ingest_with(db.pool.clone(), None, Secret::new(TOKEN), 0, durability)
        .await
        .expect("ingest");
    let url = server.url();
    let body = Arc::new(
        serde_json::to_vec(&serde_json::json!({
            "type": "contact.tag_added",
            "contact": {
                "id": "ct_bench", "first_name": "Zoë", "last_name": "Ångström", "phone": "+447700900123",
                "tags": ["vip", "newsletter"], "custom_attributes": {"email": "zoe@example.com"}
            },
            "data": {"tag": "vip"}
        }))
        .expect("body"),
    );
    let client = apidest_core::tls::client_builder().build().expect("client");
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..SENDERS {
        let (client, url, body) = (client.clone(), url.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            for _ in 0..events / SENDERS {
                let response = client
                    .post(&url)
                    .header("authorization", format!("Bearer {TOKEN}"))
                    .header("content-type", "application/json")
                    .body(body.as_ref().clone())
                    .send()
                    .await
                    .expect("post");
                assert_eq!(response.status(), 202);
                let _ = response.bytes().await;
            }
        }));
    }
    for task in tasks {
        task.await.expect("sender");
    }
    let elapsed = started.elapsed();
    let sent = (events / SENDERS) * SENDERS;
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM deliveries")
        .fetch_one(&db.pool)
        .await
        .expect("count");
    assert_eq!(stored as usize, sent * matching);
    println!(
        "ingest, 10 enabled rules, {matching} matching, answered {}: {:>7.0} events/s ({sent} events, {stored} deliveries in {:.2} s; {:.0} deliveries/s)",
        match durability {
            IngestDurability::OnDisk => "on disk  ",
            IngestDurability::Committed => "committed",
        },
        sent as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64(),
        stored as f64 / elapsed.as_secs_f64()
    );
    server.stop();
}
