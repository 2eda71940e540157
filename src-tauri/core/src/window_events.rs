//! What the window is sent: the core's events, with delivery changes gathered into batches.
//!
//! The engine changes a delivery twice per attempt, thousands of times a second in a bulk
//! retry. One message per change would make the window redraw its list for each, and a
//! listener that falls behind the bus loses changes. So changes are gathered for a short
//! while and sent together, one entry per delivery (its newest revision), and a listener that
//! fell behind anyway is told so, to read again what it shows.

use std::collections::HashMap;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::Instant;
use ts_rs::TS;

use crate::bus::AppEvent;
use crate::engine::{DeliverySummary, SendingStatus};
use crate::ids::DeliveryId;
use crate::sandbox::SandboxRequest;
use crate::secrets::KeyringStatus;
use crate::store::DataKind;

/// How long a delivery change may wait for others to join it: short enough to look live.
pub const GATHER_FOR: Duration = Duration::from_millis(50);
/// Most deliveries in one message.
pub const MAX_PER_MESSAGE: usize = 500;

/// One message to the window, tagged by `kind` (the UI listens on one channel for all).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WindowEvent {
    /// The keyring check finished (at start, or when the user asked for it again).
    KeyringStatusChanged { status: KeyringStatus },
    /// Deliveries that were queued, started or finished an attempt, or were cancelled since
    /// the last message: the newest revision of each, in the order they first changed.
    DeliveriesChanged { deliveries: Vec<DeliverySummary> },
    /// The sandbox receiver got a request (already masked); the Settings list shows it live.
    SandboxRequestReceived { request: Box<SandboxRequest> },
    /// Retention deleted old deliveries: lists and counts on screen are out of date.
    DeliveriesPruned {
        #[ts(type = "number")]
        count: u64,
    },
    /// The engine went offline or came back: the banner says how many deliveries wait.
    SendingStatusChanged { status: SendingStatus },
    /// Another process (say `apidest`) changed these kinds of data: lists showing them are
    /// read again.
    DataChanged { kinds: Vec<DataKind> },
    /// The window fell behind and this many changes were dropped: what it shows of deliveries
    /// may be out of date and should be read again.
    UpdatesMissed {
        #[ts(type = "number")]
        count: u64,
    },
}

/// Delivery changes waiting to be sent: the newest revision of each delivery.
#[derive(Default)]
struct DeliveryBatch {
    order: Vec<DeliveryId>,
    newest: HashMap<DeliveryId, DeliverySummary>,
}

impl DeliveryBatch {
    fn push(&mut self, delivery: DeliverySummary) {
        match self.newest.get_mut(&delivery.id) {
            Some(kept) if kept.revision > delivery.revision => {}
            Some(kept) => *kept = delivery,
            None => {
                self.order.push(delivery.id.clone());
                self.newest.insert(delivery.id.clone(), delivery);
            }
        }
    }

    fn len(&self) -> usize {
        self.order.len()
    }

    /// The gathered changes as one message, if there are any; the batch is empty after.
    fn take(&mut self) -> Option<WindowEvent> {
        if self.order.is_empty() {
            return None;
        }
        let newest = &mut self.newest;
        let deliveries = self
            .order
            .drain(..)
            .filter_map(|id| newest.remove(&id))
            .collect();
        Some(WindowEvent::DeliveriesChanged { deliveries })
    }
}

/// Reads the bus until it closes and sends each message with `send`. Other events keep their
/// place: gathered delivery changes go out before them.
pub async fn forward(mut events: broadcast::Receiver<AppEvent>, send: impl Fn(WindowEvent)) {
    let mut batch = DeliveryBatch::default();
    let mut send_at: Option<Instant> = None;
    loop {
        let received = match send_at {
            Some(at) => tokio::select! {
                received = events.recv() => Some(received),
                _ = tokio::time::sleep_until(at) => None,
            },
            None => Some(events.recv().await),
        };
        let pass_on = match received {
            // Time's up for the gathered changes.
            None => None,
            Some(Ok(AppEvent::DeliveryChanged { delivery })) => {
                batch.push(*delivery);
                if batch.len() < MAX_PER_MESSAGE {
                    send_at.get_or_insert_with(|| Instant::now() + GATHER_FOR);
                    continue;
                }
                None
            }
            Some(Ok(AppEvent::KeyringStatusChanged { status })) => {
                Some(WindowEvent::KeyringStatusChanged { status })
            }
            Some(Ok(AppEvent::SandboxRequestReceived { request })) => {
                Some(WindowEvent::SandboxRequestReceived { request })
            }
            Some(Ok(AppEvent::DeliveriesPruned { count })) => {
                Some(WindowEvent::DeliveriesPruned { count })
            }
            Some(Ok(AppEvent::SendingStatusChanged { status })) => {
                Some(WindowEvent::SendingStatusChanged { status })
            }
            // For the notifications; the window sees the held deliveries and reads the list.
            Some(Ok(AppEvent::DestinationPaused { .. })) => continue,
            Some(Ok(AppEvent::DataChanged { kinds })) => Some(WindowEvent::DataChanged { kinds }),
            Some(Err(RecvError::Lagged(count))) => Some(WindowEvent::UpdatesMissed { count }),
            Some(Err(RecvError::Closed)) => {
                if let Some(gathered) = batch.take() {
                    send(gathered);
                }
                return;
            }
        };
        if let Some(gathered) = batch.take() {
            send(gathered);
        }
        send_at = None;
        if let Some(event) = pass_on {
            send(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::bus::EventBus;
    use crate::engine::{DeliverySource, DeliveryState};
    use crate::ids::DestinationId;

    fn summary(id: &DeliveryId, revision: u32, state: DeliveryState) -> DeliverySummary {
        DeliverySummary {
            id: id.clone(),
            state,
            source: DeliverySource::Test,
            destination_id: DestinationId::generate(),
            destination_name: "Shop".into(),
            rule_id: None,
            rule_name: None,
            event_id: crate::ids::EventId::generate(),
            event_type: "contact.updated".into(),
            contact_id: None,
            contact_name: None,
            method: "POST".into(),
            url: "https://example.com/hook".into(),
            attempt_count: revision,
            next_attempt_at: None,
            last_category: None,
            last_http_status: None,
            last_duration_ms: None,
            created_at: 1,
            updated_at: 1,
            revision,
            hold_reason: None,
        }
    }

    fn changed(delivery: DeliverySummary) -> AppEvent {
        AppEvent::DeliveryChanged {
            delivery: Box::new(delivery),
        }
    }

    /// Runs `forward` over what `publish` puts on a bus (closed after), with time paused.
    async fn forwarded(capacity: usize, publish: impl FnOnce(&EventBus)) -> Vec<WindowEvent> {
        let bus = EventBus::with_capacity(capacity);
        let receiver = bus.subscribe();
        publish(&bus);
        drop(bus);
        let sent = Arc::new(Mutex::new(Vec::new()));
        let into = sent.clone();
        forward(receiver, move |event| into.lock().unwrap().push(event)).await;
        let out = sent.lock().unwrap().clone();
        out
    }

    fn deliveries(event: &WindowEvent) -> Vec<(String, u32)> {
        match event {
            WindowEvent::DeliveriesChanged { deliveries } => deliveries
                .iter()
                .map(|d| (d.id.to_string(), d.revision))
                .collect(),
            other => panic!("expected deliveries, got {other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn changes_are_gathered_with_the_newest_revision_of_each_delivery() {
        let (a, b) = (DeliveryId::generate(), DeliveryId::generate());
        let sent = forwarded(64, |bus| {
            bus.publish(changed(summary(&a, 1, DeliveryState::InFlight)));
            bus.publish(changed(summary(&b, 0, DeliveryState::Scheduled)));
            bus.publish(changed(summary(&a, 3, DeliveryState::Succeeded)));
            // Older than what was already gathered: arrived late, dropped.
            bus.publish(changed(summary(&a, 2, DeliveryState::InFlight)));
        })
        .await;
        assert_eq!(sent.len(), 1);
        assert_eq!(
            deliveries(&sent[0]),
            vec![(a.to_string(), 3), (b.to_string(), 0)]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn other_events_keep_their_place_after_the_changes_before_them() {
        let a = DeliveryId::generate();
        let sent = forwarded(64, |bus| {
            bus.publish(changed(summary(&a, 1, DeliveryState::InFlight)));
            bus.publish(AppEvent::DeliveriesPruned { count: 7 });
            bus.publish(changed(summary(&a, 2, DeliveryState::Succeeded)));
        })
        .await;
        assert_eq!(sent.len(), 3);
        assert_eq!(deliveries(&sent[0]), vec![(a.to_string(), 1)]);
        assert_eq!(sent[1], WindowEvent::DeliveriesPruned { count: 7 });
        assert_eq!(deliveries(&sent[2]), vec![(a.to_string(), 2)]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_message_never_holds_more_than_the_maximum() {
        let ids: Vec<DeliveryId> = (0..MAX_PER_MESSAGE + 20)
            .map(|_| DeliveryId::generate())
            .collect();
        let sent = forwarded(4096, |bus| {
            for id in &ids {
                bus.publish(changed(summary(id, 1, DeliveryState::InFlight)));
            }
        })
        .await;
        let sizes: Vec<usize> = sent.iter().map(|e| deliveries(e).len()).collect();
        assert_eq!(sizes, vec![MAX_PER_MESSAGE, 20]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_listener_that_fell_behind_is_told_how_many_changes_it_missed() {
        let ids: Vec<DeliveryId> = (0..10).map(|_| DeliveryId::generate()).collect();
        let sent = forwarded(4, |bus| {
            for id in &ids {
                bus.publish(changed(summary(id, 1, DeliveryState::InFlight)));
            }
        })
        .await;
        assert_eq!(sent[0], WindowEvent::UpdatesMissed { count: 6 });
        assert_eq!(deliveries(&sent[1]).len(), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn gathered_changes_go_out_after_a_short_wait_while_the_bus_stays_open() {
        let bus = EventBus::new();
        let sent = Arc::new(Mutex::new(Vec::new()));
        let into = sent.clone();
        let task = tokio::spawn(forward(bus.subscribe(), move |event| {
            into.lock().unwrap().push(event)
        }));
        let a = DeliveryId::generate();
        bus.publish(changed(summary(&a, 1, DeliveryState::InFlight)));
        tokio::time::sleep(GATHER_FOR / 2).await;
        assert!(sent.lock().unwrap().is_empty(), "sent before the wait");
        tokio::time::sleep(GATHER_FOR).await;
        assert_eq!(sent.lock().unwrap().len(), 1, "not sent after the wait");
        drop(bus);
        task.await.unwrap();
    }

    #[test]
    fn messages_serialise_with_a_kind_tag() {
        let a = DeliveryId::generate();
        let event = WindowEvent::DeliveriesChanged {
            deliveries: vec![summary(&a, 2, DeliveryState::Succeeded)],
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["kind"], "deliveries_changed");
        assert_eq!(json["deliveries"][0]["revision"], 2);
    }
}
