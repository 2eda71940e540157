//! Retention: deleting old deliveries (their attempts go with them, and the log's counters
//! and search index follow by trigger).

use sqlx::SqlitePool;

use crate::error::AppResult;

/// Deletes up to `limit` of the oldest deliveries created before `cutoff` that are finished
/// (a scheduled or in-flight delivery is never deleted); returns how many.
pub async fn delete_finished_before(pool: &SqlitePool, cutoff: i64, limit: i64) -> AppResult<u64> {
    Ok(sqlx::query(
        "DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries \
         WHERE created_at < ? AND state NOT IN ('scheduled', 'in_flight') \
         ORDER BY created_at LIMIT ?)",
    )
    .bind(cutoff)
    .bind(limit)
    .execute(pool)
    .await?
    .rows_affected())
}
