//! API Auth configs against the in-memory keyring: secrets go to the keyring only, and a
//! keyring failure leaves nothing half-written.

use crate::common;
use common::fresh_db;

use std::collections::BTreeMap;
use std::sync::Arc;

use apidest_core::auth::{
    create_auth_config, delete_auth_config, get_auth_config, list_auth_configs, secret_key,
    update_auth_config, AuthConfigInput, AuthSettings,
};
use apidest_core::secrets::{MemorySecretStore, Secret, SecretStore};
use apidest_core::ErrorCode;

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

#[tokio::test]
async fn a_delete_the_keyring_refuses_keeps_the_config_and_can_be_done_again() {
    let (_dir, db) = fresh_db().await;
    let store = Arc::new(MemorySecretStore::new());
    let view = create_auth_config(&db.pool, store.clone(), bearer("Kept", "kept-token-5678"))
        .await
        .unwrap();

    store.set_unavailable(true);
    let err = delete_auth_config(&db.pool, store.clone(), &view.id)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::KeyringUnavailable);
    store.set_unavailable(false);
    let kept = list_auth_configs(&db.pool).await.unwrap();
    assert_eq!(kept.len(), 1, "the config went while its secret stayed");
    assert!(kept[0].secrets[0].set);
    let secret = store.get(&secret_key(&view.id, "token")).unwrap();
    assert_eq!(
        secret.map(|s| s.expose().to_owned()).as_deref(),
        Some("kept-token-5678")
    );

    delete_auth_config(&db.pool, store.clone(), &view.id)
        .await
        .unwrap();
    assert!(store.is_empty());
    assert!(list_auth_configs(&db.pool).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_config_with_no_secret_set_is_deleted_without_the_keyring() {
    let (_dir, db) = fresh_db().await;
    let store = Arc::new(MemorySecretStore::new());
    let mut input = bearer("No token yet", "unused");
    input.secrets.clear();
    let view = create_auth_config(&db.pool, store.clone(), input)
        .await
        .unwrap();
    store.set_unavailable(true);
    delete_auth_config(&db.pool, store, &view.id).await.unwrap();
    assert!(list_auth_configs(&db.pool).await.unwrap().is_empty());
}

#[tokio::test]
async fn editing_settings_never_touches_the_keyring_and_replacing_a_secret_does() {
    let (_dir, db) = fresh_db().await;
    let store = Arc::new(MemorySecretStore::new());
    let view = create_auth_config(&db.pool, store.clone(), bearer("CRM", "tok-aaaa-1111"))
        .await
        .unwrap();

    let calls = store.calls();
    let renamed = update_auth_config(
        &db.pool,
        store.clone(),
        &view.id,
        AuthConfigInput {
            name: "CRM (prod)".into(),
            settings: AuthSettings::Bearer,
            secrets: BTreeMap::new(),
        },
    )
    .await
    .unwrap();
    assert_eq!(renamed.name, "CRM (prod)");
    assert_eq!(store.calls(), calls, "a rename read or wrote the keyring");
    assert!(renamed.secrets[0].set);

    update_auth_config(
        &db.pool,
        store.clone(),
        &view.id,
        AuthConfigInput {
            name: "CRM (prod)".into(),
            settings: AuthSettings::Bearer,
            secrets: BTreeMap::from([("token".to_owned(), Secret::new("tok-bbbb-2222"))]),
        },
    )
    .await
    .unwrap();
    let stored = store.get(&secret_key(&view.id, "token")).unwrap().unwrap();
    assert_eq!(stored.expose(), "tok-bbbb-2222");

    let detail = get_auth_config(&db.pool, store.clone(), &view.id)
        .await
        .unwrap();
    assert_eq!(detail.secrets[0].mask.as_deref(), Some("••••2222"));
}

#[tokio::test]
async fn changing_the_kind_drops_the_old_secret_and_asks_for_the_new_one() {
    let (_dir, db) = fresh_db().await;
    let store = Arc::new(MemorySecretStore::new());
    let view = create_auth_config(&db.pool, store.clone(), bearer("Hook", "tok-cccc-3333"))
        .await
        .unwrap();
    let changed = update_auth_config(
        &db.pool,
        store.clone(),
        &view.id,
        AuthConfigInput {
            name: "Hook".into(),
            settings: AuthSettings::Basic {
                username: "me".into(),
            },
            secrets: BTreeMap::new(),
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.secrets.len(), 1);
    assert_eq!(changed.secrets[0].field, "password");
    assert!(!changed.secrets[0].set);
    assert!(store.is_empty(), "the bearer token was left in the keyring");
}

#[tokio::test]
async fn a_secret_the_keyring_lost_shows_as_not_set() {
    let (_dir, db) = fresh_db().await;
    let store = Arc::new(MemorySecretStore::new());
    let view = create_auth_config(&db.pool, store.clone(), bearer("Lost", "tok-dddd-4444"))
        .await
        .unwrap();
    store.delete(&secret_key(&view.id, "token")).unwrap();
    let detail = get_auth_config(&db.pool, store, &view.id).await.unwrap();
    assert!(!detail.secrets[0].set);
    assert_eq!(detail.secrets[0].mask, None);
}
