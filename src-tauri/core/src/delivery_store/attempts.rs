//! Claims and finished attempts: the engine's writes, made on its own rusqlite connection
//! (engine/queue_conn.rs runs them, each inside one transaction it commits).
//!
//! A claim marks deliveries in flight and records their attempts as started before any
//! request goes out; a finish stores each answer and the delivery's next state. Both are
//! [`transition`]s applied to the rows as read (a claim) or as claimed (a finish: nothing else
//! changes a delivery while it is in flight, see the transitions' preconditions).

use std::collections::HashSet;

use rusqlite::types::ToSql;
use rusqlite::{params_from_iter, Transaction};

use super::chunks::{statement_sized_chunks, value_rows};
use super::model::AttemptTrigger;
use super::row::{DeliveryRow, DELIVERY_COLUMNS};
use super::state_write::{same_state, write_rusqlite};
use super::transition::{self, AttemptEnd};
use crate::ids::{AttemptId, DestinationId};

/// Which scheduled deliveries a claim takes.
pub enum ClaimWhich<'a> {
    /// Up to `limit` of one destination, due by `now`, soonest first (the dispatcher).
    Due {
        destination_id: &'a str,
        limit: usize,
    },
    /// That one, whenever it is due, unless something holds it (`apidest send`).
    One { delivery_id: &'a str },
}

/// A delivery taken for one attempt: the row as the claim left it.
pub struct Taken {
    pub row: DeliveryRow,
    pub attempt_id: AttemptId,
    pub trigger: AttemptTrigger,
}

/// Takes the deliveries `which` names.
pub fn claim(
    tx: &Transaction<'_>,
    which: &ClaimWhich<'_>,
    now: i64,
) -> rusqlite::Result<Vec<Taken>> {
    let rows: Vec<DeliveryRow> = match which {
        ClaimWhich::Due {
            destination_id,
            limit,
        } => tx
            .prepare_cached(&format!(
                "SELECT {DELIVERY_COLUMNS} FROM deliveries \
                 WHERE state = 'scheduled' AND hold_reason IS NULL AND destination_id = ?1 \
                 AND next_attempt_at <= ?2 \
                 ORDER BY next_attempt_at LIMIT ?3"
            ))?
            .query_map(
                (destination_id, now, *limit as i64),
                DeliveryRow::from_rusqlite,
            )?
            .collect::<Result<_, _>>()?,
        ClaimWhich::One { delivery_id } => tx
            .prepare_cached(&format!(
                "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE id = ?1"
            ))?
            .query_map([delivery_id], DeliveryRow::from_rusqlite)?
            .collect::<Result<_, _>>()?,
    };
    let taken: Vec<(DeliveryRow, Taken)> = rows
        .into_iter()
        .filter_map(|row| {
            let (next, trigger) = transition::claim(&row, now)?;
            Some((
                row,
                Taken {
                    row: next,
                    attempt_id: AttemptId::generate(),
                    trigger,
                },
            ))
        })
        .collect();
    if taken.is_empty() {
        return Ok(Vec::new());
    }
    let changes: Vec<(&DeliveryRow, &DeliveryRow)> =
        taken.iter().map(|(before, t)| (before, &t.row)).collect();
    // Read in this transaction: none can have moved on.
    write_rusqlite(tx, &changes)?;
    for chunk in statement_sized_chunks(&taken) {
        let mut insert = tx.prepare_cached(&format!(
            "INSERT INTO attempts (id, delivery_id, number, trigger, started_at) VALUES {}",
            value_rows(chunk.len(), 5)
        ))?;
        let mut values: Vec<&dyn ToSql> = Vec::with_capacity(chunk.len() * 5);
        let triggers: Vec<&str> = chunk.iter().map(|(_, t)| t.trigger.as_str()).collect();
        for ((_, t), trigger) in chunk.iter().zip(&triggers) {
            values.extend([
                &t.attempt_id as &dyn ToSql,
                &t.row.id,
                &t.row.attempt_count,
                trigger,
                &now,
            ]);
        }
        insert.execute(params_from_iter(values))?;
    }
    Ok(taken.into_iter().map(|(_, t)| t).collect())
}

/// An attempt's record as it is stored when it ends.
pub struct AttemptRecord<'a> {
    pub attempt_id: &'a AttemptId,
    pub completed_at: i64,
    pub duration_ms: i64,
    pub category: &'static str,
    pub cause: Option<&'static str>,
    pub http_status: Option<i64>,
    pub request_url: &'a str,
    pub request_headers: &'a str,
    pub response_headers: &'a str,
    pub response_body: Option<&'a [u8]>,
    pub response_body_size: Option<i64>,
    pub error: Option<&'a str>,
    pub hint: Option<&'a str>,
    pub next_attempt_at: Option<i64>,
}

/// One finished attempt: the delivery as it was claimed, how the attempt ended, its record.
pub struct Finished<'a> {
    pub claimed: &'a DeliveryRow,
    pub end: AttemptEnd,
    pub record: AttemptRecord<'a>,
}

/// Stores finished attempts and their deliveries' next states; returns the deliveries as
/// stored, in the order given. A retry of a destination paused by now is held (the pause is
/// read in this transaction, so it cannot come between).
pub fn finish(
    tx: &Transaction<'_>,
    finished: &[Finished<'_>],
) -> rusqlite::Result<Vec<DeliveryRow>> {
    let paused: HashSet<DestinationId> = tx
        .prepare_cached("SELECT id FROM destinations WHERE paused_at IS NOT NULL")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    // One statement per chunk also matters to the search index: FTS5 writes out what it holds
    // in memory at every statement that changes it from a trigger, so a statement per row
    // would make a segment per row.
    for chunk in statement_sized_chunks(finished) {
        let mut attempts = tx.prepare_cached(&format!(
            "UPDATE attempts SET completed_at = j.column2, duration_ms = j.column3, category = j.column4, \
             cause = j.column5, http_status = j.column6, request_url = j.column7, request_headers = j.column8, \
             response_headers = j.column9, response_body = j.column10, response_body_size = j.column11, \
             error = j.column12, hint = j.column13, next_attempt_at = j.column14 \
             FROM (VALUES {}) AS j WHERE attempts.id = j.column1",
            value_rows(chunk.len(), 14)
        ))?;
        let mut values: Vec<&dyn ToSql> = Vec::with_capacity(chunk.len() * 14);
        for f in chunk {
            let r = &f.record;
            values.extend([
                r.attempt_id as &dyn ToSql,
                &r.completed_at,
                &r.duration_ms,
                &r.category,
                &r.cause,
                &r.http_status,
                &r.request_url,
                &r.request_headers,
                &r.response_headers,
                &r.response_body,
                &r.response_body_size,
                &r.error,
                &r.hint,
                &r.next_attempt_at,
            ]);
        }
        attempts.execute(params_from_iter(values))?;
    }
    let next: Vec<DeliveryRow> = finished
        .iter()
        .map(|f| {
            let destination_paused = paused.contains(&f.claimed.destination_id);
            transition::finish_attempt(f.claimed, &f.end, destination_paused)
        })
        .collect();
    let changes: Vec<(&DeliveryRow, &DeliveryRow)> = finished
        .iter()
        .zip(&next)
        .map(|(f, after)| (f.claimed, after))
        .collect();
    if write_rusqlite(tx, &changes)? == 0 {
        return Ok(next);
    }
    // A delivery moved on while its attempt ran (crash recovery of an engine that started
    // meanwhile marked the attempt interrupted): the answer that came stands, applied to the
    // row as it is now, so no column keeps the interruption's values and revision only grows.
    let mut select = tx.prepare_cached(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE id = ?1"
    ))?;
    let mut stored = Vec::with_capacity(next.len());
    for (f, written) in finished.iter().zip(next) {
        let current = select.query_row([&written.id], DeliveryRow::from_rusqlite)?;
        if same_state(&current, &written) {
            stored.push(written);
            continue;
        }
        let destination_paused = paused.contains(&current.destination_id);
        let again = transition::finish_attempt(&current, &f.end, destination_paused);
        write_rusqlite(tx, &[(&current, &again)])?;
        stored.push(again);
    }
    Ok(stored)
}

/// When the next delivery of this destination is due, if any is scheduled.
pub fn next_due(
    conn: &rusqlite::Connection,
    destination_id: &str,
) -> rusqlite::Result<Option<i64>> {
    let mut select = conn.prepare_cached(
        "SELECT next_attempt_at FROM deliveries WHERE state = 'scheduled' AND destination_id = ?1 \
         AND next_attempt_at IS NOT NULL ORDER BY next_attempt_at LIMIT 1",
    )?;
    let mut rows = select.query([destination_id])?;
    match rows.next()? {
        Some(row) => row.get(0),
        None => Ok(None),
    }
}
