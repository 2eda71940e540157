//! The Events log: every received event, newest first, one page at a time, filtered by type,
//! contact, source and whether any rule matched — the place to answer "why did my rule not fire?".

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{QueryBuilder, Sqlite, SqlitePool};
use ts_rs::TS;

use super::model::{EventSource, RuleEvaluation};
use crate::engine::display_name;
use crate::error::{AppError, AppResult};
use crate::ids::EventId;

/// The most events one page holds.
pub const MAX_EVENT_PAGE: u32 = 200;

/// Which events to list. Every filter left empty lists them all.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct EventFilter {
    /// The exact event type, e.g. `contact.tag_added`.
    #[serde(default)]
    pub event_type: Option<String>,
    /// A contact id, or part of a contact's name, phone number or email (ASCII letters in any case).
    #[serde(default)]
    pub contact: Option<String>,
    /// `true`: events at least one rule matched; `false`: events no rule matched.
    #[serde(default)]
    pub matched: Option<bool>,
    #[serde(default)]
    pub source: Option<EventSource>,
    /// The `next` of the previous page; absent for the newest page.
    #[serde(default)]
    pub before: Option<EventCursor>,
    /// At most this many (1 – 200).
    pub limit: u32,
}

/// Where a page ended: the last event's moment and id (events are listed newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EventCursor {
    #[ts(type = "number")]
    pub created_at: i64,
    pub id: EventId,
}

/// A rule that matched an event, named as it was then.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MatchedRule {
    pub rule_id: String,
    pub rule_name: String,
}

/// One line of the Events log.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EventSummary {
    pub id: EventId,
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub event_type: String,
    pub occurred_at: String,
    pub source: EventSource,
    pub contact_id: Option<String>,
    /// "First Last", else the phone number; absent when the event's contact had neither.
    pub contact_name: Option<String>,
    pub matched_rules: Vec<MatchedRule>,
    /// How many enabled rules looked at the event.
    pub rules_evaluated: u32,
    /// Deliveries the event created.
    pub deliveries: u32,
    /// Actions of matching rules that created no delivery (destination deleted, disabled,
    /// or a render error): a rule that matched but did not send.
    pub unsent_actions: u32,
    #[ts(type = "number")]
    pub created_at: i64,
}

/// A page of the Events log.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EventPage {
    pub events: Vec<EventSummary>,
    /// How many events match the filter, on every page.
    #[ts(type = "number")]
    pub total: i64,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next: Option<EventCursor>,
    /// Every event type on record, for the type filter.
    pub types: Vec<String>,
}

type SummaryRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    i64,
);

/// The filter's conditions, appended to a query that already says `FROM events`.
fn push_where(query: &mut QueryBuilder<Sqlite>, filter: &EventFilter, with_cursor: bool) {
    query.push(" WHERE 1 = 1");
    if let Some(event_type) = filter.event_type.as_deref().filter(|t| !t.is_empty()) {
        query.push(" AND type = ").push_bind(event_type.to_owned());
    }
    if let Some(contact) = filter
        .contact
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        // LIKE ignores the case of ASCII letters; other letters match as typed.
        let like = format!("%{}%", escape_like(contact));
        query
            .push(" AND (contact_id = ")
            .push_bind(contact.to_owned())
            .push(" OR trim(coalesce(json_extract(contact, '$.first_name'), '') || ' ' || coalesce(json_extract(contact, '$.last_name'), '')) LIKE ")
            .push_bind(like.clone())
            .push(" ESCAPE '\\' OR coalesce(json_extract(contact, '$.phone'), '') LIKE ")
            .push_bind(like.clone())
            .push(" ESCAPE '\\' OR coalesce(json_extract(contact, '$.email'), '') LIKE ")
            .push_bind(like.clone())
            .push(" ESCAPE '\\' OR coalesce(json_extract(contact, '$.custom_attributes.email'), '') LIKE ")
            .push_bind(like)
            .push(" ESCAPE '\\')");
    }
    if let Some(matched) = filter.matched {
        query.push(if matched {
            " AND EXISTS"
        } else {
            " AND NOT EXISTS"
        });
        query.push(
            " (SELECT 1 FROM json_each(events.evaluation) WHERE json_extract(value, '$.matched'))",
        );
    }
    if let Some(source) = filter.source {
        query.push(" AND source = ").push_bind(source.as_str());
    }
    if let (true, Some(before)) = (with_cursor, &filter.before) {
        query
            .push(" AND (created_at, id) < (")
            .push_bind(before.created_at)
            .push(", ")
            .push_bind(before.id.as_str().to_owned())
            .push(")");
    }
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn source_of(text: &str) -> EventSource {
    match text {
        "ingest" => EventSource::Ingest,
        "cli" => EventSource::Cli,
        _ => EventSource::Test,
    }
}

fn summary(row: SummaryRow) -> AppResult<EventSummary> {
    let (id, event_type, occurred_at, source, contact_id, contact, evaluation, created_at) = row;
    let corrupt =
        |what: &str| AppError::internal(format!("event {id}: stored {what} is unreadable"));
    let contact: Value = serde_json::from_str(&contact).map_err(|_| corrupt("contact"))?;
    let evaluation: Vec<RuleEvaluation> =
        serde_json::from_str(&evaluation).map_err(|_| corrupt("evaluation"))?;
    let text = |key: &str| contact.get(key).and_then(Value::as_str);
    let matched: Vec<&RuleEvaluation> = evaluation.iter().filter(|r| r.matched).collect();
    let actions = || matched.iter().flat_map(|r| r.actions.iter());
    Ok(EventSummary {
        id: id.parse()?,
        event_type,
        occurred_at,
        source: source_of(&source),
        contact_id,
        contact_name: display_name(text("first_name"), text("last_name"), text("phone")),
        matched_rules: matched
            .iter()
            .map(|r| MatchedRule {
                rule_id: r.rule_id.clone(),
                rule_name: r.rule_name.clone(),
            })
            .collect(),
        rules_evaluated: u32::try_from(evaluation.len()).unwrap_or(u32::MAX),
        deliveries: count(actions().filter(|a| a.delivery_id.is_some())),
        unsent_actions: count(actions().filter(|a| a.delivery_id.is_none())),
        created_at,
    })
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

/// One page of the Events log, newest first.
pub async fn list_events(pool: &SqlitePool, filter: &EventFilter) -> AppResult<EventPage> {
    let limit = filter.limit.clamp(1, MAX_EVENT_PAGE);
    let mut query = QueryBuilder::<Sqlite>::new(
        "SELECT id, type, occurred_at, source, contact_id, contact, evaluation, created_at FROM events",
    );
    push_where(&mut query, filter, true);
    query
        .push(" ORDER BY created_at DESC, id DESC LIMIT ")
        .push_bind(i64::from(limit) + 1);
    let mut rows: Vec<SummaryRow> = query.build_query_as().fetch_all(pool).await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let events = rows
        .into_iter()
        .map(summary)
        .collect::<AppResult<Vec<_>>>()?;
    let next = match (more, events.last()) {
        (true, Some(last)) => Some(EventCursor {
            created_at: last.created_at,
            id: last.id.clone(),
        }),
        _ => None,
    };

    let mut counting = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM events");
    push_where(&mut counting, filter, false);
    let (total,): (i64,) = counting.build_query_as().fetch_one(pool).await?;
    let types: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT type FROM events ORDER BY type")
        .fetch_all(pool)
        .await?;
    Ok(EventPage {
        events,
        total,
        next,
        types: types.into_iter().map(|(t,)| t).collect(),
    })
}
