//! Answered attempts that cannot be saved — the database held locked by another program, or
//! the disk full — are kept (never reported saved, never dropped) while the window is told why
//! sending stopped, and saved by themselves once the fault is gone. The faults are real:
//! another process (Python's sqlite3) holds `BEGIN EXCLUSIVE` on the same file; a tmpfs of a
//! few megabytes (root, as CI runs) is filled to its last byte.

mod engine_support;
mod http_support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use apidest_core::engine::{get_delivery, DeliveryState, StatusCategory};
use apidest_core::ids::DeliveryId;
use engine_support::{harness, quick_retries, Harness};
use http_support::{always, Reply, TestServer};

const HOLD_SECS: u64 = 24;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answered_attempts_wait_for_a_locked_database_and_are_saved_when_it_frees() {
    let h = harness().await;
    // No answer: the attempt ends as a timeout after 2 s, while the database is locked.
    let (_server, queued) = claimed_unanswered(&h, 2).await;

    let database = h.dir.path().join("app.sqlite3");
    let mut locker = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys, time\n\
             c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)\n\
             c.execute('BEGIN EXCLUSIVE')\n\
             print('locked', flush=True)\n\
             time.sleep(float(sys.argv[2]))\n\
             c.execute('ROLLBACK')\n",
        ])
        .arg(&database)
        .arg(HOLD_SECS.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut line = String::new();
    BufReader::new(locker.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the locker speaks");
    assert_eq!(line.trim(), "locked");
    let locked_at = Instant::now();

    // The answer came and could not be saved: the engine says so and keeps it unsaved.
    // (Claims and saves share the engine's database thread, and each waits out SQLite's
    // 5 s busy timeout, so this takes a few of them.)
    let problem = told_storage_problem(&h, locked_at + Duration::from_secs(HOLD_SECS - 4)).await;
    assert!(problem.contains("cannot be saved"), "{problem}");
    assert_unsaved(&h, &queued).await;

    // Once the other program lets go, the answer is saved and sending goes on.
    saved_as_timeout(
        &h,
        &queued,
        locked_at + Duration::from_secs(HOLD_SECS + 15),
        "not saved after the lock was released",
    )
    .await;
    let _ = locker.wait();
    problem_cleared(&h, Instant::now() + Duration::from_secs(5)).await;
}

/// A delivery to a target that never answers (it ends as a timeout after `timeout_secs`, with
/// a retry in 10 minutes), once claimed. The server is returned to be kept alive.
async fn claimed_unanswered(h: &Harness, timeout_secs: u32) -> (TestServer, DeliveryId) {
    let server = always(Reply::NeverAnswer).await;
    let dest = h
        .destination_with(
            &server.url("/hooks"),
            None,
            quick_retries(vec![600]),
            timeout_secs,
        )
        .await;
    let queued = h
        .engine
        .send(&h.cache, h.request(&dest))
        .await
        .expect("queued");
    let started = Instant::now();
    while get_delivery(&h.db.pool, &queued.id)
        .await
        .unwrap()
        .summary
        .state
        != DeliveryState::InFlight
    {
        assert!(started.elapsed() < Duration::from_secs(5), "never claimed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (server, queued.id)
}

/// Why sending stopped, as the window is told it, by `deadline`.
async fn told_storage_problem(h: &Harness, deadline: Instant) -> String {
    loop {
        if let Some(problem) = h.engine.sending_status().storage_problem {
            return problem;
        }
        assert!(
            Instant::now() < deadline,
            "the window was not told why sending stopped"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The answer is neither reported as saved nor written: the delivery is still in flight.
async fn assert_unsaved(h: &Harness, id: &DeliveryId) {
    let detail = get_delivery(&h.db.pool, id).await.unwrap();
    assert_eq!(
        detail.summary.state,
        DeliveryState::InFlight,
        "not reported as saved"
    );
    assert!(detail.attempts[0].completed_at.is_none());
}

/// The kept answer is saved, by `deadline`: a timeout, with its retry scheduled.
async fn saved_as_timeout(h: &Harness, id: &DeliveryId, deadline: Instant, what: &str) {
    loop {
        let detail = get_delivery(&h.db.pool, id).await.unwrap();
        if detail.attempts[0].completed_at.is_some() {
            assert_eq!(
                detail.attempts[0].category,
                Some(StatusCategory::TimeoutError)
            );
            assert_eq!(detail.summary.state, DeliveryState::Scheduled, "its retry");
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {:#?}", detail.summary);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The window's storage problem goes away by itself, by `deadline`.
async fn problem_cleared(h: &Harness, deadline: Instant) {
    while h.engine.sending_status().storage_problem.is_some() {
        assert!(Instant::now() < deadline, "problem not cleared");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A tmpfs of a few megabytes mounted for one test, unmounted when dropped.
struct TinyFilesystem {
    at: tempfile::TempDir,
}

impl TinyFilesystem {
    /// None when this process may not mount (not root).
    fn mount(megabytes: u32) -> Option<Self> {
        let at = tempfile::tempdir().expect("a mount point");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(at.path())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(Self { at })
    }

    /// Writes a file until the filesystem is full; returns its path.
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let path = self.at.path().join("filler");
        let mut file = std::fs::File::create(&path).expect("the filler file");
        let chunk = vec![0u8; 64 * 1024];
        while file.write_all(&chunk).is_ok() {}
        let _ = file.sync_all();
        path
    }
}

impl Drop for TinyFilesystem {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.at.path())
            .status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answered_attempts_wait_for_a_full_disk_and_are_saved_once_there_is_room() {
    let Some(disk) = TinyFilesystem::mount(16) else {
        eprintln!("skipped: mounting a tiny filesystem needs root (CI runs as root)");
        return;
    };
    let h = engine_support::harness_in(
        tempfile::tempdir_in(disk.at.path()).expect("a data folder on it"),
        Default::default(),
    )
    .await;
    let (_server, queued) = claimed_unanswered(&h, 3).await;
    // The write-ahead log starts from nothing, so saving the answer needs new room on the disk
    // (a log that was larger once is overwritten in place and would need none).
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&h.db.pool)
        .await
        .expect("the log is emptied");
    let filler = disk.fill();
    let full_at = Instant::now();

    // The attempt times out (3 s) and its result cannot be written: the window is told, and the
    // delivery is not reported as finished.
    let problem = told_storage_problem(&h, full_at + Duration::from_secs(15)).await;
    assert!(problem.contains("full"), "{problem}");
    assert_unsaved(&h, &queued).await;

    // Room again: the answer is saved and the problem goes away by itself.
    std::fs::remove_file(&filler).expect("the filler goes");
    let freed_at = Instant::now();
    saved_as_timeout(
        &h,
        &queued,
        freed_at + Duration::from_secs(15),
        "not saved once there was room",
    )
    .await;
    problem_cleared(&h, freed_at + Duration::from_secs(20)).await;
    drop(h);
}
