//! With no D-Bus session the Linux keyring is unreachable: saving a secret must fail with a
//! message that says so, and the startup check must report it, never panic or hang.
//! (Its own test binary: libdbus caches the session connection per process.)
#![cfg(target_os = "linux")]

use std::sync::Arc;

use apidest_core::secrets::{probe_keyring, KeyringStore, Secret, SecretKey, SecretStore};

#[tokio::test]
async fn no_session_bus_gives_an_actionable_error() {
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/apidest-test-bus",
    );
    let store = KeyringStore::new("app.apidestinations.desktop.test");
    let err = store
        .set(
            &SecretKey::new("auth_x/token"),
            &Secret::new("never-stored"),
        )
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("No system keyring could be reached"),
        "{message}"
    );
    assert!(message.contains("Secret Service"), "{message}");

    let status = probe_keyring(Arc::new(store)).await;
    assert!(!status.available);
    assert!(
        status.message.contains("No system keyring"),
        "{}",
        status.message
    );
}
