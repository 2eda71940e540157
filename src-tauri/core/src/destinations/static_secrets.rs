//! Secrets typed outside API Auth: which static headers and endpoint query parameters of a
//! destination hold a credential (`Authorization`, `X-Api-Key`, `?api_key=`…), how such a value
//! is masked in every copy the app writes (preview, frozen delivery, attempt record, exports),
//! and how the engine puts the real value back at send time from the destination as it is then.
//!
//! The rule, by the name only (values are not guessed at):
//! - `Authorization`, `Proxy-Authorization`, `Cookie` and any name with a word `auth`, `key`,
//!   `token`, `secret`, `password`/`passwd`/`pwd`/`passphrase`, `signature`/`sig`,
//!   `credential(s)`, `session`/`sid`, a word ending in `token` or `key` run together with
//!   what it is (`apitoken`, `refreshtoken`, `accesskey`, `privatekey`) unless it is an English
//!   word (`monkey`, `hockey`…), or that holds `apikey`/`secret`/`password`/`credential`
//!   anywhere (words are split at punctuation and at camelCase: `apiKey`, `X-Api-Key`,
//!   `access_token`, `x-amz-security-token`, `client_secret`);
//! - except names that only *describe* a credential: `Idempotency-Key` (a request id),
//!   `Key-Id`/`kid`, `Token-Type`, `*-Signature-Timestamp`/`-Algorithm`/`-Version` and
//!   `Public-Key` — masking those would hide data the user needs to debug and protect nothing.
//!
//! A query value holding a `{variable}` is per contact data, not a typed-in secret: left alone.

use serde::Serialize;
use ts_rs::TS;

use super::HeaderEntry;
use crate::auth::MASK;

/// Words that make a name secret.
const SECRET_WORDS: &[&str] = &[
    "auth",
    "authorization",
    "cookie",
    "key",
    "token",
    "secret",
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "signature",
    "sig",
    "credential",
    "credentials",
    "session",
    "sid",
];

/// Run-together spellings that are secret wherever they appear (`apikey`, `xapikey`).
const SECRET_COMPACT: &[&str] = &[
    "apikey",
    "accesstoken",
    "authtoken",
    "secret",
    "password",
    "credential",
];

/// Words that end in `key` and hold none.
const KEY_ENDING_WORDS: &[&str] = &[
    "monkey",
    "donkey",
    "turkey",
    "hockey",
    "jockey",
    "whiskey",
    "hotkey",
    "publickey",
    "idempotencykey",
];

/// A word that names a kind of token or key run together (`apitoken`, `privatekey`).
fn is_compound_credential(word: &str) -> bool {
    word.ends_with("token") || (word.ends_with("key") && !KEY_ENDING_WORDS.contains(&word))
}

/// Words that make a name describe a credential rather than hold one.
const DESCRIPTIVE_WORDS: &[&str] = &[
    "idempotency",
    "id",
    "kid",
    "type",
    "timestamp",
    "algorithm",
    "alg",
    "version",
    "public",
];

/// Lowercase words of a name: split at anything not a letter or digit and at camelCase.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Whether a header or query parameter of this name holds a secret (see the module's rule).
pub fn is_secret_name(name: &str) -> bool {
    let words = words(name);
    let compact: String = words.concat();
    if compact.is_empty() {
        return false;
    }
    // `Session-Id` holds a session; `Key-Id` names a key: "id" only describes next to a key.
    let describes = words.iter().any(|w| {
        DESCRIPTIVE_WORDS.contains(&w.as_str())
            && (w != "id" || words.iter().any(|o| o == "key" || o == "token"))
    });
    if describes {
        return false;
    }
    words
        .iter()
        .any(|w| SECRET_WORDS.contains(&w.as_str()) || is_compound_credential(w))
        || SECRET_COMPACT.iter().any(|c| compact.contains(c))
}

/// What a secret value shows as: `Bearer ••••` for an `Authorization`-like value with a scheme
/// (the scheme says which kind of credential it was), the mask otherwise.
pub fn masked_value(value: &str) -> String {
    match auth_scheme(value) {
        Some((scheme, _)) => format!("{scheme} {MASK}"),
        None => MASK.to_owned(),
    }
}

/// Authorization schemes kept in a mask. Only known ones: the first word of any other value
/// may be part of the secret (a pass phrase).
const SCHEMES: &[&str] = &[
    "basic", "bearer", "token", "digest", "bot", "oauth", "apikey", "key", "hmac", "ssws",
];

/// `("Bearer", "abc")` for `Bearer abc`.
fn auth_scheme(value: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = value.trim().split_once(' ')?;
    let rest = rest.trim();
    (!rest.is_empty() && SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)))
        .then_some((scheme, rest))
}

/// Where a secret typed outside API Auth sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StaticSecretPlace {
    Header,
    Query,
}

/// The API Auth kind that would hold the value instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SuggestedAuth {
    Bearer,
    Basic,
    ApiKeyHeader,
    ApiKeyQuery,
}

/// One secret-looking static header or query parameter, as the destination form warns of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StaticSecret {
    pub place: StaticSecretPlace,
    /// The header or parameter name as typed.
    pub name: String,
    /// Its index among the static headers (headers only).
    pub index: Option<u32>,
    pub suggested: SuggestedAuth,
}

/// Every secret-looking static header and endpoint query parameter, in order. Values are not
/// returned: the form has them.
pub fn find_static_secrets(headers: &[HeaderEntry], endpoint: &str) -> Vec<StaticSecret> {
    let mut found: Vec<StaticSecret> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| is_secret_name(&h.name) && !h.value.trim().is_empty())
        .map(|(i, h)| StaticSecret {
            place: StaticSecretPlace::Header,
            name: h.name.trim().to_owned(),
            index: u32::try_from(i).ok(),
            suggested: match auth_scheme(&h.value) {
                Some((scheme, _)) if scheme.eq_ignore_ascii_case("bearer") => SuggestedAuth::Bearer,
                Some((scheme, _)) if scheme.eq_ignore_ascii_case("basic") => SuggestedAuth::Basic,
                _ => SuggestedAuth::ApiKeyHeader,
            },
        })
        .collect();
    found.extend(
        secret_query_params(endpoint)
            .into_iter()
            .map(|p| StaticSecret {
                place: StaticSecretPlace::Query,
                name: p.name,
                index: None,
                suggested: SuggestedAuth::ApiKeyQuery,
            }),
    );
    found
}

/// A secret query parameter of an endpoint template: the name (decoded) and the value as typed.
struct QueryParam {
    name: String,
    raw_value: String,
}

/// The query part of a URL or template (between `?` and `#`), with where it starts.
fn query_of(url: &str) -> Option<(usize, &str)> {
    let start = url.find('?')? + 1;
    let end = url[start..].find('#').map_or(url.len(), |i| start + i);
    Some((start, &url[start..end]))
}

fn decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn split_pair(segment: &str) -> (&str, Option<&str>) {
    match segment.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (segment, None),
    }
}

/// The query parameters of `endpoint` that hold a typed-in secret.
fn secret_query_params(endpoint: &str) -> Vec<QueryParam> {
    let Some((_, query)) = query_of(endpoint) else {
        return Vec::new();
    };
    query
        .split('&')
        .filter_map(|segment| {
            let (name, value) = split_pair(segment);
            let value = value?;
            let name = decode(name);
            (is_secret_name(&name) && !value.is_empty() && !value.contains('{')).then(|| {
                QueryParam {
                    name,
                    raw_value: value.to_owned(),
                }
            })
        })
        .collect()
}

/// Rewrites each query segment of `url` for which `f` returns `Some`: `Some(None)` drops it.
fn rewrite_query(
    url: &str,
    mut f: impl FnMut(&str, Option<&str>) -> Option<Option<String>>,
) -> String {
    let Some((start, query)) = query_of(url) else {
        return url.to_owned();
    };
    let segments: Vec<String> = query
        .split('&')
        .filter_map(|segment| {
            let (name, value) = split_pair(segment);
            match f(name, value) {
                None => Some(segment.to_owned()),
                Some(replaced) => replaced,
            }
        })
        .collect();
    let rest = &url[start + query.len()..];
    let mut out = url[..start].to_owned();
    out.push_str(&segments.join("&"));
    if segments.is_empty() {
        out.pop(); // the `?` of a query now empty
    }
    out.push_str(rest);
    out
}

/// The endpoint template with each secret query value masked: what is rendered, previewed and
/// frozen. The engine puts the value back at send time ([`fill_url`]).
pub fn mask_endpoint(endpoint: &str) -> String {
    if secret_query_params(endpoint).is_empty() {
        return endpoint.to_owned();
    }
    rewrite_query(endpoint, |name, value| {
        let value = value?;
        (is_secret_name(&decode(name)) && !value.is_empty() && !value.contains('{'))
            .then(|| Some(format!("{name}={MASK}")))
    })
}

/// Whether a frozen URL or header list has a masked static secret to fill at send time: only
/// then does the engine read the destination.
pub fn needs_filling(url: &str, headers: &[HeaderEntry]) -> bool {
    headers
        .iter()
        .any(|h| is_secret_name(&h.name) && h.value.ends_with(MASK))
        || query_of(url).is_some_and(|(_, q)| q.contains(MASK))
}

/// A frozen request with its static secrets back: what is sent, what the record shows (the
/// same, masked; a secret the destination no longer has is left out of both — it is never sent
/// as a mask), and every secret value put in (to mask wherever a target repeats it).
pub struct Filled {
    pub url: String,
    pub shown_url: String,
    pub headers: Vec<HeaderEntry>,
    pub shown_headers: Vec<HeaderEntry>,
    pub secrets: Vec<String>,
}

/// Fills the masked static secrets of a frozen request from the destination's current
/// `endpoint` and `headers` (the n-th masked header of a name takes the n-th such header now).
pub fn fill(url: &str, frozen: &[HeaderEntry], endpoint: &str, current: &[HeaderEntry]) -> Filled {
    let mut secrets = Vec::new();
    let params = secret_query_params(endpoint);
    let mut used = vec![false; params.len()];
    let filled_url = rewrite_query(url, |name, value| {
        if value? != MASK {
            return None;
        }
        let decoded = decode(name);
        if !is_secret_name(&decoded) {
            return None;
        }
        let found = params
            .iter()
            .enumerate()
            .find(|(i, p)| !used[*i] && p.name == decoded)
            .map(|(i, p)| {
                used[i] = true;
                secrets.push(p.raw_value.clone());
                secrets.push(decode(&p.raw_value));
                format!("{name}={}", p.raw_value)
            });
        Some(found)
    });
    let shown_url = rewrite_query(url, |name, value| {
        (value? == MASK && is_secret_name(&decode(name))).then(|| {
            let kept = filled_url_has(&filled_url, name);
            kept.then(|| format!("{name}={MASK}"))
        })
    });

    let mut headers = Vec::with_capacity(frozen.len());
    let mut shown_headers = Vec::with_capacity(frozen.len());
    let mut taken = vec![false; current.len()];
    for header in frozen {
        if !(is_secret_name(&header.name) && header.value.ends_with(MASK)) {
            headers.push(header.clone());
            shown_headers.push(header.clone());
            continue;
        }
        let found = current.iter().enumerate().find(|(i, h)| {
            !taken[*i] && h.name.eq_ignore_ascii_case(&header.name) && !h.value.trim().is_empty()
        });
        if let Some((i, now)) = found {
            taken[i] = true;
            add_value_secrets(&now.value, &mut secrets);
            headers.push(HeaderEntry {
                name: header.name.clone(),
                value: now.value.clone(),
            });
            shown_headers.push(HeaderEntry {
                name: header.name.clone(),
                value: masked_value(&now.value),
            });
        }
    }
    Filled {
        url: filled_url,
        shown_url,
        headers,
        shown_headers,
        secrets,
    }
}

/// Whether the filled URL still carries a parameter of this (raw) name.
fn filled_url_has(url: &str, name: &str) -> bool {
    query_of(url).is_some_and(|(_, q)| q.split('&').any(|s| split_pair(s).0 == name))
}

/// A header value and the parts a target may repeat on their own: the credential after its
/// scheme, and for Basic the decoded `user:password` and the password.
fn add_value_secrets(value: &str, secrets: &mut Vec<String>) {
    secrets.push(value.to_owned());
    if let Some((scheme, rest)) = auth_scheme(value) {
        secrets.push(rest.to_owned());
        if scheme.eq_ignore_ascii_case("basic") {
            use base64::Engine as _;
            if let Ok(raw) = base64::engine::general_purpose::STANDARD.decode(rest) {
                if let Ok(raw) = String::from_utf8(raw) {
                    if let Some((_, password)) = raw.split_once(':') {
                        secrets.push(password.to_owned());
                    }
                    secrets.push(raw);
                }
            }
        }
    }
}

/// Every static secret value of a destination (headers and query), for masking copies
/// written before this rule existed.
pub fn static_secret_values(headers: &[HeaderEntry], endpoint: &str) -> Vec<String> {
    let mut secrets = Vec::new();
    for header in headers.iter().filter(|h| is_secret_name(&h.name)) {
        add_value_secrets(&header.value, &mut secrets);
    }
    for param in secret_query_params(endpoint) {
        secrets.push(decode(&param.raw_value));
        secrets.push(param.raw_value);
    }
    secrets
}

/// The headers with each secret value masked (what an export or a preview carries).
pub fn mask_headers(headers: &[HeaderEntry]) -> Vec<HeaderEntry> {
    headers
        .iter()
        .map(|h| HeaderEntry {
            name: h.name.clone(),
            value: if is_secret_name(&h.name) && !h.value.trim().is_empty() {
                masked_value(&h.value)
            } else {
                h.value.clone()
            },
        })
        .collect()
}

/// Whether a header's value is a mask (as an export writes it): the real value must be typed
/// again, never imported as the mask.
pub fn is_masked_header(header: &HeaderEntry) -> bool {
    is_secret_name(&header.name) && header.value.ends_with(MASK)
}

/// The endpoint without its masked secret query parameters, and their names.
pub fn drop_masked_query(endpoint: &str) -> (String, Vec<String>) {
    let mut dropped = Vec::new();
    let url = rewrite_query(endpoint, |name, value| {
        let decoded = decode(name);
        (value? == MASK && is_secret_name(&decoded)).then(|| {
            dropped.push(decoded);
            None
        })
    });
    (url, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str, value: &str) -> HeaderEntry {
        HeaderEntry {
            name: name.into(),
            value: value.into(),
        }
    }

    #[test]
    fn credential_names_are_secret() {
        for name in [
            "Authorization",
            "Proxy-Authorization",
            "Cookie",
            "X-Api-Key",
            "x-api-key",
            "apiKey",
            "APIKEY",
            "api_key",
            "key",
            "access_token",
            "X-Auth-Token",
            "x-amz-security-token",
            "client_secret",
            "X-Webhook-Signature",
            "sig",
            "password",
            "X-Session-Id",
            "PRIVATE-TOKEN",
            "X-Shopify-Access-Token",
            "Ocp-Apim-Subscription-Key",
            "apitoken",
            "X-ApiToken",
            "x-apitoken",
            "accesskey",
            "appkey",
            "authkey",
            "privatekey",
            "refreshtoken",
            "idtoken",
            "X-Accesskey",
        ] {
            assert!(is_secret_name(name), "{name} should be secret");
        }
    }

    #[test]
    fn names_that_describe_a_credential_or_carry_data_are_not() {
        for name in [
            "Idempotency-Key",
            "X-Idempotency-Key",
            "Key-Id",
            "kid",
            "Token-Type",
            "X-Signature-Timestamp",
            "X-Signature-Version",
            "X-Public-Key",
            "Content-Type",
            "X-Source",
            "X-Author",
            "monkey",
            "X-Hockey-Team",
            "keyboard",
            "keys",
            "list",
            "",
        ] {
            assert!(!is_secret_name(name), "{name} should not be secret");
        }
    }

    #[test]
    fn a_value_keeps_its_scheme_only() {
        assert_eq!(masked_value("Bearer abc.def"), "Bearer ••••");
        assert_eq!(masked_value("Basic YTpi"), "Basic ••••");
        assert_eq!(masked_value("sk_live_1234"), "••••");
        // The first word of a pass phrase is not a scheme.
        assert_eq!(masked_value("correct horse battery"), "••••");
    }

    #[test]
    fn the_form_is_told_which_auth_kind_fits() {
        let found = find_static_secrets(
            &[
                header("Authorization", "Bearer t0k"),
                header("X-Source", "x"),
                header("Authorization", "Basic YWxpY2U6cHc="),
                header("X-Api-Key", "k-123"),
                header("Cookie", ""),
            ],
            "https://x.test/a/{id}?list=1&api_key=abc&token={t}#f",
        );
        let got: Vec<_> = found
            .iter()
            .map(|s| (s.place, s.name.as_str(), s.index, s.suggested))
            .collect();
        assert_eq!(
            got,
            [
                (
                    StaticSecretPlace::Header,
                    "Authorization",
                    Some(0),
                    SuggestedAuth::Bearer
                ),
                (
                    StaticSecretPlace::Header,
                    "Authorization",
                    Some(2),
                    SuggestedAuth::Basic
                ),
                (
                    StaticSecretPlace::Header,
                    "X-Api-Key",
                    Some(3),
                    SuggestedAuth::ApiKeyHeader
                ),
                (
                    StaticSecretPlace::Query,
                    "api_key",
                    None,
                    SuggestedAuth::ApiKeyQuery
                ),
            ]
        );
    }

    #[test]
    fn a_query_secret_is_masked_and_filled_back_as_typed() {
        let endpoint = "https://x.test/a/{id}?list=1&api_key=a%2Fb&token={t}#top";
        let masked = mask_endpoint(endpoint);
        assert_eq!(
            masked,
            "https://x.test/a/{id}?list=1&api_key=••••&token={t}#top"
        );
        let frozen = "https://x.test/a/7?list=1&api_key=••••&token=u#top";
        let filled = fill(frozen, &[], endpoint, &[]);
        assert_eq!(
            filled.url,
            "https://x.test/a/7?list=1&api_key=a%2Fb&token=u#top"
        );
        assert_eq!(filled.shown_url, frozen);
        assert!(filled.secrets.contains(&"a/b".to_owned()));
    }

    #[test]
    fn a_secret_the_destination_no_longer_has_is_not_sent_as_a_mask() {
        let frozen = "https://x.test/a?api_key=••••";
        let filled = fill(
            frozen,
            &[header("X-Api-Key", "••••"), header("X-Source", "s")],
            "https://x.test/a",
            &[header("X-Source", "s")],
        );
        assert_eq!(filled.url, "https://x.test/a");
        assert_eq!(filled.shown_url, "https://x.test/a");
        assert_eq!(filled.headers, [header("X-Source", "s")]);
        assert_eq!(filled.shown_headers, [header("X-Source", "s")]);
    }

    #[test]
    fn headers_are_filled_in_order_with_their_parts_as_secrets() {
        let frozen = [
            header("Authorization", "Basic ••••"),
            header("cookie", "••••"),
        ];
        let current = [
            header("Cookie", "sid=s3ss10n"),
            header("Authorization", "Basic YWxpY2U6cHctbG9uZw=="),
        ];
        let filled = fill("https://x.test/", &frozen, "https://x.test/", &current);
        assert_eq!(
            filled.headers,
            [
                header("Authorization", "Basic YWxpY2U6cHctbG9uZw=="),
                header("cookie", "sid=s3ss10n")
            ]
        );
        assert_eq!(filled.shown_headers, frozen);
        for part in [
            "YWxpY2U6cHctbG9uZw==",
            "alice:pw-long",
            "pw-long",
            "sid=s3ss10n",
        ] {
            assert!(filled.secrets.iter().any(|s| s == part), "{part}");
        }
    }

    #[test]
    fn an_export_drops_masked_query_secrets_by_name() {
        let (url, dropped) = drop_masked_query("https://x.test/a?api_key=••••&b=1");
        assert_eq!(url, "https://x.test/a?b=1");
        assert_eq!(dropped, ["api_key"]);
        assert!(is_masked_header(&header("X-Api-Key", "••••")));
        assert!(!is_masked_header(&header("X-Source", "••••")));
        assert_eq!(
            mask_headers(&[
                header("Authorization", "Bearer x1"),
                header("X-Source", "s")
            ]),
            [
                header("Authorization", "Bearer ••••"),
                header("X-Source", "s")
            ]
        );
    }
}
