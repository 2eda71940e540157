//! Bulk retry of the filtered failed deliveries: the UI asks which ones, then retries them in
//! small batches so it can show progress, and gets a summary of what was retried and what not.

use serde::Serialize;
use sqlx::SqlitePool;
use ts_rs::TS;

use super::filter::{DeliveryFilter, TextPlan};
use super::search::{self, Walk};
use crate::engine::Engine;
use crate::error::AppResult;
use crate::ids::DeliveryId;

/// Most deliveries one bulk retry takes; more is a sign the destination itself is broken.
pub const BULK_RETRY_MAX: u32 = 10_000;

const FAILED: &str = " AND state IN ('failed', 'exhausted')";

/// The failed deliveries (failed or retries used up) of the filter, newest first.
pub async fn failed_ids(
    pool: &SqlitePool,
    filter: &DeliveryFilter,
    max: u32,
) -> AppResult<Vec<DeliveryId>> {
    let plan = filter.text_plan(pool).await?;
    if let TextPlan::Walk(query) = &plan {
        let walk = Walk {
            filter,
            query,
            with_status: true,
            extra: FAILED,
        };
        let max = max.min(BULK_RETRY_MAX) as usize;
        let found = search::walk(pool, &walk, None, max).await?;
        return found.iter().map(|f| f.id.parse()).collect();
    }
    let clause = filter.where_clause(true, &plan)?;
    let sql = format!(
        "SELECT id FROM deliveries WHERE 1 = 1{FAILED}{} \
         ORDER BY created_at DESC, id DESC LIMIT {}",
        clause.sql,
        max.min(BULK_RETRY_MAX)
    );
    let ids: Vec<String> = sqlx::query_scalar_with(sqlx::AssertSqlSafe(sql), clause.args)
        .fetch_all(pool)
        .await?;
    ids.iter().map(|id| id.parse()).collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BulkRetrySkip {
    pub id: DeliveryId,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BulkRetryResult {
    pub retried: u32,
    pub skipped: Vec<BulkRetrySkip>,
}

/// Retries each delivery now (a manual attempt of its frozen request). One that cannot be
/// retried (running, pruned) is reported, not fatal.
pub async fn retry_many(engine: &Engine, ids: &[DeliveryId]) -> BulkRetryResult {
    let mut result = BulkRetryResult {
        retried: 0,
        skipped: Vec::new(),
    };
    for id in ids {
        match engine.retry_now(id).await {
            Ok(_) => result.retried += 1,
            Err(e) => result.skipped.push(BulkRetrySkip {
                id: id.clone(),
                reason: e.message,
            }),
        }
    }
    result
}
