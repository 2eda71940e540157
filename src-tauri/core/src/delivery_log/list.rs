//! Listing deliveries: filters, newest first, one page at a time by keyset (created_at, id), so
//! a page never shifts when new deliveries arrive while the user scrolls.

use serde::Serialize;
use sqlx::{Arguments, SqlitePool};
use ts_rs::TS;

use super::cursor::DeliveryCursor;
use super::filter::{bad_arg, DeliveryFilter, TextPlan};
use super::search::{self, Walk};
use crate::engine::{DeliveryRow, DeliverySummary, DELIVERY_COLUMNS};
use crate::error::{AppError, AppResult};
use crate::ids::DeliveryId;
use crate::store::json::encode;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DeliveryPage {
    pub items: Vec<DeliverySummary>,
    /// `None` on the last page.
    pub next: Option<DeliveryCursor>,
}

pub const MAX_PAGE: u32 = 500;

pub async fn list_deliveries(
    pool: &SqlitePool,
    filter: &DeliveryFilter,
    after: Option<&DeliveryCursor>,
    limit: u32,
) -> AppResult<DeliveryPage> {
    let limit = limit.clamp(1, MAX_PAGE);
    let rows = list_rows(pool, filter, after, limit + 1).await?;
    page_of(rows, limit)
}

/// Up to `limit` rows after the cursor, newest first.
pub(crate) async fn list_rows(
    pool: &SqlitePool,
    filter: &DeliveryFilter,
    after: Option<&DeliveryCursor>,
    limit: u32,
) -> AppResult<Vec<DeliveryRow>> {
    let plan = filter.text_plan(pool).await?;
    if let TextPlan::Walk(query) = &plan {
        let walk = Walk {
            filter,
            query,
            with_status: true,
            extra: "",
        };
        let found = search::walk(pool, &walk, after, limit as usize).await?;
        return rows_by_rowid(pool, found.iter().map(|f| f.rowid).collect()).await;
    }
    let clause = filter.where_clause(true, &plan)?;
    let mut sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE 1 = 1{}",
        clause.sql
    );
    let mut args = clause.args;
    if let Some(cursor) = after {
        // Row-value comparison: SQLite turns it into one range over the (created_at, id) order
        // of whichever index the filter picks.
        sql.push_str(" AND (created_at, id) < (?, ?)");
        args.add(cursor.created_at).map_err(bad_arg)?;
        args.add(cursor.id.clone()).map_err(bad_arg)?;
    }
    sql.push_str(" ORDER BY created_at DESC, id DESC LIMIT ?");
    args.add(i64::from(limit)).map_err(bad_arg)?;
    Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(sql), args)
        .fetch_all(pool)
        .await?)
}

/// Most deliveries [`summaries_of`] reads in one call.
pub const MAX_SUMMARIES: usize = 10_000;

/// The current state of these deliveries (those that still exist), for a screen that must
/// read again what it follows, e.g. after it missed pushed changes.
pub async fn summaries_of(
    pool: &SqlitePool,
    ids: &[DeliveryId],
) -> AppResult<Vec<DeliverySummary>> {
    if ids.len() > MAX_SUMMARIES {
        return Err(AppError::validation(format!(
            "At most {MAX_SUMMARIES} deliveries can be read at once; {} were asked for.",
            ids.len()
        )));
    }
    // One bound JSON array, however many ids: no statement parameter limit to cut around.
    let ids: Vec<&str> = ids.iter().map(DeliveryId::as_str).collect();
    let rows: Vec<DeliveryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE id IN (SELECT value FROM json_each(?))"
    )))
    .bind(encode(&ids)?)
    .fetch_all(pool)
    .await?;
    rows.iter().map(DeliveryRow::summary).collect()
}

/// Whole rows of the deliveries found by a walked search, in the log's order.
async fn rows_by_rowid(pool: &SqlitePool, rowids: Vec<i64>) -> AppResult<Vec<DeliveryRow>> {
    if rowids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE rowid IN (SELECT value FROM json_each(?)) \
         ORDER BY created_at DESC, id DESC"
    )))
    .bind(encode(&rowids)?)
    .fetch_all(pool)
    .await?)
}

fn page_of(mut rows: Vec<DeliveryRow>, limit: u32) -> AppResult<DeliveryPage> {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = if more {
        rows.last().map(|r| DeliveryCursor {
            created_at: r.created_at,
            id: r.id.to_string(),
        })
    } else {
        None
    };
    let items = rows
        .iter()
        .map(DeliveryRow::summary)
        .collect::<AppResult<Vec<_>>>()?;
    Ok(DeliveryPage { items, next })
}
