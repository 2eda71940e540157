//! Rules and events end to end: validation before enabling, matching (all/any/advanced, every
//! kind of field), the event record with reasons, and deliveries that reach a real server.

use crate::engine_support;
use crate::http_support;

use std::collections::BTreeMap;
use std::time::Duration;

use apidest_core::destinations::{delete_destination, set_destination_enabled};
use apidest_core::engine::get_delivery;
use apidest_core::event_intake::{get_event, receive_event};
use apidest_core::rules::{
    create_rule, set_rule_enabled, ConditionMode, ConditionRow, Conditions, InvokeAction, Operator,
    RuleInput,
};
use engine_support::harness;
use serde_json::json;

fn row(path: &str, operator: Operator, value: &str) -> ConditionRow {
    ConditionRow {
        path: path.into(),
        operator,
        value: value.into(),
    }
}

fn rule(
    name: &str,
    trigger: &str,
    conditions: Conditions,
    actions: Vec<InvokeAction>,
) -> RuleInput {
    RuleInput {
        name: name.into(),
        enabled: true,
        trigger: trigger.into(),
        conditions,
        actions,
        sample_event_data: None,
    }
}

fn all(rows: Vec<ConditionRow>) -> Conditions {
    Conditions {
        mode: ConditionMode::All,
        rows,
        expression: String::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_matching_rules_create_two_deliveries_that_reach_the_server() {
    let h = harness().await;
    let server = http_support::always(http_support::Reply::status(200)).await;
    let crm = h.destination(&server.url("/crm/{email}"), None).await;
    let sheet = h.destination(&server.url("/sheet"), None).await;
    let action = |dest, bindings: BTreeMap<String, String>, payload: &str| InvokeAction {
        destination_id: Some(dest),
        bindings,
        payload: payload.into(),
    };
    create_rule(
        &h.db.pool,
        &h.cache,
        rule(
            "VIP to CRM",
            "contact.updated",
            all(vec![row("contact.tags", Operator::Contains, "vip")]),
            vec![action(
                crm.clone(),
                BTreeMap::from([("email".into(), "contact.custom_attributes.email".into())]),
                "{name: contact.first_name, order: event.data.order_id}",
            )],
        ),
    )
    .await
    .unwrap();
    create_rule(
        &h.db.pool,
        &h.cache,
        rule(
            "Everything to sheet",
            "contact.updated",
            all(vec![]),
            vec![action(
                sheet.clone(),
                BTreeMap::new(),
                "{phone: contact.phone}",
            )],
        ),
    )
    .await
    .unwrap();
    create_rule(
        &h.db.pool,
        &h.cache,
        rule(
            "Other trigger",
            "message.sent",
            all(vec![]),
            vec![action(sheet, BTreeMap::new(), "{x: `1`}")],
        ),
    )
    .await
    .unwrap();

    let receipt = receive_event(
        &h.db.pool,
        &h.cache,
        Some(&h.engine),
        h.event("contact.updated", json!({"order_id": "A-17"})),
    )
    .await
    .unwrap();
    assert_eq!(receipt.deliveries.len(), 2);
    assert_eq!(receipt.matched_rules, 2);

    let started = std::time::Instant::now();
    while server.request_count() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "deliveries did not arrive"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let requests = server.requests();
    let crm_request = requests
        .iter()
        .find(|r| r.target.starts_with("/crm/"))
        .expect("crm request");
    assert_eq!(crm_request.target, "/crm/zoe.angstrom%40example.com");
    assert_eq!(
        String::from_utf8_lossy(&crm_request.body),
        r#"{"name":"Zoë","order":"A-17"}"#
    );
    assert!(requests.iter().any(|r| r.target == "/sheet"));

    let record = get_event(&h.db.pool, &receipt.event_id).await.unwrap();
    assert_eq!(record.event_type, "contact.updated");
    let other = record
        .evaluation
        .iter()
        .find(|e| e.rule_name == "Other trigger")
        .unwrap();
    assert!(!other.matched);
    assert_eq!(
        other.reason.as_deref(),
        Some("it listens to message.sent events")
    );
    for id in &receipt.deliveries {
        let delivery = get_delivery(&h.db.pool, id).await.unwrap();
        assert_eq!(delivery.summary.event_id, receipt.event_id);
        assert!(delivery.summary.rule_name.is_some());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_condition_is_explained_and_nothing_is_sent() {
    let h = harness().await;
    let server = http_support::always(http_support::Reply::status(200)).await;
    let dest = h.destination(&server.url("/x"), None).await;
    let actions = vec![InvokeAction {
        destination_id: Some(dest),
        bindings: BTreeMap::new(),
        payload: "{a: `1`}".into(),
    }];
    let mut any = all(vec![
        row(
            "contact.custom_attributes.loyalty.tier",
            Operator::Equals,
            "platinum",
        ),
        row(
            "contact.custom_attributes.missing_field",
            Operator::Exists,
            "",
        ),
    ]);
    any.mode = ConditionMode::Any;
    create_rule(
        &h.db.pool,
        &h.cache,
        rule("Platinum", "contact.updated", any, actions.clone()),
    )
    .await
    .unwrap();
    let advanced = Conditions {
        mode: ConditionMode::Advanced,
        rows: vec![],
        expression: "contact.custom_attributes.loyalty.points > `5000`".into(),
    };
    create_rule(
        &h.db.pool,
        &h.cache,
        rule("Big spenders", "contact.updated", advanced, actions),
    )
    .await
    .unwrap();

    let receipt = receive_event(
        &h.db.pool,
        &h.cache,
        Some(&h.engine),
        h.event("contact.updated", json!({})),
    )
    .await
    .unwrap();
    assert!(receipt.deliveries.is_empty());
    let record = get_event(&h.db.pool, &receipt.event_id).await.unwrap();
    let platinum = record
        .evaluation
        .iter()
        .find(|e| e.rule_name == "Platinum")
        .unwrap();
    let reason = platinum.reason.as_deref().unwrap();
    assert!(reason.contains("no condition held"), "{reason}");
    assert!(reason.contains("the value is \"gold\""), "{reason}");
    assert!(reason.contains("missing or null"), "{reason}");
    let big = record
        .evaluation
        .iter()
        .find(|e| e.rule_name == "Big spenders")
        .unwrap();
    assert!(big
        .reason
        .as_deref()
        .unwrap()
        .contains("advanced condition gave false"));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.request_count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_cannot_be_enabled_with_a_missing_binding_or_a_disabled_destination() {
    let h = harness().await;
    let dest = h
        .destination("https://api.example.com/contacts/{email}/{list}", None)
        .await;
    let mut input = rule(
        "Incomplete",
        "contact.created",
        all(vec![]),
        vec![InvokeAction {
            destination_id: Some(dest.clone()),
            bindings: BTreeMap::from([("email".into(), "contact.custom_attributes.email".into())]),
            payload: "{name: contact.first_name".into(),
        }],
    );
    let err = create_rule(&h.db.pool, &h.cache, input.clone())
        .await
        .unwrap_err();
    assert!(
        err.message.contains("{list} needs a value"),
        "{}",
        err.message
    );
    assert!(err.message.contains("payload"), "{}", err.message);

    input.enabled = false;
    let saved = create_rule(&h.db.pool, &h.cache, input).await.unwrap();
    assert_eq!(saved.issues.len(), 2, "{:?}", saved.issues);
    assert!(saved
        .issues
        .iter()
        .any(|i| i.field == "actions.0.bindings.list"));
    let err = set_rule_enabled(&h.db.pool, &h.cache, &saved.id, true)
        .await
        .unwrap_err();
    assert!(err.message.contains("cannot be enabled"));

    let mut fixed = saved.input.clone();
    fixed.actions[0]
        .bindings
        .insert("list".into(), "'newsletter'".into());
    fixed.actions[0].payload = "{name: contact.first_name}".into();
    let fixed = apidest_core::rules::update_rule(&h.db.pool, &h.cache, &saved.id, fixed)
        .await
        .unwrap();
    assert!(fixed.issues.is_empty());
    set_destination_enabled(&h.db.pool, &dest, false)
        .await
        .unwrap();
    let err = set_rule_enabled(&h.db.pool, &h.cache, &saved.id, true)
        .await
        .unwrap_err();
    assert!(err.message.contains("is disabled"), "{}", err.message);
    delete_destination(&h.db.pool, &dest).await.unwrap();
    let view = apidest_core::rules::get_rule(&h.db.pool, &h.cache, &saved.id)
        .await
        .unwrap();
    assert!(view
        .issues
        .iter()
        .any(|i| i.message.contains("was deleted")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_that_matches_nothing_is_still_recorded() {
    let h = harness().await;
    let receipt = receive_event(
        &h.db.pool,
        &h.cache,
        Some(&h.engine),
        h.event("custom.birthday", json!({"age": 30})),
    )
    .await
    .unwrap();
    assert!(receipt.deliveries.is_empty());
    let record = get_event(&h.db.pool, &receipt.event_id).await.unwrap();
    assert_eq!(record.data, json!({"age": 30}));
    assert!(record.evaluation.is_empty());
    let bad = receive_event(
        &h.db.pool,
        &h.cache,
        None,
        h.event("no spaces please", json!({})),
    )
    .await
    .unwrap_err();
    assert!(bad.message.contains("not an event type"));
}
