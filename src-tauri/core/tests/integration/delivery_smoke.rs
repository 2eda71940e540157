//! The engine's spine against a real local server: queued, sent, classified, retried.

use crate::engine_support;
use crate::http_support;

use std::time::Duration;

use apidest_core::engine::{DeliveryState, StatusCategory};
use engine_support::{harness, quick_retries};
use http_support::{sequence, Reply};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_then_200_is_retried_to_success() {
    let h = harness().await;
    let server = sequence(vec![Reply::status(500), Reply::json(200, r#"{"ok":true}"#)]).await;
    let dest = h
        .destination_with(&server.url("/hooks"), None, quick_retries(vec![1]), 5)
        .await;
    let first = h.send(&dest).await;
    assert_eq!(
        first.attempts[0].category,
        Some(StatusCategory::ServerError)
    );
    assert_eq!(first.summary.state, DeliveryState::Scheduled);
    let done = h.wait_for_attempts(&first, 2, Duration::from_secs(5)).await;
    assert_eq!(done.summary.state, DeliveryState::Succeeded);
    assert_eq!(done.attempts[1].category, Some(StatusCategory::Success));
    assert_eq!(
        done.attempts[1].response_body.as_deref(),
        Some(r#"{"ok":true}"#)
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].body, requests[1].body,
        "the frozen request is resent"
    );
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_original_lists_its_replays_newest_first() {
    let h = harness().await;
    let server = http_support::always(Reply::json(200, "{}")).await;
    let dest = h
        .destination_with(&server.url("/hooks"), None, quick_retries(vec![1]), 5)
        .await;
    let original = h.send(&dest).await;
    assert!(original.replays.is_empty());
    let first = h
        .engine
        .replay(&h.cache, &original.summary.id)
        .await
        .expect("replay");
    let second = h
        .engine
        .replay(&h.cache, &original.summary.id)
        .await
        .expect("replay");
    h.wait_for_attempts(
        &apidest_core::engine::get_delivery(&h.db.pool, &second.id)
            .await
            .expect("replay detail"),
        1,
        Duration::from_secs(5),
    )
    .await;

    let listed = apidest_core::engine::get_delivery(&h.db.pool, &original.summary.id)
        .await
        .expect("original detail")
        .replays;
    let ids: Vec<_> = listed.iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        ids,
        vec![second.id.clone(), first.id.clone()],
        "newest first"
    );
    let sent = listed.iter().find(|r| r.id == second.id).expect("listed");
    assert_eq!(sent.state, DeliveryState::Succeeded);
    assert_eq!(sent.last_category, Some(StatusCategory::Success));
    // A replay is not itself replayed.
    let replay = apidest_core::engine::get_delivery(&h.db.pool, &first.id)
        .await
        .expect("replay detail");
    assert_eq!(replay.replay_of.as_ref(), Some(&original.summary.id));
    assert!(replay.replays.is_empty());
}
