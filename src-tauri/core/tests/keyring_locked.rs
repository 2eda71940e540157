//! A locked keyring for real: the private gnome-keyring `.ci/test` runs has its collection
//! locked over D-Bus (as the desktop does when the screen locks), deliveries that need a
//! credential are queued, and they must wait — held, no retry used up, nothing sent — until the
//! collection is unlocked, then all arrive by themselves. Skipped outside that session.

mod http_support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use apidest_core::auth::{create_auth_config, AuthConfigInput, AuthSettings};
use apidest_core::bus::EventBus;
use apidest_core::contacts::{list_contacts, seed_samples_once};
use apidest_core::destinations::{create_destination, DestinationInput, RetryPolicy};
use apidest_core::engine::{
    get_delivery, DeliveryRequest, DeliverySource, DeliveryState, Engine, EngineConfig, EventInfo,
    HoldReason,
};
use apidest_core::render::ExpressionCache;
use apidest_core::secrets::{KeyringStore, Secret, SecretStore};
use apidest_core::store::open_database;
use dbus::arg::{RefArg, Variant};
use dbus::blocking::{Connection, Proxy};
use http_support::{always, Reply};

const SECRETS: &str = "org.freedesktop.secrets";
const SERVICE: &str = "org.freedesktop.Secret.Service";
/// The password `.ci/test` unlocks its private keyring with.
const PASSWORD_ENV: &str = "APIDEST_TEST_KEYRING_PASSWORD";
const CI_PASSWORD: &str = "rust-tests-password";

/// The default collection of the session's Secret Service, locked and unlocked over D-Bus.
struct Collection {
    conn: Connection,
    path: dbus::Path<'static>,
}

impl Collection {
    fn open() -> Self {
        let conn = Connection::new_session().expect("session bus");
        let (path,): (dbus::Path<'static>,) = proxy(&conn)
            .method_call(SERVICE, "ReadAlias", ("default",))
            .expect("the keyring has a default collection");
        Self { conn, path }
    }

    fn lock(&self) {
        let _: (Vec<dbus::Path<'static>>, dbus::Path<'static>) = proxy(&self.conn)
            .method_call(SERVICE, "Lock", (vec![self.path.clone()],))
            .expect("collection locked");
    }

    /// gnome-keyring's own unlock with the password, as its PAM module does at login.
    fn unlock(&self) {
        let password = std::env::var(PASSWORD_ENV).unwrap_or_else(|_| CI_PASSWORD.to_owned());
        let (_, session): (Variant<Box<dyn RefArg>>, dbus::Path<'static>) = proxy(&self.conn)
            .method_call(SERVICE, "OpenSession", ("plain", Variant("")))
            .expect("a plain session");
        let secret = (
            session,
            Vec::<u8>::new(),
            password.into_bytes(),
            "text/plain".to_owned(),
        );
        let () = proxy(&self.conn)
            .method_call(
                "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
                "UnlockWithMasterPassword",
                (self.path.clone(), secret),
            )
            .expect("collection unlocked with the password");
    }

    fn is_locked(&self) -> bool {
        use dbus::blocking::stdintf::org_freedesktop_dbus::Properties;
        self.conn
            .with_proxy(SECRETS, self.path.clone(), Duration::from_secs(5))
            .get("org.freedesktop.Secret.Collection", "Locked")
            .expect("Locked readable")
    }
}

/// Whatever happens, the session's keyring is left unlocked for the tests after this one.
impl Drop for Collection {
    fn drop(&mut self) {
        if self.is_locked() {
            self.unlock();
        }
    }
}

fn proxy(conn: &Connection) -> Proxy<'_, &Connection> {
    conn.with_proxy(SECRETS, "/org/freedesktop/secrets", Duration::from_secs(5))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_wait_for_a_locked_keyring_without_using_retries_and_go_once_it_is_unlocked() {
    if std::env::var("APIDEST_REAL_KEYRING").as_deref() != Ok("1") {
        eprintln!("skipped: set APIDEST_REAL_KEYRING=1 inside a D-Bus session with a keyring");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = open_database(&dir.path().join("app.sqlite3"))
        .await
        .unwrap();
    seed_samples_once(&db.pool).await.unwrap();
    let contact = list_contacts(&db.pool).await.unwrap()[0].id.clone();
    let service = format!(
        "app.apidestinations.desktop.test.locked.{}",
        std::process::id()
    );
    let store = Arc::new(KeyringStore::new(&service));
    let auth = create_auth_config(
        &db.pool,
        store.clone(),
        AuthConfigInput {
            name: "Behind the keyring".into(),
            settings: AuthSettings::Bearer,
            secrets: BTreeMap::from([("token".into(), Secret::new("tok-locked-keyring-7"))]),
        },
    )
    .await
    .unwrap();
    let server = always(Reply::status(200)).await;
    let mut input = DestinationInput::blank();
    input.name = "Needs the keyring".into();
    input.endpoint = server.url("/hooks");
    input.auth_id = Some(auth.id.clone());
    // Without the hold, these three 1 s retries are used up within seconds.
    input.retry = RetryPolicy {
        retry_delays_secs: vec![1, 1, 1],
        jitter_percent: 0,
        retry_after_cap_secs: 3600,
        circuit_breaker: Default::default(),
    };
    let destination = create_destination(&db.pool, input).await.unwrap().id;

    let collection = Collection::open();
    collection.lock();
    assert!(collection.is_locked());

    // A fresh engine: nothing cached, so every delivery needs the keyring.
    let engine = Engine::start(
        db.pool.clone(),
        store.clone(),
        EventBus::new(),
        EngineConfig::default(),
    )
    .await
    .unwrap();
    let cache = ExpressionCache::default();
    let mut ids = Vec::new();
    for _ in 0..4 {
        let request = DeliveryRequest {
            destination_id: destination.clone(),
            contact_id: contact.clone(),
            event: EventInfo::test("contact.updated", None),
            payload_expression: "{phone: contact.phone}".into(),
            bindings: BTreeMap::new(),
            source: DeliverySource::Rule,
            rule: None,
            replay_of: None,
        };
        ids.push(engine.send(&cache, request).await.unwrap().id);
    }

    // Every delivery is held for the keyring, and stays held well past its retry schedule.
    let started = Instant::now();
    loop {
        let status = engine.sending_status();
        if status.keyring_locked && status.keyring_waiting == 4 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not held for the keyring: {status:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    let mut tries_while_locked = Vec::new();
    for id in &ids {
        let detail = get_delivery(&db.pool, id).await.unwrap();
        let s = &detail.summary;
        assert_eq!(s.state, DeliveryState::Scheduled, "{s:#?}");
        assert_eq!(s.hold_reason, Some(HoldReason::KeyringLocked), "{s:#?}");
        assert!(s.attempt_count <= 1, "at most the try that found it locked");
        assert!(detail
            .attempts
            .iter()
            .all(|a| a.cause.as_deref() == Some("keyring_unavailable")));
        tries_while_locked.push(s.attempt_count);
    }
    assert_eq!(
        server.request_count(),
        0,
        "nothing sent without the credential"
    );

    collection.unlock();
    assert!(!collection.is_locked());

    let unlocked = Instant::now();
    for (id, before) in ids.iter().zip(&tries_while_locked) {
        loop {
            let s = get_delivery(&db.pool, id).await.unwrap().summary;
            if s.state == DeliveryState::Succeeded {
                assert_eq!(s.attempt_count, before + 1, "one more try, and it went");
                break;
            }
            assert!(
                unlocked.elapsed() < Duration::from_secs(60),
                "not sent after the keyring was unlocked: {s:#?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert!(requests
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer tok-locked-keyring-7")));
    let status = engine.sending_status();
    assert!(!status.keyring_locked, "{status:?}");
    eprintln!(
        "released {:.1} s after the unlock",
        unlocked.elapsed().as_secs_f64()
    );
    engine.shutdown().await;
    let key = apidest_core::auth::secret_key(&auth.id, "token");
    store.delete(&key).unwrap();
}
