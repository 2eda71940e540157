//! Freezing a request: render a destination's URL, headers and body for one contact and event,
//! exactly as it will be sent, before anything touches the network.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use sqlx::SqlitePool;

use super::model::{DeliverySource, DeliveryState, DeliverySummary};
use crate::contacts::{get_contact, get_team};
use crate::destinations::{get_destination, DestinationView, HeaderEntry, HttpMethod, RetryPolicy};
use crate::error::{AppError, AppResult};
use crate::ids::{ContactId, DeliveryId, DestinationId, EventId};
use crate::render::{check_header_value, render_body, render_url, ExpressionCache, RenderContext};

/// The event a delivery is for.
#[derive(Debug, Clone)]
pub struct EventInfo {
    pub id: String,
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
            id: EventId::generate().to_string(),
            event_type: event_type.to_owned(),
            occurred_at: crate::time::now_rfc3339(),
            data: data.unwrap_or_else(|| json!({})),
        }
    }
}

/// The rule and action that caused a delivery.
#[derive(Debug, Clone)]
pub struct RuleRef {
    pub id: String,
    pub name: String,
    pub action_index: u32,
}

/// What asks for a delivery.
#[derive(Debug, Clone)]
pub struct DeliveryRequest {
    pub destination_id: DestinationId,
    pub contact_id: ContactId,
    pub event: EventInfo,
    pub payload_expression: String,
    pub bindings: BTreeMap<String, String>,
    pub source: DeliverySource,
    pub rule: Option<RuleRef>,
    pub replay_of: Option<DeliveryId>,
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
    /// The delivery as `insert_delivery` writes it at `now`: scheduled, due at once, no
    /// attempt yet, revision 0 (any change since has a higher one).
    pub fn queued_summary(&self, now: i64) -> DeliverySummary {
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
            next_attempt_at: Some(now),
            last_category: None,
            last_http_status: None,
            last_duration_ms: None,
            created_at: now,
            updated_at: now,
            revision: 0,
        }
    }
}

/// Renders the request. Any render error refuses the delivery with a message that names it.
pub async fn freeze(
    pool: &SqlitePool,
    cache: &ExpressionCache,
    request: DeliveryRequest,
) -> AppResult<NewDelivery> {
    let destination = get_destination(pool, &request.destination_id).await?;
    let contact = get_contact(pool, &request.contact_id).await?;
    let team = get_team(pool).await?;
    let event_context = request.event.context();
    let context = RenderContext::new(team.to_context(), contact.to_context(), event_context)
        .map_err(|e| AppError::validation(e.message))?;
    let contact_name = display_name(
        contact.fields.first_name.as_deref(),
        contact.fields.last_name.as_deref(),
        contact.fields.phone.as_deref(),
    );
    freeze_with(
        &destination,
        &context,
        cache,
        FreezeParts {
            contact_id: Some(contact.id.to_string()),
            contact_name,
            event: request.event,
            payload_expression: request.payload_expression,
            bindings: request.bindings,
            source: request.source,
            rule: request.rule,
            replay_of: request.replay_of,
        },
    )
}

/// "First Last", else the phone number.
pub fn display_name(
    first: Option<&str>,
    last: Option<&str>,
    phone: Option<&str>,
) -> Option<String> {
    let name = [first, last]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        phone.map(str::to_owned)
    } else {
        Some(name)
    }
}

/// Everything about a delivery besides the destination and the context it renders with.
#[derive(Debug, Clone)]
pub struct FreezeParts {
    pub contact_id: Option<String>,
    pub contact_name: Option<String>,
    pub event: EventInfo,
    pub payload_expression: String,
    pub bindings: BTreeMap<String, String>,
    pub source: DeliverySource,
    pub rule: Option<RuleRef>,
    pub replay_of: Option<DeliveryId>,
}

/// Renders with a destination and context already loaded (rules render many actions for one
/// event with one context).
pub fn freeze_with(
    destination: &DestinationView,
    context: &RenderContext,
    cache: &ExpressionCache,
    parts: FreezeParts,
) -> AppResult<NewDelivery> {
    let input = &destination.input;
    let (url, _) = render_url(&input.endpoint, &parts.bindings, cache, context)
        .map_err(|e| AppError::validation(format!("URL: {}", e.message)))?;
    let body = render_body(&parts.payload_expression, cache, context)
        .map_err(|e| AppError::validation(format!("Payload: {}", e.message)))?;
    if body.is_none() && input.method != HttpMethod::Delete {
        return Err(AppError::validation(format!(
            "Payload: the expression gives null, and a {} request needs a body. \
             Check the paths it uses against this contact.",
            input.method.as_str()
        )));
    }

    let mut headers = Vec::with_capacity(input.headers.len() + 1);
    let sets_content_type = input
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("content-type"));
    if body.is_some() && !sets_content_type {
        headers.push(HeaderEntry {
            name: "Content-Type".into(),
            value: "application/json".into(),
        });
    }
    for header in &input.headers {
        check_header_value(&header.name, &header.value)
            .map_err(|e| AppError::validation(format!("Header: {}", e.message)))?;
        headers.push(header.clone());
    }

    Ok(NewDelivery {
        id: DeliveryId::generate(),
        source: parts.source,
        destination_id: destination.id.clone(),
        destination_name: input.name.clone(),
        rule: parts.rule,
        event: parts.event,
        contact_id: parts.contact_id,
        contact_name: parts.contact_name,
        auth_id: destination.auth.as_ref().map(|a| a.id.to_string()),
        auth_kind: destination.auth.as_ref().and_then(|a| a.kind.clone()),
        auth_name: destination.auth.as_ref().and_then(|a| a.name.clone()),
        replay_of: parts.replay_of,
        method: input.method,
        url: url.url,
        headers,
        body,
        timeout_secs: input.timeout_secs,
        retry: input.retry.clone(),
        payload_expression: parts.payload_expression,
        bindings: parts.bindings,
    })
}
