//! Reading stored events: one with its evaluation, or the newest.

use sqlx::SqlitePool;

use super::model::{EventRecord, EventSource};
use crate::error::{AppError, AppResult};
use crate::ids::EventId;

type EventRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    i64,
);

macro_rules! select_event {
    ($rest:literal) => {
        concat!(
            "SELECT id, type, occurred_at, source, contact_id, contact, data, evaluation, created_at FROM events ",
            $rest
        )
    };
}

fn record(row: EventRow) -> AppResult<EventRecord> {
    let (id, event_type, occurred_at, source, contact_id, contact, data, evaluation, created_at) =
        row;
    let corrupt =
        |what: &str| AppError::internal(format!("event {id}: stored {what} is unreadable"));
    Ok(EventRecord {
        id: id.parse()?,
        event_type,
        occurred_at,
        source: match source.as_str() {
            "ingest" => EventSource::Ingest,
            "cli" => EventSource::Cli,
            _ => EventSource::Test,
        },
        contact_id,
        contact: serde_json::from_str(&contact).map_err(|_| corrupt("contact"))?,
        data: serde_json::from_str(&data).map_err(|_| corrupt("data"))?,
        evaluation: serde_json::from_str(&evaluation).map_err(|_| corrupt("evaluation"))?,
        created_at,
    })
}

pub async fn get_event(pool: &SqlitePool, id: &EventId) -> AppResult<EventRecord> {
    let row: Option<EventRow> = sqlx::query_as(select_event!("WHERE id = ?"))
        .bind(id.as_str())
        .fetch_optional(pool)
        .await?;
    record(row.ok_or_else(|| {
        AppError::not_found(format!(
            "Event {id} does not exist (it may have been pruned)"
        ))
    })?)
}

pub async fn recent_events(pool: &SqlitePool, limit: u32) -> AppResult<Vec<EventRecord>> {
    let rows: Vec<EventRow> =
        sqlx::query_as(select_event!("ORDER BY created_at DESC, id DESC LIMIT ?"))
            .bind(i64::from(limit.clamp(1, 500)))
            .fetch_all(pool)
            .await?;
    rows.into_iter().map(record).collect()
}
