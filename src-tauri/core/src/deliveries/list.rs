//! Listing deliveries: filters, newest first, one page at a time by keyset (created_at, id), so
//! a page never shifts when new deliveries arrive while the user scrolls.

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, SqlitePool};
use ts_rs::TS;

use crate::delivery::{DeliveryRow, DeliverySummary, StatusCategory, DELIVERY_COLUMNS};
use crate::error::{AppError, AppResult};

/// What the list is narrowed to; empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct DeliveryFilter {
    /// Last attempt's category, any of these.
    #[serde(default)]
    pub categories: Vec<StatusCategory>,
    #[serde(default)]
    pub destination_id: Option<String>,
    #[serde(default)]
    pub rule_id: Option<String>,
    /// Created at or after (Unix ms).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub since: Option<i64>,
    /// Created before (Unix ms).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub until: Option<i64>,
}

/// Where the next page starts: after this row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeliveryCursor {
    #[ts(type = "number")]
    pub created_at: i64,
    pub id: String,
}

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
    let mut sql = format!("SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE 1 = 1");
    let mut args = SqliteArguments::default();
    let bad = |e| AppError::internal(format!("query argument: {e}"));
    if !filter.categories.is_empty() {
        sql.push_str(" AND last_category IN (");
        for (i, c) in filter.categories.iter().enumerate() {
            sql.push_str(if i == 0 { "?" } else { ", ?" });
            args.add(c.as_str()).map_err(bad)?;
        }
        sql.push(')');
    }
    if let Some(dest) = &filter.destination_id {
        sql.push_str(" AND destination_id = ?");
        args.add(dest.clone()).map_err(bad)?;
    }
    if let Some(rule) = &filter.rule_id {
        sql.push_str(" AND rule_id = ?");
        args.add(rule.clone()).map_err(bad)?;
    }
    if let Some(since) = filter.since {
        sql.push_str(" AND created_at >= ?");
        args.add(since).map_err(bad)?;
    }
    if let Some(until) = filter.until {
        sql.push_str(" AND created_at < ?");
        args.add(until).map_err(bad)?;
    }
    if let Some(cursor) = after {
        sql.push_str(" AND (created_at < ? OR (created_at = ? AND id < ?))");
        args.add(cursor.created_at).map_err(bad)?;
        args.add(cursor.created_at).map_err(bad)?;
        args.add(cursor.id.clone()).map_err(bad)?;
    }
    sql.push_str(" ORDER BY created_at DESC, id DESC LIMIT ?");
    args.add(i64::from(limit) + 1).map_err(bad)?;

    let mut rows: Vec<DeliveryRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), args)
        .fetch_all(pool)
        .await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = if more {
        rows.last().map(|r| DeliveryCursor {
            created_at: r.created_at,
            id: r.id.clone(),
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
