//! The ingest endpoint started while another process sent (no engine of its own), then told
//! about the engine that took over: deliveries from then on are sent at once, not when the
//! engine's poll for other processes' work comes round.

use crate::engine_support;
use crate::http_support;

use std::time::{Duration, Instant};

use apidest_core::engine::EngineConfig;
use apidest_core::event_intake::IngestControl;
use engine_support::harness_with;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_engine_that_took_over_is_told_about_new_deliveries_at_once() {
    // A poll far longer than the test: only being told can make the delivery go out.
    let h = harness_with(EngineConfig {
        external_check: Duration::from_secs(60),
        ..EngineConfig::default()
    })
    .await;
    let target = http_support::always(http_support::Reply::status(200)).await;
    let dest = h.destination(&target.url("/hook"), None).await;
    h.rule_to("contact.updated", &dest).await;
    let control = IngestControl::new(h.secrets.clone());
    let status = control
        .set_enabled(&h.db.pool, None, true, Some(0))
        .await
        .unwrap();
    let token = control.rotate_token().await.unwrap().token;
    let client = apidest_core::tls::client_builder().build().unwrap();
    let post = || {
        client
            .post(status.url.clone().unwrap())
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(
                serde_json::json!({"type": "contact.updated", "contact_id": h.contact.as_str()})
                    .to_string(),
            )
            .send()
    };

    // Before: nobody is told, the delivery waits for a poll.
    assert_eq!(post().await.unwrap().status(), 202);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(target.request_count(), 0, "no engine was told");

    control.set_engine(h.engine.clone()).await;
    let started = Instant::now();
    assert_eq!(post().await.unwrap().status(), 202);
    while target.request_count() < 1 {
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the engine that took over was not told about the new delivery"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
