//! The real OS keyring. `.ci/test` runs this inside a private D-Bus session with a freshly
//! unlocked gnome-keyring and sets APIDEST_REAL_KEYRING=1; elsewhere it says it was skipped.

use apidest_core::secrets::{KeyringStore, Secret, SecretKey, SecretStore};

fn real_keyring_expected() -> bool {
    std::env::var("APIDEST_REAL_KEYRING").as_deref() == Ok("1")
}

#[test]
fn secrets_round_trip_through_the_real_keyring() {
    if !real_keyring_expected() {
        eprintln!("skipped: set APIDEST_REAL_KEYRING=1 inside a D-Bus session with a keyring");
        return;
    }
    let service = format!("app.apidestinations.desktop.test.{}", std::process::id());
    let store = KeyringStore::new(&service);
    assert!(store.persists_secrets());
    let key = SecretKey::new("auth_test/token");

    // Missing entry reads as None, deleting it is fine.
    assert!(store.get(&key).unwrap().is_none());
    store.delete(&key).unwrap();

    // Create, read back, replace, delete.
    store.set(&key, &Secret::new("first-value-1234")).unwrap();
    assert_eq!(
        store.get(&key).unwrap().unwrap().expose(),
        "first-value-1234"
    );
    store.set(&key, &Secret::new("second-value-5678")).unwrap();
    assert_eq!(
        store.get(&key).unwrap().unwrap().expose(),
        "second-value-5678"
    );
    let looked_up = std::process::Command::new("secret-tool")
        .args(["lookup", "service", &service, "username", key.account()])
        .output()
        .expect("secret-tool is installed");
    assert_eq!(
        String::from_utf8_lossy(&looked_up.stdout),
        "second-value-5678"
    );
    store.delete(&key).unwrap();
    assert!(store.get(&key).unwrap().is_none());
}
