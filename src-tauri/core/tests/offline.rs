//! Offline for real: the engine runs in a network namespace of its own whose loopback is down,
//! so every connection fails with "network unreachable", as on a laptop with no network.
//! Deliveries must wait without using up their retries, and go by themselves once the
//! network comes back (`ip link set lo up`). Needs root for the namespace, as CI has.

mod engine_support;
mod http_support;
mod netns_support;

use std::time::{Duration, Instant};

use apidest_core::engine::{get_delivery, DeliverySource, DeliveryState, HoldReason};
use engine_support::{harness, quick_retries};
use http_support::{always, Reply};
use netns_support::{loopback_up, run_offline};

const TEST: &str = "deliveries_wait_offline_without_using_retries_and_go_when_the_network_is_back";

#[test]
fn deliveries_wait_offline_without_using_retries_and_go_when_the_network_is_back() {
    run_offline(TEST, offline_then_back);
}

async fn offline_then_back() {
    let h = harness().await;
    let server = always(Reply::status(200)).await;
    // Without offline awareness these five 1 s retries are used up in about five seconds.
    let dest = h
        .destination_with(
            &server.url("/hooks"),
            None,
            quick_retries(vec![1, 1, 1, 1, 1]),
            5,
        )
        .await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        let mut request = h.request(&dest);
        request.source = DeliverySource::Rule;
        ids.push(h.engine.send(&h.cache, request).await.expect("queued").id);
    }

    // The first tries find the network gone; then nothing is claimed, every delivery is held
    // for the network, and none is exhausted however long it waits.
    tokio::time::sleep(Duration::from_secs(6)).await;
    let mut tries_offline = Vec::new();
    for id in &ids {
        let detail = get_delivery(&h.db.pool, id).await.unwrap();
        let s = &detail.summary;
        assert_eq!(s.state, DeliveryState::Scheduled, "{s:#?}");
        assert_eq!(s.hold_reason, Some(HoldReason::Offline), "{s:#?}");
        assert!(
            s.attempt_count <= 1,
            "at most the try that found the network gone"
        );
        assert!(detail
            .attempts
            .iter()
            .all(|a| a.cause.as_deref() == Some("offline")));
        tries_offline.push(s.attempt_count);
    }
    assert!(tries_offline.contains(&1), "a try found the network gone");
    assert_eq!(server.request_count(), 0);
    let status = h.engine.sending_status();
    assert!(status.offline, "the window is told it is offline");
    assert_eq!(status.waiting, 5, "and how many deliveries wait");

    loopback_up();

    let started = Instant::now();
    for (id, before) in ids.iter().zip(&tries_offline) {
        loop {
            let s = get_delivery(&h.db.pool, id).await.unwrap().summary;
            if s.state == DeliveryState::Succeeded {
                assert_eq!(s.attempt_count, before + 1, "one more try, and it went");
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "not sent after the network came back: {s:#?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    assert_eq!(server.request_count(), 5);
    assert!(!h.engine.sending_status().offline, "back online");
}
