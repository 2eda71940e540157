//! Recognising credentials in a request: `Authorization` headers, `-u`, and headers or query
//! parameters whose names say they carry a key. Each becomes the settings of an API Auth
//! config and a secret for the keyring.

use base64::Engine as _;

use crate::auth::{ApiKeyPlacement, AuthSettings};
use crate::destinations::static_secrets::is_secret_name;
use crate::secrets::Secret;

/// A credential found in the command.
#[derive(Debug, Clone)]
pub struct FoundCredential {
    pub settings: AuthSettings,
    /// Empty when the command names the credential without its value (e.g. `-u user`).
    pub secret: Secret,
    /// Where it was found, for the report: "the Authorization header", "-u", ….
    pub found_in: String,
}

/// True for a header or query parameter name that carries a key (`X-API-Key`, `api_key`,
/// `X-Postmark-Server-Token`, `access_token`, `ma-key`, …): the one rule the app masks static
/// headers by, so what the import leaves as a static header is never a secret the form would
/// then ask to move.
pub fn is_key_name(name: &str) -> bool {
    is_secret_name(name)
}

/// Reads an `Authorization` header value: Bearer, Basic, or another scheme (kept whole as an
/// API key in the `Authorization` header, e.g. `Klaviyo-API-Key pk_…`).
pub fn from_authorization(value: &str) -> FoundCredential {
    let found_in = "the Authorization header".to_owned();
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("bearer") && !rest.is_empty() {
        return FoundCredential {
            settings: AuthSettings::Bearer,
            secret: Secret::new(rest),
            found_in,
        };
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        if let Some((user, password)) = decoded.as_deref().and_then(|d| d.split_once(':')) {
            if let Some(found) = basic(user, password, found_in.clone()) {
                return found;
            }
        }
    }
    header_key("Authorization", value, found_in)
}

/// `-u user:password`. A user with an empty password (Stripe's `-u sk_…:`) is itself the
/// secret, so it becomes an API key holding the whole `Basic …` value: the username of a
/// Basic config is stored in the database, not the keyring.
pub fn from_user(user: &str, password: Option<&Secret>) -> FoundCredential {
    let found_in = "-u".to_owned();
    match password {
        Some(p) => basic(user, p.expose(), found_in.clone()).unwrap_or_else(|| {
            let raw = format!("{user}:");
            header_key(
                "Authorization",
                &format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(raw)
                ),
                found_in,
            )
        }),
        // curl would prompt for the password: the config is created without it.
        None => FoundCredential {
            settings: AuthSettings::Basic {
                username: user.to_owned(),
            },
            secret: Secret::new(""),
            found_in,
        },
    }
}

fn basic(user: &str, password: &str, found_in: String) -> Option<FoundCredential> {
    if password.is_empty() || user.trim().is_empty() {
        return None;
    }
    Some(FoundCredential {
        settings: AuthSettings::Basic {
            username: user.to_owned(),
        },
        secret: Secret::new(password),
        found_in,
    })
}

/// A key sent as a header of its own.
pub fn header_key(name: &str, value: &str, found_in: String) -> FoundCredential {
    FoundCredential {
        settings: AuthSettings::ApiKey {
            placement: ApiKeyPlacement::Header,
            name: name.to_owned(),
        },
        secret: Secret::new(value),
        found_in,
    }
}

/// A key sent as a query parameter.
pub fn query_key(name: &str, value: &str) -> FoundCredential {
    FoundCredential {
        settings: AuthSettings::ApiKey {
            placement: ApiKeyPlacement::Query,
            name: name.to_owned(),
        },
        secret: Secret::new(value),
        found_in: format!("the query parameter {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names() {
        for name in [
            "X-API-Key",
            "api-key",
            "Api-Token",
            "X-Postmark-Server-Token",
            "access_token",
            "hapikey",
            "key",
            "DD-API-KEY",
        ] {
            assert!(is_key_name(name), "{name}");
        }
        for name in [
            "Content-Type",
            "revision",
            "Accept",
            "X-Request-Id",
            "email",
            "keyword",
        ] {
            assert!(!is_key_name(name), "{name}");
        }
    }

    #[test]
    fn authorization_schemes() {
        let bearer = from_authorization("Bearer abc.def");
        assert_eq!(bearer.settings, AuthSettings::Bearer);
        assert_eq!(bearer.secret.expose(), "abc.def");

        let basic = from_authorization("Basic dXNlcjpwYXNz");
        assert_eq!(
            basic.settings,
            AuthSettings::Basic {
                username: "user".into()
            }
        );
        assert_eq!(basic.secret.expose(), "pass");

        let other = from_authorization("Klaviyo-API-Key pk_123");
        assert_eq!(
            other.settings,
            AuthSettings::ApiKey {
                placement: ApiKeyPlacement::Header,
                name: "Authorization".into()
            }
        );
        assert_eq!(other.secret.expose(), "Klaviyo-API-Key pk_123");
    }

    #[test]
    fn a_user_without_password_is_the_secret() {
        let found = from_user("sk_test_123", Some(&Secret::new("")));
        assert!(matches!(found.settings, AuthSettings::ApiKey { .. }));
        assert_eq!(found.secret.expose(), "Basic c2tfdGVzdF8xMjM6");
        let found = from_user("AC123", Some(&Secret::new("tok")));
        assert_eq!(
            found.settings,
            AuthSettings::Basic {
                username: "AC123".into()
            }
        );
    }
}
