//! "Copy as cURL": the request of a delivery as a shell command a developer can paste.
//! Credentials never appear: the frozen headers hold none, and an attempt's URL and headers hold
//! them masked (••••), so the command shows where a secret goes without its value.

use crate::destinations::HeaderEntry;
use crate::engine::{AttemptView, DeliveryDetail};

/// Quotes for a POSIX shell: inside single quotes nothing is special but the quote itself.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The command for one attempt of the delivery (its URL and headers as sent, masked), or for
/// the frozen request when no attempt is given or the attempt recorded none.
pub fn curl_command(detail: &DeliveryDetail, attempt: Option<&AttemptView>) -> String {
    let summary = &detail.summary;
    let sent = attempt.filter(|a| a.request_url.is_some());
    let url = sent
        .and_then(|a| a.request_url.as_deref())
        .unwrap_or(&summary.url);
    let headers: &[HeaderEntry] = match sent {
        Some(a) if !a.request_headers.is_empty() => &a.request_headers,
        _ => &detail.headers,
    };
    curl_for(&summary.method, url, headers, detail.body.as_deref())
}

/// The command for a request given by its parts (the cURL import's round trip uses it too).
pub fn curl_for(method: &str, url: &str, headers: &[HeaderEntry], body: Option<&str>) -> String {
    let mut out = format!("curl -X {} {}", method, quote(url));
    for h in headers {
        out.push_str(&format!(
            " \\\n  -H {}",
            quote(&format!("{}: {}", h.name, h.value))
        ));
    }
    if let Some(body) = body {
        out.push_str(&format!(" \\\n  --data-raw {}", quote(body)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn single_quotes_survive_the_shell() {
        assert_eq!(quote("it's"), "'it'\\''s'");
    }
}
