//! The real secret store: the OS keyring through the `keyring` crate, with the platform
//! backend chosen explicitly so a build without one fails to compile instead of silently
//! keeping secrets in memory.

use keyring::credential::{CredentialBuilder, CredentialPersistence};
use keyring::Entry;

use super::{Secret, SecretError, SecretKey, SecretStore};

pub struct KeyringStore {
    service: String,
    builder: Box<CredentialBuilder>,
}

impl KeyringStore {
    /// A store whose entries all live under `service` (the app identifier).
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            builder: platform_builder(),
        }
    }

    /// True when secrets outlive the process: the guard against an in-memory mock backend.
    pub fn persists_secrets(&self) -> bool {
        matches!(
            self.builder.persistence(),
            CredentialPersistence::UntilDelete
        )
    }

    fn entry(&self, key: &SecretKey) -> Result<Entry, SecretError> {
        let credential = self
            .builder
            .build(None, &self.service, key.account())
            .map_err(describe)?;
        Ok(Entry::new_with_credential(credential))
    }
}

#[cfg(target_os = "linux")]
fn platform_builder() -> Box<CredentialBuilder> {
    keyring::secret_service::default_credential_builder()
}

#[cfg(target_os = "macos")]
fn platform_builder() -> Box<CredentialBuilder> {
    keyring::macos::default_credential_builder()
}

#[cfg(target_os = "windows")]
fn platform_builder() -> Box<CredentialBuilder> {
    keyring::windows::default_credential_builder()
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_builder() -> Box<CredentialBuilder> {
    // No supported keyring: the mock keeps nothing, and `persists_secrets` reports it.
    keyring::mock::default_credential_builder()
}

impl SecretStore for KeyringStore {
    fn set(&self, key: &SecretKey, value: &Secret) -> Result<(), SecretError> {
        self.entry(key)?
            .set_password(value.expose())
            .map_err(describe)
    }

    fn get(&self, key: &SecretKey) -> Result<Option<Secret>, SecretError> {
        match self.entry(key)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(describe(err)),
        }
    }

    fn delete(&self, key: &SecretKey) -> Result<(), SecretError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(describe(err)),
        }
    }

    /// On Linux: whether the default collection (where entries are kept) is unlocked, asked
    /// without a read, so no unlock prompt opens.
    #[cfg(target_os = "linux")]
    fn answers(&self, _key: &SecretKey) -> Result<bool, SecretError> {
        use dbus_secret_service::{EncryptionType, SecretService};
        let unreachable = |e: dbus_secret_service::Error| {
            SecretError::Unavailable(format!("No system keyring could be reached ({e})"))
        };
        let service = SecretService::connect(EncryptionType::Plain).map_err(unreachable)?;
        let collection = service.get_default_collection().map_err(unreachable)?;
        Ok(!collection.is_locked().map_err(unreachable)?)
    }

    fn backend_name(&self) -> &'static str {
        if cfg!(target_os = "linux") {
            "Secret Service"
        } else if cfg!(target_os = "macos") {
            "macOS Keychain"
        } else if cfg!(target_os = "windows") {
            "Windows Credential Manager"
        } else {
            "none"
        }
    }
}

/// Turns a keyring error into a message that says what to do about it.
fn describe(err: keyring::Error) -> SecretError {
    let detail = error_chain(&err);
    match err {
        keyring::Error::NoStorageAccess(_) => SecretError::Unavailable(format!(
            "The system keyring refused access ({detail}). Unlock your keyring \
             (e.g. log in to your desktop session, or open \"Passwords and Keys\") and try again."
        )),
        keyring::Error::PlatformFailure(_) => SecretError::Unavailable(format!(
            "No system keyring could be reached ({detail}). On Linux a Secret Service such as \
             GNOME Keyring or KWallet must be running in your desktop session."
        )),
        other => SecretError::Failed(format!("The keyring rejected the request: {other}")),
    }
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = inner.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_platform_backend_persists_secrets_rather_than_mocking_them() {
        let store = KeyringStore::new("app.apidestinations.desktop.test");
        if cfg!(any(
            target_os = "linux",
            target_os = "macos",
            target_os = "windows"
        )) {
            assert!(
                store.persists_secrets(),
                "keyring built without a real backend"
            );
        }
    }
}
