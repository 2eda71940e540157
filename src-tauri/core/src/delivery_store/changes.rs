//! Every change to deliveries that is not the engine's claim or finish: a person's retry now
//! and cancel, pausing and resuming a destination, the offline and keyring holds and their
//! release, spreading a backlog out, and cancelling what waits for a destination.
//!
//! Each reads the rows it applies to inside a write transaction (`BEGIN IMMEDIATE`, so nothing
//! comes between the read and the write), runs its [`transition`] on each, stores what changed,
//! tells the listener once it is committed, and returns the rows as changed. The two that run
//! on the caller's transaction (a destination's pause and resume) leave the telling to the
//! caller, who commits.

use std::collections::HashSet;

use sqlx::{SqliteConnection, SqlitePool};

use super::listener::{publish, DeliveryListener};
use super::model::{DeliveryState, HoldReason};
use super::row::{DeliveryRow, DELIVERY_COLUMNS};
use super::state_write::{write_sqlx, SqlValue};
use super::transition::{self, Refused};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::ids::{DeliveryId, DestinationId};

/// Destinations paused now, read on the writing transaction's connection so a pause cannot
/// come between the read and the write.
pub async fn paused_destinations(conn: &mut SqliteConnection) -> AppResult<HashSet<DestinationId>> {
    let ids: Vec<DestinationId> =
        sqlx::query_scalar("SELECT id FROM destinations WHERE paused_at IS NOT NULL")
            .fetch_all(&mut *conn)
            .await?;
    Ok(ids.into_iter().collect())
}

/// Rows of `deliveries` matching `condition` (SQL after `WHERE`, with `binds` in order).
async fn rows_where(
    conn: &mut SqliteConnection,
    condition: &str,
    binds: &[SqlValue<'_>],
) -> AppResult<Vec<DeliveryRow>> {
    let sql = format!("SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE {condition}");
    let mut query = sqlx::query_as::<_, DeliveryRow>(sqlx::AssertSqlSafe(sql));
    for bind in binds {
        query = match *bind {
            SqlValue::Int(n) => query.bind(n),
            SqlValue::Text(text) => query.bind(text),
            SqlValue::Null => query.bind(None::<i64>),
        };
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// Applies `change` to each row (with its position) and stores those it changed.
async fn change_rows(
    conn: &mut SqliteConnection,
    rows: &[DeliveryRow],
    mut change: impl FnMut(usize, &DeliveryRow) -> Option<DeliveryRow>,
) -> AppResult<Vec<DeliveryRow>> {
    let mut changed = Vec::new();
    let mut befores = Vec::new();
    for (position, row) in rows.iter().enumerate() {
        if let Some(next) = change(position, row) {
            befores.push(row);
            changed.push(next);
        }
    }
    let pairs: Vec<(&DeliveryRow, &DeliveryRow)> =
        befores.into_iter().zip(changed.iter()).collect();
    write_sqlx(conn, &pairs).await?;
    Ok(changed)
}

/// Which paused destinations a change is told of.
enum Paused {
    /// It does not depend on them.
    NotRead,
    /// Read in its transaction.
    Read(HashSet<DestinationId>),
}

impl Paused {
    fn contains(&self, id: &DestinationId) -> bool {
        matches!(self, Paused::Read(ids) if ids.contains(id))
    }
}

/// In one write transaction: the rows `condition` selects, `change` applied to each (with its
/// position and, when `read_paused`, the paused destinations), what changed stored; told to
/// `listener` once committed.
async fn change_where(
    pool: &SqlitePool,
    listener: &dyn DeliveryListener,
    condition: &str,
    binds: &[SqlValue<'_>],
    read_paused: bool,
    mut change: impl FnMut(usize, &DeliveryRow, &Paused) -> Option<DeliveryRow>,
) -> AppResult<Vec<DeliveryRow>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let paused = if read_paused {
        Paused::Read(paused_destinations(&mut tx).await?)
    } else {
        Paused::NotRead
    };
    let rows = rows_where(&mut tx, condition, binds).await?;
    let changed = change_rows(&mut tx, &rows, |n, row| change(n, row, &paused)).await?;
    tx.commit().await?;
    publish(listener, &changed);
    Ok(changed)
}

/// In one write transaction: one delivery, `change` applied (or its refusal returned), stored;
/// told to `listener` once committed.
async fn change_one(
    pool: &SqlitePool,
    listener: &dyn DeliveryListener,
    id: &DeliveryId,
    change: impl FnOnce(&DeliveryRow) -> AppResult<DeliveryRow>,
) -> AppResult<DeliveryRow> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let row = read_row(&mut tx, id).await?;
    let next = change(&row)?;
    write_sqlx(&mut tx, &[(&row, &next)]).await?;
    tx.commit().await?;
    publish(listener, [&next]);
    Ok(next)
}

/// One delivery read on the caller's connection (inside its transaction, if any).
pub async fn read_row(conn: &mut SqliteConnection, id: &DeliveryId) -> AppResult<DeliveryRow> {
    rows_where(conn, "id = ?", &[SqlValue::Text(id.as_str())])
        .await?
        .pop()
        .ok_or_else(|| {
            AppError::not_found(format!(
                "Delivery {id} does not exist (it may have been pruned)"
            ))
        })
}

/// "Retry now": the next attempt is due at once, marked manual; a held delivery is released
/// by it. Returns the row as this change left it (the engine may claim it a moment later).
pub async fn retry_now(
    pool: &SqlitePool,
    listener: &dyn DeliveryListener,
    id: &DeliveryId,
    now: i64,
) -> AppResult<DeliveryRow> {
    change_one(pool, listener, id, |row| {
        transition::retry_now(row, now).map_err(|_| {
            AppError::new(
                ErrorCode::Conflict,
                format!(
                    "Delivery {id} has an attempt running now; wait for it to finish, then retry"
                ),
            )
        })
    })
    .await
}

/// Cancels the scheduled retries of a delivery; returns the row as this change left it.
pub async fn cancel(
    pool: &SqlitePool,
    listener: &dyn DeliveryListener,
    id: &DeliveryId,
    now: i64,
) -> AppResult<DeliveryRow> {
    change_one(pool, listener, id, |row| {
        transition::cancel(row, now).map_err(|refused| {
            let why = match refused {
                Refused::InFlight => "an attempt is running now; cancel once it has finished",
                Refused::NotScheduled => "it has no scheduled retry",
            };
            AppError::new(
                ErrorCode::Conflict,
                format!("Delivery {id} cannot be cancelled: {why}"),
            )
        })
    })
    .await
}

/// Holds every scheduled delivery of a destination that was just paused (on the caller's
/// transaction, which marked it paused).
pub async fn hold_for_pause(
    conn: &mut SqliteConnection,
    destination_id: &DestinationId,
    now: i64,
) -> AppResult<Vec<DeliveryRow>> {
    let rows = rows_where(
        conn,
        "destination_id = ? AND state = 'scheduled' AND hold_reason IS NULL",
        &[SqlValue::Text(destination_id.as_str())],
    )
    .await?;
    change_rows(conn, &rows, |_, row| {
        transition::hold(row, HoldReason::DestinationPaused, now)
    })
    .await
}

/// Releases what a destination's pause held (on the caller's transaction, which resumed it),
/// oldest first and `spacing_ms` apart from `now`.
pub async fn release_after_pause(
    conn: &mut SqliteConnection,
    destination_id: &DestinationId,
    now: i64,
    spacing_ms: i64,
) -> AppResult<Vec<DeliveryRow>> {
    let rows = rows_where(
        conn,
        "destination_id = ? AND state = 'scheduled' AND hold_reason = 'destination_paused' \
         ORDER BY created_at, id",
        &[SqlValue::Text(destination_id.as_str())],
    )
    .await?;
    change_rows(conn, &rows, |n, row| {
        let due_at = now + spacing_ms * n as i64;
        transition::release(row, HoldReason::DestinationPaused, due_at, false, now)
    })
    .await
}

/// Holds every delivery due by `now` that nothing holds yet, for `reason` (the network).
pub async fn hold_due(
    pool: &SqlitePool,
    listener: &dyn DeliveryListener,
    reason: HoldReason,
    now: i64,
) -> AppResult<Vec<DeliveryRow>> {
    change_where(
        pool,
        listener,
        "state = 'scheduled' AND hold_reason IS NULL AND next_attempt_at <= ?",
        &[SqlValue::Int(now)],
        false,
        |_, row, _| transition::hold(row, reason, now),
    )
    .await
}

/// Releases every delivery held for `reason` (the network, the keyring), oldest first and
/// `spacing_ms` apart from `now`, so a backlog does not leave in one burst; one whose
/// destination was paused meanwhile stays held for that.
pub async fn release_held(
    pool: &SqlitePool,
    listener: &dyn DeliveryListener,
    reason: HoldReason,
    now: i64,
    spacing_ms: i64,
) -> AppResult<Vec<DeliveryRow>> {
    change_where(
        pool,
        listener,
        "state = 'scheduled' AND hold_reason = ? ORDER BY created_at, id",
        &[SqlValue::Text(reason.as_str())],
        true,
        |n, row, paused| {
            let due_at = now + spacing_ms * n as i64;
            let destination_paused = paused.contains(&row.destination_id);
            transition::release(row, reason, due_at, destination_paused, now)
        },
    )
    .await
}

/// Makes every delivery due by `now` due again, soonest due first and `spacing_ms` apart from
/// `now` (after all sending was paused).
pub async fn spread_due(
    pool: &SqlitePool,
    listener: &dyn DeliveryListener,
    now: i64,
    spacing_ms: i64,
) -> AppResult<Vec<DeliveryRow>> {
    change_where(
        pool,
        listener,
        "state = 'scheduled' AND hold_reason IS NULL AND next_attempt_at <= ? \
         ORDER BY next_attempt_at, id",
        &[SqlValue::Int(now)],
        false,
        |n, row, _| transition::reschedule(row, now + spacing_ms * n as i64, now),
    )
    .await
}

/// Cancels every scheduled delivery of a destination, held or not (what waits for it when it
/// is disabled or deleted and the person chose so).
pub async fn cancel_scheduled(
    pool: &SqlitePool,
    listener: &dyn DeliveryListener,
    destination_id: &DestinationId,
    now: i64,
) -> AppResult<Vec<DeliveryRow>> {
    change_where(
        pool,
        listener,
        "destination_id = ? AND state = 'scheduled'",
        &[SqlValue::Text(destination_id.as_str())],
        false,
        |_, row, _| transition::cancel(row, now).ok(),
    )
    .await
}

/// At start, before any engine runs: every attempt a process that died left in flight is
/// finished as `interrupted` with `error` and `hint`, and its delivery goes where `decide`
/// says (a retry by its policy, or a final state). Returns how many.
pub async fn finish_interrupted(
    pool: &SqlitePool,
    now: i64,
    error: &str,
    hint: &str,
    decide: impl Fn(&DeliveryRow) -> AppResult<(DeliveryState, Option<i64>)>,
) -> AppResult<usize> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let paused = paused_destinations(&mut tx).await?;
    let rows = rows_where(&mut tx, "state = 'in_flight'", &[]).await?;
    let mut nexts = Vec::with_capacity(rows.len());
    for row in &rows {
        let (next_state, next_attempt_at) = decide(row)?;
        sqlx::query(
            "UPDATE attempts SET completed_at = ?, duration_ms = ? - started_at, category = 'internal_error', \
             cause = 'interrupted', error = ?, hint = ?, next_attempt_at = ? \
             WHERE delivery_id = ? AND completed_at IS NULL",
        )
        .bind(now)
        .bind(now)
        .bind(error)
        .bind(hint)
        .bind(next_attempt_at)
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
        let end = transition::AttemptEnd {
            category: super::model::StatusCategory::InternalError,
            http_status: None,
            duration_ms: None,
            finished_at: now,
            next_state,
            next_attempt_at,
            hold: None,
            uncounted: false,
        };
        nexts.push(transition::finish_attempt(
            row,
            &end,
            paused.contains(&row.destination_id),
        ));
    }
    let pairs: Vec<(&DeliveryRow, &DeliveryRow)> = rows.iter().zip(nexts.iter()).collect();
    write_sqlx(&mut tx, &pairs).await?;
    tx.commit().await?;
    Ok(rows.len())
}
