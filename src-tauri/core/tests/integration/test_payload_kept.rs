//! What the editors try a request with is kept: a destination's test bindings and payload
//! survive save, reopen, duplicate and export/import; a rule's sample event data survives
//! save and reopen, and `None` falls back to the trigger type's shipped sample.

use crate::common;
use common::fresh_db;

use std::collections::BTreeMap;

use apidest_core::destinations::{
    create_destination, duplicate_destination, get_destination, update_destination,
    DestinationInput, DestinationTest,
};
use apidest_core::render::ExpressionCache;
use apidest_core::rules::{
    create_rule, get_rule, sample_event_data, update_rule, Conditions, InvokeAction, RuleInput,
};
use apidest_core::transfer::{export_document, import_document};
use apidest_core::ErrorCode;
use serde_json::json;

fn tested_destination() -> DestinationInput {
    DestinationInput {
        name: "Klaviyo profiles".into(),
        endpoint: "https://a.klaviyo.com/api/profiles/{email}".into(),
        test: DestinationTest {
            bindings: BTreeMap::from([("email".into(), "contact.custom_attributes.email".into())]),
            payload:
                "{data: {type: 'profile', attributes: {email: contact.custom_attributes.email}}}"
                    .into(),
        },
        ..DestinationInput::blank()
    }
}

#[tokio::test]
async fn test_bindings_and_payload_survive_save_reopen_and_duplicate() {
    let (_dir, db) = fresh_db().await;
    let created = create_destination(&db.pool, tested_destination())
        .await
        .unwrap();
    let reopened = get_destination(&db.pool, &created.id).await.unwrap();
    assert_eq!(reopened.input.test, tested_destination().test);

    let mut edited = reopened.input.clone();
    edited
        .test
        .bindings
        .insert("email".into(), "contact.phone".into());
    edited.test.payload = "{phone: contact.phone}".into();
    let updated = update_destination(&db.pool, &created.id, edited.clone())
        .await
        .unwrap();
    assert_eq!(updated.input.test, edited.test);
    let reopened = get_destination(&db.pool, &created.id).await.unwrap();
    assert_eq!(reopened.input.test.payload, "{phone: contact.phone}");
    assert_eq!(reopened.input.test.bindings["email"], "contact.phone");

    let copy = duplicate_destination(&db.pool, &created.id).await.unwrap();
    assert_eq!(copy.input.test, edited.test);
}

#[tokio::test]
async fn a_destination_saved_before_the_test_payload_was_kept_reads_as_empty() {
    let (_dir, db) = fresh_db().await;
    let created = create_destination(
        &db.pool,
        DestinationInput {
            name: "Old".into(),
            endpoint: "https://api.example.com/x".into(),
            ..DestinationInput::blank()
        },
    )
    .await
    .unwrap();
    // What migration 0013 gives rows written before it.
    sqlx::query("UPDATE destinations SET test_bindings = '{}', test_payload = '' WHERE id = ?")
        .bind(created.id.as_str())
        .execute(&db.pool)
        .await
        .unwrap();
    let reopened = get_destination(&db.pool, &created.id).await.unwrap();
    assert_eq!(reopened.input.test, DestinationTest::default());
}

#[tokio::test]
async fn an_oversized_test_payload_is_refused_naming_the_field() {
    let (_dir, db) = fresh_db().await;
    let mut input = tested_destination();
    input.test.payload = "a".repeat(16 * 1024 + 1);
    let err = create_destination(&db.pool, input).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(
        err.message.contains("test payload is too long"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn export_and_import_carry_the_test_payload() {
    let (_a, source) = fresh_db().await;
    create_destination(&source.pool, tested_destination())
        .await
        .unwrap();
    let json = serde_json::to_string(&export_document(&source.pool).await.unwrap()).unwrap();

    let (_b, target) = fresh_db().await;
    import_document(&target.pool, &json).await.unwrap();
    let imported = apidest_core::destinations::list_destinations(&target.pool)
        .await
        .unwrap();
    assert_eq!(imported[0].input.test, tested_destination().test);

    // A file written before the field existed still imports.
    let mut doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    doc["destinations"][0]
        .as_object_mut()
        .unwrap()
        .remove("test");
    doc["destinations"][0]["name"] = json!("Older file");
    let (_c, older) = fresh_db().await;
    import_document(&older.pool, &doc.to_string())
        .await
        .unwrap();
    let imported = apidest_core::destinations::list_destinations(&older.pool)
        .await
        .unwrap();
    assert_eq!(imported[0].input.test, DestinationTest::default());
}

fn rule(sample: Option<serde_json::Value>) -> RuleInput {
    RuleInput {
        name: "Order shipped".into(),
        enabled: false,
        trigger: "message.sent".into(),
        conditions: Conditions::default(),
        actions: vec![InvokeAction {
            destination_id: None,
            bindings: BTreeMap::new(),
            payload: "{order: event.data.order_id}".into(),
        }],
        sample_event_data: sample,
    }
}

#[tokio::test]
async fn a_rules_sample_event_data_survives_save_and_reopen() {
    let (_dir, db) = fresh_db().await;
    let cache = ExpressionCache::default();
    let edited = json!({"order_id": "BW-1", "items": [{"sku": "ROSE-12", "qty": 2}]});
    let created = create_rule(&db.pool, &cache, rule(Some(edited.clone())))
        .await
        .unwrap();
    let reopened = get_rule(&db.pool, &cache, &created.id).await.unwrap();
    assert_eq!(reopened.input.sample_event_data, Some(edited));

    let reset = update_rule(&db.pool, &cache, &created.id, rule(None))
        .await
        .unwrap();
    assert_eq!(reset.input.sample_event_data, None);
    assert_eq!(
        sample_event_data(&reset.input.trigger)["order_id"],
        "BW-8841",
        "an unedited rule previews with its trigger's shipped sample"
    );
}
