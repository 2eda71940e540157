//! At-least-once across a crash: `apidest work` is killed (SIGKILL) in the middle of 1,000
//! deliveries and started again; every delivery reaches a final state, none is lost, and only
//! the attempts in flight at the kill are sent twice.

#[path = "../../core/tests/http_support/mod.rs"]
mod http_support;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use apidest_core::contacts::{list_contacts, seed_samples_once};
use apidest_core::delivery_log::{list_deliveries, DeliveryFilter};
use apidest_core::destinations::{create_destination, DestinationInput, RetryPolicy};
use apidest_core::engine::{
    attempts_in_flight, enqueue, freeze, get_delivery, DeliveryRequest, DeliverySource,
    DeliveryState, EventInfo,
};
use apidest_core::render::ExpressionCache;
use apidest_core::store::{open_database, DATABASE_FILE_NAME};

const DELIVERIES: usize = 1000;

fn worker(dir: &Path) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_apidest"));
    cmd.args([
        "--data-dir",
        dir.to_str().unwrap(),
        "work",
        "--until-idle",
        "--concurrency",
        "4",
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::inherit())
    .kill_on_drop(true);
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_engine_loses_nothing_and_repeats_only_what_was_in_flight() {
    let server = http_support::always(http_support::Reply::status(204)).await;
    let dir = tempfile::tempdir().unwrap();
    let db = open_database(&dir.path().join(DATABASE_FILE_NAME))
        .await
        .unwrap();
    seed_samples_once(&db.pool).await.unwrap();
    let contact = list_contacts(&db.pool).await.unwrap()[0].id.clone();
    let mut input = DestinationInput::blank();
    input.name = "Crash test".into();
    input.endpoint = server.url("/events/{event}");
    input.retry = RetryPolicy {
        retry_delays_secs: vec![1, 1, 1],
        jitter_percent: 0,
        retry_after_cap_secs: 60,
        circuit_breaker: Default::default(),
    };
    let destination = create_destination(&db.pool, input).await.unwrap();
    let cache = ExpressionCache::default();
    for _ in 0..DELIVERIES {
        let delivery = freeze(
            &db.pool,
            &cache,
            DeliveryRequest {
                destination_id: destination.id.clone(),
                contact_id: contact.clone(),
                event: EventInfo::test("contact.updated", None),
                payload_expression: "{phone: contact.phone}".into(),
                bindings: BTreeMap::from([("event".into(), "event.id".into())]),
                source: DeliverySource::Cli,
                rule: None,
                replay_of: None,
            },
        )
        .await
        .unwrap();
        enqueue(&db.pool, &delivery).await.unwrap();
    }

    // Kill it once a fair share has been sent.
    let mut first = worker(dir.path()).spawn().unwrap();
    let started = Instant::now();
    while server.request_count() < DELIVERIES / 4 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the engine sent too little"
        );
        if let Ok(Some(status)) = first.try_wait() {
            panic!("the engine finished before it could be killed: {status}");
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    first.start_kill().unwrap(); // SIGKILL
    first.wait().await.unwrap();
    let sent_before_restart = server.request_count();
    assert!(
        sent_before_restart < DELIVERIES,
        "killed too late to prove anything"
    );

    let in_flight_at_kill = attempts_in_flight(&db.pool).await.unwrap();

    let status = tokio::time::timeout(Duration::from_secs(120), worker(dir.path()).status())
        .await
        .expect("the restarted engine finishes")
        .unwrap();
    assert!(status.success());

    // Every delivery is final and succeeded; the server saw each at least once.
    let mut received: HashMap<String, usize> = HashMap::new();
    for request in server.requests() {
        *received.entry(request.target.clone()).or_default() += 1;
    }
    let mut interrupted = 0;
    let mut cursor = None;
    let mut seen = 0;
    loop {
        let page = list_deliveries(&db.pool, &DeliveryFilter::default(), cursor.as_ref(), 500)
            .await
            .unwrap();
        for summary in &page.items {
            seen += 1;
            assert_eq!(summary.state, DeliveryState::Succeeded, "{summary:?}");
            let path = url_path(&summary.url);
            assert!(
                received.contains_key(&path),
                "{path} never reached the server"
            );
            let detail = get_delivery(&db.pool, &summary.id).await.unwrap();
            interrupted += detail
                .attempts
                .iter()
                .filter(|a| a.cause.as_deref() == Some("interrupted"))
                .count();
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, DELIVERIES);
    let duplicates: usize = received.values().map(|n| n - 1).sum();
    assert_eq!(
        interrupted as i64, in_flight_at_kill,
        "each in-flight attempt is recorded as interrupted"
    );
    assert!(
        duplicates as i64 <= in_flight_at_kill,
        "{duplicates} deliveries sent twice, but only {in_flight_at_kill} were in flight at the kill"
    );
    eprintln!(
        "crash test: {sent_before_restart} requests before the kill, {in_flight_at_kill} in flight, {duplicates} sent twice"
    );
}

fn url_path(url: &str) -> String {
    let start = url.find("/events/").expect("an events URL");
    url[start..].to_owned()
}
