//! The in-process bus: changes the core pushes to whoever shows them (the window, the CLI's
//! watchers): push, don't poll. Producers announce through their own listener traits
//! ([`DeliveryListener`], [`SandboxListener`]), which the bus implements.

use serde::Serialize;
use tokio::sync::broadcast;

use crate::engine::{DeliveryListener, DeliverySummary, DestinationPaused, SendingStatus};
use crate::sandbox::{SandboxListener, SandboxRequest};
use crate::secrets::KeyringStatus;
use crate::store::DataKind;

/// One change. The window gets these through [`crate::window_events`], delivery changes gathered.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppEvent {
    /// The keyring check finished (at start, or when the user asked for it again).
    KeyringStatusChanged { status: KeyringStatus },
    /// A delivery was queued, started an attempt, finished one, or was cancelled.
    DeliveryChanged { delivery: Box<DeliverySummary> },
    /// The sandbox receiver got a request (already masked); the Settings list shows it live.
    SandboxRequestReceived { request: Box<SandboxRequest> },
    /// Retention deleted old deliveries: lists and counts on screen are out of date.
    DeliveriesPruned { count: u64 },
    /// The engine went offline or came back.
    SendingStatusChanged { status: SendingStatus },
    /// Another process (say `apidest`) changed these kinds of data in the database.
    DataChanged { kinds: Vec<DataKind> },
    /// A destination was paused (the notifications say so when its circuit breaker did it).
    DestinationPaused { paused: DestinationPaused },
}

/// A broadcast channel of [`AppEvent`]s; slow listeners miss old events rather than block.
#[derive(Clone)]
pub struct EventBus {
    sender: broadcast::Sender<AppEvent>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new()
    }
}

impl EventBus {
    pub fn new() -> Self {
        Self::with_capacity(1024)
    }

    /// A bus that keeps `capacity` events for a slow listener before it misses some.
    pub fn with_capacity(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity);
        Self { sender }
    }

    /// Sends to every current listener; having none is fine.
    pub fn publish(&self, event: AppEvent) {
        let _ = self.sender.send(event);
    }

    /// How many listen now; producers of frequent events skip building them for nobody.
    pub fn receiver_count(&self) -> usize {
        self.sender.receiver_count()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<AppEvent> {
        self.sender.subscribe()
    }
}

impl DeliveryListener for EventBus {
    fn delivery_changed(&self, delivery: DeliverySummary) {
        self.publish(AppEvent::DeliveryChanged {
            delivery: Box::new(delivery),
        });
    }

    fn deliveries_pruned(&self, count: u64) {
        self.publish(AppEvent::DeliveriesPruned { count });
    }

    fn sending_status_changed(&self, status: SendingStatus) {
        self.publish(AppEvent::SendingStatusChanged { status });
    }

    fn destination_paused(&self, paused: DestinationPaused) {
        self.publish(AppEvent::DestinationPaused { paused });
    }

    fn is_listened_to(&self) -> bool {
        self.receiver_count() > 0
    }
}

impl SandboxListener for EventBus {
    fn request_received(&self, request: SandboxRequest) {
        self.publish(AppEvent::SandboxRequestReceived {
            request: Box::new(request),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn listeners_receive_published_events() {
        let bus = EventBus::new();
        let mut rx = bus.subscribe();
        let status = KeyringStatus {
            available: true,
            backend: "test".into(),
            message: "ok".into(),
        };
        bus.publish(AppEvent::KeyringStatusChanged {
            status: status.clone(),
        });
        assert_eq!(
            rx.recv().await.unwrap(),
            AppEvent::KeyringStatusChanged { status }
        );
    }

    #[test]
    fn events_serialise_with_a_kind_tag() {
        let event = AppEvent::KeyringStatusChanged {
            status: KeyringStatus {
                available: false,
                backend: "Secret Service".into(),
                message: "locked".into(),
            },
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["kind"], "keyring_status_changed");
        assert_eq!(json["status"]["available"], false);
    }
}
