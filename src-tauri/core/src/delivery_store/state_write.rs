//! Stores what a transition changed: the state columns of each row that differ from the row
//! it was made from, with one statement shape, bound through sqlx or the engine's rusqlite
//! connection alike.
//!
//! Only changed columns are set: SQLite rewrites an index entry when a column it covers is
//! set, whatever the value, so a claim never touches the log's category indexes. A row is
//! written only if its `revision` is still the one the change was computed from: a change
//! made from a row that has moved on since (a finished attempt whose delivery crash recovery
//! already rescheduled) is not stored over the newer state, and is reported as not written.

use std::collections::BTreeMap;

use sqlx::SqliteConnection;

use super::chunks::statement_sized_chunks;
use super::row::DeliveryRow;
use crate::error::{AppError, AppResult};

/// A value bound to a statement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SqlValue<'a> {
    Int(i64),
    Text(&'a str),
    Null,
}

impl rusqlite::types::ToSql for SqlValue<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Self::Int(n) => ValueRef::Integer(n),
            Self::Text(text) => ValueRef::Text(text.as_bytes()),
            Self::Null => ValueRef::Null,
        }))
    }
}

fn int(value: Option<i64>) -> SqlValue<'static> {
    value.map_or(SqlValue::Null, SqlValue::Int)
}

fn text(value: Option<&str>) -> SqlValue<'_> {
    value.map_or(SqlValue::Null, SqlValue::Text)
}

/// The columns a transition may change, in the order they are set.
const STATE_COLUMNS: [&str; 11] = [
    "state",
    "attempt_count",
    "scheduled_attempts",
    "manual_pending",
    "next_attempt_at",
    "last_category",
    "last_http_status",
    "last_duration_ms",
    "updated_at",
    "revision",
    "hold_reason",
];

fn state_value(row: &DeliveryRow, column: usize) -> SqlValue<'_> {
    match column {
        0 => SqlValue::Text(&row.state),
        1 => SqlValue::Int(row.attempt_count),
        2 => SqlValue::Int(row.scheduled_attempts),
        3 => SqlValue::Int(row.manual_pending),
        4 => int(row.next_attempt_at),
        5 => text(row.last_category.as_deref()),
        6 => int(row.last_http_status),
        7 => int(row.last_duration_ms),
        8 => SqlValue::Int(row.updated_at),
        9 => SqlValue::Int(row.revision),
        _ => text(row.hold_reason.as_deref()),
    }
}

/// Which state columns differ, one bit per column of [`STATE_COLUMNS`].
fn changed_columns(before: &DeliveryRow, after: &DeliveryRow) -> u16 {
    (0..STATE_COLUMNS.len())
        .filter(|&c| state_value(before, c) != state_value(after, c))
        .fold(0, |bits, c| bits | (1 << c))
}

/// Whether two rows hold the same state (every column a transition may change).
pub fn same_state(a: &DeliveryRow, b: &DeliveryRow) -> bool {
    changed_columns(a, b) == 0
}

/// One statement: its SQL, the values it binds in order, and how many rows it should write.
pub struct Statement<'a> {
    pub sql: String,
    pub values: Vec<SqlValue<'a>>,
    pub rows: usize,
}

/// The statements that store `after` over `before` for each pair (same delivery): rows
/// changing the same columns share a statement, `UPDATE … FROM (VALUES …)`.
pub fn statements<'a>(changes: &[(&DeliveryRow, &'a DeliveryRow)]) -> Vec<Statement<'a>> {
    let mut by_columns: BTreeMap<u16, Vec<(i64, &'a DeliveryRow)>> = BTreeMap::new();
    for (before, after) in changes {
        let bits = changed_columns(before, after);
        if bits != 0 {
            by_columns
                .entry(bits)
                .or_default()
                .push((before.revision, after));
        }
    }
    let mut out = Vec::new();
    for (bits, rows) in by_columns {
        let columns: Vec<usize> = (0..STATE_COLUMNS.len())
            .filter(|c| bits & (1 << c) != 0)
            .collect();
        for chunk in statement_sized_chunks(&rows) {
            let sets = columns
                .iter()
                .enumerate()
                .map(|(i, &c)| format!("{} = j.column{}", STATE_COLUMNS[c], i + 3))
                .collect::<Vec<_>>()
                .join(", ");
            let row = format!("({})", vec!["?"; columns.len() + 2].join(", "));
            let sql = format!(
                "UPDATE deliveries SET {sets} FROM (VALUES {}) AS j \
                 WHERE deliveries.id = j.column1 AND deliveries.revision = j.column2",
                vec![row.as_str(); chunk.len()].join(", ")
            );
            let mut values = Vec::with_capacity(chunk.len() * (columns.len() + 2));
            for (revision, row) in chunk {
                values.push(SqlValue::Text(row.id.as_str()));
                values.push(SqlValue::Int(*revision));
                values.extend(columns.iter().map(|&c| state_value(row, c)));
            }
            out.push(Statement {
                sql,
                values,
                rows: chunk.len(),
            });
        }
    }
    out
}

/// Stores the changes on a sqlx connection, inside the caller's write transaction that read
/// the rows (so none can have moved on: one that did is an error).
pub async fn write_sqlx(
    conn: &mut SqliteConnection,
    changes: &[(&DeliveryRow, &DeliveryRow)],
) -> AppResult<()> {
    for statement in statements(changes) {
        let expected = statement.rows;
        let mut query = sqlx::query(sqlx::AssertSqlSafe(statement.sql));
        for value in statement.values {
            query = match value {
                SqlValue::Int(n) => query.bind(n),
                SqlValue::Text(text) => query.bind(text),
                SqlValue::Null => query.bind(None::<i64>),
            };
        }
        let written = query.execute(&mut *conn).await?.rows_affected();
        if written != expected as u64 {
            return Err(AppError::internal(format!(
                "{} of {expected} deliveries changed while they were being written; nothing was saved",
                expected as u64 - written
            )));
        }
    }
    Ok(())
}

/// Stores the changes on a rusqlite connection (inside the caller's transaction); returns how
/// many rows were not written because they had moved on.
pub fn write_rusqlite(
    conn: &rusqlite::Connection,
    changes: &[(&DeliveryRow, &DeliveryRow)],
) -> rusqlite::Result<usize> {
    let mut stale = 0;
    for statement in statements(changes) {
        let written = conn
            .prepare_cached(&statement.sql)?
            .execute(rusqlite::params_from_iter(statement.values))?;
        stale += statement.rows.saturating_sub(written);
    }
    Ok(stale)
}
