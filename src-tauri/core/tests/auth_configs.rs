//! API Auth configs against the in-memory keyring: secrets go to the keyring only, and a
//! keyring failure leaves nothing half-written.

use std::collections::BTreeMap;
use std::sync::Arc;

use apidest_core::auth::{
    create_auth_config, delete_auth_config, list_auth_configs, secret_key, AuthConfigInput,
    AuthSettings,
};
use apidest_core::secrets::{MemorySecretStore, Secret, SecretStore};
use apidest_core::store::{open_database, Database};
use apidest_core::ErrorCode;

async fn fresh_db() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let db = open_database(&dir.path().join("app.sqlite3"))
        .await
        .unwrap();
    (dir, db)
}

fn bearer(name: &str, token: &str) -> AuthConfigInput {
    AuthConfigInput {
        name: name.to_owned(),
        settings: AuthSettings::Bearer,
        secrets: BTreeMap::from([("token".to_owned(), Secret::new(token))]),
    }
}

#[tokio::test]
async fn a_created_config_keeps_its_secret_in_the_keyring_only() {
    let (dir, db) = fresh_db().await;
    let store = Arc::new(MemorySecretStore::new());
    let token = "tok_live_4f9a8b7c6d5e4f3a2b1c";
    let view = create_auth_config(&db.pool, store.clone(), bearer("CRM token", token))
        .await
        .unwrap();
    assert!(view.id.as_str().starts_with("auth_"));
    assert!(view.secrets.iter().all(|s| s.set));
    let stored = store.get(&secret_key(&view.id, "token")).unwrap().unwrap();
    assert_eq!(stored.expose(), token);

    let json = serde_json::to_string(&view).unwrap();
    assert!(!json.contains(token), "the view carries the secret: {json}");

    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&db.pool)
        .await
        .unwrap();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
            "secret bytes found in a database file"
        );
    }
}

#[tokio::test]
async fn names_are_unique_ignoring_case_and_the_loser_writes_no_secret() {
    let (_dir, db) = fresh_db().await;
    let store = Arc::new(MemorySecretStore::new());
    create_auth_config(
        &db.pool,
        store.clone(),
        bearer("Shop API", "first-token-value"),
    )
    .await
    .unwrap();
    let err = create_auth_config(&db.pool, store.clone(), bearer("shop api", "second-token"))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("Shop API"), "{}", err.message);
    assert_eq!(store.len(), 1);
}

#[tokio::test]
async fn an_unavailable_keyring_fails_the_save_and_stores_no_row() {
    let (_dir, db) = fresh_db().await;
    let store = Arc::new(MemorySecretStore::new());
    store.set_unavailable(true);
    let err = create_auth_config(&db.pool, store.clone(), bearer("CRM", "some-token-1234"))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::KeyringUnavailable);
    store.set_unavailable(false);
    assert!(list_auth_configs(&db.pool).await.unwrap().is_empty());
    assert!(store.is_empty());
}

#[tokio::test]
async fn invalid_settings_and_unknown_secret_fields_are_named() {
    let (_dir, db) = fresh_db().await;
    let store = Arc::new(MemorySecretStore::new());
    let err = create_auth_config(
        &db.pool,
        store.clone(),
        AuthConfigInput {
            name: "Basic".into(),
            settings: AuthSettings::Basic {
                username: "  ".into(),
            },
            secrets: BTreeMap::new(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(err.message.contains("Username"), "{}", err.message);

    let mut input = bearer("Bearer", "x-token-value");
    input
        .secrets
        .insert("password".into(), Secret::new("nope-nope"));
    let err = create_auth_config(&db.pool, store.clone(), input)
        .await
        .unwrap_err();
    assert!(err.message.contains("\"password\""), "{}", err.message);
    assert!(store.is_empty());
}

#[tokio::test]
async fn deleting_a_config_removes_its_secrets() {
    let (_dir, db) = fresh_db().await;
    let store = Arc::new(MemorySecretStore::new());
    let view = create_auth_config(&db.pool, store.clone(), bearer("Temp", "temp-token-1234"))
        .await
        .unwrap();
    delete_auth_config(&db.pool, store.clone(), &view.id)
        .await
        .unwrap();
    assert!(store.is_empty());
    assert!(list_auth_configs(&db.pool).await.unwrap().is_empty());
    let again = delete_auth_config(&db.pool, store, &view.id)
        .await
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::NotFound);
}
