//! A database held locked by another program while answered attempts wait to be saved: the
//! engine keeps them (never reports them saved nor drops them), says why it stopped sending,
//! and saves them and goes on by itself once the lock is gone. The lock is real: another
//! process (Python's sqlite3) holds `BEGIN EXCLUSIVE` on the same file.

mod engine_support;
mod http_support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use apidest_core::engine::{get_delivery, DeliveryState, StatusCategory};
use engine_support::{harness, quick_retries};
use http_support::{always, Reply};

const HOLD_SECS: u64 = 24;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answered_attempts_wait_for_a_locked_database_and_are_saved_when_it_frees() {
    let h = harness().await;
    // No answer: the attempt ends as a timeout after 2 s, while the database is locked.
    let server = always(Reply::NeverAnswer).await;
    let dest = h
        .destination_with(&server.url("/hooks"), None, quick_retries(vec![600]), 2)
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
    let problem = loop {
        if let Some(problem) = h.engine.sending_status().storage_problem {
            break problem;
        }
        assert!(
            locked_at.elapsed() < Duration::from_secs(HOLD_SECS - 4),
            "the window was not told why sending stopped"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(problem.contains("cannot be saved"), "{problem}");
    let detail = get_delivery(&h.db.pool, &queued.id).await.unwrap();
    assert_eq!(
        detail.summary.state,
        DeliveryState::InFlight,
        "not reported as saved"
    );
    assert!(detail.attempts[0].completed_at.is_none());

    // Once the other program lets go, the answer is saved and sending goes on.
    loop {
        let detail = get_delivery(&h.db.pool, &queued.id).await.unwrap();
        if detail.attempts[0].completed_at.is_some() {
            assert_eq!(
                detail.attempts[0].category,
                Some(StatusCategory::TimeoutError)
            );
            assert_eq!(detail.summary.state, DeliveryState::Scheduled, "its retry");
            break;
        }
        assert!(
            locked_at.elapsed() < Duration::from_secs(HOLD_SECS + 15),
            "not saved after the lock was released: {:#?}",
            detail.summary
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = locker.wait();
    let cleared = Instant::now();
    while h.engine.sending_status().storage_problem.is_some() {
        assert!(
            cleared.elapsed() < Duration::from_secs(5),
            "problem not cleared"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
