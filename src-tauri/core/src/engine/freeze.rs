//! Freezing a request: render a destination's URL, headers and body for one contact and event,
//! exactly as it will be sent, before anything touches the network.

use std::collections::BTreeMap;

use sqlx::SqlitePool;

use crate::contacts::{get_contact, get_team};
use crate::delivery_store::model::DeliverySource;
pub use crate::delivery_store::new_delivery::{NewDelivery, RuleRef};
use crate::destinations::{get_destination, DestinationView};
use crate::error::{AppError, AppResult};
use crate::ids::{ContactId, DeliveryId, DestinationId};
pub use crate::render::EventInfo;
use crate::render::{render_request, ExpressionCache, RenderContext, RequestTemplate};

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
    let template = RequestTemplate {
        endpoint: &input.endpoint,
        method: input.method,
        headers: &input.headers,
        // Where the credential goes is decided again at send time from the config then.
        auth: None,
        bindings: &parts.bindings,
        payload: &parts.payload_expression,
        body_format: input.body_format,
    };
    let frozen = render_request(&template, cache, context, false).freeze()?;

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
        method: frozen.method,
        url: frozen.url,
        headers: frozen.headers,
        body: frozen.body,
        timeout_secs: input.timeout_secs,
        retry: input.retry.clone(),
        payload_expression: parts.payload_expression,
        bindings: parts.bindings,
    })
}
