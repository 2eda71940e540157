//! A delivery as it is first written: the request frozen for one contact and event, and what
//! caused it.

use std::collections::BTreeMap;

use super::model::{DeliverySource, DeliveryState, DeliverySummary, HoldReason};
use crate::destinations::{HeaderEntry, HttpMethod, RetryPolicy};
use crate::ids::{DeliveryId, DestinationId, RuleId};
use crate::render::EventInfo;

/// The rule and action that caused a delivery.
#[derive(Debug, Clone)]
pub struct RuleRef {
    pub id: RuleId,
    pub name: String,
    pub action_index: u32,
}

/// A delivery ready to be written to the queue.
#[derive(Debug, Clone)]
pub struct NewDelivery {
    pub id: DeliveryId,
    pub source: DeliverySource,
    pub destination_id: DestinationId,
    pub destination_name: String,
    pub rule: Option<RuleRef>,
    pub event: EventInfo,
    pub contact_id: Option<String>,
    pub contact_name: Option<String>,
    pub auth_id: Option<String>,
    pub auth_kind: Option<String>,
    pub auth_name: Option<String>,
    pub replay_of: Option<DeliveryId>,
    pub method: HttpMethod,
    pub url: String,
    pub headers: Vec<HeaderEntry>,
    pub body: Option<String>,
    pub timeout_secs: u32,
    pub retry: RetryPolicy,
    pub payload_expression: String,
    pub bindings: BTreeMap<String, String>,
}

impl NewDelivery {
    /// The delivery as `insert_delivery` writes it at `now`: scheduled, due at once (or held
    /// when its destination is paused), no attempt yet, revision 0 (any change since has a
    /// higher one).
    pub fn queued_summary(&self, now: i64, held: bool) -> DeliverySummary {
        DeliverySummary {
            id: self.id.clone(),
            state: DeliveryState::Scheduled,
            source: self.source,
            destination_id: self.destination_id.clone(),
            destination_name: self.destination_name.clone(),
            rule_id: self.rule.as_ref().map(|r| r.id.clone()),
            rule_name: self.rule.as_ref().map(|r| r.name.clone()),
            event_id: self.event.id.clone(),
            event_type: self.event.event_type.clone(),
            contact_id: self.contact_id.clone(),
            contact_name: self.contact_name.clone(),
            method: self.method.as_str().to_owned(),
            url: self.url.clone(),
            attempt_count: 0,
            next_attempt_at: (!held).then_some(now),
            last_category: None,
            last_http_status: None,
            last_duration_ms: None,
            created_at: now,
            updated_at: now,
            revision: 0,
            hold_reason: held.then_some(HoldReason::DestinationPaused),
        }
    }
}
