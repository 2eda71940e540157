//! How many deliveries of the current filter are in each status, for the chips above the log.
//! The status part of the filter is left out, so every chip shows what choosing it would give.

use serde::Serialize;
use sqlx::SqlitePool;
use ts_rs::TS;

use super::filter::DeliveryFilter;
use crate::delivery::StatusCategory;
use crate::error::AppResult;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CategoryCount {
    pub category: StatusCategory,
    #[ts(type = "number")]
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeliveryCounts {
    /// Every delivery of the filter, whatever its status.
    #[ts(type = "number")]
    pub total: i64,
    /// No attempt finished yet.
    #[ts(type = "number")]
    pub pending: i64,
    /// Only the categories that occur, in the help article's order.
    pub categories: Vec<CategoryCount>,
}

pub async fn count_by_status(
    pool: &SqlitePool,
    filter: &DeliveryFilter,
) -> AppResult<DeliveryCounts> {
    let clause = filter.where_clause(false, filter.text_plan(pool).await?)?;
    let sql = format!(
        "SELECT last_category, COUNT(*) FROM deliveries WHERE 1 = 1{} GROUP BY last_category",
        clause.sql
    );
    let rows: Vec<(Option<String>, i64)> =
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), clause.args)
            .fetch_all(pool)
            .await?;
    let mut counts = DeliveryCounts {
        total: 0,
        pending: 0,
        categories: Vec::new(),
    };
    for (category, count) in rows {
        counts.total += count;
        match category.as_deref().and_then(StatusCategory::parse) {
            Some(category) => counts.categories.push(CategoryCount { category, count }),
            None => counts.pending += count,
        }
    }
    counts.categories.sort_by_key(|c| {
        StatusCategory::ALL
            .iter()
            .position(|x| *x == c.category)
            .unwrap_or(usize::MAX)
    });
    Ok(counts)
}
