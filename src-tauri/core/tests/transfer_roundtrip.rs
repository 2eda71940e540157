//! Export and import: no secrets in the file, all-or-nothing validation, and a report of
//! what was created, skipped or in conflict.

mod common;
use common::fresh_db;

use std::collections::BTreeMap;
use std::sync::Arc;

use apidest_core::auth::{create_auth_config, list_auth_configs, AuthConfigInput, AuthSettings};
use apidest_core::destinations::{create_destination, list_destinations, DestinationInput};
use apidest_core::secrets::{MemorySecretStore, Secret};
use apidest_core::store::Database;
use apidest_core::transfer::{export_document, import_document, ImportOutcome};
use apidest_core::ErrorCode;

const SECRET: &str = "sk_live_do_not_export_9876";

async fn seeded() -> (tempfile::TempDir, Database) {
    let (dir, db) = fresh_db().await;
    let store = Arc::new(MemorySecretStore::new());
    let auth = create_auth_config(
        &db.pool,
        store,
        AuthConfigInput {
            name: "CRM key".into(),
            settings: AuthSettings::ApiKey {
                placement: apidest_core::auth::ApiKeyPlacement::Header,
                name: "X-API-Key".into(),
            },
            secrets: BTreeMap::from([("value".into(), Secret::new(SECRET))]),
        },
    )
    .await
    .unwrap();
    create_destination(
        &db.pool,
        DestinationInput {
            name: "CRM".into(),
            endpoint: "https://crm.example.com/contacts/{id}".into(),
            auth_id: Some(auth.id),
            ..DestinationInput::blank()
        },
    )
    .await
    .unwrap();
    create_destination(
        &db.pool,
        DestinationInput {
            name: "Warehouse".into(),
            endpoint: "https://dw.example.com/events".into(),
            ..DestinationInput::blank()
        },
    )
    .await
    .unwrap();
    (dir, db)
}

#[tokio::test]
async fn export_holds_everything_but_secrets_and_imports_elsewhere_with_secret_needed() {
    let (_a, source) = seeded().await;
    let doc = export_document(&source.pool).await.unwrap();
    let json = serde_json::to_string_pretty(&doc).unwrap();
    assert!(!json.contains(SECRET));
    assert_eq!(doc.destinations.len(), 2);
    assert_eq!(doc.destinations[0].auth.as_deref(), Some("CRM key"));

    let (_b, target) = fresh_db().await;
    let report = import_document(&target.pool, &json).await.unwrap();
    let outcomes: Vec<(String, ImportOutcome)> = report
        .items
        .iter()
        .map(|i| (i.name.clone(), i.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("CRM key".to_owned(), ImportOutcome::Created),
            ("CRM".to_owned(), ImportOutcome::Created),
            ("Warehouse".to_owned(), ImportOutcome::Created),
        ]
    );
    assert!(report.items[0].note.contains("secret needed"));
    let auths = list_auth_configs(&target.pool).await.unwrap();
    assert!(auths[0].secrets.iter().all(|s| !s.set));
    let dests = list_destinations(&target.pool).await.unwrap();
    let crm = dests.iter().find(|d| d.input.name == "CRM").unwrap();
    let auth = crm.auth.as_ref().unwrap();
    assert_eq!(auth.name.as_deref(), Some("CRM key"));
    assert!(auth.secret_needed);
}

#[tokio::test]
async fn importing_again_skips_identical_items_and_reports_conflicts() {
    let (_a, db) = seeded().await;
    let mut doc = export_document(&db.pool).await.unwrap();
    doc.destinations[1].timeout_secs = 99;
    let json = serde_json::to_string(&doc).unwrap();
    let report = import_document(&db.pool, &json).await.unwrap();
    let outcomes: Vec<ImportOutcome> = report.items.iter().map(|i| i.outcome).collect();
    assert_eq!(
        outcomes,
        [
            ImportOutcome::Skipped,
            ImportOutcome::Skipped,
            ImportOutcome::Conflicting
        ]
    );
    assert!(report.items[2].note.contains("left unchanged"));
    let warehouse = list_destinations(&db.pool)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.input.name == "Warehouse")
        .unwrap();
    assert_eq!(warehouse.input.timeout_secs, 15);
}

#[tokio::test]
async fn one_bad_item_imports_nothing_and_every_problem_is_named() {
    let (_a, source) = seeded().await;
    let mut doc = export_document(&source.pool).await.unwrap();
    doc.destinations[0].endpoint = "https://{host}/x".into();
    doc.destinations[1].auth = Some("Nobody".into());
    let json = serde_json::to_string(&doc).unwrap();

    let (_b, target) = fresh_db().await;
    let err = import_document(&target.pool, &json).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(
        err.message.contains("Nothing was imported"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("destination 1 (\"CRM\")"),
        "{}",
        err.message
    );
    assert!(err.message.contains("\"Nobody\""), "{}", err.message);
    assert!(list_destinations(&target.pool).await.unwrap().is_empty());
    assert!(list_auth_configs(&target.pool).await.unwrap().is_empty());
}

#[tokio::test]
async fn files_that_are_not_exports_are_refused_with_a_position() {
    let (_b, db) = fresh_db().await;
    let err = import_document(&db.pool, "{\"format\": 1,")
        .await
        .unwrap_err();
    assert!(err.message.contains("line 1"), "{}", err.message);
    let err = import_document(
        &db.pool,
        r#"{"format":"something-else","exported_at":"","auth_configs":[],"destinations":[]}"#,
    )
    .await
    .unwrap_err();
    assert!(err.message.contains("something-else"), "{}", err.message);
    let err = import_document(
        &db.pool,
        r#"{"format":"api-destinations/export@1","exported_at":"","auth_configs":[{"name":"x","settings":{"kind":"bearer"},"token":"leak"}],"destinations":[]}"#,
    )
    .await
    .unwrap_err();
    assert!(err.message.contains("unknown field"), "{}", err.message);
}
