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

use sqlx::SqlitePool;

use super::mask_secrets::SecretSet;
use crate::delivery_store::redact::{self, Redactor};
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
            changed += redact::redact_destination(pool, destination.id.as_str(), &secrets).await?;
        }
    }
    settings::set(pool, DONE_SETTING, "1").await?;
    Ok(changed)
}

/// Every old attempt's error without the request URL reqwest put in it, in one transaction.
async fn remove_error_urls(pool: &SqlitePool) -> AppResult<u64> {
    let changed = redact::rewrite_attempt_errors(pool, "% for url (%", without_request_url).await?;
    settings::set(pool, ERROR_URLS_DONE_SETTING, "1").await?;
    Ok(changed)
}

impl Redactor for SecretSet {
    fn text(&self, text: &str) -> String {
        self.mask(text)
    }

    fn bytes(&self, bytes: &[u8]) -> Vec<u8> {
        self.mask_bytes(bytes)
    }
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
