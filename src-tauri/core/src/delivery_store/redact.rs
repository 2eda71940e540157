//! Rewriting what old rows hold, for privacy: typed-in secrets masked in a destination's
//! deliveries and attempts, request URLs taken out of old error texts. The engine decides
//! what to mask (engine/old_rows.rs) and when; these are the writes.

use sqlx::{Row as _, SqlitePool};

use crate::error::AppResult;

/// Masks secret values in a text and in bytes.
pub trait Redactor: Sync {
    fn text(&self, text: &str) -> String;
    fn bytes(&self, bytes: &[u8]) -> Vec<u8>;
}

/// Rewrites the error text of every attempt whose error is `LIKE` `pattern`, in one
/// transaction; returns how many changed.
pub async fn rewrite_attempt_errors(
    pool: &SqlitePool,
    pattern: &str,
    rewrite: impl Fn(&str) -> String,
) -> AppResult<u64> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let rows = sqlx::query("SELECT rowid, error FROM attempts WHERE error LIKE ?")
        .bind(pattern)
        .fetch_all(&mut *tx)
        .await?;
    let mut changed = 0;
    for row in rows {
        let rowid: i64 = row.get(0);
        let error: String = row.get(1);
        let cleaned = rewrite(&error);
        if cleaned != error {
            sqlx::query("UPDATE attempts SET error = ? WHERE rowid = ?")
                .bind(&cleaned)
                .bind(rowid)
                .execute(&mut *tx)
                .await?;
            changed += 1;
        }
    }
    tx.commit().await?;
    Ok(changed)
}

/// Masks one destination's deliveries and attempts, in one transaction; returns how many rows
/// changed.
pub async fn redact_destination(
    pool: &SqlitePool,
    id: &str,
    secrets: &dyn Redactor,
) -> AppResult<u64> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut changed = 0;
    let deliveries =
        sqlx::query("SELECT rowid, url, headers, body FROM deliveries WHERE destination_id = ?")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    for row in deliveries {
        let rowid: i64 = row.get(0);
        let url: String = row.get(1);
        let headers: String = row.get(2);
        let body: Option<String> = row.get(3);
        let (new_url, new_headers) = (secrets.text(&url), secrets.text(&headers));
        if new_url == url && new_headers == headers {
            continue;
        }
        sqlx::query("UPDATE deliveries SET url = ?, headers = ? WHERE rowid = ?")
            .bind(&new_url)
            .bind(&new_headers)
            .bind(rowid)
            .execute(&mut *tx)
            .await?;
        // The search index is contentless: the old URL's words go only by deleting its entry.
        sqlx::query("DELETE FROM deliveries_text WHERE rowid = ?")
            .bind(rowid)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO deliveries_text (rowid, url, body) VALUES (?, ?, ?)")
            .bind(rowid)
            .bind(&new_url)
            .bind(&body)
            .execute(&mut *tx)
            .await?;
        changed += 1;
    }

    let attempts = sqlx::query(
        "SELECT a.rowid, a.request_url, a.request_headers, a.response_headers, a.response_body, \
         a.error, a.hint FROM attempts a JOIN deliveries d ON d.id = a.delivery_id \
         WHERE d.destination_id = ?",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    for row in attempts {
        let rowid: i64 = row.get(0);
        let texts: Vec<Option<String>> = [1, 2, 3, 5, 6].iter().map(|&i| row.get(i)).collect();
        let body: Option<Vec<u8>> = row.get(4);
        let masked: Vec<Option<String>> = texts
            .iter()
            .map(|t| t.as_deref().map(|t| secrets.text(t)))
            .collect();
        let masked_body = body.as_deref().map(|b| secrets.bytes(b));
        if masked == texts && masked_body == body {
            continue;
        }
        // Updating the body re-indexes it (0007's trigger).
        sqlx::query(
            "UPDATE attempts SET request_url = ?, request_headers = ?, response_headers = ?, \
             error = ?, hint = ?, response_body = ? WHERE rowid = ?",
        )
        .bind(&masked[0])
        .bind(&masked[1])
        .bind(&masked[2])
        .bind(&masked[3])
        .bind(&masked[4])
        .bind(&masked_body)
        .bind(rowid)
        .execute(&mut *tx)
        .await?;
        changed += 1;
    }
    tx.commit().await?;
    Ok(changed)
}
