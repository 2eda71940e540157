//! The startup check: can this machine's keyring store and return a secret right now?

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;

use super::{Secret, SecretKey, SecretStore};

/// What the app knows about the keyring, shown in Settings and as a banner when unavailable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KeyringStatus {
    pub available: bool,
    /// The backend's name, e.g. "Secret Service".
    pub backend: String,
    /// One sentence for the user: all is well, or what is wrong and what to do.
    pub message: String,
}

/// How long a keyring may take before we call it unreachable (an unlock prompt that nobody
/// can answer would otherwise hang the check forever).
const PROBE_TIMEOUT: Duration = Duration::from_secs(8);

/// Writes, reads back and deletes a throw-away entry. Runs on its own thread with a timeout.
pub async fn probe_keyring(store: Arc<dyn SecretStore>) -> KeyringStatus {
    let backend = store.backend_name().to_owned();
    let check = tokio::task::spawn_blocking(move || round_trip(store.as_ref()));
    match tokio::time::timeout(PROBE_TIMEOUT, check).await {
        Ok(Ok(Ok(()))) => KeyringStatus {
            available: true,
            message: format!("Secrets are stored in the system keyring ({backend})."),
            backend,
        },
        Ok(Ok(Err(message))) => KeyringStatus {
            available: false,
            backend,
            message,
        },
        Ok(Err(join_error)) => KeyringStatus {
            available: false,
            backend,
            message: format!("The keyring check crashed: {join_error}"),
        },
        Err(_) => KeyringStatus {
            available: false,
            message: format!(
                "The system keyring ({backend}) did not answer within {} s. It may be locked \
                 and waiting for a password: unlock it, then check again in Settings.",
                PROBE_TIMEOUT.as_secs()
            ),
            backend,
        },
    }
}

fn round_trip(store: &dyn SecretStore) -> Result<(), String> {
    let key = SecretKey::new("keyring-check");
    let value = Secret::new(format!("check-{}", ulid::Ulid::new()));
    store.set(&key, &value).map_err(|e| e.to_string())?;
    let read = store.get(&key).map_err(|e| e.to_string())?;
    store.delete(&key).map_err(|e| e.to_string())?;
    match read {
        Some(back) if back == value => Ok(()),
        Some(_) => Err("The system keyring returned a different value than was stored.".into()),
        None => Err(
            "The system keyring accepted a secret but did not keep it; secrets cannot be saved."
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemorySecretStore;

    #[tokio::test]
    async fn a_working_store_is_reported_available_and_left_clean() {
        let store = Arc::new(MemorySecretStore::new());
        let status = probe_keyring(store.clone()).await;
        assert!(status.available, "{}", status.message);
        assert!(store.is_empty());
    }

    #[tokio::test]
    async fn an_unreachable_store_is_reported_with_its_reason() {
        let store = Arc::new(MemorySecretStore::new());
        store.set_unavailable(true);
        let status = probe_keyring(store).await;
        assert!(!status.available);
        assert!(
            status.message.contains("switched off"),
            "{}",
            status.message
        );
    }
}
