//! Who hears of delivery changes. The engine and the log announce through this trait and do
//! not know the listener (the app's bus, a CLI watcher, a test), so nothing low imports the bus.

use super::model::{DeliverySummary, DestinationPaused, SendingStatus};

pub trait DeliveryListener: Send + Sync + 'static {
    /// A delivery was queued, started an attempt, finished one, or was cancelled.
    fn delivery_changed(&self, delivery: DeliverySummary);

    /// Retention deleted this many old deliveries.
    fn deliveries_pruned(&self, count: u64);

    /// The engine went offline or came back (and how many deliveries wait for it).
    fn sending_status_changed(&self, status: SendingStatus) {
        let _ = status;
    }

    /// A destination was paused, by the user or by its circuit breaker.
    fn destination_paused(&self, paused: DestinationPaused) {
        let _ = paused;
    }

    /// False when nobody listens: producers of frequent changes skip building them.
    fn is_listened_to(&self) -> bool {
        true
    }
}

/// Nobody listens: for a process that shows no window (the CLI's one-off writes).
pub struct Unheard;

impl DeliveryListener for Unheard {
    fn delivery_changed(&self, _: DeliverySummary) {}

    fn deliveries_pruned(&self, _: u64) {}

    fn is_listened_to(&self) -> bool {
        false
    }
}

/// Tells `listener` about rows a change stored (an unreadable row is left for the next change
/// to show).
pub fn publish<'a>(
    listener: &dyn DeliveryListener,
    rows: impl IntoIterator<Item = &'a super::row::DeliveryRow>,
) {
    if !listener.is_listened_to() {
        return;
    }
    for row in rows {
        if let Ok(summary) = row.summary() {
            listener.delivery_changed(summary);
        }
    }
}
