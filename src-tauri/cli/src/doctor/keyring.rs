//! The keyring check: can this build's keyring store and return a secret right now?
//!
//! An unreachable keyring is a **problem** only when API Auth configs exist (their secrets
//! live there, so their deliveries cannot be signed); with none it is a **warning**: nothing
//! needs it yet, and CI machines and servers often have no keyring at all.

use std::sync::Arc;

use apidest_core::identity::AppIdentity;
use apidest_core::secrets::{probe_keyring, KeyringStore, SecretKey, SecretStore};
use serde::Serialize;

use super::report::Check;

#[derive(Debug, Serialize)]
pub struct KeyringDetails {
    /// The backend's name, e.g. "Secret Service".
    pub backend: String,
    /// Whether a throw-away secret could be stored, read back and removed.
    pub available: bool,
    /// Whether the keyring answers but is locked (secrets cannot be read until it is unlocked);
    /// `null` where the backend cannot tell without reading.
    pub locked: Option<bool>,
    /// How many API Auth configs depend on it; `null` when the database cannot be read.
    pub auth_configs: Option<i64>,
}

const FIX: &str = "Start and unlock your desktop keyring (GNOME Keyring / KWallet on Linux, \
    Keychain on macOS, Credential Manager on Windows). Without a desktop session, run apidest \
    inside `dbus-run-session` with `gnome-keyring-daemon --unlock` started.";

pub async fn check(auth_configs: Option<i64>) -> Check<KeyringDetails> {
    let identity = AppIdentity::for_build(cfg!(debug_assertions));
    let store = KeyringStore::new(identity.keyring_service());
    let persists = store.persists_secrets();
    let store: Arc<dyn SecretStore> = Arc::new(store);
    let mut details = KeyringDetails {
        backend: store.backend_name().to_owned(),
        available: false,
        locked: None,
        auth_configs,
    };
    if !persists {
        return Check::problem(
            "This build has no keyring backend for this platform: secrets would not be kept.",
            "Use a build for Linux, macOS or Windows.",
            details,
        );
    }
    // Asked without a read: a locked keyring would otherwise answer the probe with an unlock
    // prompt (or, with no display, an error that reads as if no keyring were running).
    let asked = store.clone();
    let unlocked = tokio::task::spawn_blocking(move || asked.answers(&SecretKey::new("doctor")))
        .await
        .ok()
        .and_then(Result::ok);
    if unlocked == Some(false) {
        details.locked = Some(true);
        let waiting = match auth_configs {
            Some(0) => String::new(),
            Some(n) => format!(
                "; deliveries of destinations using the {n} API Auth config(s) wait, held, until it is unlocked"
            ),
            None => String::new(),
        };
        let message =
            format!("Locked: the keyring answers but its secrets cannot be read{waiting}");
        let fix =
            "Unlock your keyring (log in to the desktop session, or open \"Passwords and Keys\" \
            and unlock the default collection); held deliveries then go out by themselves.";
        return if auth_configs == Some(0) {
            Check::warning(
                format!("{message} (no API Auth config needs it yet)"),
                fix,
                details,
            )
        } else {
            Check::problem(message, fix, details)
        };
    }
    details.locked = unlocked.map(|answers| !answers);
    let status = probe_keyring(store).await;
    details.available = status.available;
    if status.available {
        return Check::ok(status.message, details);
    }
    let message = format!("Unreachable: {}", status.message);
    match auth_configs {
        Some(0) => Check::warning(
            format!("{message} (no API Auth config needs it yet)"),
            FIX,
            details,
        ),
        Some(n) => Check::problem(
            format!("{message} ({n} API Auth config(s) keep their secrets there)"),
            FIX,
            details,
        ),
        None => Check::warning(message, FIX, details),
    }
}
