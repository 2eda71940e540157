//! `apidest doctor` on the local servers and the logs, through the real binary: each server's
//! switch and port from the settings, whether it (or another program) answers there, a fix
//! line for each problem, and the log folder.

use std::path::Path;
use std::process::{Command, Output};

use apidest_core::bus::EventBus;
use apidest_core::event_intake::start_ingest;
use apidest_core::sandbox::Sandbox;
use apidest_core::secrets::Secret;
use apidest_core::store::{open_database, settings, Database, DATABASE_FILE_NAME};
use serde_json::Value;
use tokio::io::AsyncWriteExt;

fn doctor(dir: &Path) -> (Output, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_apidest"))
        .arg("--data-dir")
        .arg(dir)
        .args(["doctor", "--json"])
        .env_remove("APIDEST_LOG_DIR")
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (output, report)
}

async fn database(dir: &Path) -> Database {
    open_database(&dir.join(DATABASE_FILE_NAME)).await.unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switched_off_servers_are_well_and_the_log_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path()).await;
    // Off, on ports nothing listens on.
    settings::set(&db.pool, "ingest_port", &free_port().to_string())
        .await
        .unwrap();
    settings::set(&db.pool, "sandbox_port", &free_port().to_string())
        .await
        .unwrap();
    db.pool.close().await;
    let (output, report) = doctor(dir.path());
    for check in ["ingest_endpoint", "sandbox"] {
        assert_eq!(report[check]["status"], "ok", "{report:#}");
        assert_eq!(report[check]["enabled"], false);
        assert_eq!(report[check]["answering"], "nothing");
        assert!(report[check]["message"]
            .as_str()
            .unwrap()
            .contains("is off"));
    }
    let logs = dir.path().join("logs");
    assert_eq!(report["logs"]["path"], logs.display().to_string());
    assert!(
        !logs.exists(),
        "the doctor creates nothing, not even the log folder"
    );
    let text = Command::new(env!("CARGO_BIN_EXE_apidest"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("doctor")
        .env_remove("APIDEST_LOG_DIR")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains(&format!("Logs go to {}", logs.display())),
        "{text}"
    );
    assert!(output.status.success(), "{report:#}");

    // Another command writes its log there.
    let listed = Command::new(env!("CARGO_BIN_EXE_apidest"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["deliveries", "list"])
        .env_remove("APIDEST_LOG_DIR")
        .output()
        .unwrap();
    assert!(listed.status.success());
    let (_, report) = doctor(dir.path());
    assert!(
        report["logs"]["newest"]
            .as_str()
            .is_some_and(|f| f.contains("apidest.")),
        "{report:#}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_servers_are_recognised_and_each_problem_has_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path()).await;

    // The ingest endpoint and the sandbox running (as in the open app) where the settings say.
    let ingest = start_ingest(
        db.pool.clone(),
        None,
        Secret::new("doctor-token-0123456789"),
        0,
    )
    .await
    .unwrap();
    settings::set(&db.pool, "ingest_enabled", "true")
        .await
        .unwrap();
    settings::set(&db.pool, "ingest_port", &ingest.addr.port().to_string())
        .await
        .unwrap();
    let sandbox = Sandbox::new(EventBus::new());
    sandbox
        .set_enabled(&db.pool, true, Some(free_port()))
        .await
        .unwrap();
    let (output, report) = doctor(dir.path());
    for check in ["ingest_endpoint", "sandbox"] {
        assert_eq!(report[check]["status"], "ok", "{report:#}");
        assert_eq!(report[check]["enabled"], true);
        assert_eq!(report[check]["answering"], "app", "{report:#}");
    }
    assert!(output.status.success());

    // Switched on, but the app is closed: nothing answers, a warning saying to open the app.
    let ingest_addr = ingest.addr;
    ingest.stop();
    sandbox.stop().await;
    // The stop is asynchronous: wait until the port is closed.
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(ingest_addr).await.is_err() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (output, report) = doctor(dir.path());
    let check = &report["ingest_endpoint"];
    assert_eq!(check["status"], "warning", "{report:#}");
    assert_eq!(check["answering"], "nothing");
    assert!(check["fix"].as_str().unwrap().contains("Open the app"));
    assert!(output.status.success(), "a warning keeps exit status 0");

    // Another program on the sandbox's port: a problem naming the port, exit status 1.
    let other = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = other.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = other.accept().await {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nhi")
                .await;
        }
    });
    settings::set(&db.pool, "sandbox_port", &port.to_string())
        .await
        .unwrap();
    let (output, report) = doctor(dir.path());
    let check = &report["sandbox"];
    assert_eq!(check["status"], "problem", "{report:#}");
    assert_eq!(check["answering"], "other");
    assert!(check["message"]
        .as_str()
        .unwrap()
        .contains(&port.to_string()));
    assert!(check["fix"].as_str().unwrap().contains("another port"));
    assert_eq!(output.status.code(), Some(1));
    db.pool.close().await;
}
