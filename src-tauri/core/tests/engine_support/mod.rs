//! A running delivery engine over a fresh database with the sample contacts, for tests that
//! send to real local servers.
#![allow(dead_code)] // each test binary uses its own subset

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use apidest_core::auth::{create_auth_config, AuthConfigInput, AuthSettings};
use apidest_core::bus::EventBus;
use apidest_core::contacts::{list_contacts, seed_samples_once};
use apidest_core::destinations::{create_destination, DestinationInput, HttpMethod, RetryPolicy};
use apidest_core::engine::{
    DeliveryDetail, DeliveryRequest, DeliverySource, Engine, EngineConfig, EventInfo,
};
use apidest_core::ids::{AuthId, ContactId, DestinationId};
use apidest_core::render::ExpressionCache;
use apidest_core::secrets::{MemorySecretStore, Secret};
use apidest_core::store::{open_database, Database};

pub struct Harness {
    pub dir: tempfile::TempDir,
    pub db: Database,
    pub engine: Engine,
    pub secrets: Arc<MemorySecretStore>,
    pub cache: ExpressionCache,
    pub contact: ContactId,
    /// What the engine pushes; subscribe before acting to see every change.
    pub events: EventBus,
}

pub async fn harness() -> Harness {
    harness_with(EngineConfig::default()).await
}

pub async fn harness_with(config: EngineConfig) -> Harness {
    harness_in(tempfile::tempdir().expect("temporary folder"), config).await
}

/// The harness with its data folder at `dir` (e.g. on a filesystem the test fills).
pub async fn harness_in(dir: tempfile::TempDir, config: EngineConfig) -> Harness {
    let db = open_database(&dir.path().join("app.sqlite3"))
        .await
        .expect("open a fresh database");
    seed_samples_once(&db.pool).await.expect("samples");
    let contact = list_contacts(&db.pool).await.expect("contacts")[0]
        .id
        .clone();
    let secrets = Arc::new(MemorySecretStore::new());
    let events = EventBus::new();
    let engine = Engine::start(db.pool.clone(), secrets.clone(), events.clone(), config)
        .await
        .expect("engine starts");
    Harness {
        dir,
        db,
        engine,
        secrets,
        cache: ExpressionCache::default(),
        contact,
        events,
    }
}

/// A retry policy with short waits, so retries happen within a test.
pub fn quick_retries(delays_secs: Vec<u32>) -> RetryPolicy {
    RetryPolicy {
        retry_delays_secs: delays_secs,
        jitter_percent: 0,
        retry_after_cap_secs: 3600,
        circuit_breaker: Default::default(),
    }
}

impl Harness {
    pub async fn destination(&self, endpoint: &str, auth_id: Option<AuthId>) -> DestinationId {
        self.destination_with(endpoint, auth_id, RetryPolicy::default(), 5)
            .await
    }

    pub async fn destination_with(
        &self,
        endpoint: &str,
        auth_id: Option<AuthId>,
        retry: RetryPolicy,
        timeout_secs: u32,
    ) -> DestinationId {
        let mut input = DestinationInput::blank();
        input.name = format!("Test {}", ulid_suffix());
        input.endpoint = endpoint.to_owned();
        input.method = HttpMethod::Post;
        input.auth_id = auth_id;
        input.retry = retry;
        input.timeout_secs = timeout_secs;
        create_destination(&self.db.pool, input)
            .await
            .expect("destination saved")
            .id
    }

    pub async fn auth(&self, settings: AuthSettings, secret: &str) -> AuthId {
        let field = settings.secret_fields()[0].to_owned();
        create_auth_config(
            &self.db.pool,
            self.secrets.clone(),
            AuthConfigInput {
                name: format!("Auth {}", ulid_suffix()),
                settings,
                secrets: BTreeMap::from([(field, Secret::new(secret))]),
            },
        )
        .await
        .expect("auth config saved")
        .id
    }

    /// An enabled rule that sends every `trigger` event's contact phone to `destination`.
    /// The live preview of a saved destination for the stored sample contact.
    pub async fn preview(
        &self,
        destination: &DestinationId,
        payload: &str,
        bindings: BTreeMap<String, String>,
    ) -> apidest_core::error::AppResult<apidest_core::render::PreviewResult> {
        apidest_core::render::preview(
            &self.db.pool,
            &self.cache,
            apidest_core::render::PreviewRequest {
                destination_id: Some(destination.clone()),
                endpoint: None,
                method: None,
                headers: vec![],
                auth_id: None,
                body_format: None,
                bindings,
                payload: payload.into(),
                contact_id: self.contact.clone(),
                event_type: "contact.updated".into(),
                event_data: None,
            },
        )
        .await
    }

    /// An event about the stored sample contact, as "Send test event" makes it.
    pub fn event(
        &self,
        event_type: &str,
        data: serde_json::Value,
    ) -> apidest_core::event_intake::IncomingEvent {
        use apidest_core::event_intake::{EventContact, EventSource, IncomingEvent};
        IncomingEvent {
            event_type: event_type.into(),
            occurred_at: None,
            contact: EventContact::Stored(self.contact.clone()),
            data,
            source: EventSource::Test,
        }
    }

    pub async fn rule_to(&self, trigger: &str, destination: &DestinationId) {
        use apidest_core::rules::{
            create_rule, ConditionMode, Conditions, InvokeAction, RuleInput,
        };
        create_rule(
            &self.db.pool,
            &self.cache,
            RuleInput {
                name: format!("On {trigger} {}", ulid_suffix()),
                enabled: true,
                trigger: trigger.into(),
                conditions: Conditions {
                    mode: ConditionMode::All,
                    rows: vec![],
                    expression: String::new(),
                },
                actions: vec![InvokeAction {
                    destination_id: Some(destination.clone()),
                    bindings: BTreeMap::new(),
                    payload: "{phone: contact.phone}".into(),
                }],
                sample_event_data: None,
            },
        )
        .await
        .expect("rule saved");
    }

    pub fn request(&self, destination: &DestinationId) -> DeliveryRequest {
        DeliveryRequest {
            destination_id: destination.clone(),
            contact_id: self.contact.clone(),
            event: EventInfo::test("contact.updated", None),
            payload_expression: "{name: contact.first_name, tags: contact.tags}".into(),
            bindings: BTreeMap::new(),
            source: DeliverySource::Test,
            rule: None,
            replay_of: None,
        }
    }

    /// Sends and returns the delivery once its first attempt is written.
    pub async fn send(&self, destination: &DestinationId) -> DeliveryDetail {
        self.engine
            .send_and_wait(&self.cache, self.request(destination))
            .await
            .expect("first attempt written")
    }

    /// Waits until the delivery has `n` finished attempts.
    pub async fn wait_for_attempts(
        &self,
        detail: &DeliveryDetail,
        n: usize,
        within: Duration,
    ) -> DeliveryDetail {
        let started = std::time::Instant::now();
        loop {
            let now = apidest_core::engine::get_delivery(&self.db.pool, &detail.summary.id)
                .await
                .expect("delivery readable");
            if now
                .attempts
                .iter()
                .filter(|a| a.completed_at.is_some())
                .count()
                >= n
            {
                return now;
            }
            assert!(
                started.elapsed() < within,
                "{n} attempts not finished within {within:?}: {now:#?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

fn ulid_suffix() -> String {
    apidest_core::ids::EventId::generate().as_str()[4..].to_owned()
}
