//! The secret value type: no `Serialize`, a redacting `Debug`, wiped from memory on drop.

use std::fmt;

use serde::Deserialize;
use zeroize::Zeroizing;

/// A secret such as a token or password. It can be read from the web view (a form sends it
/// once) but has no `Serialize`, so no response, log or export can carry it by accident.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// The plain value, for the few places that must send it (an HTTP header, the keyring).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What the UI may show: `••••` and the last 4 characters, or only `••••` for short secrets
    /// so that most of a short value is never revealed.
    pub fn mask(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 12 {
            "••••".to_owned()
        } else {
            let tail: String = chars[chars.len() - 4..].iter().collect();
            format!("••••{tail}")
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_value() {
        let secret = Secret::new("sk_live_very_secret_value");
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(<redacted>)");
    }

    #[test]
    fn mask_shows_only_the_last_four_of_long_secrets() {
        assert_eq!(Secret::new("sk_live_abcdefgh1234").mask(), "••••1234");
        assert_eq!(Secret::new("short").mask(), "••••");
    }

    #[test]
    fn deserialises_from_a_plain_string() {
        let secret: Secret = serde_json::from_str("\"token-value\"").unwrap();
        assert_eq!(secret.expose(), "token-value");
    }
}
