//! The watcher that tells the window about writes from other processes: a write through
//! another connection is announced with its kind; with nothing written nothing is announced.

use std::time::Duration;

use apidest_core::bus::{AppEvent, EventBus};
use apidest_core::contacts::{create_contact, list_contacts, ContactInput};
use apidest_core::data_watch::watch;
use apidest_core::destinations::{create_destination, DestinationInput};
use apidest_core::event_intake::{receive_event, EventContact, EventSource, IncomingEvent};
use apidest_core::render::ExpressionCache;
use apidest_core::store::{open_database, DataKind, DATABASE_FILE_NAME};
use tokio::sync::broadcast::Receiver;

const EVERY: Duration = Duration::from_millis(50);

/// The next DataChanged within two seconds, skipping other events.
async fn next_change(events: &mut Receiver<AppEvent>) -> Option<Vec<DataKind>> {
    let wait = async {
        loop {
            if let Ok(AppEvent::DataChanged { kinds }) = events.recv().await {
                return kinds;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(2), wait)
        .await
        .ok()
}

#[tokio::test]
async fn writes_by_another_connection_are_announced_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE_NAME);
    let app = open_database(&path).await.unwrap();
    let bus = EventBus::new();
    let mut events = bus.subscribe();
    let watcher = tokio::spawn({
        let (path, bus) = (path.clone(), bus.clone());
        async move { watch(&path, bus, EVERY).await }
    });
    tokio::time::sleep(EVERY * 3).await;
    assert_eq!(
        tokio::time::timeout(EVERY * 4, events.recv()).await.ok(),
        None,
        "nothing written, nothing announced"
    );

    // Another process's connection, as `apidest` opens it.
    let other = open_database(&path).await.unwrap();
    let mut input = DestinationInput::blank();
    input.name = "From the CLI".into();
    input.endpoint = "https://example.com/hook".into();
    create_destination(&other.pool, input).await.unwrap();
    assert_eq!(
        next_change(&mut events).await,
        Some(vec![DataKind::Destinations])
    );

    create_contact(
        &other.pool,
        ContactInput {
            phone: Some("+447700900555".into()),
            ..ContactInput::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        next_change(&mut events).await,
        Some(vec![DataKind::Contacts])
    );

    // An event received by another process (no rule matches it, so no delivery).
    let contact = list_contacts(&other.pool).await.unwrap()[0].id.clone();
    receive_event(
        &other.pool,
        &ExpressionCache::default(),
        None,
        IncomingEvent {
            event_type: "contact.updated".into(),
            occurred_at: None,
            contact: EventContact::Stored(contact),
            data: serde_json::json!({}),
            source: EventSource::Test,
        },
    )
    .await
    .unwrap();
    assert_eq!(next_change(&mut events).await, Some(vec![DataKind::Events]));

    drop(app);
    watcher.abort();
}
