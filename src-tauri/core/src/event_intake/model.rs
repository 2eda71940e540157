//! An event as it arrives and as it is kept: `{id, type, occurred_at, contact, data}`, with the
//! outcome of matching it against the rules.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::ids::{ContactId, DeliveryId, EventId};

/// Where an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EventSource {
    /// "Send test event" in the app.
    Test,
    /// The local ingest endpoint.
    Ingest,
    /// The command-line companion.
    Cli,
}

impl EventSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Test => "test",
            Self::Ingest => "ingest",
            Self::Cli => "cli",
        }
    }
}

/// The contact an event is about: a stored sample contact, or one sent along with the event.
#[derive(Debug, Clone, PartialEq)]
pub enum EventContact {
    Stored(ContactId),
    /// A contact object as the messaging platform sent it.
    Inline(Value),
}

/// An event to match against the rules.
#[derive(Debug, Clone)]
pub struct IncomingEvent {
    pub event_type: String,
    /// RFC 3339; now when absent.
    pub occurred_at: Option<String>,
    pub contact: EventContact,
    pub data: Value,
    pub source: EventSource,
}

/// What "Send test event" sends.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct TestEventInput {
    pub event_type: String,
    pub contact_id: ContactId,
    /// Event data as JSON text (empty for `{}`).
    #[serde(default)]
    pub data: String,
}

/// What happened to one action of a matching rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ActionOutcome {
    pub action_index: u32,
    pub destination_id: Option<String>,
    pub destination_name: Option<String>,
    pub delivery_id: Option<DeliveryId>,
    /// Why no delivery was created (destination deleted or disabled, a render error).
    pub error: Option<String>,
}

/// One enabled rule's verdict on an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RuleEvaluation {
    pub rule_id: String,
    pub rule_name: String,
    pub matched: bool,
    /// For a rule that did not match: the trigger it waits for, or the condition that failed.
    pub reason: Option<String>,
    pub actions: Vec<ActionOutcome>,
}

/// A received event with its outcome, for the event detail view.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EventRecord {
    pub id: EventId,
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub event_type: String,
    pub occurred_at: String,
    pub source: EventSource,
    pub contact_id: Option<String>,
    #[ts(type = "unknown")]
    pub contact: Value,
    #[ts(type = "unknown")]
    pub data: Value,
    pub evaluation: Vec<RuleEvaluation>,
    #[ts(type = "number")]
    pub created_at: i64,
}

/// The answer to whoever sent the event: its id and the deliveries it created.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EventReceipt {
    pub event_id: EventId,
    pub deliveries: Vec<DeliveryId>,
    pub matched_rules: u32,
}
