//! `apidest send` sends the delivery it made and nothing else: other destinations' work that is
//! due stays queued for the app or `apidest work`, and no engine lock is taken.

#[path = "../../core/tests/http_support/mod.rs"]
mod http_support;

use std::collections::BTreeMap;

use apidest_core::contacts::{list_contacts, seed_samples_once};
use apidest_core::destinations::{create_destination, DestinationInput};
use apidest_core::engine::{
    enqueue, freeze, get_delivery, DeliveryRequest, DeliverySource, DeliveryState, EventInfo,
};
use apidest_core::render::ExpressionCache;
use apidest_core::store::{open_database, DATABASE_FILE_NAME};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_sends_only_its_own_delivery() {
    let server = http_support::always(http_support::Reply::status(200)).await;
    let dir = tempfile::tempdir().unwrap();
    let db = open_database(&dir.path().join(DATABASE_FILE_NAME))
        .await
        .unwrap();
    seed_samples_once(&db.pool).await.unwrap();
    let contact = list_contacts(&db.pool).await.unwrap()[0].id.clone();
    let mut ids = Vec::new();
    for (name, path) in [("Other", "/other"), ("Target", "/target")] {
        let mut input = DestinationInput::blank();
        input.name = name.into();
        input.endpoint = server.url(path);
        ids.push(create_destination(&db.pool, input).await.unwrap().id);
    }
    // Work of another destination, due now, that no engine is running to send.
    let cache = ExpressionCache::default();
    let mut waiting = Vec::new();
    for _ in 0..3 {
        let delivery = freeze(
            &db.pool,
            &cache,
            DeliveryRequest {
                destination_id: ids[0].clone(),
                contact_id: contact.clone(),
                event: EventInfo::test("contact.updated", None),
                payload_expression: "{phone: contact.phone}".into(),
                bindings: BTreeMap::new(),
                source: DeliverySource::Rule,
                rule: None,
                replay_of: None,
            },
        )
        .await
        .unwrap();
        waiting.push(enqueue(&db.pool, &delivery).await.unwrap().id);
    }

    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_apidest"))
        .args(["--data-dir", dir.path().to_str().unwrap(), "send"])
        .args(["--destination", "Target", "--contact", contact.as_str()])
        .args(["--payload", "{phone: contact.phone}", "--json"])
        .output()
        .await
        .expect("apidest runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let detail: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(detail["summary"]["state"], "succeeded", "{detail:#}");

    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/target"], "only its own delivery was sent");
    for id in &waiting {
        let s = get_delivery(&db.pool, id).await.unwrap().summary;
        assert_eq!(s.state, DeliveryState::Scheduled);
        assert_eq!(s.attempt_count, 0, "other work was not claimed");
    }
    assert!(
        !dir.path().join("engine.lock").exists()
            || std::fs::File::open(dir.path().join("engine.lock"))
                .and_then(|f| f.try_lock().map_err(std::io::Error::other))
                .is_ok(),
        "no engine lock is left held"
    );
}
