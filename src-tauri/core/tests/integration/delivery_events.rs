//! What the engine pushes about deliveries: one event per change, each with the row's revision,
//! so a screen can keep the newest state even when events from the dispatcher, the writer and
//! a user's Retry now arrive out of order.

use crate::engine_support;
use crate::http_support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use apidest_core::bus::AppEvent;
use apidest_core::delivery_log::retry_many;
use apidest_core::engine::{
    freeze, get_delivery, insert_delivery, now_ms, DeliveryRow, DeliveryState, DeliverySummary,
    DELIVERY_COLUMNS,
};
use apidest_core::ids::DeliveryId;
use engine_support::{harness, quick_retries, Harness};
use http_support::Reply;
use tokio::sync::broadcast;

const DELIVERIES: usize = 40;

async fn wait_until_all(h: &Harness, ids: &[DeliveryId], attempts: u32) {
    let started = Instant::now();
    for id in ids {
        loop {
            let d = get_delivery(&h.db.pool, id).await.expect("readable");
            if d.summary.state == DeliveryState::Succeeded && d.summary.attempt_count == attempts {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{id} did not succeed {attempts} times: {:?}",
                d.summary
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

fn drain(rx: &mut broadcast::Receiver<AppEvent>) -> Vec<DeliverySummary> {
    let mut out = Vec::new();
    loop {
        match rx.try_recv() {
            Ok(AppEvent::DeliveryChanged { delivery }) => out.push(*delivery),
            Ok(_) => {}
            Err(broadcast::error::TryRecvError::Empty) => return out,
            Err(err) => panic!("events lost: {err:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_newest_revision_of_each_delivery_is_its_final_state() {
    let h = harness().await;
    let server = http_support::always(Reply::json(200, "{}")).await;
    let dest = h
        .destination_with(&server.url("/hooks"), None, quick_retries(vec![1]), 5)
        .await;
    let mut rx = h.events.subscribe();

    let mut ids = Vec::new();
    for _ in 0..DELIVERIES {
        let summary = h
            .engine
            .send(&h.cache, h.request(&dest))
            .await
            .expect("queued");
        ids.push(summary.id);
    }
    wait_until_all(&h, &ids, 1).await;
    // Retried while the dispatcher claims the first ones: its events race with the command's.
    let result = retry_many(&h.engine, &ids).await;
    assert_eq!(result.retried as usize, DELIVERIES, "{:?}", result.skipped);
    wait_until_all(&h, &ids, 2).await;
    // The writer publishes right after it saves; give the last events a moment.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let mut by_delivery: HashMap<DeliveryId, Vec<DeliverySummary>> = HashMap::new();
    for event in drain(&mut rx) {
        by_delivery.entry(event.id.clone()).or_default().push(event);
    }
    assert_eq!(by_delivery.len(), DELIVERIES);
    for id in &ids {
        let events = &by_delivery[id];
        let stored = get_delivery(&h.db.pool, id)
            .await
            .expect("readable")
            .summary;
        // Queued, claimed, answered; Retry now, claimed, answered: six changes.
        assert_eq!(stored.revision, 5, "{id}");
        let newest = events.iter().max_by_key(|e| e.revision).expect("events");
        assert_eq!(newest, &stored, "the newest event is what is stored");
        let mut seen: Vec<u32> = events.iter().map(|e| e.revision).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(
            seen,
            vec![0, 1, 2, 3, 4, 5],
            "every change was pushed: {events:#?}"
        );
        for retried in events.iter().filter(|e| e.revision == 3) {
            // Pushed by Retry now (or re-read after the dispatcher claimed it, then revision 4).
            assert_eq!(retried.state, DeliveryState::Scheduled);
        }
        for event in events {
            let same: Vec<_> = events
                .iter()
                .filter(|e| e.revision == event.revision)
                .collect();
            assert!(
                same.iter().all(|e| e.state == event.state),
                "one revision, one state: {same:#?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_a_rule_wrote_is_announced_as_stored_before_its_attempt() {
    let h = harness().await;
    let server = http_support::always(Reply::json(200, "{}")).await;
    let dest = h.destination(&server.url("/hooks"), None).await;
    let delivery = freeze(&h.db.pool, &h.cache, h.request(&dest))
        .await
        .expect("rendered");
    let mut rx = h.events.subscribe();

    // As the rules write them: in the event's transaction, then announced.
    let now = now_ms();
    let mut tx = h.db.pool.begin().await.expect("tx");
    let held = insert_delivery(&mut tx, &delivery, now)
        .await
        .expect("written");
    let stored: DeliveryRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE id = ?"
    )))
    .bind(delivery.id.as_str())
    .fetch_one(&mut *tx)
    .await
    .expect("readable");
    tx.commit().await.expect("committed");
    h.engine.announce_queued(&delivery, now, held);

    wait_until_all(&h, std::slice::from_ref(&delivery.id), 1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let events: Vec<DeliverySummary> = drain(&mut rx)
        .into_iter()
        .filter(|e| e.id == delivery.id)
        .collect();
    assert_eq!(
        events.first(),
        Some(&stored.summary().expect("summary")),
        "first pushed: the delivery as written, scheduled"
    );
    let revisions: Vec<u32> = events.iter().map(|e| e.revision).collect();
    assert_eq!(revisions, vec![0, 1, 2], "queued, claimed, answered");
}
