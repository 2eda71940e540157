//! The floor: what an engine that writes the least the issue allows reaches on this machine.
//! The same raw reqwest callers, plus one SQLite writer thread and nothing else: no frozen
//! request read back, no log search, counters or filter indexes, no retry decisions. Whatever
//! the real engine does, it cannot beat this, so its ratio bounds what ratio is reachable here.

use std::sync::mpsc;
use std::time::Instant;

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::{post, ProcessUse, Run, CONCURRENCY};

/// What the floor writes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Floor {
    /// One row per answer (status, time, headers, body), written after it came: every attempt
    /// persisted, nothing written before the request leaves.
    AnswerOnly,
    /// At least once: each caller marks its next `CLAIM_AHEAD` queue rows in flight and waits
    /// for that commit before sending them; each answer adds its attempt row and sets its
    /// queue row's final state. This is the least the crash safety needs.
    AtLeastOnce,
}

/// Queue rows each caller claims per transaction (the engine claims a quarter of its slots).
const CLAIM_AHEAD: usize = 16;
/// Most commands the writer puts in one transaction (the engine's write batch).
const WRITE_BATCH: usize = 256;

enum Write {
    Claim(Vec<i64>, oneshot::Sender<()>),
    Answered {
        queue_id: i64,
        status: i64,
        headers: String,
        body: Vec<u8>,
    },
}

pub async fn run(url: &str, n: usize, floor: Floor) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let conn = open(&dir.path().join("floor.sqlite3"), n);
    let (writes, received) = mpsc::channel();
    let writer = std::thread::Builder::new()
        .name("floor-writer".into())
        .spawn(move || write(conn, received))
        .expect("writer thread");

    let client = apidest_core::tls::client_builder().build().expect("client");
    let before = ProcessUse::now();
    let started = Instant::now();
    let per_caller = n / CONCURRENCY;
    let mut callers = Vec::new();
    for caller in 0..CONCURRENCY {
        let client = client.clone();
        let url = url.to_owned();
        let writes = writes.clone();
        let first = (caller * per_caller) as i64;
        let end = first + per_caller as i64;
        callers.push(tokio::spawn(async move {
            for queue_id in first..end {
                if floor == Floor::AtLeastOnce && (queue_id - first) % CLAIM_AHEAD as i64 == 0 {
                    let (committed, wait) = oneshot::channel();
                    let ids = (queue_id..end.min(queue_id + CLAIM_AHEAD as i64)).collect();
                    writes.send(Write::Claim(ids, committed)).expect("writer");
                    wait.await.expect("claim committed");
                }
                let response = post(&client, &url).await;
                let status = i64::from(response.status().as_u16());
                let headers = format!("{:?}", response.headers());
                let body = response.bytes().await.expect("body").to_vec();
                writes
                    .send(Write::Answered {
                        queue_id,
                        status,
                        headers,
                        body,
                    })
                    .expect("writer");
            }
        }));
    }
    drop(writes);
    for caller in callers {
        caller.await.expect("caller");
    }
    // Every answer is written before the clock stops.
    tokio::task::spawn_blocking(move || writer.join().expect("writer"))
        .await
        .expect("join");
    let requests = (per_caller * CONCURRENCY) as f64;
    Run {
        rate: requests / started.elapsed().as_secs_f64(),
        requests,
        used: ProcessUse::now().since(&before),
    }
}

/// A new database like the engine's (WAL, synchronous NORMAL) with `n` queue rows due.
fn open(path: &std::path::Path, n: usize) -> Connection {
    let mut conn = Connection::open(path).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "synchronous", "NORMAL")
        .expect("synchronous");
    conn.execute_batch(
        "CREATE TABLE queue (id INTEGER PRIMARY KEY, state INTEGER NOT NULL, next_attempt_at INTEGER);
         CREATE INDEX queue_due ON queue (next_attempt_at) WHERE state = 0;
         CREATE TABLE attempts (id INTEGER PRIMARY KEY, queue_id INTEGER NOT NULL, http_status INTEGER,
             completed_at INTEGER NOT NULL, response_headers TEXT NOT NULL, response_body BLOB);",
    )
    .expect("schema");
    let tx = conn.transaction().expect("begin");
    {
        let mut insert = tx
            .prepare("INSERT INTO queue (id, state, next_attempt_at) VALUES (?1, 0, ?1)")
            .expect("prepare");
        for id in 0..n as i64 {
            insert.execute([id]).expect("queue row");
        }
    }
    tx.commit().expect("commit");
    conn
}

/// The one writer: whatever is waiting, up to a batch, in one transaction.
fn write(mut conn: Connection, received: mpsc::Receiver<Write>) {
    while let Ok(first) = received.recv() {
        let mut batch = vec![first];
        while batch.len() < WRITE_BATCH {
            match received.try_recv() {
                Ok(write) => batch.push(write),
                Err(_) => break,
            }
        }
        let tx = conn.transaction().expect("begin");
        let mut committed = Vec::new();
        {
            let mut claim = tx
                .prepare_cached("UPDATE queue SET state = 1, next_attempt_at = NULL WHERE id = ?1")
                .expect("prepare");
            let mut attempt = tx
                .prepare_cached(
                    "INSERT INTO attempts (queue_id, http_status, completed_at, response_headers, response_body) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .expect("prepare");
            let mut finish = tx
                .prepare_cached("UPDATE queue SET state = 2 WHERE id = ?1")
                .expect("prepare");
            let now = apidest_core::engine::now_ms();
            for write in batch {
                match write {
                    Write::Claim(ids, reply) => {
                        for id in ids {
                            claim.execute([id]).expect("claim");
                        }
                        committed.push(reply);
                    }
                    Write::Answered {
                        queue_id,
                        status,
                        headers,
                        body,
                    } => {
                        attempt
                            .execute((queue_id, status, now, headers, body))
                            .expect("attempt");
                        finish.execute([queue_id]).expect("finish");
                    }
                }
            }
        }
        tx.commit().expect("commit");
        for reply in committed {
            let _ = reply.send(());
        }
    }
}
