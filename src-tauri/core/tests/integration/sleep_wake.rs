//! After the machine wakes, overdue work is not fired at once: it waits for a probe to get
//! through and then goes spread out, and OAuth tokens are fetched again, not reused. The wake
//! is simulated through the engine's entry for the OS signal (the clock comparison that
//! detects it on its own is unit-tested in engine/wake.rs).

use crate::engine_support;
use crate::http_support;

use std::time::{Duration, Instant};

use apidest_core::auth::AuthSettings;
use apidest_core::engine::{get_delivery, DeliverySource, DeliveryState};
use engine_support::harness;
use http_support::{always, serve, Reply};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overdue_work_after_a_wake_waits_for_the_network_then_goes_spread_out() {
    let h = harness().await;
    let server = always(Reply::status(200)).await;
    let dest = h.destination(&server.url("/hooks"), None).await;

    let woke = Instant::now();
    h.engine.woke_from_sleep(Duration::from_secs(3600));
    let mut ids = Vec::new();
    for _ in 0..5 {
        let mut request = h.request(&dest);
        request.source = DeliverySource::Rule;
        ids.push(h.engine.send(&h.cache, request).await.expect("queued").id);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        server.request_count(),
        0,
        "nothing before the network is checked"
    );

    let mut started = Vec::new();
    for id in &ids {
        loop {
            let detail = get_delivery(&h.db.pool, id).await.unwrap();
            if detail.summary.state == DeliveryState::Succeeded {
                assert_eq!(
                    detail.summary.attempt_count, 1,
                    "no attempt used by the wait"
                );
                started.push(detail.attempts[0].started_at);
                break;
            }
            assert!(
                woke.elapsed() < Duration::from_secs(15),
                "not sent after the wake"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    started.sort_unstable();
    assert!(
        started[4] - started[0] >= 60,
        "released spread out, not in one burst: {started:?}"
    );
    assert!(!h.engine.sending_status().offline);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oauth_token_is_fetched_again_after_a_wake() {
    let h = harness().await;
    let tokens = serve(|_, index| {
        Reply::json(
            200,
            &format!(r#"{{"access_token":"tok-{index}","expires_in":3600}}"#),
        )
    })
    .await;
    let target = always(Reply::status(200)).await;
    let auth = h
        .auth(
            AuthSettings::OAuth2ClientCredentials {
                token_url: tokens.url("/token"),
                client_id: "client".into(),
                scope: None,
                audience: None,
            },
            "client-secret-1",
        )
        .await;
    let dest = h.destination(&target.url("/hooks"), Some(auth)).await;
    assert_eq!(h.send(&dest).await.summary.state, DeliveryState::Succeeded);
    assert_eq!(h.send(&dest).await.summary.state, DeliveryState::Succeeded);
    assert_eq!(tokens.request_count(), 1, "the token is reused while awake");

    h.engine.woke_from_sleep(Duration::from_secs(7200));
    let woke = Instant::now();
    while h.engine.sending_status().offline {
        assert!(woke.elapsed() < Duration::from_secs(10));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(h.send(&dest).await.summary.state, DeliveryState::Succeeded);
    assert_eq!(tokens.request_count(), 2, "a new token after the wake");
    let seen: Vec<Option<String>> = target
        .requests()
        .iter()
        .map(|r| r.header("authorization").map(str::to_owned))
        .collect();
    assert_eq!(
        seen.last().cloned().flatten().as_deref(),
        Some("Bearer tok-1")
    );
}
