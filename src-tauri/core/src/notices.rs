//! What the OS notifications say, and when: a destination paused by its circuit breaker,
//! deliveries that ran out of retries (a digest, at most one per destination per hour), and
//! sending held because the keyring is locked. The app only shows what this decides; each
//! kind can be switched off in Settings.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use ts_rs::TS;

use crate::bus::AppEvent;
use crate::engine::{DeliveryState, SendingStatus};
use crate::error::AppResult;
use crate::store::settings;

/// At most one exhausted-deliveries notification per destination in this long.
pub const DIGEST_PERIOD_MS: i64 = 60 * 60 * 1000;

/// Delivery ids remembered to tell a delivery's repeated announcements apart; forgotten all at
/// once past this many (a repeat after that is counted twice, which is harmless).
const SEEN_LIMIT: usize = 10_000;

/// Which notifications are on. All are on until the user turns one off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NoticeSettings {
    /// A destination was paused automatically by its circuit breaker.
    pub auto_paused: bool,
    /// Deliveries ran out of retries (a digest per destination, at most hourly).
    pub exhausted: bool,
    /// Sending is held because the keyring is locked or missing.
    pub keyring: bool,
}

impl Default for NoticeSettings {
    fn default() -> Self {
        Self {
            auto_paused: true,
            exhausted: true,
            keyring: true,
        }
    }
}

const SETTING_AUTO_PAUSED: &str = "notify_auto_paused";
const SETTING_EXHAUSTED: &str = "notify_exhausted";
const SETTING_KEYRING: &str = "notify_keyring";

/// The saved choices (on unless turned off).
pub async fn load_settings(pool: &SqlitePool) -> AppResult<NoticeSettings> {
    let on = |value: Option<String>| value.as_deref() != Some("false");
    Ok(NoticeSettings {
        auto_paused: on(settings::get(pool, SETTING_AUTO_PAUSED).await?),
        exhausted: on(settings::get(pool, SETTING_EXHAUSTED).await?),
        keyring: on(settings::get(pool, SETTING_KEYRING).await?),
    })
}

pub async fn save_settings(pool: &SqlitePool, choice: NoticeSettings) -> AppResult<()> {
    let text = |on: bool| if on { "true" } else { "false" };
    settings::set(pool, SETTING_AUTO_PAUSED, text(choice.auto_paused)).await?;
    settings::set(pool, SETTING_EXHAUSTED, text(choice.exhausted)).await?;
    settings::set(pool, SETTING_KEYRING, text(choice.keyring)).await?;
    Ok(())
}

/// One notification to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
    /// The window's route that a click opens, e.g. `/destinations/dst_…`.
    pub route: String,
}

/// Exhausted deliveries of one destination not yet told.
#[derive(Debug, Default)]
struct Digest {
    name: String,
    untold: u64,
    /// When this destination's last notification was shown.
    last_shown: Option<i64>,
}

/// Decides the notifications from the app's events. Pure: the caller passes the time.
#[derive(Debug, Default)]
pub struct Notifier {
    settings: NoticeSettings,
    digests: HashMap<String, Digest>,
    seen_exhausted: HashSet<String>,
    keyring_told: bool,
}

impl Notifier {
    pub fn new(settings: NoticeSettings) -> Self {
        Self {
            settings,
            ..Self::default()
        }
    }

    pub fn set_settings(&mut self, settings: NoticeSettings) {
        self.settings = settings;
    }

    /// What an event calls for now.
    pub fn observe(&mut self, event: &AppEvent, now: i64) -> Vec<Notice> {
        match event {
            AppEvent::DestinationPaused { paused }
                if paused.reason == "circuit_breaker" && self.settings.auto_paused =>
            {
                vec![Notice {
                    title: format!("{} was paused", paused.destination_name),
                    body: "Its requests kept failing, so sending to it stopped. Its deliveries \
                           wait; open the destination to send a test and resume."
                        .into(),
                    route: format!("/destinations/{}", paused.destination_id),
                }]
            }
            AppEvent::DeliveryChanged { delivery }
                if delivery.state == DeliveryState::Exhausted =>
            {
                if self.seen_exhausted.len() >= SEEN_LIMIT {
                    self.seen_exhausted.clear();
                }
                if !self.seen_exhausted.insert(delivery.id.to_string()) {
                    return Vec::new();
                }
                let digest = self
                    .digests
                    .entry(delivery.destination_id.to_string())
                    .or_default();
                digest.name = delivery.destination_name.clone();
                digest.untold += 1;
                self.due_digests(now)
            }
            AppEvent::SendingStatusChanged { status } => self.keyring(status),
            _ => Vec::new(),
        }
    }

    /// Digests whose hour has passed; call at [`Notifier::next_due`].
    pub fn due_digests(&mut self, now: i64) -> Vec<Notice> {
        let enabled = self.settings.exhausted;
        let mut notices = Vec::new();
        for (destination_id, digest) in &mut self.digests {
            let free = digest
                .last_shown
                .is_none_or(|at| now - at >= DIGEST_PERIOD_MS);
            if digest.untold == 0 || !free {
                continue;
            }
            if enabled {
                notices.push(exhausted_notice(destination_id, digest));
                digest.last_shown = Some(now);
            }
            digest.untold = 0;
        }
        notices
    }

    /// When the next held-back digest is due, if one waits.
    pub fn next_due(&self) -> Option<i64> {
        self.digests
            .values()
            .filter(|d| d.untold > 0)
            .filter_map(|d| d.last_shown.map(|at| at + DIGEST_PERIOD_MS))
            .min()
    }

    fn keyring(&mut self, status: &SendingStatus) -> Vec<Notice> {
        if !status.keyring_locked {
            self.keyring_told = false;
            return Vec::new();
        }
        if self.keyring_told || !self.settings.keyring {
            return Vec::new();
        }
        self.keyring_told = true;
        vec![Notice {
            title: "Sending waits for the keyring".into(),
            body: "The system keyring is locked or not running, so credentials cannot be read. \
                   Deliveries that need them wait, with no retry used up, until it is unlocked."
                .into(),
            route: "/settings".into(),
        }]
    }
}

fn exhausted_notice(destination_id: &str, digest: &Digest) -> Notice {
    let what = if digest.untold == 1 {
        "1 delivery".to_owned()
    } else {
        format!("{} deliveries", digest.untold)
    };
    Notice {
        title: format!("{what} to {} ran out of retries", digest.name),
        body: "They were not delivered. Open API Deliveries to see why and retry them.".into(),
        route: format!("/deliveries?destination={destination_id}&status=pending"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::DestinationPaused;

    fn paused(reason: &str) -> AppEvent {
        AppEvent::DestinationPaused {
            paused: DestinationPaused {
                destination_id: D1.parse().unwrap(),
                destination_name: "CRM".into(),
                reason: reason.into(),
            },
        }
    }

    fn exhausted(id: &str, destination: &str) -> AppEvent {
        use crate::engine::{DeliverySource, DeliverySummary, StatusCategory};
        AppEvent::DeliveryChanged {
            delivery: Box::new(DeliverySummary {
                id: format!("dlv_{id:0>26}").parse().unwrap(),
                state: DeliveryState::Exhausted,
                source: DeliverySource::Rule,
                destination_id: destination.parse().unwrap(),
                destination_name: "CRM".into(),
                rule_id: None,
                rule_name: None,
                event_id: crate::ids::EventId::generate(),
                event_type: "contact.updated".into(),
                contact_id: None,
                contact_name: None,
                method: "POST".into(),
                url: "http://127.0.0.1/x".into(),
                attempt_count: 6,
                next_attempt_at: None,
                last_category: Some(StatusCategory::ServerError),
                last_http_status: Some(500),
                last_duration_ms: Some(3),
                created_at: 0,
                updated_at: 0,
                revision: 1,
                hold_reason: None,
            }),
        }
    }

    const D1: &str = "dst_01hzz0000000000000000000aa";
    const D2: &str = "dst_01hzz0000000000000000000bb";

    #[test]
    fn only_the_circuit_breakers_pause_is_told_and_it_opens_the_destination() {
        let mut n = Notifier::new(NoticeSettings::default());
        assert!(n.observe(&paused("user"), 0).is_empty());
        let told = n.observe(&paused("circuit_breaker"), 0);
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].route, format!("/destinations/{D1}"));
        assert!(told[0].title.contains("CRM"));
    }

    #[test]
    fn exhausted_deliveries_make_one_notification_per_destination_per_hour() {
        let mut n = Notifier::new(NoticeSettings::default());
        let first = n.observe(&exhausted("1", D1), 1_000);
        assert_eq!(first.len(), 1, "the first one is told at once");
        assert!(first[0].title.starts_with("1 delivery to CRM"));
        // The same delivery announced again is not counted again.
        assert!(n.observe(&exhausted("1", D1), 2_000).is_empty());
        for i in 2..=4 {
            assert!(n.observe(&exhausted(&i.to_string(), D1), 3_000).is_empty());
        }
        // Another destination has its own hour.
        assert_eq!(n.observe(&exhausted("9", D2), 3_000).len(), 1);
        assert_eq!(n.next_due(), Some(1_000 + DIGEST_PERIOD_MS));
        assert!(
            n.due_digests(DIGEST_PERIOD_MS).is_empty(),
            "not yet an hour"
        );
        let digest = n.due_digests(1_000 + DIGEST_PERIOD_MS);
        assert_eq!(digest.len(), 1);
        assert!(
            digest[0].title.starts_with("3 deliveries to CRM"),
            "{digest:?}"
        );
        assert_eq!(
            digest[0].route,
            format!("/deliveries?destination={D1}&status=pending")
        );
        assert_eq!(n.next_due(), None, "nothing left untold");
    }

    #[test]
    fn the_keyring_is_told_once_per_lock() {
        let mut n = Notifier::new(NoticeSettings::default());
        let status = |locked| AppEvent::SendingStatusChanged {
            status: SendingStatus {
                keyring_locked: locked,
                keyring_waiting: 3,
                ..SendingStatus::default()
            },
        };
        assert_eq!(n.observe(&status(true), 0).len(), 1);
        assert!(n.observe(&status(true), 1).is_empty(), "a count changing");
        assert!(n.observe(&status(false), 2).is_empty());
        assert_eq!(n.observe(&status(true), 3).len(), 1, "locked again");
    }

    #[test]
    fn each_kind_can_be_turned_off() {
        let mut n = Notifier::new(NoticeSettings {
            auto_paused: false,
            exhausted: false,
            keyring: false,
        });
        assert!(n.observe(&paused("circuit_breaker"), 0).is_empty());
        assert!(n.observe(&exhausted("1", D1), 0).is_empty());
        assert_eq!(n.next_due(), None, "nothing kept for later either");
        let locked = AppEvent::SendingStatusChanged {
            status: SendingStatus {
                keyring_locked: true,
                ..SendingStatus::default()
            },
        };
        assert!(n.observe(&locked, 0).is_empty());
    }
}
