//! The management commands through the real binary: a set-up made from the command line (an
//! API Auth config whose secret comes from stdin, a destination using it, a rule, a contact),
//! exported, imported into an empty data folder and sending once its secret is set; and every
//! error path: a clear `apidest:` message, exit status 1, nothing written.

#[path = "../../core/tests/http_support/mod.rs"]
mod http_support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use apidest_core::auth::secret_key;
use apidest_core::identity::AppIdentity;
use apidest_core::ids::AuthId;
use apidest_core::secrets::{KeyringStore, SecretStore};
use serde_json::Value;

fn real_keyring() -> bool {
    std::env::var("APIDEST_REAL_KEYRING").as_deref() == Ok("1")
}

/// Every argument list `apidest` was run with by this test binary: what another process on
/// the machine could have read from its command line.
static ARGUMENTS_USED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Fails if any command line run so far held `secret`.
fn assert_no_argument_held(secret: &str) {
    let used = ARGUMENTS_USED.lock().unwrap_or_else(|p| p.into_inner());
    assert!(used.len() > 10, "only {} commands recorded", used.len());
    if let Some(line) = used.iter().find(|line| line.contains(secret)) {
        panic!("the secret was on a command line: apidest {line}");
    }
}

/// Runs `apidest --data-dir DIR ARGS…` with `stdin` piped in (empty when `None`).
fn apidest(dir: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    ARGUMENTS_USED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(args.join(" "));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_apidest"));
    cmd.arg("--data-dir").arg(dir).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("apidest runs");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn ok(dir: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> String {
    let out = apidest(dir, args, stdin, env);
    assert!(
        out.status.success(),
        "apidest {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn ok_json(dir: &Path, args: &[&str]) -> Value {
    let text = ok(dir, args, None, &[]);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Fails with exit status 1, one `apidest:` message containing `expected`, nothing on stdout.
fn fails(dir: &Path, args: &[&str], stdin: Option<&str>, expected: &str) -> String {
    let out = apidest(dir, args, stdin, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "apidest {args:?}: {stderr}");
    assert!(stderr.starts_with("apidest: "), "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in: {stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

fn count(dir: &Path, group: &str) -> usize {
    ok_json(dir, &[group, "list", "--json"])
        .as_array()
        .unwrap()
        .len()
}

fn keyring() -> KeyringStore {
    KeyringStore::new(AppIdentity::for_build(true).keyring_service())
}

/// The token of `auth` as `secret-tool` (libsecret, not this crate's keyring code) reads it.
fn secret_tool_lookup(auth: &AuthId) -> String {
    let key = secret_key(auth, "token");
    let out = Command::new("secret-tool")
        .args(["lookup", "service"])
        .arg(AppIdentity::for_build(true).keyring_service())
        .args(["username", key.account()])
        .output()
        .expect("secret-tool runs (Debian: libsecret-tools)");
    assert!(
        out.status.success(),
        "secret-tool lookup: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every byte of every file under `dir` (database, WAL, locks, …).
fn contains_anywhere(dir: &Path, needle: &[u8]) -> Option<String> {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if let Some(found) = contains_anywhere(&path, needle) {
                return Some(found);
            }
        } else if let Ok(bytes) = std::fs::read(&path) {
            if bytes.windows(needle.len()).any(|w| w == needle) {
                return Some(path.display().to_string());
            }
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_set_up_made_here_is_exported_imported_elsewhere_and_sends() {
    if !real_keyring() {
        eprintln!("skipped: set APIDEST_REAL_KEYRING=1 inside a D-Bus session with a keyring");
        return;
    }
    let server = http_support::always(http_support::Reply::status(200)).await;
    let here = tempfile::tempdir().unwrap();
    let secret = format!("tok-{}", AuthId::generate().as_str());
    let endpoint = server.url("/crm/{list}");

    let created = ok_json(
        here.path(),
        &[
            "auth",
            "create",
            "--name",
            "CRM token",
            "--kind",
            "bearer",
            "--json",
        ],
    );
    assert_eq!(created["secrets"][0]["set"], false);
    let auth_id: AuthId = created["id"].as_str().unwrap().parse().unwrap();
    // The secret arrives on stdin only: it is in no argument of any command run here.
    let said = ok(
        here.path(),
        &["auth", "set-secret", "crm TOKEN", "token"],
        Some(&format!("{secret}\n")),
        &[],
    );
    assert!(said.contains("Stored the token"), "{said}");
    assert!(!said.contains(&secret));
    let stored = keyring().get(&secret_key(&auth_id, "token")).unwrap();
    assert_eq!(stored.as_ref().map(|s| s.expose()), Some(secret.as_str()));
    assert_eq!(
        secret_tool_lookup(&auth_id),
        secret,
        "the keyring's own tool finds it"
    );
    let shown = ok_json(here.path(), &["auth", "show", "CRM token"]);
    assert_eq!(shown["secrets"][0]["set"], true);
    assert!(!shown.to_string().contains(&secret));

    let dest = ok_json(
        here.path(),
        &[
            "destinations",
            "create",
            "--name",
            "CRM",
            "--endpoint",
            &endpoint,
            "--auth",
            "CRM token",
            "--header",
            "X-Team: growth",
            "--json",
        ],
    );
    assert_eq!(dest["auth"]["name"], "CRM token");
    assert_eq!(dest["variables"], serde_json::json!(["list"]));
    let rule = ok_json(
        here.path(),
        &[
            "rules",
            "create",
            "--name",
            "VIP to CRM",
            "--trigger",
            "contact.tag_added",
            "--destination",
            "crm",
            "--payload",
            "{phone: contact.phone}",
            "--bind",
            "list=event.data.tag",
            "--json",
        ],
    );
    assert_eq!(rule["input"]["enabled"], true, "{rule:#}");
    assert_eq!(rule["issues"], serde_json::json!([]));
    let contact = ok_json(
        here.path(),
        &[
            "contacts",
            "create",
            "--phone",
            "+447700900999",
            "--first-name",
            "Ada",
            "--last-name",
            "Lovelace",
            "--tag",
            "vip",
            "--json",
        ],
    );
    let shown = ok_json(here.path(), &["contacts", "show", "ada lovelace"]);
    assert_eq!(shown["id"], contact["id"]);
    let updated = ok_json(
        here.path(),
        &["destinations", "update", "CRM", "--timeout", "20", "--json"],
    );
    assert_eq!(updated["input"]["timeout_secs"], 20);
    assert_eq!(
        updated["input"]["endpoint"],
        endpoint.as_str(),
        "the rest is kept"
    );
    assert!(
        contains_anywhere(here.path(), secret.as_bytes()).is_none(),
        "the secret is in the data folder"
    );

    let file = here.path().join("setup.json");
    let said = ok(here.path(), &["export", file.to_str().unwrap()], None, &[]);
    assert!(said.contains("1 API Auth config(s)"), "{said}");
    assert!(said.contains("1 rule(s)"), "{said}");
    assert!(!std::fs::read_to_string(&file).unwrap().contains(&secret));

    // Another machine: a data folder that does not exist yet.
    let elsewhere = tempfile::tempdir().unwrap();
    let there = elsewhere.path().join("data");
    let there = there.as_path();
    let outcomes = |report: &Value| -> Vec<(String, String)> {
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["item_type"] != "contact" || i["name"].as_str().unwrap().contains("Ada"))
            .map(|i| {
                (
                    format!(
                        "{} {}",
                        i["item_type"].as_str().unwrap(),
                        i["name"].as_str().unwrap()
                    ),
                    i["outcome"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let created = |what: &str| (what.to_owned(), "created".to_owned());
    let first_time = [
        created("auth_config CRM token"),
        created("destination CRM"),
        created("rule VIP to CRM"),
        created("contact Ada Lovelace, +447700900999"),
        (
            "team Bloom & Wild Florists".to_owned(),
            "identical".to_owned(),
        ),
    ];

    // A dry run reports and writes nothing: no data folder, database or log folder.
    let report = ok_json(
        there,
        &["import", file.to_str().unwrap(), "--dry-run", "--json"],
    );
    assert_eq!(report["dry_run"], true);
    assert_eq!(outcomes(&report), first_time);
    let contacts = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["item_type"] == "contact");
    assert!(
        contacts
            .filter(|i| i["outcome"] != "created")
            .all(|i| i["outcome"] == "identical"),
        "the built-in samples are the same on both machines: {report:#}"
    );
    assert_eq!(
        report["items"][0]["note"],
        "secret needed: set it with apidest auth set-secret 'CRM token' token, which reads it from stdin"
    );
    let text = ok(
        there,
        &["import", file.to_str().unwrap(), "--dry-run"],
        None,
        &[],
    );
    assert!(
        text.contains("would create  rule         VIP to CRM"),
        "{text}"
    );
    assert!(
        text.contains("Dry run, nothing written: 4 to create"),
        "{text}"
    );
    assert!(!there.exists(), "a dry run made the data folder");

    let report = ok_json(there, &["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(outcomes(&report), first_time);
    let again = ok_json(there, &["import", file.to_str().unwrap(), "--json"]);
    assert!(
        again["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["outcome"] == "identical"),
        "identical the second time: {again:#}"
    );
    let imported = ok_json(there, &["auth", "show", "CRM token"]);
    assert_eq!(imported["secrets"][0]["set"], false, "secrets never travel");
    let imported_id: AuthId = imported["id"].as_str().unwrap().parse().unwrap();
    let rule = ok_json(there, &["rules", "show", "VIP to CRM"]);
    assert_eq!(rule["input"]["enabled"], true, "{rule:#}");

    // Its secret set from an environment variable, only because --from-env asks for it.
    ok(
        there,
        &[
            "auth",
            "set-secret",
            "CRM token",
            "token",
            "--from-env",
            "CRM_TOKEN",
        ],
        None,
        &[("CRM_TOKEN", &secret)],
    );
    // An event through the imported rule, for the imported contact.
    let ada = ok_json(there, &["contacts", "show", "Ada Lovelace"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sent = ok(
        there,
        &[
            "events",
            "send",
            "--type",
            "contact.tag_added",
            "--contact",
            &ada,
            "--data",
            r#"{"tag": "vip"}"#,
            "--wait",
        ],
        None,
        &[],
    );
    assert!(
        sent.contains("1 rule(s) matched, 1 delivery(ies) queued"),
        "{sent}"
    );
    assert!(sent.contains("(succeeded)"), "{sent}");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].target, "/crm/vip");
    let expected = format!("Bearer {secret}");
    assert_eq!(requests[0].header("authorization"), Some(expected.as_str()));
    assert_eq!(requests[0].header("x-team"), Some("growth"));
    assert_eq!(
        serde_json::from_slice::<Value>(&requests[0].body).unwrap(),
        serde_json::json!({"phone": "+447700900999"})
    );
    assert!(
        contains_anywhere(there, secret.as_bytes()).is_none(),
        "the secret is in the imported data folder"
    );

    // After the imported set sent with it: the imported secret is where secret-tool finds it,
    // no command line held it (stdin and --from-env only), and no byte of either data folder.
    assert_eq!(secret_tool_lookup(&imported_id), secret);
    assert_no_argument_held(&secret);
    for dir in [here.path(), there] {
        let found = contains_anywhere(dir, secret.as_bytes());
        assert!(found.is_none(), "the secret is in {found:?}");
    }

    for (dir, id) in [(here.path(), &auth_id), (there, &imported_id)] {
        ok(dir, &["auth", "delete", "CRM token", "--force"], None, &[]);
        assert!(keyring().get(&secret_key(id, "token")).unwrap().is_none());
    }
}

#[test]
fn bad_input_is_refused_with_the_apps_messages_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The core's own checks and words.
    fails(
        d,
        &["destinations", "create", "--name", "Shop"],
        None,
        "The endpoint URL is required",
    );
    fails(
        d,
        &[
            "destinations",
            "create",
            "--name",
            "Shop",
            "--endpoint",
            "ftp://x",
        ],
        None,
        "The endpoint URL must start with https:// or http://",
    );
    fails(
        d,
        &["destinations", "create", "--from", "-"],
        Some("{not json"),
        "stdin: not JSON",
    );
    fails(
        d,
        &["destinations", "create", "--from", "-"],
        Some(r#"{"name": "Shop", "endpoint": "https://a.example", "method": "GET"}"#),
        "the destination is not valid: unknown variant `GET`",
    );
    fails(
        d,
        &[
            "destinations",
            "create",
            "--name",
            "Shop",
            "--endpoint",
            "https://a.example",
            "--auth",
            "Nope",
        ],
        None,
        "no API Auth config named or with id \"Nope\"",
    );
    assert_eq!(count(d, "destinations"), 0);

    ok(
        d,
        &[
            "destinations",
            "create",
            "--name",
            "Shop",
            "--endpoint",
            "https://a.example/x",
        ],
        None,
        &[],
    );
    fails(
        d,
        &[
            "destinations",
            "create",
            "--name",
            "SHOP",
            "--endpoint",
            "https://b.example",
        ],
        None,
        "An API destination named \"SHOP\" already exists",
    );
    fails(
        d,
        &["destinations", "update", "Shops", "--timeout", "3"],
        None,
        "there are: Shop",
    );
    fails(
        d,
        &["destinations", "update", "Shop", "--timeout", "0"],
        None,
        "Timeout must be between 1 and 120 seconds",
    );
    let kept = ok_json(d, &["destinations", "show", "Shop"]);
    assert_eq!(
        kept["input"]["timeout_secs"], 15,
        "a refused update changes nothing"
    );

    // A rule that cannot run is refused while asked to be enabled, with the reasons.
    fails(
        d,
        &[
            "rules",
            "create",
            "--name",
            "R",
            "--trigger",
            "contact.created",
            "--destination",
            "Shop",
            "--payload",
            "{",
        ],
        None,
        "cannot be enabled",
    );
    ok(
        d,
        &[
            "rules",
            "create",
            "--name",
            "R",
            "--trigger",
            "contact.created",
            "--destination",
            "Shop",
            "--payload",
            "{",
            "--disabled",
        ],
        None,
        &[],
    );
    fails(d, &["rules", "enable", "R"], None, "cannot be enabled");
    assert_eq!(
        ok_json(d, &["rules", "show", "R"])["input"]["enabled"],
        false
    );

    fails(
        d,
        &["contacts", "create", "--phone", "not a phone"],
        None,
        "is not in E.164 form",
    );
    let contacts = count(d, "contacts");
    fails(
        d,
        &["contacts", "delete", "Nobody Here"],
        None,
        "no contact named",
    );
    assert_eq!(count(d, "contacts"), contacts);

    // Secrets: never empty, only a field the kind has; the config is unchanged after.
    ok(
        d,
        &["auth", "create", "--name", "K", "--kind", "bearer"],
        None,
        &[],
    );
    fails(
        d,
        &["auth", "set-secret", "K", "token"],
        Some(""),
        "the secret is empty",
    );
    fails(
        d,
        &["auth", "set-secret", "K", "password"],
        Some("x"),
        "\"password\" is not a secret of bearer auth; expected token",
    );
    fails(
        d,
        &[
            "auth",
            "set-secret",
            "K",
            "token",
            "--from-env",
            "APIDEST_TEST_UNSET_VAR",
        ],
        None,
        "APIDEST_TEST_UNSET_VAR is not set",
    );
    fails(d, &["auth", "create", "--name", "No kind"], None, "--kind");
    fails(
        d,
        &["auth", "create", "--name", "B", "--kind", "basic"],
        None,
        "Username is required",
    );
    ok(
        d,
        &["destinations", "update", "Shop", "--auth", "K"],
        None,
        &[],
    );
    fails(d, &["auth", "delete", "K"], None, "is used by Shop");
    assert_eq!(count(d, "auth"), 1);
    assert_eq!(
        ok_json(d, &["auth", "list", "--json"])[0]["secrets"][0]["set"],
        false
    );

    // A failing import changes nothing: one bad item stops the whole document.
    let doc = r#"{"format": "api-destinations/export@1", "exported_at": "2026-01-01T00:00:00Z",
        "auth_configs": [{"name": "Fine", "settings": {"kind": "bearer"}}],
        "destinations": [
          {"name": "Good", "endpoint": "https://good.example", "method": "POST", "auth": "Fine",
           "headers": [], "timeout_secs": 10, "retry": null, "rate_limit_per_sec": null,
           "concurrency_limit": null, "enabled": true},
          {"name": "Bad", "endpoint": "nope", "method": "POST", "auth": "Missing",
           "headers": [], "timeout_secs": 10, "rate_limit_per_sec": null,
           "concurrency_limit": null, "enabled": true}]}"#;
    let doc = doc.replace("\"retry\": null, ", "");
    let stderr = fails(d, &["import", "-"], Some(&doc), "Nothing was imported");
    assert!(
        stderr.contains("\"Missing\" is neither in the file nor on this machine"),
        "{stderr}"
    );
    fails(
        d,
        &["import", "-", "--dry-run"],
        Some(&doc),
        "Nothing was imported",
    );
    fails(
        d,
        &["import", "-"],
        Some("[1, 2]"),
        "not an API Destinations export",
    );
    fails(
        d,
        &["import", "/nonexistent/setup.json"],
        None,
        "/nonexistent/setup.json",
    );
    assert_eq!(count(d, "destinations"), 1);
    assert_eq!(count(d, "auth"), 1);

    // An export that cannot be written leaves no file behind.
    let target = d.join("missing-folder").join("out.json");
    fails(
        d,
        &["export", target.to_str().unwrap()],
        None,
        "cannot write",
    );
    assert!(!d.join("missing-folder").exists());
}

#[test]
fn without_a_keyring_a_secret_is_refused_and_the_config_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(
        d,
        &["auth", "create", "--name", "K", "--kind", "bearer"],
        None,
        &[],
    );
    let out = apidest(
        d,
        &["auth", "set-secret", "K", "token"],
        Some("value"),
        &[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/apidest-test-bus",
        )],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("apidest: "), "{stderr}");
    assert_eq!(
        ok_json(d, &["auth", "list", "--json"])[0]["secrets"][0]["set"],
        false
    );
}

/// The environment of a run that cannot reach any keyring.
const NO_KEYRING: (&str, &str) = (
    "DBUS_SESSION_BUS_ADDRESS",
    "unix:path=/nonexistent/apidest-test-bus",
);

#[tokio::test]
async fn without_a_keyring_a_delete_is_refused_and_the_config_stays_to_delete_later() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(
        d,
        &["auth", "create", "--name", "K", "--kind", "bearer"],
        None,
        &[],
    );
    // Its token stored earlier, while a keyring answered: the row claims it.
    let db = apidest_core::store::open_database(&d.join(apidest_core::store::DATABASE_FILE_NAME))
        .await
        .unwrap();
    sqlx::query("UPDATE auth_configs SET secrets_set = '[\"token\"]'")
        .execute(&db.pool)
        .await
        .unwrap();
    db.pool.close().await;

    let out = apidest(d, &["auth", "delete", "K"], None, &[NO_KEYRING]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("apidest: No system keyring could be reached"),
        "{stderr}"
    );
    assert_eq!(count(d, "auth"), 1, "the config went with its secret kept");
    if real_keyring() {
        ok(d, &["auth", "delete", "K"], None, &[]);
        assert_eq!(count(d, "auth"), 0);
    }
}

#[test]
fn the_body_format_is_chosen_with_a_flag() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let created = ok_json(
        d,
        &[
            "destinations",
            "create",
            "--name",
            "Texts",
            "--endpoint",
            "https://api.example.test/Messages.json",
            "--body-format",
            "form",
            "--json",
        ],
    );
    assert_eq!(created["input"]["body_format"], "form", "{created:#}");
    let updated = ok_json(
        d,
        &[
            "destinations",
            "update",
            "Texts",
            "--body-format",
            "json",
            "--json",
        ],
    );
    assert_eq!(updated["input"]["body_format"], "json", "{updated:#}");
    // A usage error, as clap reports one: exit status 2.
    let refused = apidest(
        d,
        &["destinations", "update", "Texts", "--body-format", "xml"],
        None,
        &[],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("[possible values: json, form]"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_typed_on_the_command_line_is_warned_of_and_never_printed() {
    let server = http_support::always(http_support::Reply::status(200)).await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (token, key) = ("sk-live-7f3a9c", "k-5e1d2b");
    let endpoint = format!("{}?api_key={key}&list=1", server.url("/hook"));
    let args = [
        "destinations",
        "create",
        "--name",
        "Leaky",
        "--endpoint",
        &endpoint,
        "--header",
        &format!("Authorization: Bearer {token}"),
        "--header",
        "X-Team: growth",
    ];
    let out = apidest(d, &args, None, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for expected in [
        "apidest: warning:",
        "every process on this machine can read",
        "header \"Authorization\"",
        "query parameter \"api_key\"",
        "apidest auth create --name NAME --kind bearer",
        "apidest auth set-secret NAME token",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in: {stderr}");
    }
    assert!(!stderr.contains("X-Team"), "{stderr}");
    assert!(!stderr.contains(token) && !stderr.contains(key), "{stderr}");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        !printed.contains(token) && !printed.contains(key),
        "{printed}"
    );

    // Every way of printing it masks the values, as the app's stored copies do.
    let shown = ok_json(d, &["destinations", "show", "Leaky"]);
    assert_eq!(shown["input"]["headers"][0]["value"], "Bearer ••••");
    assert_eq!(shown["input"]["headers"][1]["value"], "growth");
    let listed = [
        ok(d, &["destinations", "list"], None, &[]),
        ok(d, &["destinations", "list", "--json"], None, &[]),
        ok(
            d,
            &["destinations", "disable", "Leaky", "--json"],
            None,
            &[],
        ),
        shown.to_string(),
    ];
    for text in &listed {
        assert!(!text.contains(token) && !text.contains(key), "{text}");
        assert!(text.contains("api_key=••••"), "{text}");
    }

    // An update without secrets on argv is quiet; the shown copy fed back keeps the real values.
    let out = apidest(
        d,
        &["destinations", "update", "Leaky", "--timeout", "9"],
        None,
        &[],
    );
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The mask given back on the command line keeps the value and is no secret to warn of.
    let out = apidest(
        d,
        &[
            "destinations",
            "update",
            "Leaky",
            "--header",
            "Authorization: Bearer ••••",
            "--header",
            "X-Team: growth",
        ],
        None,
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut edited = shown["input"].clone();
    edited["enabled"] = Value::Bool(true);
    ok(
        d,
        &["destinations", "update", "Leaky", "--from", "-"],
        Some(&edited.to_string()),
        &[],
    );
    let contact = ok_json(d, &["contacts", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sent = ok_json(
        d,
        &[
            "send",
            "--destination",
            "Leaky",
            "--contact",
            &contact,
            "--payload",
            "{phone: contact.phone}",
            "--json",
        ],
    );
    assert_eq!(sent["summary"]["state"], "succeeded", "{sent:#}");
    assert!(!sent.to_string().contains(token), "{sent:#}");
    let request = &server.requests()[0];
    assert_eq!(request.target, format!("/hook?api_key={key}&list=1"));
    let bearer = format!("Bearer {token}");
    assert_eq!(request.header("authorization"), Some(bearer.as_str()));

    // A mask with no stored value behind it would be sent as the mask: refused.
    fails(
        d,
        &["destinations", "create", "--from", "-"],
        Some(
            &serde_json::json!({"name": "Copy", "endpoint": "https://x.test/a",
            "headers": [{"name": "X-Api-Key", "value": "••••"}]})
            .to_string(),
        ),
        "the header \"X-Api-Key\" holds the mask",
    );
}

/// A destination, a rule sending `{tag: event.data.tag}` to it on `contact.tag_added`, and the
/// first sample contact's id to send events about.
fn destination_with_tag_rule(d: &Path, destination: &str, rule: &str, endpoint: &str) -> String {
    ok(
        d,
        &[
            "destinations",
            "create",
            "--name",
            destination,
            "--endpoint",
            endpoint,
        ],
        None,
        &[],
    );
    ok(
        d,
        &[
            "rules",
            "create",
            "--name",
            rule,
            "--trigger",
            "contact.tag_added",
            "--destination",
            destination,
            "--payload",
            "{tag: event.data.tag}",
        ],
        None,
        &[],
    );
    ok_json(d, &["contacts", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_send_json_reports_the_event_and_each_delivery() {
    let server = http_support::always(http_support::Reply::status(200)).await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let contact = destination_with_tag_rule(d, "Tags", "Tag to Tags", &server.url("/tags"));
    let sent = ok_json(
        d,
        &[
            "events",
            "send",
            "--type",
            "contact.tag_added",
            "--contact",
            &contact,
            "--data",
            r#"{"tag": "vip"}"#,
            "--json",
        ],
    );
    assert!(
        sent["event_id"].as_str().unwrap().starts_with("evt_"),
        "{sent:#}"
    );
    assert_eq!(sent["matched_rules"], 1);
    assert_eq!(sent["waited"], true, "no app runs: it was sent here");
    let delivery = &sent["deliveries"][0];
    assert_eq!(delivery["summary"]["state"], "succeeded", "{sent:#}");
    assert_eq!(delivery["summary"]["rule_name"], "Tag to Tags");
    assert_eq!(delivery["body"], r#"{"tag":"vip"}"#, "{delivery:#}");
    assert_eq!(server.requests().len(), 1);

    let none = ok_json(
        d,
        &[
            "events",
            "send",
            "--type",
            "contact.created",
            "--contact",
            &contact,
            "--json",
        ],
    );
    assert_eq!(none["matched_rules"], 0);
    assert_eq!(none["deliveries"], serde_json::json!([]));
}

/// The deliveries of the data folder as `deliveries list --json` gives them: (state, hold_reason).
fn delivery_states(dir: &Path) -> Vec<(String, Value)> {
    ok_json(dir, &["deliveries", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["state"].as_str().unwrap().to_owned(),
                d["hold_reason"].clone(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pause_resume_and_the_waiting_choice_of_disable_and_delete() {
    let server = http_support::always(http_support::Reply::status(200)).await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let endpoint = server.url("/hooks");
    let contact = destination_with_tag_rule(d, "Hooks", "Tags", &endpoint);
    let said = ok(d, &["destinations", "pause", "Hooks"], None, &[]);
    assert!(said.contains("Paused destination"), "{said}");
    assert!(ok_json(d, &["destinations", "show", "Hooks"])["paused"].is_object());

    // A rule's delivery to a paused destination is held, not sent.
    let sent = ok_json(
        d,
        &[
            "events",
            "send",
            "--type",
            "contact.tag_added",
            "--contact",
            &contact,
            "--data",
            r#"{"tag": "vip"}"#,
            "--json",
        ],
    );
    assert_eq!(
        sent["deliveries"][0]["summary"]["hold_reason"], "destination_paused",
        "{sent:#}"
    );
    assert_eq!(server.requests().len(), 0);

    // Disabling or deleting with deliveries waiting needs the app's choice.
    fails(
        d,
        &["destinations", "disable", "Hooks"],
        None,
        "\"Hooks\" has 1 delivery(ies) waiting to be sent; nothing was changed. Add --waiting hold",
    );
    let kept = ok_json(d, &["destinations", "show", "Hooks"]);
    assert_eq!(kept["input"]["enabled"], true);

    let said = ok(d, &["destinations", "resume", "Hooks"], None, &[]);
    assert!(said.contains("1 held delivery(ies) released"), "{said}");
    assert_eq!(
        ok_json(d, &["destinations", "show", "Hooks"])["paused"],
        Value::Null
    );
    assert_eq!(delivery_states(d), [("scheduled".into(), Value::Null)]);

    // Hold: paused and disabled, the delivery held again.
    let view = ok_json(
        d,
        &[
            "destinations",
            "disable",
            "Hooks",
            "--waiting",
            "hold",
            "--json",
        ],
    );
    assert_eq!(view["input"]["enabled"], false, "{view:#}");
    assert!(view["paused"].is_object(), "{view:#}");
    assert_eq!(
        delivery_states(d),
        [("scheduled".into(), Value::from("destination_paused"))]
    );
    let view = ok_json(d, &["destinations", "enable", "Hooks", "--json"]);
    assert_eq!(view["input"]["enabled"], true);

    // Cancel: the delivery is cancelled and the destination deleted.
    fails(
        d,
        &["destinations", "delete", "Hooks"],
        None,
        "--waiting cancel to cancel them, then delete it",
    );
    assert_eq!(count(d, "destinations"), 1);
    let deleted = ok_json(
        d,
        &[
            "destinations",
            "delete",
            "Hooks",
            "--waiting",
            "cancel",
            "--json",
        ],
    );
    assert!(deleted["deleted"].as_str().unwrap().starts_with("dst_"));
    assert_eq!(count(d, "destinations"), 0);
    assert_eq!(delivery_states(d), [("cancelled".into(), Value::Null)]);
    assert_eq!(server.requests().len(), 0, "nothing was sent");

    // With nothing waiting no choice is asked for.
    ok(
        d,
        &[
            "destinations",
            "create",
            "--name",
            "Quiet",
            "--endpoint",
            &endpoint,
        ],
        None,
        &[],
    );
    let said = ok(d, &["destinations", "disable", "Quiet"], None, &[]);
    assert!(said.starts_with("Disabled destination"), "{said}");
    ok(d, &["destinations", "delete", "Quiet"], None, &[]);
    assert_eq!(count(d, "destinations"), 0);
}

#[test]
fn rules_contacts_and_auth_configs_change_and_go_away() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(
        d,
        &[
            "destinations",
            "create",
            "--name",
            "Shop",
            "--endpoint",
            "https://shop.example.test/hook",
        ],
        None,
        &[],
    );
    ok(
        d,
        &[
            "rules",
            "create",
            "--name",
            "New contacts",
            "--trigger",
            "contact.created",
            "--destination",
            "Shop",
            "--payload",
            "{phone: contact.phone}",
        ],
        None,
        &[],
    );
    let rule = ok_json(
        d,
        &[
            "rules",
            "update",
            "new CONTACTS",
            "--name",
            "Every new contact",
            "--json",
        ],
    );
    assert_eq!(rule["input"]["name"], "Every new contact", "{rule:#}");
    assert_eq!(rule["input"]["enabled"], true, "the rest is kept");
    let rule = ok_json(d, &["rules", "disable", "Every new contact", "--json"]);
    assert_eq!(rule["input"]["enabled"], false);
    let said = ok(d, &["rules", "delete", "Every new contact"], None, &[]);
    assert!(said.starts_with("Deleted rule rule_"), "{said}");
    assert_eq!(count(d, "rules"), 0);

    let contact = ok_json(
        d,
        &[
            "contacts",
            "create",
            "--phone",
            "+447700900111",
            "--first-name",
            "Grace",
            "--json",
        ],
    );
    let id = contact["id"].as_str().unwrap().to_owned();
    let updated = ok_json(
        d,
        &[
            "contacts",
            "update",
            "+447700900111",
            "--last-name",
            "Hopper",
            "--json",
        ],
    );
    assert_eq!(updated["id"], id.as_str());
    assert_eq!(updated["last_name"], "Hopper", "{updated:#}");
    assert_eq!(updated["first_name"], "Grace", "the rest is kept");
    let contacts = count(d, "contacts");
    ok(d, &["contacts", "delete", "Grace Hopper"], None, &[]);
    assert_eq!(count(d, "contacts"), contacts - 1);
    fails(d, &["contacts", "show", &id], None, "no contact");

    ok(
        d,
        &[
            "auth",
            "create",
            "--name",
            "Key",
            "--kind",
            "api_key",
            "--key-name",
            "X-Api-Key",
        ],
        None,
        &[],
    );
    let auth = ok_json(
        d,
        &[
            "auth",
            "update",
            "key",
            "--placement",
            "query",
            "--key-name",
            "api_key",
            "--json",
        ],
    );
    assert_eq!(auth["settings"]["placement"], "query", "{auth:#}");
    assert_eq!(auth["settings"]["name"], "api_key");
    assert_eq!(auth["name"], "Key", "the rest is kept");
    // No secret was ever set, so deleting needs no keyring.
    let said = ok(d, &["auth", "delete", "Key", "--json"], None, &[NO_KEYRING]);
    assert!(said.contains("auth_"), "{said}");
    assert_eq!(count(d, "auth"), 0);
}
