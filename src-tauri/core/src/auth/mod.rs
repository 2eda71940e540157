//! API Auth ("API Endpoints Auth"): named, reusable credentials. Non-secret settings live in
//! the database; each secret field lives only in the OS keyring.

mod kinds;
mod placement;
mod repository;

pub use kinds::{ApiKeyPlacement, AuthSettings};
pub use placement::{
    credential_slots, url_with_masked_query, CredentialPlace, CredentialSlot, CredentialValue,
    MASK, SET_WHEN_SENT,
};
pub use repository::{
    create_auth_config, delete_auth_config, get_auth_config, list_auth_configs, update_auth_config,
};
pub(crate) use repository::{insert_row, load, validate_name};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

use crate::ids::AuthId;
use crate::secrets::{Secret, SecretKey};

/// What the form sends to create a config: settings, plus the secret values typed once.
#[derive(Debug, Deserialize)]
pub struct AuthConfigInput {
    pub name: String,
    pub settings: AuthSettings,
    /// Secret values by field name (e.g. `token`); they go to the keyring, nowhere else.
    #[serde(default)]
    pub secrets: BTreeMap<String, Secret>,
}

/// The TypeScript shape of [`AuthConfigInput`]: secrets are plain strings on the way in.
#[derive(TS)]
#[ts(rename = "AuthConfigInput")]
#[allow(dead_code)]
pub struct AuthConfigInputTs {
    pub name: String,
    pub settings: AuthSettings,
    pub secrets: BTreeMap<String, String>,
}

/// A config as the UI sees it: never a secret value, only whether each one is set.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AuthConfigView {
    pub id: AuthId,
    pub name: String,
    pub settings: AuthSettings,
    pub secrets: Vec<SecretFieldState>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SecretFieldState {
    pub field: String,
    /// False after an import or when the keyring lost it: the user must enter it again.
    pub set: bool,
    /// `••••` and the last 4 characters, read from the keyring for the edit form only.
    pub mask: Option<String>,
}

/// The keyring account of one secret field of a config.
pub fn secret_key(id: &AuthId, field: &str) -> SecretKey {
    SecretKey::new(format!("{id}/{field}"))
}
