//! The event part of the render context: the event a request is rendered for.

use serde_json::{json, Value};

use crate::ids::EventId;

/// The event a delivery is for.
#[derive(Debug, Clone)]
pub struct EventInfo {
    pub id: EventId,
    pub event_type: String,
    pub occurred_at: String,
    pub data: Value,
}

impl EventInfo {
    /// The `event` part of the render context.
    pub fn context(&self) -> Value {
        json!({
            "id": self.id,
            "type": self.event_type,
            "occurred_at": self.occurred_at,
            "data": self.data,
        })
    }

    /// A test event made up on the spot ("Send test", the CLI).
    pub fn test(event_type: &str, data: Option<Value>) -> Self {
        Self {
            id: EventId::generate(),
            event_type: event_type.to_owned(),
            occurred_at: crate::time::now_rfc3339(),
            data: data.unwrap_or_else(|| json!({})),
        }
    }
}
