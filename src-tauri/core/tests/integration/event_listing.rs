//! The Events log: every received event with its contact's name, the rules that matched and the
//! deliveries made; filters by type, contact, matched and source; pages that neither skip nor
//! repeat an event.

use crate::engine_support;
use crate::http_support;

use apidest_core::event_intake::{
    list_events, receive_event, EventContact, EventFilter, EventSource, IncomingEvent,
};
use engine_support::harness;
use serde_json::json;

fn filter(limit: u32) -> EventFilter {
    EventFilter {
        limit,
        ..EventFilter::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_lists_filters_and_pages_events() {
    let h = harness().await;
    let server = http_support::always(http_support::Reply::status(200)).await;
    let crm = h.destination(&server.url("/crm"), None).await;
    h.rule_to("contact.updated", &crm).await;

    let receive = |event_type: &str, contact: EventContact, source: EventSource| IncomingEvent {
        event_type: event_type.into(),
        occurred_at: None,
        contact,
        data: json!({}),
        source,
    };
    for _ in 0..3 {
        receive_event(
            &h.db.pool,
            &h.cache,
            Some(&h.engine),
            receive(
                "contact.updated",
                EventContact::Stored(h.contact.clone()),
                EventSource::Test,
            ),
        )
        .await
        .unwrap();
    }
    let unmatched = receive_event(
        &h.db.pool,
        &h.cache,
        Some(&h.engine),
        receive(
            "contact.tag_added",
            EventContact::Inline(json!({"id": "ext-42", "first_name": "Quentin", "last_name": "100%_Quinn", "phone": "+447700900999"})),
            EventSource::Ingest,
        ),
    )
    .await
    .unwrap();

    let all = list_events(&h.db.pool, &filter(50)).await.unwrap();
    assert_eq!(all.total, 4);
    assert_eq!(all.events.len(), 4);
    assert!(all.next.is_none(), "everything fits on one page");
    assert_eq!(all.types, vec!["contact.tag_added", "contact.updated"]);
    let newest = &all.events[0];
    assert_eq!(newest.id, unmatched.event_id, "newest first");
    assert_eq!(newest.contact_name.as_deref(), Some("Quentin 100%_Quinn"));
    assert_eq!(newest.contact_id.as_deref(), Some("ext-42"));
    assert_eq!(newest.source, EventSource::Ingest);
    assert!(newest.matched_rules.is_empty());
    assert_eq!(
        newest.rules_evaluated, 1,
        "the one enabled rule looked at it"
    );
    assert_eq!(newest.deliveries, 0);
    let sent = &all.events[1];
    assert_eq!(sent.matched_rules.len(), 1);
    assert!(sent.matched_rules[0]
        .rule_name
        .starts_with("On contact.updated"));
    assert_eq!(sent.deliveries, 1);
    assert_eq!(sent.unsent_actions, 0);
    assert!(
        sent.contact_name.is_some(),
        "a stored sample contact is named"
    );

    let only = |f: EventFilter| {
        let pool = h.db.pool.clone();
        async move { list_events(&pool, &f).await.unwrap() }
    };
    let by_type = only(EventFilter {
        event_type: Some("contact.updated".into()),
        ..filter(50)
    })
    .await;
    assert_eq!(by_type.total, 3);
    assert!(by_type
        .events
        .iter()
        .all(|e| e.event_type == "contact.updated"));

    let not_matched = only(EventFilter {
        matched: Some(false),
        ..filter(50)
    })
    .await;
    assert_eq!(not_matched.total, 1);
    assert_eq!(not_matched.events[0].id, unmatched.event_id);
    let matched = only(EventFilter {
        matched: Some(true),
        ..filter(50)
    })
    .await;
    assert_eq!(matched.total, 3);

    // Part of a name in any case; LIKE's wildcards in the text are taken literally.
    for text in ["QUENTIN", "100%_q", "ext-42", "0900999"] {
        let found = only(EventFilter {
            contact: Some(text.into()),
            ..filter(50)
        })
        .await;
        assert_eq!(found.total, 1, "contact filter {text:?}");
    }
    let none = only(EventFilter {
        contact: Some("100%x".into()),
        ..filter(50)
    })
    .await;
    assert_eq!(none.total, 0, "% is not a wildcard");
    let by_stored_id = only(EventFilter {
        contact: Some(h.contact.to_string()),
        ..filter(50)
    })
    .await;
    assert_eq!(by_stored_id.total, 3);

    let from_ingest = only(EventFilter {
        source: Some(EventSource::Ingest),
        ..filter(50)
    })
    .await;
    assert_eq!(from_ingest.total, 1);

    // Pages of one: each event once, in the same order as the single page.
    let mut seen = Vec::new();
    let mut page = filter(1);
    loop {
        let got = list_events(&h.db.pool, &page).await.unwrap();
        assert_eq!(got.total, 4, "the total is the filter's, on every page");
        seen.extend(got.events.iter().map(|e| e.id.clone()));
        match got.next {
            Some(next) => page.before = Some(next),
            None => break,
        }
    }
    let expected: Vec<_> = all.events.iter().map(|e| e.id.clone()).collect();
    assert_eq!(seen, expected);
}
