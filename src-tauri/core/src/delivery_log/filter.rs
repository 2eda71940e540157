//! What the deliveries log is narrowed to, and the SQL `WHERE` terms that narrow it. Shared by
//! the list, the counts, the exports and bulk retry, so they always agree on what "the filtered
//! list" is.

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, SqlitePool};
use ts_rs::TS;

use crate::engine::StatusCategory;
use crate::error::{AppError, AppResult};

/// What the list is narrowed to; empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct DeliveryFilter {
    /// Last attempt's category, any of these.
    #[serde(default)]
    pub categories: Vec<StatusCategory>,
    /// Also deliveries with no finished attempt yet (scheduled or sending for the first time).
    #[serde(default)]
    pub pending: bool,
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
    /// Words in the URL, the payload or a response body (whole words; the last may be the
    /// start of a word).
    #[serde(default)]
    pub text: Option<String>,
}

/// Longest search text taken; longer is a paste by mistake.
const MAX_TEXT: usize = 200;

/// How a text filter is applied; see [`DeliveryFilter::text_plan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TextPlan {
    /// No text to search for.
    None,
    /// Few matches: collected once, each row of the filter's index checked against them.
    Collect(String),
    /// Many matches: the filter's rows are walked newest first in windows and each window is
    /// checked against the search index's matching rowids in its range (see `search.rs`).
    Walk(String),
}

/// Up to this many matches the search collects them; past it, it walks.
const COLLECT_LIMIT: i64 = 20_000;

/// A filter turned into `AND …` terms over `deliveries` plus their arguments.
pub(crate) struct WhereClause {
    pub sql: String,
    pub args: SqliteArguments,
}

pub(crate) fn bad_arg(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("query argument: {e}"))
}

impl DeliveryFilter {
    /// The search text as an FTS5 query: one phrase of whole words. `None` when the text holds
    /// no word at all. Whole words, not prefixes: FTS5 answers a prefix by merging the postings
    /// of every word that starts with it (1.5 s for "c" over a million deliveries), while a
    /// whole word streams newest first.
    pub(crate) fn text_query(&self) -> Option<String> {
        let text = self.text.as_deref()?.trim();
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() || text.len() > MAX_TEXT {
            return None;
        }
        // Words only (no quotes or operators survive the split), so the query cannot be
        // malformed whatever the user typed.
        Some(format!("\"{}\"", words.join(" ")))
    }

    /// How to apply the text filter: counts the matches up to a limit (cheap: the search index
    /// alone, whole words stream) to tell a rare text from a common one.
    pub(crate) async fn text_plan(&self, pool: &SqlitePool) -> AppResult<TextPlan> {
        let Some(query) = self.text_query() else {
            return Ok(TextPlan::None);
        };
        let found: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM deliveries_text WHERE deliveries_text MATCH ?1 LIMIT ?2)) \
             + (SELECT COUNT(*) FROM (SELECT 1 FROM attempts_text WHERE attempts_text MATCH ?1 LIMIT ?2))",
        )
        .bind(&query)
        .bind(COLLECT_LIMIT)
        .fetch_one(pool)
        .await?;
        Ok(if found >= COLLECT_LIMIT {
            TextPlan::Walk(query)
        } else {
            TextPlan::Collect(query)
        })
    }

    /// Refuses what cannot be searched, with a message that says what to change.
    pub(crate) fn check(&self) -> AppResult<()> {
        if let Some(text) = self.text.as_deref() {
            if text.trim().len() > MAX_TEXT {
                return Err(AppError::validation(format!(
                    "Search text: at most {MAX_TEXT} characters"
                )));
            }
        }
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if since >= until {
                return Err(AppError::validation(
                    "Time range: the start must be before the end",
                ));
            }
        }
        Ok(())
    }

    /// The destination and rule terms, shared with the counter table (same column names).
    pub(crate) fn push_destination_and_rule(
        &self,
        sql: &mut String,
        args: &mut SqliteArguments,
    ) -> AppResult<()> {
        if let Some(dest) = self.destination_id.as_deref().filter(|d| !d.is_empty()) {
            sql.push_str(" AND destination_id = ?");
            args.add(dest.to_owned()).map_err(bad_arg)?;
        }
        if let Some(rule) = self.rule_id.as_deref().filter(|r| !r.is_empty()) {
            sql.push_str(" AND rule_id = ?");
            args.add(rule.to_owned()).map_err(bad_arg)?;
        }
        Ok(())
    }

    /// The `AND …` terms. `with_status` false leaves the status out (the counts per status
    /// show every status for the rest of the filter).
    pub(crate) fn where_clause(
        &self,
        with_status: bool,
        text_plan: &TextPlan,
    ) -> AppResult<WhereClause> {
        self.check()?;
        let mut sql = String::new();
        let mut args = SqliteArguments::default();
        if with_status && (!self.categories.is_empty() || self.pending) {
            let mut terms = Vec::new();
            if !self.categories.is_empty() {
                let marks = vec!["?"; self.categories.len()].join(", ");
                terms.push(format!("last_category IN ({marks})"));
                for c in &self.categories {
                    args.add(c.as_str()).map_err(bad_arg)?;
                }
            }
            if self.pending {
                terms.push("last_category IS NULL".into());
            }
            sql.push_str(&format!(" AND ({})", terms.join(" OR ")));
        }
        self.push_destination_and_rule(&mut sql, &mut args)?;
        if let Some(since) = self.since {
            sql.push_str(" AND created_at >= ?");
            args.add(since).map_err(bad_arg)?;
        }
        if let Some(until) = self.until {
            sql.push_str(" AND created_at < ?");
            args.add(until).map_err(bad_arg)?;
        }
        // A walked search is applied by `search.rs`, around these terms.
        if let TextPlan::Collect(query) = text_plan {
            sql.push_str(
                " AND (rowid IN (SELECT rowid FROM deliveries_text WHERE deliveries_text MATCH ?) \
                 OR id IN (SELECT a.delivery_id FROM attempts_text t JOIN attempts a ON a.rowid = t.rowid \
                 WHERE attempts_text MATCH ?))",
            );
            args.add(query.clone()).map_err(bad_arg)?;
            args.add(query.clone()).map_err(bad_arg)?;
        }
        Ok(WhereClause { sql, args })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_becomes_one_phrase_of_whole_words() {
        let f = DeliveryFilter {
            text: Some(" zoe.angstrom@exa \"OR\" * ".into()),
            ..Default::default()
        };
        assert_eq!(f.text_query().as_deref(), Some("\"zoe angstrom exa OR\""));
        let empty = DeliveryFilter {
            text: Some(" @@ ".into()),
            ..Default::default()
        };
        assert_eq!(empty.text_query(), None);
    }

    #[test]
    fn an_inverted_time_range_is_refused() {
        let f = DeliveryFilter {
            since: Some(10),
            until: Some(5),
            ..Default::default()
        };
        assert_eq!(
            f.check().unwrap_err().code,
            crate::error::ErrorCode::Validation
        );
    }
}
