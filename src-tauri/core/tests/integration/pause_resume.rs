//! Pausing and resuming a destination, through the real engine and a real local server: a
//! paused destination's deliveries (queued before, queued during, and retries) are held with
//! no attempt counted, shown as held, and all arrive once it is resumed.

use crate::engine_support;
use crate::http_support;

use std::time::Duration;

use apidest_core::engine::{get_delivery, DeliverySource, DeliveryState, HoldReason, PauseReason};
use apidest_core::ids::DeliveryId;
use engine_support::{harness, quick_retries, Harness};
use http_support::{always, sequence, Reply};

async fn wait_for_state(h: &Harness, id: &DeliveryId, state: DeliveryState) {
    let started = std::time::Instant::now();
    loop {
        let detail = get_delivery(&h.db.pool, id).await.expect("readable");
        if detail.summary.state == state && detail.summary.hold_reason.is_none() {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{id} not {state:?} within 10 s: {:#?}",
            detail.summary
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_destination_holds_new_deliveries_until_it_is_resumed() {
    let h = harness().await;
    let server = always(Reply::status(204)).await;
    let dest = h.destination(&server.url("/hooks"), None).await;

    h.engine
        .pause_destination(&dest, PauseReason::User)
        .await
        .expect("paused");
    let mut queued = Vec::new();
    for _ in 0..3 {
        let mut request = h.request(&dest);
        request.source = DeliverySource::Rule;
        let summary = h.engine.send(&h.cache, request).await.expect("queued");
        assert_eq!(summary.state, DeliveryState::Scheduled);
        assert_eq!(summary.hold_reason, Some(HoldReason::DestinationPaused));
        assert_eq!(summary.next_attempt_at, None, "held: not due");
        queued.push(summary.id);
    }
    let view = apidest_core::destinations::get_destination(&h.db.pool, &dest)
        .await
        .unwrap();
    assert!(view.paused.is_some_and(|p| !p.by_circuit_breaker));

    // A test is one request a person asks for now: it goes out while paused.
    let test = h.send(&dest).await;
    assert_eq!(test.summary.state, DeliveryState::Succeeded);
    assert_eq!(server.request_count(), 1);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        server.request_count(),
        1,
        "no rule delivery is sent while paused"
    );

    let released = h.engine.resume_destination(&dest).await.expect("resumed");
    assert_eq!(released.len(), 3);
    assert!(released.iter().all(|s| s.hold_reason.is_none()));
    let mut due: Vec<i64> = released.iter().filter_map(|s| s.next_attempt_at).collect();
    due.sort_unstable();
    assert!(
        due.windows(2).all(|w| w[1] - w[0] >= 50),
        "spread out: {due:?}"
    );
    for id in &queued {
        wait_for_state(&h, id, DeliveryState::Succeeded).await;
        let detail = get_delivery(&h.db.pool, id).await.unwrap();
        assert_eq!(
            detail.summary.attempt_count, 1,
            "one attempt, none while held"
        );
    }
    assert_eq!(server.request_count(), 4);
    assert!(
        apidest_core::destinations::get_destination(&h.db.pool, &dest)
            .await
            .unwrap()
            .paused
            .is_none()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pausing_holds_queued_deliveries_and_retries_without_counting_attempts() {
    let h = harness().await;
    // The first attempt fails and asks for a retry 1 s later; the destination is paused before
    // that retry is due.
    let server = sequence(vec![Reply::status(503), Reply::status(200)]).await;
    let dest = h
        .destination_with(&server.url("/hooks"), None, quick_retries(vec![1]), 5)
        .await;
    let first = h.send(&dest).await;
    assert_eq!(
        first.summary.state,
        DeliveryState::Scheduled,
        "a retry is scheduled"
    );
    let held = h
        .engine
        .pause_destination(&dest, PauseReason::User)
        .await
        .expect("paused");
    assert_eq!(held.len(), 1, "the scheduled retry is held");
    assert_eq!(held[0].hold_reason, Some(HoldReason::DestinationPaused));

    tokio::time::sleep(Duration::from_millis(1800)).await;
    let detail = get_delivery(&h.db.pool, &first.summary.id).await.unwrap();
    assert_eq!(
        server.request_count(),
        1,
        "the retry did not go out while paused"
    );
    assert_eq!(
        detail.summary.attempt_count, 1,
        "no attempt counted while held"
    );
    assert_eq!(
        detail.summary.hold_reason,
        Some(HoldReason::DestinationPaused)
    );

    h.engine.resume_destination(&dest).await.expect("resumed");
    wait_for_state(&h, &first.summary.id, DeliveryState::Succeeded).await;
    assert_eq!(server.request_count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_asked_for_while_paused_is_held_when_the_attempt_finishes() {
    let h = harness().await;
    // The first attempt gets no answer and times out after 1 s: the pause comes while it is in
    // flight, and the retry it asks for must be held.
    let server = sequence(vec![Reply::NeverAnswer, Reply::status(200)]).await;
    let dest = h
        .destination_with(&server.url("/hooks"), None, quick_retries(vec![0, 0]), 1)
        .await;
    let queued = h
        .engine
        .send(&h.cache, h.request(&dest))
        .await
        .expect("queued");
    // Wait until the first attempt has been claimed, then pause.
    let started = std::time::Instant::now();
    loop {
        let detail = get_delivery(&h.db.pool, &queued.id).await.unwrap();
        if detail.summary.attempt_count >= 1 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    h.engine
        .pause_destination(&dest, PauseReason::User)
        .await
        .expect("paused");
    tokio::time::sleep(Duration::from_millis(1800)).await;
    let detail = get_delivery(&h.db.pool, &queued.id).await.unwrap();
    assert_eq!(detail.summary.attempt_count, 1, "{:#?}", detail.summary);
    assert_eq!(detail.summary.state, DeliveryState::Scheduled);
    assert_eq!(
        detail.summary.hold_reason,
        Some(HoldReason::DestinationPaused)
    );
    assert_eq!(server.request_count(), 1);

    h.engine.resume_destination(&dest).await.expect("resumed");
    wait_for_state(&h, &queued.id, DeliveryState::Succeeded).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rules_delivery_to_a_paused_destination_is_written_held_and_announced_so() {
    use apidest_core::event_intake::receive_event;

    let h = harness().await;
    let server = always(Reply::status(200)).await;
    let dest = h.destination(&server.url("/hooks"), None).await;
    h.rule_to("contact.updated", &dest).await;
    h.engine
        .pause_destination(&dest, PauseReason::User)
        .await
        .expect("paused");
    let mut pushed = h.events.subscribe();
    let receipt = receive_event(
        &h.db.pool,
        &h.cache,
        Some(&h.engine),
        h.event("contact.updated", serde_json::json!({})),
    )
    .await
    .expect("received");
    let id = receipt.deliveries[0].clone();
    let stored = get_delivery(&h.db.pool, &id).await.unwrap().summary;
    assert_eq!(stored.hold_reason, Some(HoldReason::DestinationPaused));
    assert_eq!(stored.next_attempt_at, None);
    match pushed.recv().await.expect("announced") {
        apidest_core::bus::AppEvent::DeliveryChanged { delivery } => {
            assert_eq!(delivery.id, id);
            assert_eq!(delivery.hold_reason, Some(HoldReason::DestinationPaused));
        }
        other => panic!("unexpected {other:?}"),
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(server.request_count(), 0);

    h.engine.resume_destination(&dest).await.expect("resumed");
    wait_for_state(&h, &id, DeliveryState::Succeeded).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_circuit_breaker_pauses_a_failing_destination_until_a_person_resumes_it() {
    use apidest_core::destinations::CircuitBreaker;

    let h = harness().await;
    let server = sequence(vec![
        Reply::status(503),
        Reply::status(503),
        Reply::status(503),
        Reply::status(200),
    ])
    .await;
    let mut retry = quick_retries(vec![1, 1, 1, 1, 1]);
    retry.circuit_breaker = CircuitBreaker {
        failures: 3,
        period_secs: 1,
    };
    let dest = h
        .destination_with(&server.url("/hooks"), None, retry, 5)
        .await;
    let mut request = h.request(&dest);
    request.source = DeliverySource::Rule;
    let queued = h.engine.send(&h.cache, request).await.expect("queued");

    // Three failures over two seconds open the breaker: the destination pauses itself and
    // the retry the third failure asked for is held, not used up.
    let started = std::time::Instant::now();
    let view = loop {
        let view = apidest_core::destinations::get_destination(&h.db.pool, &dest)
            .await
            .unwrap();
        if view.paused.is_some() {
            break view;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the breaker did not open"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(view.paused.unwrap().by_circuit_breaker);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let detail = get_delivery(&h.db.pool, &queued.id).await.unwrap();
    assert_eq!(
        server.request_count(),
        3,
        "nothing sent while the breaker is open"
    );
    assert_eq!(detail.summary.attempt_count, 3);
    assert_eq!(
        detail.summary.hold_reason,
        Some(HoldReason::DestinationPaused)
    );

    h.engine.resume_destination(&dest).await.expect("resumed");
    wait_for_state(&h, &queued.id, DeliveryState::Succeeded).await;
    assert_eq!(server.request_count(), 4);
}

/// `apidest destinations pause|resume` beside the app: the same writes without the engine. The
/// running engine holds what they hold and sends what they release at its next queue check.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pause_and_resume_made_without_the_engine_are_followed_by_the_running_one() {
    let h = engine_support::harness_with(apidest_core::engine::EngineConfig {
        external_check: Duration::from_millis(100),
        ..Default::default()
    })
    .await;
    let server = always(Reply::status(204)).await;
    let dest = h.destination(&server.url("/hooks"), None).await;

    apidest_core::engine::pause_in_database(&h.db.pool, &dest, PauseReason::User)
        .await
        .expect("paused");
    let mut request = h.request(&dest);
    request.source = DeliverySource::Rule;
    let queued = h.engine.send(&h.cache, request).await.expect("queued");
    assert_eq!(queued.hold_reason, Some(HoldReason::DestinationPaused));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(server.request_count(), 0, "sent while paused");

    let released = apidest_core::engine::resume_in_database(&h.db.pool, &dest)
        .await
        .expect("resumed");
    assert_eq!(released.len(), 1);
    wait_for_state(&h, &queued.id, DeliveryState::Succeeded).await;
    assert_eq!(server.request_count(), 1);
}
