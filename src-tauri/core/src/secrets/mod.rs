//! Secrets: values that live only in the OS keyring, and a type that cannot leak them.

mod keyring_store;
mod memory;
mod probe;
mod secret;

pub use keyring_store::KeyringStore;
pub use memory::MemorySecretStore;
pub use probe::{probe_keyring, KeyringStatus};
pub use secret::Secret;

use crate::error::{AppError, ErrorCode};

/// Where a secret is filed: the account inside this build's keyring service,
/// e.g. `auth_01h…/client_secret`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretKey(String);

impl SecretKey {
    pub fn new(account: impl Into<String>) -> Self {
        Self(account.into())
    }

    pub fn account(&self) -> &str {
        &self.0
    }
}

/// Why the keyring could not do what was asked, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No keyring service is reachable, or it refused access (locked, denied).
    #[error("{0}")]
    Unavailable(String),
    /// The keyring answered, but with something we cannot use.
    #[error("{0}")]
    Failed(String),
}

impl From<SecretError> for AppError {
    fn from(err: SecretError) -> Self {
        match err {
            SecretError::Unavailable(message) => {
                AppError::new(ErrorCode::KeyringUnavailable, message)
            }
            SecretError::Failed(message) => AppError::internal(message),
        }
    }
}

/// The OS keyring, or a fake of it. Calls block (the platform APIs do), so async callers
/// run them on a blocking thread.
pub trait SecretStore: Send + Sync {
    /// Stores or replaces the secret.
    fn set(&self, key: &SecretKey, value: &Secret) -> Result<(), SecretError>;
    /// Reads the secret; `None` when no such entry exists.
    fn get(&self, key: &SecretKey) -> Result<Option<Secret>, SecretError>;
    /// Removes the secret; removing a missing one is not an error.
    fn delete(&self, key: &SecretKey) -> Result<(), SecretError>;
    /// A short name of the backend for the diagnostics screen, e.g. "Secret Service".
    fn backend_name(&self) -> &'static str;
    /// Whether reading `key` would answer now rather than wait for the keyring to be
    /// unlocked. Stores that cannot tell without reading read it.
    fn answers(&self, key: &SecretKey) -> Result<bool, SecretError> {
        self.get(key).map(|_| true)
    }
}
