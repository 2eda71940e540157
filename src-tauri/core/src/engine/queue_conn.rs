//! The engine's own SQLite connection, on a thread of its own: claims and completions, one
//! after the other, each one transaction.
//!
//! The rest of the app talks to SQLite through sqlx, which runs every statement on a worker
//! thread and sends each row back over a channel. On the engine's hot path (a claim and a
//! completion per delivery) those hand-offs cost more than the SQL itself, so here a whole
//! transaction runs on this thread with statements prepared once, and only its result crosses
//! back to tokio.

use std::path::Path;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use tokio::sync::oneshot;

use super::checkpointer::{Checkpointer, BACKSTOP_PAGES};
use super::queue::{Claimed, Completion};
use crate::delivery_store::attempts::{self, ClaimWhich, Finished};
use crate::delivery_store::listener::{publish, DeliveryListener};
use crate::delivery_store::row::DeliveryRow;
use crate::error::{AppError, AppResult};
use crate::ids::DestinationId;

/// Which scheduled deliveries a claim takes.
enum Claim {
    /// Up to `limit` of one destination, due by `now`, soonest first (the dispatcher).
    Due {
        destination_id: String,
        limit: usize,
    },
    /// That one, whenever it is due (`apidest send`: the delivery it made and nothing else).
    One { delivery_id: String },
}

enum Command {
    Claim {
        which: Claim,
        now: i64,
        reply: oneshot::Sender<AppResult<Vec<Claimed>>>,
    },
    Complete {
        batch: Arc<[(Claimed, Completion)]>,
        reply: oneshot::Sender<AppResult<Vec<DeliveryRow>>>,
    },
    NextDue {
        destination_id: String,
        reply: oneshot::Sender<AppResult<Option<i64>>>,
    },
}

/// A handle to the engine's connection thread. The thread ends when the handle is dropped.
pub struct QueueConnection {
    commands: mpsc::Sender<Command>,
}

impl QueueConnection {
    /// Opens a connection to the database file at `path` (already migrated by sqlx).
    /// Each claim and finished batch is told to `listener` once it is committed.
    pub fn open(path: &Path, listener: Arc<dyn DeliveryListener>) -> AppResult<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db_error)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(db_error)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(db_error)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(db_error)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(db_error)?;
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(db_error)?;
        // SQLite's default page cache (2 MB), not a larger one: at every commit of this
        // workload SQLite walks the cache's whole hash table (`pcache1TruncateUnsafe`, 4 % of
        // the engine's samples with 16 MB, 2 % with 2 MB), which cost more than the pages a
        // bigger cache saves reading again from the OS (docs/BENCHMARKS.md, delivery engine).

        // Checkpoints run beside this connection (checkpointer.rs); this is only a backstop.
        conn.pragma_update(None, "wal_autocheckpoint", BACKSTOP_PAGES)
            .map_err(db_error)?;
        conn.set_prepared_statement_cache_capacity(64);
        let checkpointer = Checkpointer::start(path)?;
        let (commands, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name("delivery-queue-db".into())
            .spawn(move || serve(conn, receiver, checkpointer, listener))
            .map_err(|err| AppError::internal(format!("cannot start the queue thread: {err}")))?;
        Ok(Self { commands })
    }

    /// Takes up to `limit` due deliveries of one destination: marks them in flight and records
    /// their attempts as started, in one transaction, before any request goes out.
    pub async fn claim_due(
        &self,
        destination_id: &DestinationId,
        now: i64,
        limit: usize,
    ) -> AppResult<Vec<Claimed>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        self.claim(
            Claim::Due {
                destination_id: destination_id.to_string(),
                limit,
            },
            now,
        )
        .await
    }

    /// Takes that delivery for an attempt if it is scheduled and not held (false: it is not,
    /// e.g. a running engine took it first).
    pub async fn claim_one(&self, delivery_id: &str, now: i64) -> AppResult<Option<Claimed>> {
        let claimed = self
            .claim(
                Claim::One {
                    delivery_id: delivery_id.to_owned(),
                },
                now,
            )
            .await?;
        Ok(claimed.into_iter().next())
    }

    async fn claim(&self, which: Claim, now: i64) -> AppResult<Vec<Claimed>> {
        let (reply, answer) = oneshot::channel();
        self.send(Command::Claim { which, now, reply })?;
        answer.await.map_err(|_| stopped())?
    }

    /// Writes a batch of finished attempts and their deliveries' new states in one transaction;
    /// returns the deliveries as stored, in the batch's order.
    pub async fn complete_batch(
        &self,
        batch: Arc<[(Claimed, Completion)]>,
    ) -> AppResult<Vec<DeliveryRow>> {
        let (reply, answer) = oneshot::channel();
        self.send(Command::Complete { batch, reply })?;
        answer.await.map_err(|_| stopped())?
    }

    /// When the next delivery of this destination is due, if any is scheduled.
    pub async fn next_due(&self, destination_id: &DestinationId) -> AppResult<Option<i64>> {
        let (reply, answer) = oneshot::channel();
        self.send(Command::NextDue {
            destination_id: destination_id.to_string(),
            reply,
        })?;
        answer.await.map_err(|_| stopped())?
    }

    fn send(&self, command: Command) -> AppResult<()> {
        self.commands.send(command).map_err(|_| stopped())
    }
}

fn stopped() -> AppError {
    AppError::internal("the delivery queue's database thread has stopped")
}

fn db_error(err: rusqlite::Error) -> AppError {
    AppError::internal(format!("database error: {err}"))
}

fn serve(
    mut conn: Connection,
    commands: mpsc::Receiver<Command>,
    checkpointer: Checkpointer,
    listener: Arc<dyn DeliveryListener>,
) {
    for command in commands {
        match command {
            Command::Claim { which, now, reply } => {
                answer(reply, || claim(&mut conn, listener.as_ref(), &which, now));
                checkpointer.wrote();
            }
            Command::Complete { batch, reply } => {
                answer(reply, || {
                    complete_batch(&mut conn, listener.as_ref(), &batch)
                });
                checkpointer.wrote();
            }
            Command::NextDue {
                destination_id,
                reply,
            } => answer(reply, || {
                attempts::next_due(&conn, &destination_id).map_err(db_error)
            }),
        }
    }
}

/// Runs one command and sends its result. A panic fails that command alone, as an Internal
/// Error: the thread goes on serving the next ones, so one bad batch cannot leave the engine
/// unable to claim or save anything until the app restarts. A transaction the panic left
/// open was rolled back when its `Transaction` was dropped during the unwind.
fn answer<T>(reply: oneshot::Sender<AppResult<T>>, work: impl FnOnce() -> AppResult<T>) {
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            Err(AppError::internal(format!(
                "the delivery queue's database work failed unexpectedly ({what}); \
                 it carries on with the next request"
            )))
        });
    // A reply nobody waits for any more (the engine stopped) is not an error.
    let _ = reply.send(result);
}

fn claim(
    conn: &mut Connection,
    listener: &dyn DeliveryListener,
    which: &Claim,
    now: i64,
) -> AppResult<Vec<Claimed>> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_error)?;
    let which = match which {
        Claim::Due {
            destination_id,
            limit,
        } => ClaimWhich::Due {
            destination_id,
            limit: *limit,
        },
        Claim::One { delivery_id } => ClaimWhich::One { delivery_id },
    };
    let taken = attempts::claim(&tx, &which, now).map_err(db_error)?;
    tx.commit().map_err(db_error)?;
    publish(listener, taken.iter().map(|t| &t.row));
    Ok(taken
        .into_iter()
        .map(|t| Claimed {
            row: t.row,
            attempt_id: t.attempt_id,
            started_at: now,
            trigger: t.trigger,
        })
        .collect())
}

fn complete_batch(
    conn: &mut Connection,
    listener: &dyn DeliveryListener,
    batch: &[(Claimed, Completion)],
) -> AppResult<Vec<DeliveryRow>> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_error)?;
    let finished: Vec<Finished<'_>> = batch
        .iter()
        .map(|(claimed, completion)| Finished {
            claimed: &claimed.row,
            end: completion.end(),
            record: completion.record(),
        })
        .collect();
    let stored = attempts::finish(&tx, &finished).map_err(db_error)?;
    tx.commit().map_err(db_error)?;
    publish(listener, &stored);
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::answer;
    use crate::error::{AppResult, ErrorCode};

    #[test]
    fn a_panic_fails_its_own_command_and_the_next_one_is_answered() {
        let (reply, mut answer_rx) = tokio::sync::oneshot::channel::<AppResult<u32>>();
        answer(reply, || panic!("index out of bounds"));
        let err = answer_rx
            .try_recv()
            .expect("answered")
            .expect_err("an error");
        assert_eq!(err.code, ErrorCode::Internal);
        assert!(
            err.message.contains("index out of bounds"),
            "{}",
            err.message
        );

        let (reply, mut answer_rx) = tokio::sync::oneshot::channel::<AppResult<u32>>();
        answer(reply, || Ok(7));
        assert_eq!(answer_rx.try_recv().expect("answered").expect("ok"), 7);
    }

    #[test]
    fn a_transaction_a_panic_left_open_is_rolled_back_and_the_connection_goes_on() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("open");
        conn.execute("CREATE TABLE t (x INTEGER)", [])
            .expect("table");
        let (reply, _answer_rx) = tokio::sync::oneshot::channel::<AppResult<()>>();
        answer(reply, || {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(super::db_error)?;
            tx.execute("INSERT INTO t VALUES (1)", [])
                .map_err(super::db_error)?;
            panic!("in the middle of a transaction");
        });
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .expect("a new transaction can start");
        let rows: i64 = tx
            .query_row("SELECT COUNT(*) FROM t", [], |row| row.get(0))
            .expect("count");
        assert_eq!(rows, 0, "the panicked write was rolled back");
    }

    #[test]
    fn a_reply_nobody_waits_for_is_dropped_quietly() {
        let (reply, answer_rx) = tokio::sync::oneshot::channel::<AppResult<u32>>();
        drop(answer_rx);
        answer(reply, || Ok(1));
    }
}
