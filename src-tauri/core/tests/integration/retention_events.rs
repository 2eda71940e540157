//! Retention's background pass tells the screens when it deleted deliveries (so a list on screen
//! reloads), and stays quiet when there was nothing to delete.

use crate::common;

use std::time::Duration;

use apidest_core::bus::{AppEvent, EventBus};
use apidest_core::delivery_log::prune_and_tell;
use sqlx::SqlitePool;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

async fn insert(pool: &SqlitePool, id: &str, state: &str, age_days: i64) {
    let created_at = apidest_core::engine::now_ms() - age_days * DAY_MS;
    sqlx::query(
        "INSERT INTO deliveries (id, state, source, destination_id, destination_name, event_id, \
         event_type, method, url, headers, timeout_secs, retry_policy, payload_expression, bindings, \
         event_data, created_at, updated_at) \
         VALUES (?, ?, 'test', 'dst_1', 'CRM', 'evt_1', 'contact.updated', 'POST', \
         'https://api.example.com/leads', '[]', 15, '{}', 'contact', '{}', '{}', ?, ?)",
    )
    .bind(id)
    .bind(state)
    .bind(created_at)
    .bind(created_at)
    .execute(pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn a_pass_that_deletes_says_how_many_and_an_empty_pass_says_nothing() {
    let (_dir, db) = common::fresh_db().await;
    let pool = &db.pool;
    let events = EventBus::new();
    let mut pushed = events.subscribe();

    // Kept for the default 30 days: nothing to delete, nothing pushed.
    insert(pool, "dlv_recent", "succeeded", 1).await;
    insert(pool, "dlv_old_scheduled", "scheduled", 40).await;
    prune_and_tell(pool, &events).await;
    assert!(pushed.try_recv().is_err(), "an empty pass pushed an event");

    insert(pool, "dlv_old_1", "failed", 40).await;
    insert(pool, "dlv_old_2", "succeeded", 35).await;
    prune_and_tell(pool, &events).await;
    let event = tokio::time::timeout(Duration::from_secs(2), pushed.recv())
        .await
        .expect("an event within 2 s")
        .unwrap();
    assert_eq!(event, AppEvent::DeliveriesPruned { count: 2 });
    let left: Vec<String> = sqlx::query_scalar("SELECT id FROM deliveries ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(left, ["dlv_old_scheduled", "dlv_recent"]);
}
