//! Text search for words found in many deliveries. Collecting every match would read hundreds
//! of thousands of postings for one page, so the filter's rows are walked newest first in
//! growing windows, and each window asks the search index only for the matches inside its
//! rowid range: a page costs about what it shows, and the order is exactly the log's.

use std::collections::{HashMap, HashSet};

use sqlx::{Arguments, SqlitePool};

use super::cursor::DeliveryCursor;
use super::filter::{bad_arg, DeliveryFilter, TextPlan};
use crate::error::AppResult;
use crate::store::json::encode;

/// What to walk: the filter without its text, plus the words to find.
pub(crate) struct Walk<'a> {
    pub filter: &'a DeliveryFilter,
    /// The FTS5 query (`DeliveryFilter::text_query`).
    pub query: &'a str,
    /// Whether the status part of the filter applies (the counts leave it out).
    pub with_status: bool,
    /// Further `AND …` terms without arguments (bulk retry's failed states).
    pub extra: &'static str,
}

/// A matching delivery.
pub(crate) struct Found {
    pub rowid: i64,
    pub id: String,
}

const FIRST_WINDOW: usize = 64;
const MAX_WINDOW: usize = 4096;

/// Up to `want` matches after the cursor, newest first.
pub(crate) async fn walk(
    pool: &SqlitePool,
    walk: &Walk<'_>,
    after: Option<&DeliveryCursor>,
    want: usize,
) -> AppResult<Vec<Found>> {
    let mut found = Vec::new();
    let mut cursor = after.cloned();
    let mut window = FIRST_WINDOW;
    while found.len() < want {
        let rows = window_rows(pool, walk, cursor.as_ref(), window).await?;
        let matched = matching(pool, walk.query, &rows).await?;
        found.extend(
            rows.iter()
                .filter(|row| matched.contains(&row.0))
                .take(want - found.len())
                .map(|row| Found {
                    rowid: row.0,
                    id: row.1.clone(),
                })
                .collect::<Vec<_>>(),
        );
        match rows.last() {
            Some(last) if rows.len() == window => {
                cursor = Some(DeliveryCursor {
                    created_at: last.2,
                    id: last.1.clone(),
                });
            }
            _ => break, // the end of the filter
        }
        window = (window * 2).min(MAX_WINDOW);
    }
    Ok(found)
}

/// rowid, id, created_at.
type Candidate = (i64, String, i64);

/// The next `take` rows of the filter (text aside), newest first; read from the filter's index.
async fn window_rows(
    pool: &SqlitePool,
    walk: &Walk<'_>,
    cursor: Option<&DeliveryCursor>,
    take: usize,
) -> AppResult<Vec<Candidate>> {
    let clause = walk
        .filter
        .where_clause(walk.with_status, &TextPlan::None)?;
    let mut sql = format!(
        "SELECT rowid, id, created_at FROM deliveries WHERE 1 = 1{}{}",
        clause.sql, walk.extra
    );
    let mut args = clause.args;
    if let Some(c) = cursor {
        sql.push_str(" AND (created_at, id) < (?, ?)");
        args.add(c.created_at).map_err(bad_arg)?;
        args.add(c.id.clone()).map_err(bad_arg)?;
    }
    sql.push_str(" ORDER BY created_at DESC, id DESC LIMIT ?");
    args.add(take as i64).map_err(bad_arg)?;
    Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(sql), args)
        .fetch_all(pool)
        .await?)
}

/// The rowids among `rows` whose URL, payload or one of whose responses holds the words. The
/// search index is asked for one rowid range per source, so its cost follows the window.
async fn matching(pool: &SqlitePool, query: &str, rows: &[Candidate]) -> AppResult<HashSet<i64>> {
    let mut matched = in_index(pool, "deliveries_text", query, rows.iter().map(|r| r.0)).await?;

    let rest: HashMap<&str, i64> = rows
        .iter()
        .filter(|r| !matched.contains(&r.0))
        .map(|r| (r.1.as_str(), r.0))
        .collect();
    if rest.is_empty() {
        return Ok(matched);
    }
    let ids: Vec<&str> = rest.keys().copied().collect();
    let attempts: Vec<(i64, String)> = sqlx::query_as(
        "SELECT rowid, delivery_id FROM attempts WHERE delivery_id IN (SELECT value FROM json_each(?))",
    )
    .bind(encode(&ids)?)
    .fetch_all(pool)
    .await?;
    let hits = in_index(pool, "attempts_text", query, attempts.iter().map(|a| a.0)).await?;
    for (attempt, delivery) in attempts {
        if hits.contains(&attempt) {
            if let Some(rowid) = rest.get(delivery.as_str()) {
                matched.insert(*rowid);
            }
        }
    }
    Ok(matched)
}

/// Which of these rowids the search index holds the words for. The index is asked for one
/// rowid range per run of nearby rowids: rows of a window sit close together, and an attempt
/// retried days later becomes a small range of its own instead of stretching one range over
/// everything in between.
async fn in_index(
    pool: &SqlitePool,
    table: &str,
    query: &str,
    rowids: impl Iterator<Item = i64>,
) -> AppResult<HashSet<i64>> {
    let mut sorted: Vec<i64> = rowids.collect();
    sorted.sort_unstable();
    let wanted: HashSet<i64> = sorted.iter().copied().collect();
    let sql = format!("SELECT rowid FROM {table} WHERE {table} MATCH ? AND rowid BETWEEN ? AND ?");
    let mut found = HashSet::new();
    for (low, high) in runs(&sorted) {
        let hits: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
            .bind(query)
            .bind(low)
            .bind(high)
            .fetch_all(pool)
            .await?;
        found.extend(hits.into_iter().filter(|r| wanted.contains(r)));
    }
    Ok(found)
}

/// Past this gap between sorted rowids a new range starts.
const RUN_GAP: i64 = 4096;

fn runs(sorted: &[i64]) -> Vec<(i64, i64)> {
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for &r in sorted {
        match runs.last_mut() {
            Some((_, high)) if r - *high <= RUN_GAP => *high = r,
            _ => runs.push((r, r)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearby_rowids_share_a_range_and_far_ones_get_their_own() {
        assert_eq!(runs(&[]), []);
        assert_eq!(runs(&[5, 9, 4000, 9000, 9001]), [(5, 4000), (9000, 9001)]);
    }
}
