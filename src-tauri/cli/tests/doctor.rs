//! `apidest doctor` through the real binary: a fresh data folder is well, a garbage database
//! is a problem naming the file, an unreachable keyring is a problem only when API Auth
//! configs need it, the engine lock holder and the queue's counts are reported.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use apidest_core::contacts::{list_contacts, seed_samples_once};
use apidest_core::destinations::{create_destination, DestinationInput};
use apidest_core::engine::{enqueue, freeze, DeliveryRequest, DeliverySource, EventInfo};
use apidest_core::render::ExpressionCache;
use apidest_core::store::{open_database, Database, DATABASE_FILE_NAME};
use serde_json::Value;

fn apidest(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_apidest"));
    cmd.arg("--data-dir").arg(dir);
    cmd
}

/// No Secret Service can be reached: a session bus address that leads nowhere.
fn without_keyring(cmd: &mut Command) -> &mut Command {
    cmd.env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/apidest-test-bus",
    )
    .env_remove("DISPLAY")
    .env_remove("WAYLAND_DISPLAY")
}

fn doctor_json(cmd: &mut Command) -> (Output, Value) {
    let output = cmd.args(["doctor", "--json"]).output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output, report)
}

/// A new, empty folder private to the user, as the app creates it.
fn fresh_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    dir
}

#[test]
fn a_fresh_data_folder_is_well() {
    let dir = fresh_folder();
    let (output, report) = doctor_json(&mut apidest(dir.path()));
    assert!(output.status.success(), "{report:#}");
    assert_eq!(report["ok"], true);
    assert_eq!(report["data_folder"]["status"], "ok", "{report:#}");
    assert_eq!(report["data_folder"]["writable"], true);
    assert_eq!(report["database"]["status"], "ok");
    assert_eq!(report["database"]["exists"], false);
    assert_eq!(report["engine_lock"]["held"], false);
    for count in ["queued", "held", "in_flight", "failed"] {
        assert_eq!(report["deliveries"][count], 0, "{count}");
    }
    // The keyring may or may not be reachable where tests run; either way it is not a problem
    // while no API Auth config exists, and an unreachable one says what to do.
    let keyring = &report["keyring"];
    assert_ne!(keyring["status"], "problem", "{keyring:#}");
    if keyring["available"] == false {
        assert_eq!(keyring["status"], "warning");
        assert!(keyring["fix"].as_str().unwrap().contains("keyring"));
    }
    // The doctor created nothing: no database, no lock file.
    assert!(!dir.path().join(DATABASE_FILE_NAME).exists());
    assert!(!dir.path().join("engine.lock").exists());

    // The same verdict as text, exit 0.
    let text = apidest(dir.path()).arg("doctor").output().unwrap();
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("OK       database"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_folder_others_can_read_is_a_warning_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let dir = fresh_folder();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let (output, report) = doctor_json(&mut apidest(dir.path()));
    assert!(output.status.success(), "{report:#}");
    assert_eq!(report["data_folder"]["status"], "warning");
    assert_eq!(report["data_folder"]["mode"], "755");
    assert!(report["data_folder"]["fix"]
        .as_str()
        .unwrap()
        .contains("chmod 700"));
}

#[test]
fn a_missing_data_folder_is_a_warning_and_is_not_created() {
    let dir = fresh_folder();
    let missing = dir.path().join("never-used");
    let (output, report) = doctor_json(&mut apidest(&missing));
    assert!(output.status.success(), "{report:#}");
    assert_eq!(report["data_folder"]["status"], "warning");
    assert_eq!(report["data_folder"]["exists"], false);
    assert!(!missing.exists());
}

#[test]
fn a_used_data_folder_reports_schema_and_size() {
    let dir = fresh_folder();
    let listed = apidest(dir.path())
        .args(["contacts", "list"])
        .output()
        .unwrap();
    assert!(listed.status.success());
    let (output, report) = doctor_json(&mut apidest(dir.path()));
    assert!(output.status.success(), "{report:#}");
    let database = &report["database"];
    assert_eq!(database["status"], "ok");
    assert_eq!(database["exists"], true);
    assert_eq!(
        database["schema_version"],
        database["latest_schema_version"]
    );
    assert!(database["size_bytes"].as_u64().unwrap() > 0);
}

#[test]
fn a_garbage_database_is_a_problem_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(DATABASE_FILE_NAME);
    let garbage = "this is not a database, just some text ".repeat(200);
    std::fs::write(&file, &garbage).unwrap();

    let output = apidest(dir.path()).arg("doctor").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("PROBLEM  database"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains(&file.display().to_string()), "{line}");
    assert!(text.contains("move"), "no advice: {text}");

    let (output, report) = doctor_json(&mut apidest(dir.path()));
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(report["ok"], false);
    assert_eq!(report["database"]["status"], "problem");
    assert_eq!(report["database"]["path"], file.display().to_string());
    assert!(report["deliveries"]["queued"].is_null());
    // Left exactly as it was.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), garbage);
}

async fn database(dir: &Path) -> Database {
    let db = open_database(&dir.join(DATABASE_FILE_NAME)).await.unwrap();
    seed_samples_once(&db.pool).await.unwrap();
    db
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn an_unreachable_keyring_is_a_problem_only_when_auth_configs_need_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path()).await;
    let (output, report) = doctor_json(without_keyring(&mut apidest(dir.path())));
    assert!(output.status.success(), "{report:#}");
    assert_eq!(report["keyring"]["status"], "warning");
    assert_eq!(report["keyring"]["available"], false);
    assert_eq!(report["keyring"]["auth_configs"], 0);

    sqlx::query(
        "INSERT INTO auth_configs (id, name, name_key, kind, settings, created_at, updated_at)
         VALUES ('auth_01doctortest', 'CRM', 'crm', 'bearer', '{}', 'now', 'now')",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    db.pool.close().await;
    let (output, report) = doctor_json(without_keyring(&mut apidest(dir.path())));
    assert_eq!(output.status.code(), Some(1), "{report:#}");
    assert_eq!(report["keyring"]["status"], "problem");
    assert_eq!(report["keyring"]["auth_configs"], 1);
    assert!(report["keyring"]["fix"]
        .as_str()
        .unwrap()
        .contains("unlock"));
}

#[tokio::test]
async fn deliveries_are_counted_by_state_and_waiting_work_is_pointed_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path()).await;
    let contact = list_contacts(&db.pool).await.unwrap()[0].id.clone();
    let mut input = DestinationInput::blank();
    input.name = "Doctor".into();
    input.endpoint = "http://127.0.0.1:9/hook".into();
    let destination = create_destination(&db.pool, input).await.unwrap();
    let cache = ExpressionCache::default();
    let mut ids = Vec::new();
    for _ in 0..6 {
        let delivery = freeze(
            &db.pool,
            &cache,
            DeliveryRequest {
                destination_id: destination.id.clone(),
                contact_id: contact.clone(),
                event: EventInfo::test("contact.updated", None),
                payload_expression: "{phone: contact.phone}".into(),
                bindings: BTreeMap::new(),
                source: DeliverySource::Cli,
                rule: None,
                replay_of: None,
            },
        )
        .await
        .unwrap();
        ids.push(enqueue(&db.pool, &delivery).await.unwrap().id.to_string());
    }
    // 2 queued, 1 held (offline), 1 in flight, 1 failed, 1 exhausted.
    for (id, change) in ids[2..].iter().zip([
        "UPDATE deliveries SET hold_reason = 'offline' WHERE id = ?",
        "UPDATE deliveries SET state = 'in_flight' WHERE id = ?",
        "UPDATE deliveries SET state = 'failed', next_attempt_at = NULL WHERE id = ?",
        "UPDATE deliveries SET state = 'exhausted', next_attempt_at = NULL WHERE id = ?",
    ]) {
        sqlx::query(change)
            .bind(id)
            .execute(&db.pool)
            .await
            .unwrap();
    }
    db.pool.close().await;

    let (output, report) = doctor_json(&mut apidest(dir.path()));
    let deliveries = &report["deliveries"];
    assert_eq!(deliveries["queued"], 2, "{deliveries:#}");
    assert_eq!(deliveries["held"], 1);
    assert_eq!(deliveries["held_by_reason"]["offline"], 1);
    assert_eq!(deliveries["in_flight"], 1);
    assert_eq!(deliveries["failed"], 2);
    // Work waiting with no engine running is worth a warning, not a failure.
    assert_eq!(deliveries["status"], "warning");
    assert!(deliveries["fix"].as_str().unwrap().contains("apidest work"));
    assert!(output.status.success(), "{report:#}");
}

#[test]
fn the_engine_lock_holder_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut worker = apidest(dir.path())
        .arg("work")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let held = loop {
        let (_, report) = doctor_json(&mut apidest(dir.path()));
        if report["engine_lock"]["held"] == true || Instant::now() > deadline {
            break report["engine_lock"].clone();
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let pid = worker.id();
    worker.kill().unwrap();
    worker.wait().unwrap();
    assert_eq!(held["held"], true, "{held:#}");
    assert_eq!(held["status"], "ok");
    assert_eq!(held["holder"]["program"], "apidest work", "{held:#}");
    assert_eq!(held["holder"]["pid"], pid, "{held:#}");
    let message = held["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("Held by `apidest work` (pid {pid})")),
        "{message}"
    );

    // Killed, it left its name in the file; the lock is the truth, so nobody holds it.
    let lock_file = std::fs::read_to_string(dir.path().join("engine.lock")).unwrap();
    assert!(lock_file.contains("apidest work"), "{lock_file}");
    let (_, report) = doctor_json(&mut apidest(dir.path()));
    assert_eq!(report["engine_lock"]["held"], false, "{report:#}");
    assert_eq!(report["engine_lock"]["holder"], Value::Null, "{report:#}");
}

#[test]
fn the_log_folder_is_printed_without_being_made() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    let output = apidest(dir.path())
        .arg("logs")
        .env_remove("APIDEST_LOG_DIR")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim_end(),
        logs.display().to_string()
    );
    let output = apidest(dir.path())
        .args(["logs", "--json"])
        .env("APIDEST_LOG_DIR", dir.path().join("elsewhere"))
        .output()
        .unwrap();
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        printed["path"],
        dir.path().join("elsewhere").display().to_string()
    );
    assert!(!logs.exists() && !dir.path().join("elsewhere").exists());
    assert!(!dir.path().join("api-destinations.sqlite3").exists());
}

/// Runs `doctor --json` inside a private D-Bus session with a freshly unlocked gnome-keyring,
/// after the shell lines `prepare` (run in that session). None where those programs are not
/// installed.
#[cfg(target_os = "linux")]
fn doctor_in_private_keyring(prepare: &str) -> Option<(Output, Value)> {
    let installed = |program: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {program}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !["dbus-run-session", "gnome-keyring-daemon", "dbus-send"]
        .iter()
        .all(|p| installed(p))
    {
        eprintln!("skipped: dbus-run-session, gnome-keyring-daemon or dbus-send is not installed");
        return None;
    }
    let dir = fresh_folder();
    let xdg = dir.path().join("xdg");
    std::fs::create_dir(&xdg).unwrap();
    let script = format!(
        r#"eval "$(printf pass | sh "$START_KEYRING")" >/dev/null
{prepare}
"$APIDEST" --data-dir "$DATA" doctor --json > "$OUT""#
    );
    let output = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &script])
        .env("APIDEST", env!("CARGO_BIN_EXE_apidest"))
        .env(
            "START_KEYRING",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/start-keyring.sh"),
        )
        .env("DATA", dir.path().join("data"))
        // The keyring daemon may write to the shared stdout too: the report goes to a file.
        .env("OUT", dir.path().join("report.json"))
        .env("XDG_DATA_HOME", &xdg)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        // The keyring of the session running the tests is not this one's business.
        .env_remove("GNOME_KEYRING_CONTROL")
        .output()
        .unwrap();
    let written = std::fs::read_to_string(dir.path().join("report.json")).unwrap_or_default();
    let report: Value = serde_json::from_str(&written).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {written}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    Some((output, report))
}

/// With a real Secret Service (gnome-keyring inside a private session bus, as CI installs it),
/// the keyring check passes. Skipped where those programs are not installed.
#[cfg(target_os = "linux")]
#[test]
fn a_reachable_keyring_is_ok() {
    let Some((output, report)) = doctor_in_private_keyring("") else {
        return;
    };
    assert_eq!(report["keyring"]["status"], "ok", "{report:#}");
    assert_eq!(report["keyring"]["available"], true);
    assert!(output.status.success(), "{report:#}");
}

/// A keyring that runs but is locked (as when the screen locks) is named as locked, not as
/// missing, and asked without a read so no unlock prompt opens. Skipped where gnome-keyring is
/// not installed.
#[cfg(target_os = "linux")]
#[test]
fn a_locked_keyring_is_reported_as_locked() {
    // The default collection is locked over D-Bus, the way a desktop locks it.
    let lock = r#"COLLECTION=$(dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.ReadAlias string:default | awk '/object path/ {print $3}' | tr -d '"')
dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock "array:objpath:$COLLECTION" >/dev/null"#;
    let Some((_, report)) = doctor_in_private_keyring(lock) else {
        return;
    };
    let keyring = &report["keyring"];
    assert_eq!(keyring["locked"], true, "{keyring:#}");
    assert_eq!(keyring["available"], false, "{keyring:#}");
    // No API Auth config needs it yet: a warning, not a problem.
    assert_eq!(keyring["status"], "warning", "{keyring:#}");
    assert!(
        keyring["message"].as_str().unwrap().starts_with("Locked"),
        "{keyring:#}"
    );
    assert!(
        keyring["fix"].as_str().unwrap().contains("Unlock"),
        "{keyring:#}"
    );
}
