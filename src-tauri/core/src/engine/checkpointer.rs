//! Moves the engine's WAL into the database file on a thread of its own.
//!
//! SQLite checkpoints inside the commit that crosses `wal_autocheckpoint` pages, which would
//! stop the engine's database thread (the engine's bottleneck) every few transactions to copy
//! pages and wait for two `fsync`s. Here a second connection does that shortly after the
//! engine wrote, while the engine's thread carries on; a PASSIVE checkpoint never blocks it.
//! The engine's connection keeps a higher automatic threshold as a backstop.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use crate::error::{AppError, AppResult};

/// How long after a write the checkpoint waits, so one checkpoint covers many commits.
pub const CHECKPOINT_DELAY: Duration = Duration::from_millis(250);

/// The engine connection's own automatic checkpoint, in pages (4 KiB each; SQLite's default is
/// 1,000). While the engine writes without a pause, a checkpoint beside it never catches the
/// frames committed during it, so SQLite cannot start the WAL over; at this size the engine's
/// own commit checkpoints the little that is left and the WAL starts again from the top. So the
/// WAL stays under about twice this (~32 MB) in a long burst, and the engine's thread
/// checkpoints at most a fourth as often as at SQLite's default, with most pages already copied.
pub const BACKSTOP_PAGES: u32 = 4_000;

/// Tells the checkpoint thread that the engine wrote. The thread ends when this is dropped,
/// after a last checkpoint.
pub struct Checkpointer {
    wrote: SyncSender<()>,
}

impl Checkpointer {
    pub fn start(path: &Path) -> AppResult<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|err| {
            AppError::internal(format!("cannot open the checkpoint connection: {err}"))
        })?;
        // One pending signal is enough: any number of writes are covered by the next checkpoint.
        let (wrote, signals) = mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("delivery-checkpoint".into())
            .spawn(move || run(conn, signals))
            .map_err(|err| {
                AppError::internal(format!("cannot start the checkpoint thread: {err}"))
            })?;
        Ok(Self { wrote })
    }

    /// Called after each committed write; never blocks.
    pub fn wrote(&self) {
        // Full: a checkpoint is already coming. Disconnected: the thread is gone; the backstop
        // still applies.
        let _ = self.wrote.try_send(());
    }
}

fn run(conn: Connection, signals: mpsc::Receiver<()>) {
    // Idle until the engine writes: no wake-ups at all while nothing is sent.
    while signals.recv().is_ok() {
        // Let the writes of the next moment gather into the same checkpoint (signals that come
        // meanwhile are covered by it); stop waiting if the engine is gone.
        let deadline = Instant::now() + CHECKPOINT_DELAY;
        let ended = loop {
            match signals.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break false,
                Err(RecvTimeoutError::Disconnected) => break true,
            }
        };
        checkpoint(&conn);
        if ended {
            return;
        }
    }
    checkpoint(&conn);
}

fn checkpoint(conn: &Connection) {
    // PASSIVE copies what no reader still needs and never waits for a lock; whatever it leaves
    // is taken by the next one. A failure is not the engine's: the backstop still applies.
    if let Err(err) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
        tracing::warn!("delivery engine: checkpoint failed: {err}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_len(path: &Path) -> u64 {
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    }

    /// A WAL database with one table, and a writer connection checkpointing itself only after
    /// `autocheckpoint` pages (0: never).
    fn wal_database(autocheckpoint: u32) -> (tempfile::TempDir, std::path::PathBuf, Connection) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("queue.sqlite3");
        let writer = Connection::open(&path).expect("open");
        writer
            .pragma_update(None, "journal_mode", "WAL")
            .expect("wal");
        writer
            .pragma_update(None, "synchronous", "NORMAL")
            .expect("normal");
        writer
            .pragma_update(None, "wal_autocheckpoint", autocheckpoint)
            .expect("automatic checkpoint");
        writer
            .execute("CREATE TABLE t (x BLOB)", [])
            .expect("table");
        (dir, path, writer)
    }

    /// Waits until the database file holds at least `size` bytes.
    fn wait_for_file(path: &Path, size: u64) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while file_len(path) < size {
            assert!(
                Instant::now() < deadline,
                "the database file stayed at {} bytes",
                file_len(path)
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn writes_reach_the_database_file_without_the_writer_checkpointing() {
        let (_dir, path, writer) = wal_database(0);
        let checkpointer = Checkpointer::start(&path).expect("start");
        let before = file_len(&path);
        for _ in 0..50 {
            writer
                .execute("INSERT INTO t VALUES (zeroblob(8000))", [])
                .expect("insert");
            checkpointer.wrote();
        }
        // The rows are in the WAL only; the checkpoint thread copies them into the file.
        wait_for_file(&path, before + 50 * 8000);
    }

    #[test]
    fn the_wal_stays_bounded_while_the_engine_writes_without_a_pause() {
        let (dir, path, mut writer) = wal_database(BACKSTOP_PAGES);
        let checkpointer = Checkpointer::start(&path).expect("start");
        let wal = dir.path().join("queue.sqlite3-wal");
        let mut largest = 0;
        // Six times the backstop's worth of pages, in small transactions back to back.
        for _ in 0..(6 * BACKSTOP_PAGES / 8) {
            let tx = writer.transaction().expect("begin");
            for _ in 0..8 {
                tx.execute("INSERT INTO t VALUES (zeroblob(4000))", [])
                    .expect("insert");
            }
            tx.commit().expect("commit");
            checkpointer.wrote();
            largest = largest.max(file_len(&wal));
        }
        // Seen to peak at 1 – 1.7 times the backstop (16 – 27 MB): the WAL only starts over
        // once a checkpoint has caught up with the last commit.
        // Without the backstop it grew to 128 MB here, with no end.
        let bound = u64::from(BACKSTOP_PAGES) * 3 * 4_096;
        assert!(
            largest < bound,
            "the WAL reached {largest} bytes (bound {bound})"
        );
    }

    #[test]
    fn a_last_checkpoint_runs_when_the_engine_lets_go() {
        let (_dir, path, writer) = wal_database(0);
        let checkpointer = Checkpointer::start(&path).expect("start");
        let before = file_len(&path);
        writer
            .execute("INSERT INTO t VALUES (zeroblob(80000))", [])
            .expect("insert");
        checkpointer.wrote();
        drop(checkpointer);
        wait_for_file(&path, before + 80_000);
    }
}
