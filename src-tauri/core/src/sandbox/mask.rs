//! Masks secret header and query values before a received request is kept or shown: the
//! product's rule is that secrets never reach the web view, even our own test receiver's.

const MASK: &str = "••••";

/// Header names whose whole value is a credential.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Parts of a header or query parameter name that mark its value as a secret here, even
/// inside another word: the receiver masks more than the app's rule does (an
/// `Idempotency-Key` too), since what it shows came from anywhere.
const SECRET_WORDS: &[&str] = &["key", "token", "secret", "signature", "password"];

/// The app's rule for secret names, widened by [`SECRET_WORDS`].
fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_HEADERS.contains(&lower.as_str())
        || SECRET_WORDS.iter().any(|w| lower.contains(w))
        || crate::destinations::static_secrets::is_secret_name(name)
}

/// The value to keep for a header: masked when the name marks a secret. An authorization
/// scheme (`Bearer`, `Basic`) stays visible, since it helps to see which kind was sent.
pub fn mask_header(name: &str, value: &str) -> String {
    if !is_secret_name(name) {
        return value.to_owned();
    }
    let lower = name.to_ascii_lowercase();
    if lower == "authorization" || lower == "proxy-authorization" {
        if let Some((scheme, _)) = value.trim().split_once(' ') {
            return format!("{scheme} {MASK}");
        }
    }
    MASK.to_owned()
}

/// A query string (without `?`) with the values of secret-named parameters masked; every
/// other byte stays as received.
pub fn mask_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| {
            let (raw_name, value) = match pair.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (pair, None),
            };
            let name: String = url::form_urlencoded::parse(raw_name.as_bytes())
                .map(|(k, _)| k.into_owned())
                .next()
                .unwrap_or_default();
            match value {
                // The mask is written unencoded so the list shows `••••`, not `%E2%80%A2…`.
                Some(_) if is_secret_name(&name) => format!("{raw_name}={MASK}"),
                _ => pair.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_headers_are_masked_keeping_the_scheme() {
        assert_eq!(
            mask_header("Authorization", "Bearer abc.def"),
            "Bearer ••••"
        );
        assert_eq!(mask_header("authorization", "opaque"), "••••");
        assert_eq!(
            mask_header("Proxy-Authorization", "Basic dXNlcg=="),
            "Basic ••••"
        );
        assert_eq!(mask_header("cookie", "session=1"), "••••");
        assert_eq!(mask_header("X-Api-Key", "sk_live_1"), "••••");
        assert_eq!(mask_header("x-auth-token", "t"), "••••");
        assert_eq!(mask_header("webhook-signature", "v1,abc"), "••••");
        assert_eq!(mask_header("X-Client-Secret", "s"), "••••");
        assert_eq!(mask_header("x-password", "p"), "••••");
        assert_eq!(
            mask_header("content-type", "application/json"),
            "application/json"
        );
        assert_eq!(mask_header("webhook-id", "msg_1"), "msg_1");
    }

    #[test]
    fn secret_query_values_are_masked_and_the_rest_kept() {
        assert_eq!(
            mask_query("api_key=sk_1&email=a%40b.c&delay_ms=10"),
            "api_key=••••&email=a%40b.c&delay_ms=10"
        );
        assert_eq!(
            mask_query("Access%5FToken=x&flag"),
            "Access%5FToken=••••&flag"
        );
        assert_eq!(mask_query("password="), "password=••••");
        assert_eq!(mask_query(""), "");
    }
}
