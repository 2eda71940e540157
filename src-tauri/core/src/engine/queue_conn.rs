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

use rusqlite::types::ToSql;
use rusqlite::{params_from_iter, Connection, OpenFlags, TransactionBehavior};
use tokio::sync::oneshot;

use super::checkpointer::{Checkpointer, BACKSTOP_PAGES};
use super::classify::Cause;
use super::hold::DESTINATION_PAUSED;
use super::model::{AttemptTrigger, DeliveryState, HoldReason};
use super::queue::{Claimed, Completion};
use super::row::{DeliveryRow, DELIVERY_COLUMNS};
use crate::error::{AppError, AppResult};
use crate::ids::AttemptId;

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
        batch: Arc<[Completion]>,
        reply: oneshot::Sender<AppResult<()>>,
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
    pub fn open(path: &Path) -> AppResult<Self> {
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
        conn.set_prepared_statement_cache_capacity(32);
        let checkpointer = Checkpointer::start(path)?;
        let (commands, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name("delivery-queue-db".into())
            .spawn(move || serve(conn, receiver, checkpointer))
            .map_err(|err| AppError::internal(format!("cannot start the queue thread: {err}")))?;
        Ok(Self { commands })
    }

    /// Takes up to `limit` due deliveries of one destination: marks them in flight and records
    /// their attempts as started, in one transaction, before any request goes out.
    pub async fn claim_due(
        &self,
        destination_id: &str,
        now: i64,
        limit: usize,
    ) -> AppResult<Vec<Claimed>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        self.claim(
            Claim::Due {
                destination_id: destination_id.to_owned(),
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

    /// Writes a batch of finished attempts and their deliveries' new states in one transaction.
    pub async fn complete_batch(&self, batch: Arc<[Completion]>) -> AppResult<()> {
        let (reply, answer) = oneshot::channel();
        self.send(Command::Complete { batch, reply })?;
        answer.await.map_err(|_| stopped())?
    }

    /// When the next delivery of this destination is due, if any is scheduled.
    pub async fn next_due(&self, destination_id: &str) -> AppResult<Option<i64>> {
        let (reply, answer) = oneshot::channel();
        self.send(Command::NextDue {
            destination_id: destination_id.to_owned(),
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

fn serve(mut conn: Connection, commands: mpsc::Receiver<Command>, checkpointer: Checkpointer) {
    for command in commands {
        match command {
            Command::Claim { which, now, reply } => {
                answer(reply, || claim(&mut conn, &which, now));
                checkpointer.wrote();
            }
            Command::Complete { batch, reply } => {
                answer(reply, || complete_batch(&mut conn, &batch));
                checkpointer.wrote();
            }
            Command::NextDue {
                destination_id,
                reply,
            } => answer(reply, || next_due(&conn, &destination_id)),
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

fn claim(conn: &mut Connection, which: &Claim, now: i64) -> AppResult<Vec<Claimed>> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_error)?;
    let rows: Vec<DeliveryRow> = match which {
        Claim::Due {
            destination_id,
            limit,
        } => {
            let mut select = tx
                .prepare_cached(&format!(
                    "SELECT {DELIVERY_COLUMNS} FROM deliveries \
                     WHERE state = 'scheduled' AND destination_id = ?1 AND next_attempt_at <= ?2 \
                     ORDER BY next_attempt_at LIMIT ?3"
                ))
                .map_err(db_error)?;
            let rows = select
                .query_map(
                    (destination_id, now, *limit as i64),
                    DeliveryRow::from_rusqlite,
                )
                .map_err(db_error)?;
            rows.collect::<Result<_, _>>().map_err(db_error)?
        }
        Claim::One { delivery_id } => {
            let mut select = tx
                .prepare_cached(&format!(
                    "SELECT {DELIVERY_COLUMNS} FROM deliveries \
                     WHERE id = ?1 AND state = 'scheduled' AND hold_reason IS NULL"
                ))
                .map_err(db_error)?;
            let rows = select
                .query_map([delivery_id], DeliveryRow::from_rusqlite)
                .map_err(db_error)?;
            rows.collect::<Result<_, _>>().map_err(db_error)?
        }
    };
    if rows.is_empty() {
        tx.commit().map_err(db_error)?;
        return Ok(Vec::new());
    }
    let mut claimed = Vec::with_capacity(rows.len());
    for mut row in rows {
        let trigger = if row.manual_pending != 0 {
            AttemptTrigger::Manual
        } else {
            AttemptTrigger::Scheduled
        };
        row.attempt_count += 1;
        if trigger == AttemptTrigger::Scheduled {
            row.scheduled_attempts += 1;
        }
        row.manual_pending = 0;
        row.state = DeliveryState::InFlight.as_str().to_owned();
        row.next_attempt_at = None;
        row.updated_at = now;
        row.revision += 1;
        claimed.push((
            Claimed {
                delivery_id: row.delivery_id()?,
                row,
                attempt_id: AttemptId::generate(),
                started_at: now,
                trigger,
            },
            trigger,
        ));
    }
    for chunk in statement_sized_chunks(&claimed) {
        let mut mark = tx
            .prepare_cached(&format!(
                "UPDATE deliveries SET state = 'in_flight', attempt_count = attempt_count + 1, \
                 scheduled_attempts = scheduled_attempts + (1 - manual_pending), manual_pending = 0, \
                 next_attempt_at = NULL, updated_at = ?1, revision = revision + 1 \
                 WHERE id IN ({}) AND state = 'scheduled'",
                value_list(2, chunk.len())
            ))
            .map_err(db_error)?;
        let ids = chunk
            .iter()
            .map(|(c, _)| &c.row.id as &dyn ToSql)
            .collect::<Vec<_>>();
        mark.execute(params_from_iter(
            std::iter::once(&now as &dyn ToSql).chain(ids),
        ))
        .map_err(db_error)?;

        let mut insert = tx
            .prepare_cached(&format!(
                "INSERT INTO attempts (id, delivery_id, number, trigger, started_at) VALUES {}",
                value_rows(chunk.len(), 5)
            ))
            .map_err(db_error)?;
        let texts: Vec<(&str, &str)> = chunk
            .iter()
            .map(|(c, trigger)| (c.attempt_id.as_str(), trigger.as_str()))
            .collect();
        let mut values: Vec<&dyn ToSql> = Vec::with_capacity(chunk.len() * 5);
        for ((c, _), (attempt_id, trigger)) in chunk.iter().zip(&texts) {
            values.extend([
                attempt_id as &dyn ToSql,
                &c.row.id,
                &c.row.attempt_count,
                trigger,
                &c.started_at,
            ]);
        }
        insert.execute(params_from_iter(values)).map_err(db_error)?;
    }
    tx.commit().map_err(db_error)?;
    Ok(claimed.into_iter().map(|(c, _)| c).collect())
}

/// Two statements per chunk of up to 64 rows: `UPDATE … FROM (VALUES …)`. One statement per
/// chunk also matters to the search index: FTS5 writes out what it holds in memory at every
/// statement that changes it from a trigger, so a statement per row would make a segment per row.
fn complete_batch(conn: &mut Connection, batch: &[Completion]) -> AppResult<()> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_error)?;
    for chunk in statement_sized_chunks(batch) {
        let mut attempts = tx
            .prepare_cached(&format!(
                "UPDATE attempts SET completed_at = j.column2, duration_ms = j.column3, category = j.column4, \
                 cause = j.column5, http_status = j.column6, request_url = j.column7, request_headers = j.column8, \
                 response_headers = j.column9, response_body = j.column10, response_body_size = j.column11, \
                 error = j.column12, hint = j.column13, next_attempt_at = j.column14 \
                 FROM (VALUES {}) AS j WHERE attempts.id = j.column1",
                value_rows(chunk.len(), 14)
            ))
            .map_err(db_error)?;
        let derived: Vec<(&str, Option<&str>, Option<i64>)> = chunk
            .iter()
            .map(|c| {
                (
                    c.category.as_str(),
                    c.cause.map(Cause::as_str),
                    c.http_status.map(i64::from),
                )
            })
            .collect();
        let mut values: Vec<&dyn ToSql> = Vec::with_capacity(chunk.len() * 14);
        for (c, (category, cause, status)) in chunk.iter().zip(&derived) {
            values.extend([
                &c.attempt_id as &dyn ToSql,
                &c.completed_at,
                &c.duration_ms,
                category,
                cause,
                status,
                &c.request_url,
                &c.request_headers,
                &c.response_headers,
                &c.response_body,
                &c.response_body_size,
                &c.error,
                &c.hint,
                &c.next_attempt_at,
            ]);
        }
        attempts
            .execute(params_from_iter(values))
            .map_err(db_error)?;

        let mut deliveries = tx
            .prepare_cached(&format!(
                "UPDATE deliveries SET state = j.column2, last_category = j.column4, \
                 last_http_status = j.column5, last_duration_ms = j.column6, updated_at = j.column7, \
                 revision = revision + 1, \
                 scheduled_attempts = scheduled_attempts - j.column9, \
                 next_attempt_at = CASE WHEN j.column2 = 'scheduled' AND (j.column8 IS NOT NULL OR {DESTINATION_PAUSED}) \
                   THEN NULL ELSE j.column3 END, \
                 hold_reason = CASE WHEN j.column2 = 'scheduled' AND {DESTINATION_PAUSED} THEN 'destination_paused' \
                   ELSE j.column8 END \
                 FROM (VALUES {}) AS j WHERE deliveries.id = j.column1",
                value_rows(chunk.len(), 9)
            ))
            .map_err(db_error)?;
        let states: Vec<(&str, Option<&str>, i64)> = chunk
            .iter()
            .map(|c| {
                (
                    c.next_state.as_str(),
                    c.hold_reason.map(HoldReason::as_str),
                    i64::from(c.uncounted),
                )
            })
            .collect();
        let mut values: Vec<&dyn ToSql> = Vec::with_capacity(chunk.len() * 9);
        for ((c, (state, hold, uncounted)), (category, _, status)) in
            chunk.iter().zip(&states).zip(&derived)
        {
            values.extend([
                &c.delivery_id as &dyn ToSql,
                state,
                &c.next_attempt_at,
                category,
                status,
                &c.duration_ms,
                &c.completed_at,
                hold,
                uncounted,
            ]);
        }
        deliveries
            .execute(params_from_iter(values))
            .map_err(db_error)?;
    }
    tx.commit().map_err(db_error)
}

fn next_due(conn: &Connection, destination_id: &str) -> AppResult<Option<i64>> {
    let mut select = conn
        .prepare_cached(
            "SELECT next_attempt_at FROM deliveries WHERE state = 'scheduled' AND destination_id = ?1 \
             AND next_attempt_at IS NOT NULL ORDER BY next_attempt_at LIMIT 1",
        )
        .map_err(db_error)?;
    let mut rows = select.query([destination_id]).map_err(db_error)?;
    match rows.next().map_err(db_error)? {
        Some(row) => row.get(0).map_err(db_error),
        None => Ok(None),
    }
}

/// `rows` groups of `columns` numbered parameters: `(?1, ?2), (?3, ?4)`.
fn value_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let values: Vec<String> = (1..=columns)
                .map(|column| format!("?{}", row * columns + column))
                .collect();
            format!("({})", values.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `count` numbered parameters from `?first` on: `?2, ?3, ?4`.
fn value_list(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("?{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Row counts of the engine's multi-row statements. A batch is cut into these sizes (largest
/// first), so each statement has a handful of shapes that stay prepared in the connection's
/// statement cache instead of one new SQL text, parsed again, per batch size.
const STATEMENT_ROWS: [usize; 4] = [64, 16, 4, 1];

fn statement_sized_chunks<T>(mut items: &[T]) -> impl Iterator<Item = &[T]> {
    std::iter::from_fn(move || {
        let size = STATEMENT_ROWS
            .into_iter()
            .find(|&size| size <= items.len())?;
        let (chunk, rest) = items.split_at(size);
        items = rest;
        Some(chunk)
    })
}

#[cfg(test)]
mod tests {
    use super::{answer, statement_sized_chunks, value_list, value_rows};
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

    #[test]
    fn batches_are_cut_into_the_fixed_statement_sizes_without_losing_a_row() {
        let items: Vec<u32> = (0..87).collect();
        let sizes: Vec<usize> = statement_sized_chunks(&items).map(<[u32]>::len).collect();
        assert_eq!(sizes, vec![64, 16, 4, 1, 1, 1]);
        let rejoined: Vec<u32> = statement_sized_chunks(&items).flatten().copied().collect();
        assert_eq!(rejoined, items);
        assert_eq!(statement_sized_chunks::<u32>(&[]).count(), 0);
        let many: Vec<u32> = (0..130).collect();
        let sizes: Vec<usize> = statement_sized_chunks(&many).map(<[u32]>::len).collect();
        assert_eq!(sizes, vec![64, 64, 1, 1]);
    }

    #[test]
    fn placeholders_number_every_value_once() {
        assert_eq!(value_rows(2, 2), "(?1, ?2), (?3, ?4)");
        assert_eq!(value_rows(1, 3), "(?1, ?2, ?3)");
        assert_eq!(value_list(2, 3), "?2, ?3, ?4");
    }
}
