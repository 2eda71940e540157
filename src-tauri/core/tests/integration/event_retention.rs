//! Events are pruned with the deliveries' retention: an old event goes once no delivery names
//! it any more, and stays while one does (its detail and Replay need it).

use crate::engine_support;
use crate::http_support;

use std::time::Duration;

use apidest_core::delivery_log::prune_before;
use apidest_core::engine::{get_delivery, DeliveryState, PauseReason};
use apidest_core::event_intake::{get_event, receive_event};
use apidest_core::time::now_ms;
use engine_support::harness;
use http_support::{always, Reply};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_events_go_once_no_delivery_names_them() {
    let h = harness().await;
    let server = always(Reply::status(200)).await;
    let sent_to = h.destination(&server.url("/a"), None).await;
    let held_at = h.destination(&server.url("/b"), None).await;
    h.rule_to("contact.created", &sent_to).await;
    h.rule_to("contact.updated", &held_at).await;
    h.engine
        .pause_destination(&held_at, PauseReason::User)
        .await
        .unwrap();
    let event = |event_type: &str| h.event(event_type, serde_json::json!({}));
    let delivered = receive_event(
        &h.db.pool,
        &h.cache,
        Some(&h.engine),
        event("contact.created"),
    )
    .await
    .unwrap();
    let waiting = receive_event(
        &h.db.pool,
        &h.cache,
        Some(&h.engine),
        event("contact.updated"),
    )
    .await
    .unwrap();
    let unmatched = receive_event(&h.db.pool, &h.cache, Some(&h.engine), event("message.sent"))
        .await
        .unwrap();
    let id = &delivered.deliveries[0];
    while get_delivery(&h.db.pool, id).await.unwrap().summary.state != DeliveryState::Succeeded {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Everything is older than a cutoff a second from now.
    prune_before(&h.db.pool, now_ms() + 1000).await.unwrap();
    assert!(
        get_event(&h.db.pool, &delivered.event_id).await.is_err(),
        "its delivery went"
    );
    assert!(
        get_event(&h.db.pool, &unmatched.event_id).await.is_err(),
        "no delivery ever"
    );
    assert!(
        get_event(&h.db.pool, &waiting.event_id).await.is_ok(),
        "its delivery is still waiting"
    );
    assert!(get_delivery(&h.db.pool, &waiting.deliveries[0])
        .await
        .is_ok());
}
