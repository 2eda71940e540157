//! Pausing all sending (the tray's menu): deliveries are still queued but nothing is claimed,
//! the pause outlives a restart of the engine, and resuming sends every waiting delivery with
//! one attempt each.

use crate::engine_support;
use crate::http_support;

use std::time::{Duration, Instant};

use apidest_core::bus::EventBus;
use apidest_core::engine::{get_delivery, DeliverySource, DeliveryState, Engine, EngineConfig};
use engine_support::harness;
use http_support::{always, Reply};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_sending_waits_while_paused_even_across_a_restart_and_goes_on_resume() {
    let h = harness().await;
    let server = always(Reply::status(200)).await;
    let dest = h.destination(&server.url("/hooks"), None).await;
    h.engine.pause_all().await.unwrap();
    assert!(h.engine.sending_status().paused);

    let mut ids = Vec::new();
    for _ in 0..3 {
        let mut request = h.request(&dest);
        request.source = DeliverySource::Rule;
        ids.push(h.engine.send(&h.cache, request).await.unwrap().id);
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(server.request_count(), 0, "nothing goes out while paused");

    // A new engine on the same data (the app restarted, or `apidest work`) is paused too.
    h.engine.shutdown().await;
    let engine = Engine::start(
        h.db.pool.clone(),
        h.secrets.clone(),
        EventBus::new(),
        EngineConfig::default(),
    )
    .await
    .unwrap();
    assert!(engine.is_paused_all());
    let status = engine.sending_status();
    assert!(status.paused, "{status:?}");
    assert_eq!(status.paused_waiting, 3, "{status:?}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(server.request_count(), 0, "still nothing after the restart");
    for id in &ids {
        let s = get_delivery(&h.db.pool, id).await.unwrap().summary;
        assert_eq!(s.state, DeliveryState::Scheduled);
        assert_eq!(s.attempt_count, 0, "no attempt made or counted");
    }

    engine.resume_all().await.unwrap();
    assert!(!engine.sending_status().paused);
    let started = Instant::now();
    for id in &ids {
        loop {
            let s = get_delivery(&h.db.pool, id).await.unwrap().summary;
            if s.state == DeliveryState::Succeeded {
                assert_eq!(s.attempt_count, 1);
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "not sent after resuming: {s:#?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    assert_eq!(server.request_count(), 3);
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_destinations_waiting_deliveries_are_held_or_cancelled_as_the_user_chooses() {
    use apidest_core::engine::{waiting_count, HoldReason, WaitingChoice};
    let h = harness().await;
    let server = always(Reply::status(200)).await;
    let held_dest = h.destination(&server.url("/held"), None).await;
    let cancelled_dest = h.destination(&server.url("/cancelled"), None).await;
    // Paused everywhere first, so the deliveries wait.
    h.engine.pause_all().await.unwrap();
    let mut queued = Vec::new();
    for dest in [&held_dest, &held_dest, &cancelled_dest, &cancelled_dest] {
        let mut request = h.request(dest);
        request.source = DeliverySource::Rule;
        queued.push((
            dest.clone(),
            h.engine.send(&h.cache, request).await.unwrap().id,
        ));
    }
    assert_eq!(waiting_count(&h.db.pool, &held_dest).await.unwrap(), 2);

    let held = h
        .engine
        .settle_waiting(&held_dest, WaitingChoice::Hold)
        .await
        .unwrap();
    assert_eq!(held.len(), 2);
    let cancelled = h
        .engine
        .settle_waiting(&cancelled_dest, WaitingChoice::Cancel)
        .await
        .unwrap();
    assert_eq!(cancelled.len(), 2);
    assert_eq!(waiting_count(&h.db.pool, &cancelled_dest).await.unwrap(), 0);

    // Sending resumes: the held ones still wait for their destination, the cancelled never go.
    h.engine.resume_all().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(server.request_count(), 0);
    for (dest, id) in &queued {
        let s = get_delivery(&h.db.pool, id).await.unwrap().summary;
        if dest == &held_dest {
            assert_eq!(s.state, DeliveryState::Scheduled);
            assert_eq!(s.hold_reason, Some(HoldReason::DestinationPaused));
        } else {
            assert_eq!(s.state, DeliveryState::Cancelled);
        }
    }
    h.engine.resume_destination(&held_dest).await.unwrap();
    let started = Instant::now();
    while server.request_count() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "held ones not sent on resume"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
