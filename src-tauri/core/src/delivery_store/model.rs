//! What a delivery and an attempt are, as stored and as the UI sees them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::destinations::HeaderEntry;
use crate::ids::{AttemptId, AuthId, DeliveryId, DestinationId, EventId, RuleId};

/// Where a delivery is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    Scheduled,
    InFlight,
    Succeeded,
    /// Failed with an answer that retrying will not change.
    Failed,
    /// Every attempt the retry policy allows failed.
    Exhausted,
    Cancelled,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::InFlight => "in_flight",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Exhausted => "exhausted",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "scheduled" => Self::Scheduled,
            "in_flight" => Self::InFlight,
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            "exhausted" => Self::Exhausted,
            "cancelled" => Self::Cancelled,
            _ => return None,
        })
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Succeeded | Self::Failed | Self::Exhausted | Self::Cancelled
        )
    }
}

/// Why a scheduled delivery is held: it waits with no due time and no attempt is counted
/// until what holds it is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    /// Its destination is paused (by the user or its circuit breaker); resuming releases it.
    DestinationPaused,
    /// The machine has no working network.
    Offline,
    /// The keyring holding its credential is locked or unreachable.
    KeyringLocked,
}

impl HoldReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DestinationPaused => "destination_paused",
            Self::Offline => "offline",
            Self::KeyringLocked => "keyring_locked",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "destination_paused" => Self::DestinationPaused,
            "offline" => Self::Offline,
            "keyring_locked" => Self::KeyringLocked,
            _ => return None,
        })
    }
}

/// A destination was paused (by the user, or by its circuit breaker after a run of failures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DestinationPaused {
    pub destination_id: DestinationId,
    pub destination_name: String,
    /// `user` or `circuit_breaker`.
    pub reason: String,
}

/// Whether the engine can send now, for the window's banner.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct SendingStatus {
    /// No working network: nothing is sent until a probe gets through.
    pub offline: bool,
    /// Deliveries held for the network.
    #[ts(type = "number")]
    pub waiting: u64,
    /// Finished attempts cannot be saved (disk full, database locked by another program):
    /// nothing new is sent until they are, and what was answered is kept until then.
    pub storage_problem: Option<String>,
    /// Another process (`apidest work`, another copy of the app) holds the engine lock and
    /// sends this data folder's deliveries; this one takes over when it stops. Set by the app,
    /// which has no engine of its own then.
    pub sent_elsewhere: bool,
    /// The user paused all sending (tray or window): nothing is claimed until they resume.
    #[serde(default)]
    pub paused: bool,
    /// Deliveries scheduled while all sending is paused.
    #[serde(default)]
    #[ts(type = "number")]
    pub paused_waiting: u64,
    /// A credential read found the keyring locked or unreachable: deliveries that need it are
    /// held (no attempt used) until it answers again.
    #[serde(default)]
    pub keyring_locked: bool,
    /// Deliveries held for the keyring.
    #[serde(default)]
    #[ts(type = "number")]
    pub keyring_waiting: u64,
}

/// The nine status categories of the help article, exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatusCategory {
    Success,
    RedirectionError,
    TooManyRequestsError,
    ClientError,
    ServerError,
    NetworkError,
    TimeoutError,
    AuthConfigError,
    InternalError,
}

impl StatusCategory {
    pub const ALL: [StatusCategory; 9] = [
        Self::Success,
        Self::RedirectionError,
        Self::TooManyRequestsError,
        Self::ClientError,
        Self::ServerError,
        Self::NetworkError,
        Self::TimeoutError,
        Self::AuthConfigError,
        Self::InternalError,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::RedirectionError => "redirection_error",
            Self::TooManyRequestsError => "too_many_requests_error",
            Self::ClientError => "client_error",
            Self::ServerError => "server_error",
            Self::NetworkError => "network_error",
            Self::TimeoutError => "timeout_error",
            Self::AuthConfigError => "auth_config_error",
            Self::InternalError => "internal_error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The words the help article uses.
    pub fn label(self) -> &'static str {
        match self {
            Self::Success => "Success",
            Self::RedirectionError => "Redirection Error",
            Self::TooManyRequestsError => "Too Many Requests Error",
            Self::ClientError => "Client Error",
            Self::ServerError => "Server Error",
            Self::NetworkError => "Network Error",
            Self::TimeoutError => "Timeout Error",
            Self::AuthConfigError => "Auth Config Error",
            Self::InternalError => "Internal Error",
        }
    }

    /// The category of an HTTP answer.
    pub fn of_status(code: u16) -> Self {
        match code {
            200..=299 => Self::Success,
            300..=399 => Self::RedirectionError,
            429 => Self::TooManyRequestsError,
            400..=499 => Self::ClientError,
            500.. => Self::ServerError,
            // 1xx never reaches us as a final answer; treat it as our own failure.
            _ => Self::InternalError,
        }
    }
}

/// Who asked for an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AttemptTrigger {
    Scheduled,
    Manual,
}

impl AttemptTrigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Manual => "manual",
        }
    }
}

/// Why a delivery came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeliverySource {
    /// "Send test" in the destination form or payload editor.
    Test,
    /// An event matched an Event-Based Rule.
    Rule,
    /// A replay of an earlier delivery, rendered again.
    Replay,
    /// The command-line companion's `send`.
    Cli,
}

impl DeliverySource {
    /// Whether a paused destination holds deliveries of this source. Only rules send on their
    /// own; a test, a replay or a CLI send is a person asking for that one request now.
    pub fn is_held_by_pause(self) -> bool {
        self == Self::Rule
    }
}

impl DeliverySource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Test => "test",
            Self::Rule => "rule",
            Self::Replay => "replay",
            Self::Cli => "cli",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "rule" => Self::Rule,
            "replay" => Self::Replay,
            "cli" => Self::Cli,
            _ => Self::Test,
        }
    }
}

/// One row of the deliveries log; also pushed to the UI whenever it changes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DeliverySummary {
    pub id: DeliveryId,
    pub state: DeliveryState,
    pub source: DeliverySource,
    pub destination_id: DestinationId,
    pub destination_name: String,
    pub rule_id: Option<RuleId>,
    pub rule_name: Option<String>,
    pub event_id: EventId,
    pub event_type: String,
    /// The contact as its event named it: a sample contact's `ct_…` id, or whatever id an
    /// inline contact carried (the messaging platform's own), so text rather than a ContactId.
    pub contact_id: Option<String>,
    pub contact_name: Option<String>,
    pub method: String,
    pub url: String,
    pub attempt_count: u32,
    #[ts(type = "number | null")]
    pub next_attempt_at: Option<i64>,
    pub last_category: Option<StatusCategory>,
    pub last_http_status: Option<u16>,
    #[ts(type = "number | null")]
    pub last_duration_ms: Option<i64>,
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
    /// Grows with every change to the delivery: of two summaries of one delivery, the one
    /// with the higher revision is the newer (events may arrive out of order).
    pub revision: u32,
    /// Set while a scheduled delivery is held (then `next_attempt_at` is null).
    pub hold_reason: Option<HoldReason>,
}

impl DeliverySummary {
    /// The state in words: "scheduled", "in flight", …
    pub fn state_label(&self) -> &'static str {
        match self.state {
            DeliveryState::Scheduled => "scheduled",
            DeliveryState::InFlight => "in flight",
            DeliveryState::Succeeded => "succeeded",
            DeliveryState::Failed => "failed",
            DeliveryState::Exhausted => "exhausted",
            DeliveryState::Cancelled => "cancelled",
        }
    }
}

/// The API Auth a delivery used, as the detail view shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DeliveryAuth {
    pub id: AuthId,
    pub kind: Option<String>,
    pub name: Option<String>,
    /// False when the config was deleted since.
    pub exists: bool,
}

/// Everything about one delivery: the frozen request and how it was made.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DeliveryDetail {
    pub summary: DeliverySummary,
    pub headers: Vec<HeaderEntry>,
    pub body: Option<String>,
    pub auth: Option<DeliveryAuth>,
    pub timeout_secs: u32,
    pub payload_expression: String,
    #[ts(type = "Record<string, string>")]
    pub bindings: std::collections::BTreeMap<String, String>,
    pub replay_of: Option<DeliveryId>,
    /// Replays made of this delivery, newest first (at most `REPLAYS_LISTED`).
    pub replays: Vec<ReplayLink>,
    pub attempts: Vec<AttemptView>,
}

/// How many replays a delivery's detail lists.
pub const REPLAYS_LISTED: usize = 20;

/// A replay made of a delivery, as its detail links to it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReplayLink {
    pub id: DeliveryId,
    #[ts(type = "number")]
    pub created_at: i64,
    pub state: DeliveryState,
    pub last_category: Option<StatusCategory>,
}

/// One HTTP try, as the attempt debugger shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AttemptView {
    pub id: AttemptId,
    pub delivery_id: DeliveryId,
    pub number: u32,
    pub trigger: AttemptTrigger,
    #[ts(type = "number")]
    pub started_at: i64,
    /// `None` while the attempt is in flight.
    #[ts(type = "number | null")]
    pub completed_at: Option<i64>,
    #[ts(type = "number | null")]
    pub duration_ms: Option<i64>,
    pub category: Option<StatusCategory>,
    /// The finer cause, e.g. `dns`, `refused`, `redirect` (see [`crate::engine::Cause`]).
    pub cause: Option<String>,
    pub http_status: Option<u16>,
    pub request_url: Option<String>,
    pub request_headers: Vec<HeaderEntry>,
    pub response_headers: Vec<HeaderEntry>,
    /// The kept part of the body as text (invalid UTF-8 replaced); see `response_body_kept`.
    pub response_body: Option<String>,
    /// Bytes kept (at most 64 KiB).
    #[ts(type = "number")]
    pub response_body_kept: i64,
    /// Bytes received in all.
    #[ts(type = "number | null")]
    pub response_body_size: Option<i64>,
    pub error: Option<String>,
    pub hint: Option<String>,
    /// When the retry this attempt scheduled is due.
    #[ts(type = "number | null")]
    pub next_attempt_at: Option<i64>,
}
