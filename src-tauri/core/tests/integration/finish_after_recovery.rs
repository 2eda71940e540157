//! A one-off send (`apidest send`, no engine lock) whose attempt is still out when an engine
//! starts: that engine's crash recovery marks the attempt interrupted and reschedules the
//! delivery. When the answer then comes, it stands: the delivery takes the answer's state as a
//! whole (no column keeps the interruption's values) and its revision only grows.

use crate::http_support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use apidest_core::contacts::{list_contacts, seed_samples_once};
use apidest_core::destinations::{create_destination, DestinationInput, RetryPolicy};
use apidest_core::engine::{
    attempts_in_flight, freeze, get_delivery, recover_interrupted, send_one, DeliveryRequest,
    DeliverySource, DeliveryState, EventInfo, StatusCategory,
};
use apidest_core::render::ExpressionCache;
use apidest_core::secrets::MemorySecretStore;
use apidest_core::store::open_database;
use http_support::{serve, Reply};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_comes_after_crash_recovery_stands_and_the_revision_only_grows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = open_database(&dir.path().join("app.sqlite3"))
        .await
        .expect("database");
    seed_samples_once(&db.pool).await.expect("samples");
    let contact = list_contacts(&db.pool).await.expect("contacts")[0]
        .id
        .clone();
    // The answer waits until recovery has run. The server runs on a runtime of its own, so
    // its waiting blocks none of the test's.
    let (release, released) = std::sync::mpsc::channel::<()>();
    let (url_tx, url_rx) = std::sync::mpsc::channel::<String>();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server_thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let released = std::sync::Mutex::new(released);
            let server = serve(move |_, _| {
                let _ = released
                    .lock()
                    .expect("lock")
                    .recv_timeout(Duration::from_secs(10));
                Reply::json(200, r#"{"ok":true}"#)
            })
            .await;
            url_tx.send(server.url("/hook")).expect("url");
            let _ = stopped.await;
            server.request_count()
        })
    });
    let url = url_rx.recv().expect("server started");
    let mut input = DestinationInput::blank();
    input.name = "Slow CRM".into();
    input.endpoint = url;
    input.retry = RetryPolicy {
        retry_delays_secs: vec![600],
        jitter_percent: 0,
        retry_after_cap_secs: 3600,
        circuit_breaker: Default::default(),
    };
    let destination = create_destination(&db.pool, input)
        .await
        .expect("destination");
    let delivery = freeze(
        &db.pool,
        &ExpressionCache::default(),
        DeliveryRequest {
            destination_id: destination.id.clone(),
            contact_id: contact,
            event: EventInfo::test("contact.updated", None),
            payload_expression: "{name: contact.first_name}".into(),
            bindings: BTreeMap::new(),
            source: DeliverySource::Cli,
            rule: None,
            replay_of: None,
        },
    )
    .await
    .expect("freeze");

    let pool = db.pool.clone();
    let sending = {
        let delivery = delivery.clone();
        tokio::spawn(
            async move { send_one(&pool, Arc::new(MemorySecretStore::new()), &delivery).await },
        )
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while attempts_in_flight(&db.pool).await.expect("count") == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the attempt never started"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(recover_interrupted(&db.pool).await.expect("recovery"), 1);
    let recovered = get_delivery(&db.pool, &delivery.id).await.expect("read");
    assert_eq!(recovered.summary.state, DeliveryState::Scheduled);
    assert!(recovered.summary.next_attempt_at.is_some());
    release.send(()).expect("release the answer");

    let sent = sending.await.expect("task").expect("sent");
    let summary = &sent.summary;
    assert_eq!(summary.state, DeliveryState::Succeeded, "{summary:?}");
    assert_eq!(summary.next_attempt_at, None, "no retry is left due");
    assert_eq!(summary.hold_reason, None);
    assert_eq!(summary.last_category, Some(StatusCategory::Success));
    assert_eq!(summary.last_http_status, Some(200));
    assert!(
        summary.revision > recovered.summary.revision,
        "revision {} after recovery's {}",
        summary.revision,
        recovered.summary.revision
    );
    assert_eq!(sent.attempts.len(), 1);
    assert_eq!(sent.attempts[0].category, Some(StatusCategory::Success));
    let _ = stop.send(());
    let requests = server_thread.join().expect("server thread");
    assert_eq!(requests, 1, "nothing was sent twice");
}
