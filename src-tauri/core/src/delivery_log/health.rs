//! Health pictures: per destination, how many deliveries of each time bucket succeeded, and the
//! status breakdown over the whole window. A sparkline in the destinations list, a larger chart
//! on the deliveries screen.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use ts_rs::TS;

use super::counts::CategoryCount;
use crate::engine::StatusCategory;
use crate::error::{AppError, AppResult};

/// The window asked for: `buckets` buckets of `bucket_ms`, the last one ending at `until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HealthWindow {
    #[ts(type = "number")]
    pub until: i64,
    #[ts(type = "number")]
    pub bucket_ms: i64,
    pub buckets: u32,
    /// One destination, or every destination when `None`.
    #[serde(default)]
    pub destination_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct HealthBucket {
    #[ts(type = "number")]
    pub start: i64,
    /// Deliveries created in the bucket whose last attempt finished.
    pub finished: u32,
    pub succeeded: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DestinationHealth {
    pub destination_id: String,
    pub buckets: Vec<HealthBucket>,
    /// Over the whole window, in the help article's order.
    pub categories: Vec<CategoryCount>,
}

const MAX_BUCKETS: u32 = 400;

pub async fn destination_health(
    pool: &SqlitePool,
    window: &HealthWindow,
) -> AppResult<Vec<DestinationHealth>> {
    if window.bucket_ms <= 0 || window.buckets == 0 || window.buckets > MAX_BUCKETS {
        return Err(AppError::validation(format!(
            "Health window: 1 to {MAX_BUCKETS} buckets of a positive length"
        )));
    }
    let since = window.until - window.bucket_ms * i64::from(window.buckets);
    let mut sql = String::from(
        "SELECT destination_id, (created_at - ?) / ?, last_category, COUNT(*) FROM deliveries \
         WHERE created_at >= ? AND created_at < ? AND last_category IS NOT NULL",
    );
    if window.destination_id.is_some() {
        sql.push_str(" AND destination_id = ?");
    }
    sql.push_str(" GROUP BY 1, 2, 3");
    let mut query = sqlx::query_as::<_, (String, i64, String, i64)>(sqlx::AssertSqlSafe(sql))
        .bind(since)
        .bind(window.bucket_ms)
        .bind(since)
        .bind(window.until);
    if let Some(d) = &window.destination_id {
        query = query.bind(d.clone());
    }
    let rows = query.fetch_all(pool).await?;

    let empty = |_: ()| -> (Vec<HealthBucket>, BTreeMap<usize, i64>) {
        let buckets = (0..window.buckets)
            .map(|i| HealthBucket {
                start: since + window.bucket_ms * i64::from(i),
                ..HealthBucket::default()
            })
            .collect();
        (buckets, BTreeMap::new())
    };
    let mut by_destination: BTreeMap<String, (Vec<HealthBucket>, BTreeMap<usize, i64>)> =
        BTreeMap::new();
    for (destination, bucket, category, count) in rows {
        let Some(category) = StatusCategory::parse(&category) else {
            continue;
        };
        let entry = by_destination
            .entry(destination)
            .or_insert_with(|| empty(()));
        if let Some(b) = usize::try_from(bucket)
            .ok()
            .and_then(|i| entry.0.get_mut(i))
        {
            let n = u32::try_from(count).unwrap_or(u32::MAX);
            b.finished = b.finished.saturating_add(n);
            if category == StatusCategory::Success {
                b.succeeded = b.succeeded.saturating_add(n);
            }
        }
        let order = StatusCategory::ALL
            .iter()
            .position(|c| *c == category)
            .unwrap_or(0);
        *entry.1.entry(order).or_default() += count;
    }
    Ok(by_destination
        .into_iter()
        .map(
            |(destination_id, (buckets, categories))| DestinationHealth {
                destination_id,
                buckets,
                categories: categories
                    .into_iter()
                    .map(|(i, count)| CategoryCount {
                        category: StatusCategory::ALL[i],
                        count,
                    })
                    .collect(),
            },
        )
        .collect())
}
