//! Destinations: unique names ignoring case, CRUD, duplicate, enable/disable, and what a
//! deleted auth config leaves behind.

use crate::common;
use common::fresh_db;

use std::collections::BTreeMap;
use std::sync::Arc;

use apidest_core::auth::{create_auth_config, delete_auth_config, AuthConfigInput, AuthSettings};
use apidest_core::destinations::{
    create_destination, delete_destination, destinations_using_auth, duplicate_destination,
    get_destination, list_destinations, set_destination_enabled, update_destination,
    DestinationInput, HeaderEntry, HttpMethod,
};
use apidest_core::ids::{AuthId, DestinationId};
use apidest_core::secrets::{MemorySecretStore, Secret};
use apidest_core::store::Database;
use apidest_core::ErrorCode;

fn destination(name: &str) -> DestinationInput {
    DestinationInput {
        name: name.into(),
        endpoint: "https://api.example.com/contacts/{contact_id}?list={list}".into(),
        headers: vec![HeaderEntry {
            name: "X-Source".into(),
            value: "api-destinations".into(),
        }],
        ..DestinationInput::blank()
    }
}

async fn bearer(db: &Database, store: Arc<MemorySecretStore>, name: &str) -> AuthId {
    create_auth_config(
        &db.pool,
        store,
        AuthConfigInput {
            name: name.into(),
            settings: AuthSettings::Bearer,
            secrets: BTreeMap::from([("token".into(), Secret::new("tok-1234567890"))]),
        },
    )
    .await
    .unwrap()
    .id
}

#[tokio::test]
async fn create_read_update_delete() {
    let (_dir, db) = fresh_db().await;
    let created = create_destination(&db.pool, destination("  CRM  "))
        .await
        .unwrap();
    assert!(created.id.as_str().starts_with("dst_"));
    assert_eq!(created.input.name, "CRM", "names are trimmed");
    assert_eq!(created.variables, ["contact_id", "list"]);
    assert_eq!(created.input.timeout_secs, 15);
    assert_eq!(created.input.retry.max_attempts(), 8);

    let mut changed = created.input.clone();
    changed.method = HttpMethod::Put;
    changed.endpoint = "https://api.example.com/v2/{email}".into();
    let updated = update_destination(&db.pool, &created.id, changed)
        .await
        .unwrap();
    assert_eq!(updated.input.method, HttpMethod::Put);
    assert_eq!(updated.variables, ["email"]);
    assert_eq!(
        get_destination(&db.pool, &created.id).await.unwrap(),
        updated
    );

    delete_destination(&db.pool, &created.id).await.unwrap();
    let err = get_destination(&db.pool, &created.id).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = delete_destination(&db.pool, &DestinationId::generate())
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn names_are_unique_ignoring_case_in_any_alphabet() {
    let (_dir, db) = fresh_db().await;
    create_destination(&db.pool, destination("Ärzte CRM"))
        .await
        .unwrap();
    let err = create_destination(&db.pool, destination("ärzte crm"))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("already exists"), "{}", err.message);

    let other = create_destination(&db.pool, destination("Other"))
        .await
        .unwrap();
    let mut renamed = other.input.clone();
    renamed.name = "ÄRZTE CRM".into();
    let err = update_destination(&db.pool, &other.id, renamed)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    // Renaming to itself with another case is fine.
    let mut same = other.input.clone();
    same.name = "OTHER".into();
    update_destination(&db.pool, &other.id, same).await.unwrap();
}

#[tokio::test]
async fn invalid_input_is_refused_with_the_core_message() {
    let (_dir, db) = fresh_db().await;
    let mut input = destination("Bad");
    input.endpoint = "https://{tenant}.example.com/".into();
    let err = create_destination(&db.pool, input).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(err.message.contains("host"), "{}", err.message);
    assert!(list_destinations(&db.pool).await.unwrap().is_empty());

    let mut input = destination("Unknown auth");
    input.auth_id = Some(AuthId::generate());
    let err = create_destination(&db.pool, input).await.unwrap_err();
    assert!(err.message.contains("no longer exists"), "{}", err.message);
}

#[tokio::test]
async fn duplicate_picks_a_free_name_and_enable_toggles() {
    let (_dir, db) = fresh_db().await;
    let original = create_destination(&db.pool, destination("Webhook"))
        .await
        .unwrap();
    let first = duplicate_destination(&db.pool, &original.id).await.unwrap();
    let second = duplicate_destination(&db.pool, &original.id).await.unwrap();
    assert_eq!(first.input.name, "Webhook (copy)");
    assert_eq!(second.input.name, "Webhook (copy 2)");
    assert_eq!(first.input.endpoint, original.input.endpoint);
    assert_ne!(first.id, original.id);

    let off = set_destination_enabled(&db.pool, &original.id, false)
        .await
        .unwrap();
    assert!(!off.input.enabled);
    let mut names: Vec<String> = list_destinations(&db.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.input.name)
        .collect();
    names.sort();
    assert_eq!(names, ["Webhook", "Webhook (copy 2)", "Webhook (copy)"]);
}

#[tokio::test]
async fn deleting_an_auth_config_in_use_lists_its_users_then_leaves_them_marked_missing() {
    let (_dir, db) = fresh_db().await;
    let store = Arc::new(MemorySecretStore::new());
    let auth_id = bearer(&db, store.clone(), "CRM token").await;
    let mut input = destination("CRM contacts");
    input.auth_id = Some(auth_id.clone());
    let dest = create_destination(&db.pool, input).await.unwrap();
    let auth = dest.auth.clone().unwrap();
    assert_eq!(auth.name.as_deref(), Some("CRM token"));
    assert!(!auth.secret_needed);

    assert_eq!(
        destinations_using_auth(&db.pool, &auth_id).await.unwrap(),
        ["CRM contacts"]
    );
    delete_auth_config(&db.pool, store.clone(), &auth_id)
        .await
        .unwrap();

    let after = get_destination(&db.pool, &dest.id).await.unwrap();
    let auth = after.auth.unwrap();
    assert_eq!(auth.id, auth_id);
    assert_eq!(auth.name, None, "shown as auth config missing");

    // Saving other changes keeps the dangling reference; choosing it anew is refused.
    let mut edit = after.input.clone();
    edit.timeout_secs = 30;
    update_destination(&db.pool, &dest.id, edit).await.unwrap();
    let mut other = destination("Another");
    other.auth_id = Some(auth_id);
    assert!(create_destination(&db.pool, other).await.is_err());
}

#[tokio::test]
async fn lists_show_a_secret_typed_into_the_endpoint_masked_and_the_form_keeps_it() {
    let (_dir, db) = fresh_db().await;
    let mut input = destination("Typed key");
    input.endpoint = "https://api.example.com/track?api_key=sk_live_typed_123&list={list}".into();
    create_destination(&db.pool, input).await.unwrap();
    let listed = list_destinations(&db.pool).await.unwrap();
    let view = listed.iter().find(|d| d.input.name == "Typed key").unwrap();
    assert_eq!(
        view.shown_endpoint,
        "https://api.example.com/track?api_key=••••&list={list}"
    );
    assert!(
        view.input.endpoint.contains("sk_live_typed_123"),
        "the form edits the saved value"
    );
}
