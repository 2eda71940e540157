//! A keyring that never answers (locked, waiting for an unlock prompt nobody sees) no longer
//! leaves an attempt in flight forever: the credential read gives up after its timeout, the
//! attempt is recorded with the reason, and other destinations keep sending meanwhile.

mod http_support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use apidest_core::auth::{create_auth_config, AuthConfigInput, AuthSettings};
use apidest_core::bus::EventBus;
use apidest_core::contacts::{list_contacts, seed_samples_once};
use apidest_core::destinations::{create_destination, DestinationInput};
use apidest_core::engine::{
    DeliveryRequest, DeliverySource, Engine, EngineConfig, EventInfo, KEYRING_READ_TIMEOUT,
};
use apidest_core::render::ExpressionCache;
use apidest_core::secrets::{MemorySecretStore, Secret, SecretError, SecretKey, SecretStore};
use apidest_core::store::open_database;
use http_support::{always, Reply};

/// A keyring whose reads wait far longer than any attempt may.
struct NeverAnswers;

impl SecretStore for NeverAnswers {
    fn set(&self, _: &SecretKey, _: &Secret) -> Result<(), SecretError> {
        Ok(())
    }
    fn get(&self, _: &SecretKey) -> Result<Option<Secret>, SecretError> {
        // Longer than the read timeout; short enough that the test runtime can shut down.
        std::thread::sleep(KEYRING_READ_TIMEOUT + Duration::from_secs(3));
        Ok(None)
    }
    fn delete(&self, _: &SecretKey) -> Result<(), SecretError> {
        Ok(())
    }
    fn backend_name(&self) -> &'static str {
        "never answers"
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keyring_that_never_answers_times_out_and_does_not_block_other_destinations() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_database(&dir.path().join("app.sqlite3"))
        .await
        .unwrap();
    seed_samples_once(&db.pool).await.unwrap();
    let contact = list_contacts(&db.pool).await.unwrap()[0].id.clone();
    let auth = create_auth_config(
        &db.pool,
        Arc::new(MemorySecretStore::new()),
        AuthConfigInput {
            name: "Locked".into(),
            settings: AuthSettings::Bearer,
            secrets: BTreeMap::from([("token".into(), Secret::new("tok-locked-1"))]),
        },
    )
    .await
    .unwrap();
    let server = always(Reply::status(200)).await;
    let mut ids = Vec::new();
    for (name, auth_id) in [("Needs keyring", Some(auth.id.clone())), ("No auth", None)] {
        let mut input = DestinationInput::blank();
        input.name = name.into();
        input.endpoint = server.url("/hooks");
        input.auth_id = auth_id;
        ids.push(create_destination(&db.pool, input).await.unwrap().id);
    }
    let engine = Engine::start(
        db.pool.clone(),
        Arc::new(NeverAnswers),
        EventBus::new(),
        EngineConfig::default(),
    )
    .await
    .unwrap();
    let cache = ExpressionCache::default();
    let request = |destination_id| DeliveryRequest {
        destination_id,
        contact_id: contact.clone(),
        event: EventInfo::test("contact.updated", None),
        payload_expression: "{phone: contact.phone}".into(),
        bindings: BTreeMap::new(),
        source: DeliverySource::Test,
        rule: None,
        replay_of: None,
    };

    let started = Instant::now();
    let locked = {
        let engine = engine.clone();
        let req = request(ids[0].clone());
        tokio::spawn(async move { engine.send_and_wait(&ExpressionCache::default(), req).await })
    };
    // Meanwhile the other destination is served at once.
    let other = engine
        .send_and_wait(&cache, request(ids[1].clone()))
        .await
        .unwrap();
    assert_eq!(
        other.summary.state,
        apidest_core::engine::DeliveryState::Succeeded
    );
    assert!(started.elapsed() < Duration::from_secs(5));

    let detail = locked.await.unwrap().expect("the attempt finished");
    let attempt = &detail.attempts[0];
    assert_eq!(
        attempt.cause.as_deref(),
        Some("keyring_unavailable"),
        "{attempt:#?}"
    );
    assert!(
        attempt
            .error
            .as_deref()
            .unwrap_or("")
            .contains("did not answer"),
        "{attempt:#?}"
    );
    assert!(started.elapsed() >= KEYRING_READ_TIMEOUT);
    assert!(started.elapsed() < KEYRING_READ_TIMEOUT + Duration::from_secs(10));
    engine.shutdown().await;
}
