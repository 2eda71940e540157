//! Deliveries and attempts stored before secrets typed into a destination's static headers or
//! endpoint query were masked: once, when the engine first starts, every copy of those values
//! (as the destinations hold them now) is masked in the frozen request, the attempt records and
//! the search index. A frozen request masked this way is filled again at send time, as new
//! ones are. A value changed before this ran is no longer known, so its old copies stay.
//!
//! A second pass, also once, takes the request URL out of old attempts' error texts: network
//! errors used to be stored as reqwest wrote them, `… for url (https://…?api_key=…)`, with a
//! query credential in clear. API Auth secrets a target echoed into old response bodies are
//! not looked for: that would read every secret from the keyring at start.

use sqlx::{Row as _, SqlitePool};

use super::mask_secrets::SecretSet;
use crate::destinations::list_destinations;
use crate::destinations::static_secrets::static_secret_values;
use crate::error::AppResult;
use crate::store::settings;

/// Set once the pass has run (on a new database it runs over nothing).
pub const DONE_SETTING: &str = "engine.static_secrets_masked_in_old_rows";

/// Set once the error texts of old attempts have lost their request URLs.
pub const ERROR_URLS_DONE_SETTING: &str = "engine.request_urls_removed_from_old_errors";

/// Runs each pass that has not run yet. Returns how many rows they changed.
pub async fn mask_old_rows_once(pool: &SqlitePool) -> AppResult<u64> {
    let mut changed = 0;
    if settings::get(pool, DONE_SETTING).await?.is_none() {
        changed += mask_static_secrets(pool).await?;
    }
    if settings::get(pool, ERROR_URLS_DONE_SETTING)
        .await?
        .is_none()
    {
        changed += remove_error_urls(pool).await?;
    }
    Ok(changed)
}

async fn mask_static_secrets(pool: &SqlitePool) -> AppResult<u64> {
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

/// Every old attempt's error without the request URL reqwest put in it, in one transaction.
async fn remove_error_urls(pool: &SqlitePool) -> AppResult<u64> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let rows = sqlx::query("SELECT rowid, error FROM attempts WHERE error LIKE '% for url (%'")
        .fetch_all(&mut *tx)
        .await?;
    let mut changed = 0;
    for row in rows {
        let rowid: i64 = row.get(0);
        let error: String = row.get(1);
        let cleaned = without_request_url(&error);
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
    settings::set(pool, ERROR_URLS_DONE_SETTING, "1").await?;
    Ok(changed)
}

/// `error sending request for url (https://x/?k=v): connection refused` without ` for url
/// (…)`. A URL holds no space, and reqwest writes `)` right after it, at the end of the text
/// or before the `: ` of the cause that follows.
fn without_request_url(error: &str) -> String {
    const OPENING: &str = " for url (";
    let Some(start) = error.find(OPENING) else {
        return error.to_owned();
    };
    let url_from = start + OPENING.len();
    let rest = &error[url_from..];
    let url_len = rest.find(' ').map_or(rest.len(), |space| space);
    let Some(close) = rest[..url_len].rfind(')') else {
        return error.to_owned();
    };
    format!(
        "{}{}",
        &error[..start],
        without_request_url(&rest[close + 1..])
    )
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

#[cfg(test)]
mod tests {
    use super::without_request_url;

    #[test]
    fn the_request_url_leaves_an_error_text_and_the_rest_stays() {
        assert_eq!(
            without_request_url(
                "error sending request for url (http://127.0.0.1:9/x?api_key=S3cr(et)): \
                 client error (Connect): tcp connect error: Connection refused (os error 111)"
            ),
            "error sending request: client error (Connect): tcp connect error: \
             Connection refused (os error 111)"
        );
        assert_eq!(
            without_request_url("error decoding response body for url (https://a.test/b?t=1)"),
            "error decoding response body"
        );
        assert_eq!(without_request_url("timed out"), "timed out");
    }
}
