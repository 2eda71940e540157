//! Deliveries and attempts stored before secrets typed into a destination's static headers or
//! endpoint query were masked: once, when the engine first starts, every copy of those values
//! (as the destinations hold them now) is masked in the frozen request, the attempt records and
//! the search index. A frozen request masked this way is filled again at send time, as new
//! ones are. A value changed before this ran is no longer known, so its old copies stay.

use sqlx::{Row as _, SqlitePool};

use super::mask_secrets::SecretSet;
use crate::destinations::list_destinations;
use crate::destinations::static_secrets::static_secret_values;
use crate::error::AppResult;
use crate::store::settings;

/// Set once the pass has run (on a new database it runs over nothing).
pub const DONE_SETTING: &str = "engine.static_secrets_masked_in_old_rows";

/// Runs the pass unless it already ran. Returns how many rows it changed.
pub async fn mask_old_rows_once(pool: &SqlitePool) -> AppResult<u64> {
    if settings::get(pool, DONE_SETTING).await?.is_some() {
        return Ok(0);
    }
    let mut changed = 0;
    for destination in list_destinations(pool).await? {
        let mut secrets = SecretSet::default();
        for value in static_secret_values(&destination.input.headers, &destination.input.endpoint) {
            secrets.add(&value);
        }
        if !secrets.is_empty() {
            changed += mask_destination(pool, destination.id.as_str(), &secrets).await?;
        }
    }
    settings::set(pool, DONE_SETTING, "1").await?;
    Ok(changed)
}

/// One destination's deliveries and attempts, in one transaction.
async fn mask_destination(pool: &SqlitePool, id: &str, secrets: &SecretSet) -> AppResult<u64> {
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
        let (new_url, new_headers) = (secrets.mask(&url), secrets.mask(&headers));
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
            .map(|t| t.as_deref().map(|t| secrets.mask(t)))
            .collect();
        let masked_body = body.as_deref().map(|b| secrets.mask_bytes(b));
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
