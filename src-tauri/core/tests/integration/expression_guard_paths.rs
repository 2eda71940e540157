//! The expression guard on every path an expression takes besides a payload render: the live
//! preview (payload and URL bindings), a rule's advanced condition when it is saved, and a
//! condition that reached the database past that check (an older version's, an edited file)
//! when events arrive. Each is an error that says why, never a crash, and sending goes on.

use crate::deep_expressions;
use crate::engine_support;
use crate::http_support;

use std::collections::BTreeMap;
use std::time::Duration;

use apidest_core::event_intake::{get_event, receive_event};
use apidest_core::render::RenderErrorKind;
use apidest_core::rules::{create_rule, ConditionMode, Conditions, InvokeAction, RuleInput};
use deep_expressions::{longest, KINDS};
use engine_support::harness;
use serde_json::json;

/// Text that grows at every nested `replace`: refused by the build budget, not the parser.
fn growing() -> String {
    let mut expr = "to_string(@)".to_owned();
    for _ in 0..5 {
        expr = format!("replace({expr}, '\"', to_string(@))");
    }
    expr
}

fn deep_expressions() -> Vec<(String, String)> {
    KINDS
        .iter()
        .map(|kind| (kind.to_string(), longest(kind)))
        .chain([("nested replace".to_owned(), growing())])
        .collect()
}

fn advanced(expression: &str) -> Conditions {
    Conditions {
        mode: ConditionMode::Advanced,
        rows: vec![],
        expression: expression.into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_reports_a_deep_payload_or_binding_as_too_complex() {
    let h = harness().await;
    let dest = h.destination("https://api.example.com/c/{id}", None).await;
    for (kind, expr) in deep_expressions() {
        for (payload, binding) in [
            (expr.clone(), "contact.id".to_owned()),
            ("{a: `1`}".to_owned(), expr.clone()),
        ] {
            let result = h
                .preview(
                    &dest,
                    &payload,
                    BTreeMap::from([("id".to_owned(), binding)]),
                )
                .await
                .unwrap_or_else(|e| panic!("{kind}: the preview answers, with errors: {e:?}"));
            assert!(
                result
                    .errors
                    .iter()
                    .any(|e| e.kind == RenderErrorKind::TooComplex),
                "{kind}: {:?}",
                result.errors
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deep_condition_is_refused_on_save_and_one_already_stored_fails_only_its_rule() {
    let h = harness().await;
    let server = http_support::always(http_support::Reply::status(200)).await;
    let dest = h.destination(&server.url("/x"), None).await;
    let actions = vec![InvokeAction {
        destination_id: Some(dest),
        bindings: BTreeMap::new(),
        payload: "{a: `1`}".into(),
    }];
    let rule = |name: &str, conditions: Conditions| RuleInput {
        name: name.into(),
        enabled: true,
        trigger: "contact.updated".into(),
        conditions,
        actions: actions.clone(),
        sample_event_data: None,
    };

    for (kind, expr) in KINDS.iter().map(|k| (k.to_string(), longest(k))) {
        let err = create_rule(
            &h.db.pool,
            &h.cache,
            rule(&format!("Deep {kind}"), advanced(&expr)),
        )
        .await
        .expect_err(kind.as_str());
        assert!(
            format!("{err:?}").contains("Advanced condition"),
            "{kind}: {err:?}"
        );
    }

    // Conditions that passed an older check, stored as they are: each fails its own rule
    // when an event comes, the event is recorded and the healthy rule still sends.
    let healthy = create_rule(&h.db.pool, &h.cache, rule("Everyone", advanced("")))
        .await
        .unwrap();
    let stored = deep_expressions();
    for (kind, expr) in &stored {
        let saved = create_rule(
            &h.db.pool,
            &h.cache,
            rule(&format!("Stored {kind}"), advanced("`true`")),
        )
        .await
        .unwrap();
        sqlx::query("UPDATE rules SET conditions = ? WHERE id = ?")
            .bind(serde_json::to_string(&advanced(expr)).unwrap())
            .bind(saved.id.as_str())
            .execute(&h.db.pool)
            .await
            .unwrap();
    }
    let receipt = receive_event(
        &h.db.pool,
        &h.cache,
        Some(&h.engine),
        h.event("contact.updated", json!({})),
    )
    .await
    .unwrap();
    assert_eq!(receipt.deliveries.len(), 1, "only the healthy rule matched");
    let record = get_event(&h.db.pool, &receipt.event_id).await.unwrap();
    for (kind, _) in &stored {
        let evaluation = record
            .evaluation
            .iter()
            .find(|e| e.rule_name == format!("Stored {kind}"))
            .unwrap();
        assert!(!evaluation.matched, "{kind}");
        let reason = evaluation.reason.as_deref().unwrap_or_default();
        assert!(
            reason.contains("could not be evaluated")
                && (reason.contains("too many")
                    || reason.contains("nests")
                    || reason.contains("too large")),
            "{kind}: {reason}"
        );
    }
    assert!(record
        .evaluation
        .iter()
        .any(|e| e.rule_id == healthy.id.to_string() && e.matched));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while server.request_count() < 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "the healthy rule's delivery was sent"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
