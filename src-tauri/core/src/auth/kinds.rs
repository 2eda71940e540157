//! The kinds of API Auth, their non-secret settings and the secret fields each one needs.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::AppError;
use crate::http_token::is_token;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyPlacement {
    Header,
    Query,
}

/// Non-secret settings, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuthSettings {
    Basic {
        username: String,
    },
    Bearer,
    ApiKey {
        placement: ApiKeyPlacement,
        /// The header or query parameter name, e.g. `X-API-Key`.
        name: String,
    },
    #[serde(rename = "oauth2_client_credentials")]
    OAuth2ClientCredentials {
        token_url: String,
        client_id: String,
        #[serde(default)]
        scope: Option<String>,
        #[serde(default)]
        audience: Option<String>,
    },
    Hmac {
        id_header: String,
        timestamp_header: String,
        signature_header: String,
    },
}

impl AuthSettings {
    /// The kind's name as stored in the database.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Basic { .. } => "basic",
            Self::Bearer => "bearer",
            Self::ApiKey { .. } => "api_key",
            Self::OAuth2ClientCredentials { .. } => "oauth2_client_credentials",
            Self::Hmac { .. } => "hmac",
        }
    }

    /// The secret fields this kind keeps in the keyring.
    pub fn secret_fields(&self) -> &'static [&'static str] {
        match self {
            Self::Basic { .. } => &["password"],
            Self::Bearer => &["token"],
            Self::ApiKey { .. } => &["value"],
            Self::OAuth2ClientCredentials { .. } => &["client_secret"],
            Self::Hmac { .. } => &["secret"],
        }
    }

    /// Checks the non-secret fields; the message names the field and what to change.
    pub fn validate(&self) -> Result<(), AppError> {
        match self {
            Self::Basic { username } => required("Username", username),
            Self::Bearer => Ok(()),
            Self::ApiKey { name, placement } => {
                let what = match placement {
                    ApiKeyPlacement::Header => "Header name",
                    ApiKeyPlacement::Query => "Query parameter name",
                };
                required(what, name)?;
                if *placement == ApiKeyPlacement::Header && !is_token(name) {
                    return Err(AppError::validation(format!(
                        "Header name \"{name}\" may only contain letters, digits and !#$%&'*+-.^_`|~"
                    )));
                }
                Ok(())
            }
            Self::OAuth2ClientCredentials {
                token_url,
                client_id,
                ..
            } => {
                required("Token URL", token_url)?;
                if !(token_url.starts_with("https://") || token_url.starts_with("http://")) {
                    return Err(AppError::validation(format!(
                        "Token URL \"{token_url}\" must start with https:// (or http:// for a local server)"
                    )));
                }
                required("Client ID", client_id)
            }
            Self::Hmac {
                id_header,
                timestamp_header,
                signature_header,
            } => {
                for (label, value) in [
                    ("ID header", id_header),
                    ("Timestamp header", timestamp_header),
                    ("Signature header", signature_header),
                ] {
                    required(label, value)?;
                    if !is_token(value) {
                        return Err(AppError::validation(format!(
                            "{label} \"{value}\" is not a valid header name"
                        )));
                    }
                }
                Ok(())
            }
        }
    }
}

fn required(label: &str, value: &str) -> Result<(), AppError> {
    if value.trim().is_empty() {
        Err(AppError::validation(format!("{label} is required")))
    } else {
        Ok(())
    }
}
