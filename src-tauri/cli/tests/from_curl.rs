//! `apidest destinations from-curl` through the real binary: the dry run prints what would be
//! created without a secret and without writing anything; the real run files the token in
//! the keyring (read back here) and creates the destination that uses it; bad input exits 1.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use apidest_core::auth::secret_key;
use apidest_core::identity::AppIdentity;
use apidest_core::ids::AuthId;
use apidest_core::secrets::{KeyringStore, SecretStore};
use serde_json::Value;

fn apidest(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_apidest"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("apidest runs");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn command(secret: &str) -> String {
    format!(
        "$ curl --request POST \\\n  --url https://api.hubapi.com/crm/v3/objects/contacts \\\n  \
         --header 'Authorization: Bearer {secret}' \\\n  --header 'Content-Type: application/json' \\\n  \
         --data '{{\"properties\": {{\"email\": \"marcus@example.com\", \"firstname\": \"Marcus\"}}}}' -sS\n"
    )
}

#[test]
fn dry_run_json_prints_the_proposal_without_the_secret_and_writes_nothing() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("data");
    let secret = "pat-na1-0f0e0d0c-very-secret-token";
    let out = apidest(
        &dir,
        &[
            "destinations",
            "from-curl",
            "--dry-run",
            "--json",
            "--bind",
            "properties.email",
        ],
        &command(secret),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stdout.contains(secret) && !stderr.contains(secret),
        "{stdout}"
    );
    assert!(!dir.exists(), "a dry run creates no data folder");

    let v: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["destination"]["name"], "HubSpot contacts");
    assert_eq!(
        v["destination"]["endpoint"],
        "https://api.hubapi.com/crm/v3/objects/contacts"
    );
    assert_eq!(v["destination"]["method"], "POST");
    assert_eq!(v["auth"]["settings"]["kind"], "bearer");
    assert_eq!(v["auth"]["secret_mask"], "••••oken");
    let payload = v["payload"].as_str().unwrap();
    assert!(
        payload.contains("email: contact.custom_attributes.email"),
        "{payload}"
    );
    assert!(payload.contains("firstname: 'Marcus'"), "{payload}");
    let unmapped: Vec<&str> = v["unmapped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["item"].as_str().unwrap())
        .collect();
    assert_eq!(unmapped, ["$", "-s", "-S"]);
}

#[test]
fn unreadable_commands_exit_1_with_what_to_fix() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("data");
    for (stdin, expected) in [
        ("curl -d '{", "quote"),
        ("curl -X POST -d '{}'", "no URL"),
        ("# only a comment\n", "holds none"),
    ] {
        let out = apidest(&dir, &["destinations", "from-curl", "--dry-run"], stdin);
        assert_eq!(out.status.code(), Some(1), "{stdin}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("apidest: "), "{stderr}");
        assert!(stderr.contains(expected), "{stdin}: {stderr}");
    }
    // A command the destination form would refuse creates nothing, not even the auth config.
    let out = apidest(
        &dir,
        &["destinations", "from-curl"],
        "curl -X POST 'https://{dc}.api.mailchimp.com/3.0/lists' -H 'Authorization: Bearer abcdefghijklmnop' --json '{}'",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("endpoint"));
    let listed = apidest(&dir, &["auth", "list", "--json"], "");
    let auths: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(auths, Value::Array(vec![]));
}

#[test]
fn without_dry_run_the_token_goes_to_the_keyring_and_the_destination_uses_it() {
    if std::env::var("APIDEST_REAL_KEYRING").as_deref() != Ok("1") {
        eprintln!("skipped: set APIDEST_REAL_KEYRING=1 inside a D-Bus session with a keyring");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hubspot.sh");
    let secret = format!("pat-{}", AuthId::generate().as_str());
    std::fs::write(&file, command(&secret)).unwrap();
    let out = apidest(
        dir.path(),
        &[
            "destinations",
            "from-curl",
            "--file",
            file.to_str().unwrap(),
            "--json",
        ],
        "",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout.contains(&secret));
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let auth_id: AuthId = serde_json::from_value(v["auth"]["id"].clone()).unwrap();
    assert_eq!(v["destination"]["input"]["auth_id"], v["auth"]["id"]);
    assert_eq!(v["auth"]["secrets"][0]["set"], true);

    let store = KeyringStore::new(AppIdentity::for_build(true).keyring_service());
    let stored = store
        .get(&secret_key(&auth_id, "token"))
        .unwrap()
        .expect("in the keyring");
    assert_eq!(stored.expose(), secret);
    let database = std::fs::read(dir.path().join("api-destinations.sqlite3")).unwrap_or_default();
    assert!(
        !String::from_utf8_lossy(&database).contains(&secret),
        "the secret is not in the database"
    );
}
