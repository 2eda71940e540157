//! What an Event-Based Rule is: a trigger, matching conditions, and Invoke API Destination
//! actions — as stored and as the rule editor sends and sees it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{DestinationId, RuleId};

/// The event types of the catalog; a rule may also name a custom type.
pub const EVENT_TYPES: [&str; 7] = [
    "message.sent",
    "message.received",
    "contact.created",
    "contact.updated",
    "contact.subscribed",
    "contact.unsubscribed",
    "contact.tag_added",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Operator {
    Equals,
    NotEquals,
    Contains,
    NotContains,
    StartsWith,
    EndsWith,
    InList,
    Exists,
    NotExists,
    GreaterThan,
    LessThan,
    IsTrue,
    IsFalse,
}

impl Operator {
    /// The words the editor shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::Equals => "equals",
            Self::NotEquals => "does not equal",
            Self::Contains => "contains",
            Self::NotContains => "does not contain",
            Self::StartsWith => "starts with",
            Self::EndsWith => "ends with",
            Self::InList => "is one of",
            Self::Exists => "exists",
            Self::NotExists => "does not exist",
            Self::GreaterThan => "is greater than",
            Self::LessThan => "is less than",
            Self::IsTrue => "is true",
            Self::IsFalse => "is false",
        }
    }

    /// Whether the operator compares with a value the user types.
    pub fn takes_value(self) -> bool {
        !matches!(
            self,
            Self::Exists | Self::NotExists | Self::IsTrue | Self::IsFalse
        )
    }
}

/// One row: a context field, an operator, a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConditionRow {
    /// A path into the context, e.g. `contact.custom_attributes.loyalty.tier`.
    pub path: String,
    pub operator: Operator,
    /// As typed; for "is one of", items separated by commas.
    #[serde(default)]
    pub value: String,
}

/// How the rows combine, or an advanced JMESPath boolean expression instead of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConditionMode {
    All,
    Any,
    Advanced,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Conditions {
    pub mode: ConditionMode,
    #[serde(default)]
    pub rows: Vec<ConditionRow>,
    /// Used when `mode` is `advanced`: matches when the result is truthy.
    #[serde(default)]
    pub expression: String,
}

impl Default for Conditions {
    fn default() -> Self {
        Self {
            mode: ConditionMode::All,
            rows: Vec::new(),
            expression: String::new(),
        }
    }
}

/// The Invoke API Destination action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InvokeAction {
    pub destination_id: Option<DestinationId>,
    /// A JMESPath expression (often a plain path) per URL variable of the destination.
    #[serde(default)]
    pub bindings: BTreeMap<String, String>,
    /// The payload expression.
    pub payload: String,
}

/// What the rule editor sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RuleInput {
    pub name: String,
    pub enabled: bool,
    /// The event type it listens to.
    pub trigger: String,
    pub conditions: Conditions,
    pub actions: Vec<InvokeAction>,
    /// The event data the editor's preview renders with; `None` for the trigger type's sample.
    #[serde(default)]
    #[ts(type = "unknown")]
    pub sample_event_data: Option<serde_json::Value>,
}

/// Something that keeps a rule from being enabled, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RuleIssue {
    /// `name`, `trigger`, `conditions.<row>`, `conditions.expression`, `actions.<i>.destination`,
    /// `actions.<i>.bindings.<variable>`, `actions.<i>.payload`.
    pub field: String,
    pub message: String,
}

/// A stored rule as the UI sees it, with what currently stops it from running.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RuleView {
    pub id: RuleId,
    pub input: RuleInput,
    pub issues: Vec<RuleIssue>,
    pub created_at: String,
    pub updated_at: String,
}
