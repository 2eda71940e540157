//! How many deliveries of the current filter are in each status, for the chips above the log.
//! The status part of the filter is left out, so every chip shows what choosing it would give.

use serde::Serialize;
use sqlx::SqlitePool;
use ts_rs::TS;

use sqlx::sqlite::SqliteArguments;
use sqlx::Arguments;

use super::filter::{bad_arg, DeliveryFilter, TextPlan};
use crate::engine::StatusCategory;
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
    /// Set when the search text is common: the counts then cover the matches among this many
    /// newest deliveries of the rest of the filter, not the whole log.
    #[ts(type = "number | null")]
    pub newest_only: Option<i64>,
}

pub async fn count_by_status(
    pool: &SqlitePool,
    filter: &DeliveryFilter,
) -> AppResult<DeliveryCounts> {
    filter.check()?;
    let plan = filter.text_plan(pool).await?;
    if let TextPlan::Walk(query) = &plan {
        return newest_matching(pool, filter, query).await;
    }
    let rows = match whole_days(filter) {
        Some(days) if plan == TextPlan::None => {
            // Whole days from the counter table (migration 0008), the partial days at the
            // edges of a time range from the log's indexes.
            let mut rows = counted_days(pool, filter, days).await?;
            for edge in days.edges(filter) {
                rows.extend(scanned(pool, &edge, &plan).await?);
            }
            rows
        }
        _ => scanned(pool, filter, &plan).await?,
    };
    Ok(tally(rows))
}

const DAY_MS: i64 = 86_400_000;

/// How many of the newest deliveries the counts look through for a common search text (the
/// whole log would take seconds; the list itself is exact either way).
const COMMON_TEXT_SCAN: usize = 10_000;

/// The whole UTC days inside the filter's time range, `[first, end)` (day numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Days {
    first: Option<i64>,
    end: Option<i64>,
}

impl Days {
    /// The parts of the time range outside the whole days, as filters of their own.
    fn edges(self, filter: &DeliveryFilter) -> Vec<DeliveryFilter> {
        let mut edges = Vec::new();
        if let (Some(since), Some(first)) = (filter.since, self.first) {
            if since < first * DAY_MS {
                edges.push(DeliveryFilter {
                    until: Some(first * DAY_MS),
                    ..filter.clone()
                });
            }
        }
        if let (Some(until), Some(end)) = (filter.until, self.end) {
            if end * DAY_MS < until {
                edges.push(DeliveryFilter {
                    since: Some(end * DAY_MS),
                    ..filter.clone()
                });
            }
        }
        edges
    }
}

/// `None` when the range holds no whole day (then scanning it is cheap anyway).
fn whole_days(filter: &DeliveryFilter) -> Option<Days> {
    let first = filter
        .since
        .map(|s| s.div_euclid(DAY_MS) + i64::from(s.rem_euclid(DAY_MS) != 0));
    let end = filter.until.map(|u| u.div_euclid(DAY_MS));
    match (first, end) {
        (Some(f), Some(e)) if f >= e => None,
        _ => Some(Days { first, end }),
    }
}

type Row = (Option<String>, i64);

async fn counted_days(
    pool: &SqlitePool,
    filter: &DeliveryFilter,
    days: Days,
) -> AppResult<Vec<Row>> {
    let mut sql = String::from("SELECT category, SUM(n) FROM delivery_counts WHERE 1 = 1");
    let mut args = SqliteArguments::default();
    filter.push_destination_and_rule(&mut sql, &mut args)?;
    if let Some(first) = days.first {
        sql.push_str(" AND day >= ?");
        args.add(first).map_err(bad_arg)?;
    }
    if let Some(end) = days.end {
        sql.push_str(" AND day < ?");
        args.add(end).map_err(bad_arg)?;
    }
    sql.push_str(" GROUP BY category HAVING SUM(n) > 0");
    let rows: Vec<(String, i64)> = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), args)
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(c, n)| ((!c.is_empty()).then_some(c), n))
        .collect())
}

/// Counts for a common search text, among the newest deliveries of the rest of the filter, in
/// one statement: the window's rows, their attempts, and the search index asked once per
/// source for the window's rowid range (rows and attempts of a window sit close together).
async fn newest_matching(
    pool: &SqlitePool,
    filter: &DeliveryFilter,
    query: &str,
) -> AppResult<DeliveryCounts> {
    let clause = filter.where_clause(false, &TextPlan::None)?;
    let sql = format!(
        "WITH w (r, id, c) AS MATERIALIZED (SELECT rowid, id, last_category FROM deliveries \
           WHERE 1 = 1{} ORDER BY created_at DESC, id DESC LIMIT ?), \
         wa (ar, r) AS MATERIALIZED (SELECT a.rowid, w.r FROM w JOIN attempts a ON a.delivery_id = w.id), \
         dm (r) AS MATERIALIZED (SELECT rowid FROM deliveries_text WHERE deliveries_text MATCH ? \
           AND rowid BETWEEN (SELECT MIN(r) FROM w) AND (SELECT MAX(r) FROM w)), \
         am (ar) AS MATERIALIZED (SELECT rowid FROM attempts_text WHERE attempts_text MATCH ? \
           AND rowid BETWEEN (SELECT MIN(ar) FROM wa) AND (SELECT MAX(ar) FROM wa)) \
         SELECT c, COUNT(*), (SELECT COUNT(*) FROM w) FROM w \
         WHERE r IN dm OR r IN (SELECT r FROM wa WHERE ar IN am) GROUP BY c \
         UNION ALL SELECT NULL, 0, (SELECT COUNT(*) FROM w)",
        clause.sql
    );
    let mut args = clause.args;
    args.add(COMMON_TEXT_SCAN as i64).map_err(bad_arg)?;
    args.add(query.to_owned()).map_err(bad_arg)?;
    args.add(query.to_owned()).map_err(bad_arg)?;
    let rows: Vec<(Option<String>, i64, i64)> = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), args)
        .fetch_all(pool)
        .await?;
    // The last row counts nothing; it says how many rows were looked at, matches or not.
    let looked_at = rows.iter().map(|r| r.2).max().unwrap_or(0);
    let mut counts = tally(rows.into_iter().map(|(c, n, _)| (c, n)).collect());
    counts.newest_only = (looked_at >= COMMON_TEXT_SCAN as i64).then_some(looked_at);
    Ok(counts)
}

/// Counts read from the log itself (the filter's index, or the text search).
async fn scanned(
    pool: &SqlitePool,
    filter: &DeliveryFilter,
    plan: &TextPlan,
) -> AppResult<Vec<Row>> {
    let clause = filter.where_clause(false, plan)?;
    let sql = format!(
        "SELECT last_category, COUNT(*) FROM deliveries WHERE 1 = 1{} GROUP BY last_category",
        clause.sql
    );
    Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(sql), clause.args)
        .fetch_all(pool)
        .await?)
}

fn tally(rows: Vec<Row>) -> DeliveryCounts {
    let mut counts = DeliveryCounts {
        total: 0,
        pending: 0,
        categories: Vec::new(),
        newest_only: None,
    };
    for (category, count) in rows {
        counts.total += count;
        match category.as_deref().and_then(StatusCategory::parse) {
            Some(category) => match counts
                .categories
                .iter_mut()
                .find(|c| c.category == category)
            {
                Some(existing) => existing.count += count,
                None => counts.categories.push(CategoryCount { category, count }),
            },
            None => counts.pending += count,
        }
    }
    counts.categories.sort_by_key(|c| {
        StatusCategory::ALL
            .iter()
            .position(|x| *x == c.category)
            .unwrap_or(usize::MAX)
    });
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_range_splits_into_whole_days_and_edges() {
        let f = DeliveryFilter {
            since: Some(2 * DAY_MS + 5),
            until: Some(6 * DAY_MS + 7),
            ..Default::default()
        };
        let days = whole_days(&f).unwrap();
        assert_eq!(
            days,
            Days {
                first: Some(3),
                end: Some(6)
            }
        );
        let edges = days.edges(&f);
        assert_eq!(edges.len(), 2);
        assert_eq!(
            (edges[0].since, edges[0].until),
            (Some(2 * DAY_MS + 5), Some(3 * DAY_MS))
        );
        assert_eq!(
            (edges[1].since, edges[1].until),
            (Some(6 * DAY_MS), Some(6 * DAY_MS + 7))
        );
    }

    #[test]
    fn a_range_inside_one_day_is_scanned() {
        let f = DeliveryFilter {
            since: Some(2 * DAY_MS + 5),
            until: Some(2 * DAY_MS + 9),
            ..Default::default()
        };
        assert_eq!(whole_days(&f), None);
        let aligned = DeliveryFilter {
            since: Some(2 * DAY_MS),
            until: Some(3 * DAY_MS),
            ..Default::default()
        };
        let days = whole_days(&aligned).unwrap();
        assert_eq!(
            days,
            Days {
                first: Some(2),
                end: Some(3)
            }
        );
        assert!(days.edges(&aligned).is_empty());
    }
}
