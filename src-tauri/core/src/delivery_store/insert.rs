//! Writing new deliveries: the one way into the queue. Event intake, Send test, replays and
//! the CLI freeze a request, then call this on their own transaction (a rule's deliveries and
//! their event are written together).

use std::collections::HashSet;

use sqlx::SqliteConnection;

use super::changes::paused_destinations;
use super::model::HoldReason;
use super::new_delivery::NewDelivery;
use crate::error::AppResult;
use crate::ids::DestinationId;
use crate::store::json::encode;

/// Writes a frozen delivery, due at once, or held when its destination is paused and it is a
/// rule's (returns true then).
pub async fn insert_delivery(
    conn: &mut SqliteConnection,
    delivery: &NewDelivery,
    now: i64,
) -> AppResult<bool> {
    let paused = insert_deliveries(conn, &[delivery], now).await?;
    Ok(delivery.source.is_held_by_pause() && paused.contains(&delivery.destination_id))
}

/// Rows per multi-row statement: 28 values each stays well under SQLite's 32,766 parameters.
const ROWS_PER_INSERT: usize = 500;

/// Writes many frozen deliveries with few statements (rules make several per event, and the
/// ingest endpoint writes many events per transaction). Plain bound values: no JSON to parse.
/// Rules' deliveries to a paused destination are written held; returns the paused destinations.
pub async fn insert_deliveries(
    conn: &mut SqliteConnection,
    deliveries: &[&NewDelivery],
    now: i64,
) -> AppResult<HashSet<DestinationId>> {
    let paused = if deliveries.is_empty() {
        HashSet::new()
    } else {
        paused_destinations(conn).await?
    };
    let held = HoldReason::DestinationPaused.as_str();
    for chunk in deliveries.chunks(ROWS_PER_INSERT) {
        let encoded: Vec<(String, String, String, String)> = chunk
            .iter()
            .map(|d| {
                Ok((
                    encode(&d.headers)?,
                    encode(&d.retry)?,
                    encode(&d.bindings)?,
                    encode(&d.event.data)?,
                ))
            })
            .collect::<AppResult<_>>()?;
        let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO deliveries (id, state, source, destination_id, destination_name, rule_id, rule_name, \
             action_index, event_id, event_type, contact_id, contact_name, auth_id, auth_kind, auth_name, replay_of, \
             method, url, headers, body, timeout_secs, retry_policy, payload_expression, bindings, event_data, \
             next_attempt_at, created_at, updated_at, hold_reason) ",
        );
        query.push_values(
            chunk.iter().zip(&encoded),
            |mut row, (d, (headers, retry, bindings, data))| {
                row.push_bind(d.id.as_str())
                    .push_bind("scheduled")
                    .push_bind(d.source.as_str())
                    .push_bind(d.destination_id.as_str())
                    .push_bind(d.destination_name.as_str())
                    .push_bind(d.rule.as_ref().map(|r| r.id.as_str()))
                    .push_bind(d.rule.as_ref().map(|r| r.name.as_str()))
                    .push_bind(d.rule.as_ref().map(|r| i64::from(r.action_index)))
                    .push_bind(&d.event.id)
                    .push_bind(d.event.event_type.as_str())
                    .push_bind(d.contact_id.as_deref())
                    .push_bind(d.contact_name.as_deref())
                    .push_bind(d.auth_id.as_deref())
                    .push_bind(d.auth_kind.as_deref())
                    .push_bind(d.auth_name.as_deref())
                    .push_bind(d.replay_of.as_ref().map(|r| r.as_str()))
                    .push_bind(d.method.as_str())
                    .push_bind(d.url.as_str())
                    .push_bind(headers.as_str())
                    .push_bind(d.body.as_deref())
                    .push_bind(i64::from(d.timeout_secs))
                    .push_bind(retry.as_str())
                    .push_bind(d.payload_expression.as_str())
                    .push_bind(bindings.as_str())
                    .push_bind(data.as_str());
                if d.source.is_held_by_pause() && paused.contains(&d.destination_id) {
                    row.push_bind(None::<i64>)
                        .push_bind(now)
                        .push_bind(now)
                        .push_bind(Some(held));
                } else {
                    row.push_bind(Some(now))
                        .push_bind(now)
                        .push_bind(now)
                        .push_bind(None::<&str>);
                }
            },
        );
        query.build().execute(&mut *conn).await?;
    }
    Ok(paused)
}
