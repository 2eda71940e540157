//! Where each kind of API Auth puts its credential in a request, and how that looks masked.
//!
//! The live preview and the engine both read this, so the headers a preview shows are the
//! headers an attempt records (the values aside, which only the engine has).

use super::{ApiKeyPlacement, AuthSettings};

/// What the record and the preview show in place of a secret.
pub const MASK: &str = "••••";

/// What a preview shows for a value that exists only once the request is sent.
pub const SET_WHEN_SENT: &str = "(set when sent)";

/// Where one credential value goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialPlace {
    Header(String),
    Query(String),
}

/// Which value fills a place: the engine computes it, the preview shows its mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialValue {
    /// `Basic base64(user:password)`.
    Basic,
    /// `Bearer <token>`: the Bearer secret or the OAuth access token.
    Bearer,
    /// The API key as it is.
    ApiKey,
    /// Standard Webhooks `webhook-id`: the delivery id (not secret).
    WebhookId,
    /// Standard Webhooks `webhook-timestamp` (not secret).
    WebhookTimestamp,
    /// Standard Webhooks `webhook-signature`: `v1,<signature>`.
    WebhookSignature,
}

impl CredentialValue {
    /// The value as stored in an attempt's record. `actual` is what was sent; it is kept only
    /// for the parts that are not secret.
    pub fn masked(self, actual: &str) -> String {
        match self {
            Self::Basic => format!("Basic {MASK}"),
            Self::Bearer => format!("Bearer {MASK}"),
            Self::ApiKey => MASK.to_owned(),
            Self::WebhookId | Self::WebhookTimestamp => actual.to_owned(),
            Self::WebhookSignature => format!("v1,{MASK}"),
        }
    }

    /// The value as a preview shows it, before anything is sent.
    pub fn previewed(self) -> String {
        match self {
            Self::WebhookId | Self::WebhookTimestamp => SET_WHEN_SENT.to_owned(),
            other => other.masked(""),
        }
    }
}

/// One credential value and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialSlot {
    pub place: CredentialPlace,
    pub value: CredentialValue,
}

/// Every place a config of these settings writes to, in the order they are added.
pub fn credential_slots(settings: &AuthSettings) -> Vec<CredentialSlot> {
    let header = |name: &str, value| CredentialSlot {
        place: CredentialPlace::Header(name.to_owned()),
        value,
    };
    match settings {
        AuthSettings::Basic { .. } => vec![header("Authorization", CredentialValue::Basic)],
        AuthSettings::Bearer | AuthSettings::OAuth2ClientCredentials { .. } => {
            vec![header("Authorization", CredentialValue::Bearer)]
        }
        AuthSettings::ApiKey { placement, name } => vec![CredentialSlot {
            place: match placement {
                ApiKeyPlacement::Header => CredentialPlace::Header(name.clone()),
                ApiKeyPlacement::Query => CredentialPlace::Query(name.clone()),
            },
            value: CredentialValue::ApiKey,
        }],
        AuthSettings::Hmac {
            id_header,
            timestamp_header,
            signature_header,
        } => vec![
            header(id_header, CredentialValue::WebhookId),
            header(timestamp_header, CredentialValue::WebhookTimestamp),
            header(signature_header, CredentialValue::WebhookSignature),
        ],
    }
}

/// `url` with a query credential `name` appended and its value masked, as the record and the
/// preview show it. The mask is appended as text: `append_pair` would percent-encode it
/// (`%E2%80%A2…`) and the record would not read `••••`. A URL that does not parse is kept.
pub fn url_with_masked_query(url: &str, name: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return url.to_owned();
    };
    let fragment = parsed.fragment().map(str::to_owned);
    parsed.set_fragment(None);
    parsed.query_pairs_mut().append_pair(name, "");
    let mut masked = format!("{parsed}{MASK}");
    if let Some(fragment) = fragment {
        masked.push('#');
        masked.push_str(&fragment);
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_key_is_appended_masked_before_the_fragment() {
        assert_eq!(
            url_with_masked_query("https://x.test/a?b=1#top", "api_key"),
            "https://x.test/a?b=1&api_key=••••#top"
        );
        assert_eq!(
            url_with_masked_query("https://x.test/a", "k"),
            "https://x.test/a?k=••••"
        );
    }

    #[test]
    fn hmac_writes_three_headers_and_masks_only_the_signature() {
        let slots = credential_slots(&AuthSettings::Hmac {
            id_header: "webhook-id".into(),
            timestamp_header: "webhook-timestamp".into(),
            signature_header: "webhook-signature".into(),
        });
        let shown: Vec<String> = slots.iter().map(|s| s.value.masked("v")).collect();
        assert_eq!(shown, ["v", "v", "v1,••••"]);
    }
}
