//! Sleep and wake: the machine was suspended when the wall clock moved further than the
//! monotonic one (which stops during a suspend). After a wake the engine does not fire every
//! overdue retry at once, before Wi-Fi is back: it holds what is due, waits for a probe to get
//! through (as when offline), then releases it spread out; cached OAuth tokens are fetched
//! again rather than reused.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::dispatcher::{Engine, Shared};
use crate::time::now_ms;

/// How often the clocks are compared.
const TICK: Duration = Duration::from_secs(5);
/// A gap between the clocks larger than this is a suspend (not scheduling jitter or NTP).
const MIN_SLEEP: Duration = Duration::from_secs(20);

/// How long the machine slept between two readings, if it did: the wall clock advanced by
/// `wall_ms` while the monotonic clock advanced by `monotonic`.
pub fn slept_for(wall_ms: i64, monotonic: Duration) -> Option<Duration> {
    let gap = wall_ms - i64::try_from(monotonic.as_millis()).unwrap_or(i64::MAX);
    let gap = Duration::from_millis(u64::try_from(gap).ok()?);
    (gap >= MIN_SLEEP).then_some(gap)
}

impl Shared {
    /// Compares the clocks every few seconds until the engine stops.
    pub(super) async fn watch_for_wake(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        loop {
            let (wall, monotonic) = (now_ms(), Instant::now());
            tokio::select! {
                _ = tokio::time::sleep(TICK) => {}
                _ = stop.changed() => return,
            }
            if let Some(slept) = slept_for(now_ms() - wall, monotonic.elapsed()) {
                self.woke_up(slept);
            }
        }
    }

    /// The machine woke up: wait for the network before sending what fell due, and fetch
    /// tokens again.
    pub(super) fn woke_up(self: &Arc<Self>, slept: Duration) {
        tracing::info!(
            "delivery engine: the machine slept for {} s; waiting for the network before sending",
            slept.as_secs()
        );
        self.credentials.forget_all();
        self.went_offline();
    }
}

impl Engine {
    /// The OS said the machine woke up (or a test simulates it): as when the clocks show it.
    pub fn woke_from_sleep(&self, slept: Duration) {
        self.shared.woke_up(slept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suspend_shows_as_the_wall_clock_running_ahead() {
        assert_eq!(slept_for(5_000, Duration::from_secs(5)), None, "awake");
        assert_eq!(slept_for(5_300, Duration::from_secs(5)), None, "jitter");
        assert_eq!(
            slept_for(-60_000, Duration::from_secs(5)),
            None,
            "clock set back"
        );
        assert_eq!(
            slept_for(3_605_000, Duration::from_secs(5)),
            Some(Duration::from_secs(3600)),
            "an hour asleep"
        );
    }
}
