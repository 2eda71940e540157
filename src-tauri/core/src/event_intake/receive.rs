//! Receiving an event: match it against every enabled rule, render each matching action's
//! request, and write the event and its deliveries in one transaction — then wake the engine.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};
use sqlx::SqlitePool;

use super::model::{ActionOutcome, EventContact, EventReceipt, IncomingEvent, RuleEvaluation};
use crate::contacts::{get_contact, get_team};
use crate::destinations::DestinationView;
use crate::engine::{
    display_name, freeze_with, insert_deliveries, now_ms, DeliverySource, Engine, EventInfo,
    FreezeParts, NewDelivery, RuleRef,
};
use crate::error::{AppError, AppResult};
use crate::ids::{DestinationId, EventId};
use crate::render::{ExpressionCache, RenderContext};
use crate::rules::{destinations_by_id, enabled_rules, evaluate_conditions, is_event_type};
use crate::store::json::encode;
use crate::time::now_rfc3339;

/// The contact of an event for matching — the context value, its id and a name for the log.
/// A stored one is read from the database.
pub async fn resolve_contact(
    pool: &SqlitePool,
    contact: &EventContact,
) -> AppResult<(Value, Option<String>, Option<String>)> {
    match contact {
        EventContact::Inline(value) => inline_contact(value),
        EventContact::Stored(id) => {
            let c = get_contact(pool, id).await?;
            let name = display_name(
                c.fields.first_name.as_deref(),
                c.fields.last_name.as_deref(),
                c.fields.phone.as_deref(),
            );
            Ok((c.to_context(), Some(c.id.to_string()), name))
        }
    }
}

/// A contact sent along with the event, checked to be an object.
fn inline_contact(value: &Value) -> AppResult<(Value, Option<String>, Option<String>)> {
    let Some(object) = value.as_object() else {
        return Err(AppError::validation("\"contact\" must be a JSON object"));
    };
    let text = |k: &str| object.get(k).and_then(Value::as_str);
    let id = object.get("id").map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let name = display_name(text("first_name"), text("last_name"), text("phone"));
    Ok((value.clone(), id, name))
}

/// What matching needs besides the event: the enabled rules, the destinations and the team.
/// Loaded per event by the app; the ingest endpoint keeps one for a moment across events.
pub struct Snapshot {
    rules: Vec<(crate::ids::RuleId, crate::rules::RuleInput)>,
    destinations: HashMap<DestinationId, DestinationView>,
    team: Value,
}

pub async fn load_snapshot(pool: &SqlitePool) -> AppResult<Snapshot> {
    let rules = enabled_rules(pool).await?;
    let destinations = if rules.is_empty() {
        HashMap::new()
    } else {
        destinations_by_id(pool).await?
    };
    Ok(Snapshot {
        rules,
        destinations,
        team: get_team(pool).await?.to_context(),
    })
}

/// An event matched and rendered, ready to be written with its deliveries.
pub struct PreparedEvent {
    event: EventInfo,
    source: &'static str,
    contact_id: Option<String>,
    contact: Value,
    evaluations: Vec<RuleEvaluation>,
    deliveries: Vec<NewDelivery>,
}

impl PreparedEvent {
    pub fn receipt(&self) -> EventReceipt {
        EventReceipt {
            event_id: self.event.id.clone(),
            deliveries: self.deliveries.iter().map(|d| d.id.clone()).collect(),
            matched_rules: self.evaluations.iter().filter(|e| e.matched).count() as u32,
        }
    }

    /// Tells the engine (and the window) about the deliveries written at `now`; those of the
    /// `paused` destinations were written held.
    pub fn wake(&self, engine: &Engine, now: i64, paused: &HashSet<DestinationId>) {
        for delivery in &self.deliveries {
            let held =
                delivery.source.is_held_by_pause() && paused.contains(&delivery.destination_id);
            engine.announce_queued(delivery, now, held);
        }
    }
}

/// Matches, renders and stores. Render errors of one action are recorded in the evaluation
/// and create no delivery; they never stop the event or the other actions.
pub async fn receive_event(
    pool: &SqlitePool,
    cache: &ExpressionCache,
    engine: Option<&Engine>,
    incoming: IncomingEvent,
) -> AppResult<EventReceipt> {
    let snapshot = load_snapshot(pool).await?;
    let contact = resolve_contact(pool, &incoming.contact).await?;
    let prepared = prepare_event(&snapshot, cache, incoming, contact)?;
    let now = now_ms();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let paused = store_events(&mut tx, std::slice::from_ref(&prepared), now).await?;
    tx.commit().await?;
    if let Some(engine) = engine {
        prepared.wake(engine, now, &paused);
    }
    Ok(prepared.receipt())
}

/// Matching and rendering, without the database.
pub fn prepare_event(
    snapshot: &Snapshot,
    cache: &ExpressionCache,
    incoming: IncomingEvent,
    (contact, contact_id, contact_name): (Value, Option<String>, Option<String>),
) -> AppResult<PreparedEvent> {
    let event_type = incoming.event_type.trim().to_owned();
    if !is_event_type(&event_type) {
        return Err(AppError::validation(format!(
            "\"{event_type}\" is not an event type: use letters, digits, dots, dashes and underscores, starting with a letter (e.g. contact.updated)"
        )));
    }
    if !incoming.data.is_object() {
        return Err(AppError::validation("\"data\" must be a JSON object"));
    }
    let event = EventInfo {
        id: EventId::generate(),
        event_type: event_type.clone(),
        occurred_at: incoming.occurred_at.clone().unwrap_or_else(now_rfc3339),
        data: incoming.data,
    };
    let context = RenderContext::new(snapshot.team.clone(), contact.clone(), event.context())
        .map_err(|e| AppError::validation(e.message))?;

    let mut evaluations = Vec::with_capacity(snapshot.rules.len());
    let mut deliveries: Vec<NewDelivery> = Vec::new();
    for (rule_id, rule) in &snapshot.rules {
        let mut evaluation = RuleEvaluation {
            rule_id: rule_id.to_string(),
            rule_name: rule.name.clone(),
            matched: false,
            reason: None,
            actions: Vec::new(),
        };
        if rule.trigger != event_type {
            evaluation.reason = Some(format!("it listens to {} events", rule.trigger));
            evaluations.push(evaluation);
            continue;
        }
        match evaluate_conditions(&rule.conditions, cache, &context) {
            Ok(outcome) if outcome.matched => evaluation.matched = true,
            Ok(outcome) => evaluation.reason = outcome.reason,
            Err(err) => {
                evaluation.reason = Some(format!(
                    "a condition could not be evaluated: {}",
                    err.message
                ))
            }
        }
        if evaluation.matched {
            for (index, action) in rule.actions.iter().enumerate() {
                let mut outcome = ActionOutcome {
                    action_index: index as u32,
                    destination_id: action.destination_id.as_ref().map(|d| d.to_string()),
                    destination_name: None,
                    delivery_id: None,
                    error: None,
                };
                match action
                    .destination_id
                    .as_ref()
                    .and_then(|id| snapshot.destinations.get(id))
                {
                    None => outcome.error = Some("its API destination was deleted".into()),
                    Some(dest) if !dest.input.enabled => {
                        outcome.destination_name = Some(dest.input.name.clone());
                        outcome.error = Some(format!(
                            "the API destination \"{}\" is disabled",
                            dest.input.name
                        ));
                    }
                    Some(dest) => {
                        outcome.destination_name = Some(dest.input.name.clone());
                        let parts = FreezeParts {
                            contact_id: contact_id.clone(),
                            contact_name: contact_name.clone(),
                            event: event.clone(),
                            payload_expression: action.payload.clone(),
                            bindings: action.bindings.clone(),
                            source: DeliverySource::Rule,
                            rule: Some(RuleRef {
                                id: rule_id.clone(),
                                name: rule.name.clone(),
                                action_index: index as u32,
                            }),
                            replay_of: None,
                        };
                        match freeze_with(dest, &context, cache, parts) {
                            Ok(delivery) => {
                                outcome.delivery_id = Some(delivery.id.clone());
                                deliveries.push(delivery);
                            }
                            Err(err) => outcome.error = Some(err.message),
                        }
                    }
                }
                evaluation.actions.push(outcome);
            }
        }
        evaluations.push(evaluation);
    }
    Ok(PreparedEvent {
        event,
        source: incoming.source.as_str(),
        contact_id,
        contact,
        evaluations,
        deliveries,
    })
}

/// Writes events and all their deliveries on the caller's transaction (two statements).
/// Returns the paused destinations, whose deliveries were written held.
pub async fn store_events(
    conn: &mut sqlx::SqliteConnection,
    events: &[PreparedEvent],
    now: i64,
) -> AppResult<HashSet<DestinationId>> {
    let encoded: Vec<(String, String, String)> = events
        .iter()
        .map(|p| {
            Ok((
                encode(&p.contact)?,
                encode(&p.event.data)?,
                encode(&p.evaluations)?,
            ))
        })
        .collect::<AppResult<_>>()?;
    for (chunk, encoded) in events.chunks(1000).zip(encoded.chunks(1000)) {
        let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO events (id, type, occurred_at, source, contact_id, contact, data, evaluation, created_at) ",
        );
        insert.push_values(
            chunk.iter().zip(encoded),
            |mut row, (p, (contact, data, evaluation))| {
                row.push_bind(p.event.id.as_str())
                    .push_bind(p.event.event_type.as_str())
                    .push_bind(p.event.occurred_at.as_str())
                    .push_bind(p.source)
                    .push_bind(p.contact_id.as_deref())
                    .push_bind(contact.as_str())
                    .push_bind(data.as_str())
                    .push_bind(evaluation.as_str())
                    .push_bind(now);
            },
        );
        insert.build().execute(&mut *conn).await?;
    }
    let deliveries: Vec<&NewDelivery> = events.iter().flat_map(|p| p.deliveries.iter()).collect();
    insert_deliveries(conn, &deliveries, now).await
}

/// Parses the optional data JSON typed in "Send test event".
pub fn parse_event_data(text: &str) -> AppResult<Value> {
    if text.trim().is_empty() {
        return Ok(json!({}));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        AppError::validation(format!(
            "Event data is not valid JSON: {e} (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    if !value.is_object() {
        return Err(AppError::validation(
            "Event data must be a JSON object, e.g. {\"order_id\": \"A-1\"}",
        ));
    }
    Ok(value)
}
