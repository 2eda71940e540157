//! Export and import: no secrets in the file; API Auth configs, destinations, rules, sample
//! contacts and the team all travel; all-or-nothing validation and writing; a report of what
//! was created, identical or in conflict; and files of the earlier format still import.

use crate::common;
use common::fresh_db;

use std::collections::BTreeMap;
use std::sync::Arc;

use apidest_core::auth::{create_auth_config, list_auth_configs, AuthConfigInput, AuthSettings};
use apidest_core::contacts::{
    create_contact, get_team, list_contacts, sample_team, update_team, ContactInput, Team,
};
use apidest_core::destinations::{create_destination, list_destinations, DestinationInput};
use apidest_core::render::ExpressionCache;
use apidest_core::rules::{
    create_rule, list_rules, ConditionMode, ConditionRow, Conditions, InvokeAction, Operator,
    RuleInput,
};
use apidest_core::secrets::{MemorySecretStore, Secret};
use apidest_core::store::Database;
use apidest_core::transfer::{
    export_document, import_document, preview_import, ImportItemType, ImportOutcome, ImportReport,
    EXPORT_FORMAT,
};
use apidest_core::ErrorCode;
use serde_json::json;

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
    let crm = create_destination(
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
    create_rule(
        &db.pool,
        &ExpressionCache::default(),
        RuleInput {
            name: "VIP to CRM".into(),
            enabled: true,
            trigger: "contact.tag_added".into(),
            conditions: Conditions {
                mode: ConditionMode::All,
                rows: vec![ConditionRow {
                    path: "event.data.tag".into(),
                    operator: Operator::Equals,
                    value: "vip".into(),
                }],
                expression: String::new(),
            },
            actions: vec![InvokeAction {
                destination_id: Some(crm.id),
                bindings: BTreeMap::from([("id".into(), "contact.phone".into())]),
                payload: "{phone: contact.phone}".into(),
            }],
            sample_event_data: Some(json!({"tag": "vip"})),
        },
    )
    .await
    .unwrap();
    create_contact(
        &db.pool,
        ContactInput {
            phone: Some("+447700900999".into()),
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
            tags: vec!["vip".into()],
            custom_attributes: json!({"plan": "pro"}).as_object().cloned().unwrap(),
            ..ContactInput::default()
        },
    )
    .await
    .unwrap();
    update_team(&db.pool, acme()).await.unwrap();
    (dir, db)
}

fn acme() -> Team {
    Team {
        id: "team_acme".into(),
        name: "Acme Florists".into(),
        custom_attributes: json!({"region": "UK"}).as_object().cloned().unwrap(),
    }
}

fn outcomes(report: &ImportReport) -> Vec<(ImportItemType, String, ImportOutcome)> {
    report
        .items
        .iter()
        .map(|i| (i.item_type, i.name.clone(), i.outcome))
        .collect()
}

#[tokio::test]
async fn export_holds_everything_but_secrets_and_imports_elsewhere_with_secret_needed() {
    let (_a, source) = seeded().await;
    let doc = export_document(&source.pool).await.unwrap();
    let json = serde_json::to_string_pretty(&doc).unwrap();
    assert!(!json.contains(SECRET));
    assert_eq!(doc.format, EXPORT_FORMAT);
    assert_eq!(doc.destinations.len(), 2);
    assert_eq!(doc.destinations[0].auth.as_deref(), Some("CRM key"));
    assert_eq!(doc.rules.len(), 1);
    assert_eq!(doc.rules[0].actions[0].destination.as_deref(), Some("CRM"));
    assert_eq!(doc.contacts.len(), 1);
    assert_eq!(doc.team.as_ref().unwrap().name, "Acme Florists");

    let (_b, target) = fresh_db().await;
    let report = import_document(&target.pool, &json).await.unwrap();
    use ImportItemType::*;
    use ImportOutcome::Created;
    assert_eq!(
        outcomes(&report),
        [
            (AuthConfig, "CRM key".to_owned(), Created),
            (Destination, "CRM".to_owned(), Created),
            (Destination, "Warehouse".to_owned(), Created),
            (Rule, "VIP to CRM".to_owned(), Created),
            (Contact, "Ada Lovelace, +447700900999".to_owned(), Created),
            (Team, "Acme Florists".to_owned(), Created),
        ]
    );
    assert!(report.items[0].note.contains("secret needed"));
    assert_eq!(report.items[0].secrets_needed, ["value"]);
    let auths = list_auth_configs(&target.pool).await.unwrap();
    assert!(auths[0].secrets.iter().all(|s| !s.set));
    let dests = list_destinations(&target.pool).await.unwrap();
    let crm = dests.iter().find(|d| d.input.name == "CRM").unwrap();
    let auth = crm.auth.as_ref().unwrap();
    assert_eq!(auth.name.as_deref(), Some("CRM key"));
    assert!(auth.secret_needed);

    // The rule runs here as it did there, bound to this machine's CRM.
    let rules = list_rules(&target.pool, &ExpressionCache::default())
        .await
        .unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(
        rules[0].input.actions[0].destination_id,
        Some(crm.id.clone())
    );
    assert!(rules[0].input.enabled);
    assert_eq!(rules[0].issues, []);
    let original = list_rules(&source.pool, &ExpressionCache::default())
        .await
        .unwrap();
    assert_eq!(rules[0].input.conditions, original[0].input.conditions);
    assert_eq!(
        rules[0].input.sample_event_data,
        original[0].input.sample_event_data
    );
    let contacts = list_contacts(&target.pool).await.unwrap();
    assert_eq!(
        contacts[0].fields,
        list_contacts(&source.pool).await.unwrap()[0].fields
    );
    assert_eq!(get_team(&target.pool).await.unwrap(), acme());
}

#[tokio::test]
async fn importing_again_finds_identical_items_and_reports_conflicts_leaving_them_unchanged() {
    let (_a, db) = seeded().await;
    let doc = export_document(&db.pool).await.unwrap();
    let report = import_document(&db.pool, &serde_json::to_string(&doc).unwrap())
        .await
        .unwrap();
    assert!(
        report
            .items
            .iter()
            .all(|i| i.outcome == ImportOutcome::Identical),
        "{report:#?}"
    );
    assert_eq!(report.items.len(), 6);

    let mut changed = doc.clone();
    changed.destinations[1].timeout_secs = 99;
    changed.rules[0].actions[0].payload = "{p: contact.phone}".into();
    changed.rules[0].name = "vip TO crm".into();
    changed.contacts[0].tags.push("gold".into());
    changed.team.as_mut().unwrap().name = "Other Team".into();
    let report = import_document(&db.pool, &serde_json::to_string(&changed).unwrap())
        .await
        .unwrap();
    use ImportOutcome::{Conflicting, Identical};
    let got: Vec<ImportOutcome> = report.items.iter().map(|i| i.outcome).collect();
    assert_eq!(
        got,
        [
            Identical,
            Identical,
            Conflicting,
            Conflicting,
            Conflicting,
            Conflicting
        ]
    );
    for item in &report.items[2..] {
        assert!(item.note.contains("left unchanged"), "{item:?}");
    }
    assert!(report.items[3].note.contains("\"VIP to CRM\""));

    // Nothing of the conflicting ones changed.
    let again = export_document(&db.pool).await.unwrap();
    assert_eq!(again.destinations, doc.destinations);
    assert_eq!(again.rules, doc.rules);
    assert_eq!(again.contacts, doc.contacts);
    assert_eq!(again.team, doc.team);
}

#[tokio::test]
async fn a_dry_run_reports_the_same_and_writes_nothing() {
    let (_a, source) = seeded().await;
    let json = serde_json::to_string(&export_document(&source.pool).await.unwrap()).unwrap();
    let (_b, target) = fresh_db().await;
    let preview = preview_import(&target.pool, &json).await.unwrap();
    assert!(list_auth_configs(&target.pool).await.unwrap().is_empty());
    assert!(list_destinations(&target.pool).await.unwrap().is_empty());
    assert!(list_rules(&target.pool, &ExpressionCache::default())
        .await
        .unwrap()
        .is_empty());
    assert!(list_contacts(&target.pool).await.unwrap().is_empty());
    assert_eq!(get_team(&target.pool).await.unwrap(), sample_team());
    let report = import_document(&target.pool, &json).await.unwrap();
    assert_eq!(outcomes(&preview), outcomes(&report));
}

async fn nothing_was_imported(db: &Database) {
    assert!(list_destinations(&db.pool).await.unwrap().is_empty());
    assert!(list_auth_configs(&db.pool).await.unwrap().is_empty());
    assert!(list_rules(&db.pool, &ExpressionCache::default())
        .await
        .unwrap()
        .is_empty());
    assert!(list_contacts(&db.pool).await.unwrap().is_empty());
    assert_eq!(get_team(&db.pool).await.unwrap(), sample_team());
}

#[tokio::test]
async fn one_bad_item_imports_nothing_and_every_problem_is_named() {
    let (_a, source) = seeded().await;
    let mut doc = export_document(&source.pool).await.unwrap();
    doc.destinations[0].endpoint = "https://{host}/x".into();
    doc.destinations[1].auth = Some("Nobody".into());
    let mut second = doc.rules[0].clone();
    second.name = "To nowhere".into();
    second.actions[0].destination = Some("Gone".into());
    let mut third = doc.rules[0].clone();
    third.name = "Broken payload".into();
    third.actions[0].destination = Some("Warehouse".into());
    third.actions[0].payload = "{".into();
    doc.rules.extend([second, third]);
    doc.contacts[0].phone = Some("0770".into());
    doc.team.as_mut().unwrap().name = " ".into();
    let json = serde_json::to_string(&doc).unwrap();

    let (_b, target) = fresh_db().await;
    let err = import_document(&target.pool, &json).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    let message = &err.message;
    assert!(message.contains("Nothing was imported"), "{message}");
    assert!(message.contains("destination 1 (\"CRM\")"), "{message}");
    assert!(message.contains("\"Nobody\""), "{message}");
    assert!(
        message.contains("rule 2 (\"To nowhere\"): action 1: its API destination \"Gone\" is neither in the file nor on this machine"),
        "{message}"
    );
    assert!(
        message.contains("rule 3 (\"Broken payload\"): it is enabled but cannot run"),
        "{message}"
    );
    assert!(
        message.contains("contact 1 (Ada Lovelace, 0770)"),
        "{message}"
    );
    assert!(message.contains("E.164"), "{message}");
    assert!(message.contains("team: its name is required"), "{message}");
    nothing_was_imported(&target).await;

    // Disabled, the same broken rule is saved with its problems, as the rule editor allows.
    let mut doc = export_document(&source.pool).await.unwrap();
    doc.rules[0].enabled = false;
    doc.rules[0].actions[0].payload = "{".into();
    let report = import_document(&target.pool, &serde_json::to_string(&doc).unwrap())
        .await
        .unwrap();
    assert_eq!(report.items[3].outcome, ImportOutcome::Created);
    let rules = list_rules(&target.pool, &ExpressionCache::default())
        .await
        .unwrap();
    assert!(!rules[0].input.enabled);
    assert!(!rules[0].issues.is_empty());
}

#[tokio::test]
async fn a_write_that_fails_midway_leaves_nothing_behind() {
    let (_a, source) = seeded().await;
    let json = serde_json::to_string(&export_document(&source.pool).await.unwrap()).unwrap();
    let (_b, target) = fresh_db().await;
    // The rule is written after the auth config and destinations: its failure must undo them.
    sqlx::query(
        "CREATE TRIGGER refuse_rules BEFORE INSERT ON rules \
         BEGIN SELECT RAISE(ABORT, 'the disk refused the rule'); END",
    )
    .execute(&target.pool)
    .await
    .unwrap();
    let err = import_document(&target.pool, &json).await.unwrap_err();
    assert!(
        err.message.contains("the disk refused the rule"),
        "{}",
        err.message
    );
    nothing_was_imported(&target).await;
}

#[tokio::test]
async fn a_document_of_the_earlier_format_still_imports() {
    // As version 1 wrote it: API Auth configs and destinations only.
    let v1 = r#"{
      "format": "api-destinations/export@1",
      "exported_at": "2026-11-27T00:00:00Z",
      "auth_configs": [{"name": "Warehouse key",
                        "settings": {"kind": "api_key", "placement": "query", "name": "key"}}],
      "destinations": [
        {"name": "Warehouse", "endpoint": "https://dw.example.com/events", "method": "POST",
         "auth": "Warehouse key", "headers": [], "timeout_secs": 20,
         "rate_limit_per_sec": null, "concurrency_limit": null, "enabled": true}
      ]
    }"#;
    let (_b, db) = fresh_db().await;
    let report = import_document(&db.pool, v1).await.unwrap();
    use ImportItemType::*;
    use ImportOutcome::Created;
    assert_eq!(
        outcomes(&report),
        [
            (AuthConfig, "Warehouse key".to_owned(), Created),
            (Destination, "Warehouse".to_owned(), Created),
        ]
    );
    let dests = list_destinations(&db.pool).await.unwrap();
    assert_eq!(dests[0].input.timeout_secs, 20);
    assert_eq!(get_team(&db.pool).await.unwrap(), sample_team());
    let again = import_document(&db.pool, v1).await.unwrap();
    assert!(again
        .items
        .iter()
        .all(|i| i.outcome == ImportOutcome::Identical));
}

#[tokio::test]
async fn contacts_are_matched_by_phone_else_by_name() {
    let (_b, db) = fresh_db().await;
    let named = ContactInput {
        first_name: Some("Grace".into()),
        last_name: Some("Hopper".into()),
        ..ContactInput::default()
    };
    create_contact(&db.pool, named.clone()).await.unwrap();
    let mut doc = export_document(&db.pool).await.unwrap();
    // The same person with a new attribute, and a second with the same phone as nobody here.
    doc.contacts[0].entry_point = Some("qr_code".into());
    let mut other = doc.contacts[0].clone();
    other.phone = Some("+14155550123".into());
    doc.contacts.push(other.clone());
    let report = import_document(&db.pool, &serde_json::to_string(&doc).unwrap())
        .await
        .unwrap();
    let got: Vec<(String, ImportOutcome)> = report
        .items
        .iter()
        .filter(|i| i.item_type == ImportItemType::Contact)
        .map(|i| (i.name.clone(), i.outcome))
        .collect();
    assert_eq!(
        got,
        [
            ("Grace Hopper".to_owned(), ImportOutcome::Conflicting),
            (
                "Grace Hopper, +14155550123".to_owned(),
                ImportOutcome::Created
            ),
        ]
    );
    assert_eq!(list_contacts(&db.pool).await.unwrap().len(), 2);

    // Twice in one file is refused.
    doc.contacts.push(other);
    let err = import_document(&db.pool, &serde_json::to_string(&doc).unwrap())
        .await
        .unwrap_err();
    assert!(
        err.message
            .contains("another contact in the file has the same phone"),
        "{}",
        err.message
    );
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
    assert!(err.message.contains(EXPORT_FORMAT), "{}", err.message);
    let err = import_document(
        &db.pool,
        r#"{"format":"api-destinations/export@1","exported_at":"","auth_configs":[{"name":"x","settings":{"kind":"bearer"},"token":"leak"}],"destinations":[]}"#,
    )
    .await
    .unwrap_err();
    assert!(err.message.contains("unknown field"), "{}", err.message);
}
