//! The database check (opens, schema version, size) and the delivery queue's counts, read
//! through a read-only connection: the doctor neither creates nor migrates the database.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use apidest_core::store::{latest_schema_version, DATABASE_FILE_NAME};
use serde::Serialize;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

use super::report::Check;

#[derive(Debug, Serialize)]
pub struct DatabaseDetails {
    pub path: String,
    pub exists: bool,
    /// The newest applied migration; `null` when the file is missing or unreadable.
    pub schema_version: Option<i64>,
    /// The newest migration this build knows.
    pub latest_schema_version: i64,
    /// The database's size on disk: the file plus its -wal file; `null` when missing.
    pub size_bytes: Option<u64>,
}

#[derive(Debug, Default, Serialize)]
pub struct DeliveryCounts {
    /// Scheduled and free to go. All four counts are `null` when the database is unreadable.
    pub queued: Option<i64>,
    /// Scheduled but held back (destination paused, offline, keyring locked).
    pub held: Option<i64>,
    /// Held deliveries by their reason, e.g. {"offline": 3}.
    pub held_by_reason: BTreeMap<String, i64>,
    pub in_flight: Option<i64>,
    /// Failed or exhausted (retries used up).
    pub failed: Option<i64>,
}

/// What the database check read, for the keyring and queue checks.
pub struct DbFacts {
    pub auth_configs: i64,
    counts: DeliveryCounts,
    /// The app's settings (`app_settings`), for the local servers' checks.
    pub settings: BTreeMap<String, String>,
}

pub async fn check(dir: &Path) -> (Check<DatabaseDetails>, Option<DbFacts>) {
    let path = dir.join(DATABASE_FILE_NAME);
    let mut details = DatabaseDetails {
        path: path.display().to_string(),
        exists: false,
        schema_version: None,
        latest_schema_version: latest_schema_version(),
        size_bytes: None,
    };
    let size = match std::fs::metadata(&path) {
        Ok(meta) => meta.len(),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let facts = DbFacts {
                auth_configs: 0,
                counts: zero_counts(),
                settings: BTreeMap::new(),
            };
            return (
                Check::ok(
                    format!(
                        "{} does not exist yet; it is created when the app or apidest first uses it.",
                        path.display()
                    ),
                    details,
                ),
                Some(facts),
            );
        }
        Err(err) => {
            return (
                Check::problem(
                    format!("{} cannot be read: {err}.", path.display()),
                    "Check that your user may read and write the file and its folder.",
                    details,
                ),
                None,
            )
        }
    };
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let size = size + std::fs::metadata(Path::new(&wal)).map_or(0, |m| m.len());
    details.exists = true;
    details.size_bytes = Some(size);
    match read(&path).await {
        Ok((version, facts)) => {
            details.schema_version = Some(version);
            let latest = details.latest_schema_version;
            let check = if version > latest {
                Check::problem(
                    format!(
                        "{} was written by a newer version (schema {version}; this build knows \
                         up to {latest}).",
                        path.display()
                    ),
                    "Install the newer version of API Destinations to use this data folder.",
                    details,
                )
            } else if version < latest {
                Check::warning(
                    format!(
                        "{} opens; schema {version} of {latest}, {size} bytes.",
                        path.display()
                    ),
                    "Nothing to do: the app or any apidest command updates it when it next opens it.",
                    details,
                )
            } else {
                Check::ok(
                    format!(
                        "{} opens; schema {version} (current), {size} bytes.",
                        path.display()
                    ),
                    details,
                )
            };
            (check, Some(facts))
        }
        Err(err) => (
            Check::problem(
                format!(
                    "{} is not a usable API Destinations database: {err}.",
                    path.display()
                ),
                format!(
                    "Quit the app, move {} aside (or restore a backup) and start again: a new \
                     empty database is created. The doctor has not changed the file.",
                    path.display()
                ),
                details,
            ),
            None,
        ),
    }
}

fn zero_counts() -> DeliveryCounts {
    DeliveryCounts {
        queued: Some(0),
        held: Some(0),
        held_by_reason: BTreeMap::new(),
        in_flight: Some(0),
        failed: Some(0),
    }
}

/// Opens read-only, checks the file's structure, and reads the schema version and counts.
async fn read(path: &Path) -> Result<(i64, DbFacts), String> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .busy_timeout(Duration::from_secs(5));
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| e.to_string())?;
    let result = read_on(&mut conn).await.map_err(|e| e.to_string());
    let _ = conn.close().await;
    result
}

async fn read_on(conn: &mut SqliteConnection) -> Result<(i64, DbFacts), sqlx::Error> {
    let (integrity,): (String,) = sqlx::query_as("PRAGMA quick_check(1)")
        .fetch_one(&mut *conn)
        .await?;
    if integrity != "ok" {
        return Err(sqlx::Error::Protocol(format!("damaged ({integrity})")));
    }
    let tables: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut *conn)
            .await?;
    let has = |name: &str| tables.iter().any(|(t,)| t == name);
    if !has("_sqlx_migrations") {
        if tables.is_empty() {
            // An empty file is an empty database: the next open sets it up.
            return Ok((
                0,
                DbFacts {
                    auth_configs: 0,
                    counts: zero_counts(),
                    settings: BTreeMap::new(),
                },
            ));
        }
        return Err(sqlx::Error::Protocol(
            "it holds tables but no API Destinations schema".into(),
        ));
    }
    let (version,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(&mut *conn)
            .await?;
    let auth_configs = if has("auth_configs") {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM auth_configs")
            .fetch_one(&mut *conn)
            .await?;
        n
    } else {
        0
    };
    let counts = if has("deliveries") {
        count_deliveries(conn).await?
    } else {
        zero_counts()
    };
    let settings: Vec<(String, String)> = if has("app_settings") {
        sqlx::query_as("SELECT key, value FROM app_settings")
            .fetch_all(&mut *conn)
            .await?
    } else {
        Vec::new()
    };
    Ok((
        version.unwrap_or(0),
        DbFacts {
            auth_configs,
            counts,
            settings: settings.into_iter().collect(),
        },
    ))
}

async fn count_deliveries(conn: &mut SqliteConnection) -> Result<DeliveryCounts, sqlx::Error> {
    let (queued, held, in_flight, failed): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT
           COALESCE(SUM(state = 'scheduled' AND hold_reason IS NULL), 0),
           COALESCE(SUM(state = 'scheduled' AND hold_reason IS NOT NULL), 0),
           COALESCE(SUM(state = 'in_flight'), 0),
           COALESCE(SUM(state IN ('failed', 'exhausted')), 0)
         FROM deliveries",
    )
    .fetch_one(&mut *conn)
    .await?;
    let reasons: Vec<(String, i64)> = sqlx::query_as(
        "SELECT hold_reason, COUNT(*) FROM deliveries
         WHERE state = 'scheduled' AND hold_reason IS NOT NULL GROUP BY hold_reason",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(DeliveryCounts {
        queued: Some(queued),
        held: Some(held),
        held_by_reason: reasons.into_iter().collect(),
        in_flight: Some(in_flight),
        failed: Some(failed),
    })
}

/// The queue check. Failed deliveries are history and do not make it a warning by themselves;
/// work that nothing is sending, and held work, do.
pub fn deliveries_check(facts: Option<&DbFacts>, engine_running: bool) -> Check<DeliveryCounts> {
    let Some(facts) = facts else {
        return Check::warning(
            "Cannot count deliveries: the database cannot be read.",
            "Fix the database first (see above).",
            DeliveryCounts::default(),
        );
    };
    let c = &facts.counts;
    let n = |v: Option<i64>| v.unwrap_or(0);
    let (queued, held, in_flight, failed) = (n(c.queued), n(c.held), n(c.in_flight), n(c.failed));
    let summary = format!("{queued} queued, {held} held, {in_flight} in flight, {failed} failed.");
    let details = DeliveryCounts {
        queued: c.queued,
        held: c.held,
        held_by_reason: c.held_by_reason.clone(),
        in_flight: c.in_flight,
        failed: c.failed,
    };
    if !engine_running && queued + in_flight > 0 {
        return Check::warning(
            format!("{summary} No engine is running here, so nothing sends them."),
            "Open the app, or run `apidest work --until-idle`.",
            details,
        );
    }
    if held > 0 {
        let fixes: Vec<&str> = details
            .held_by_reason
            .keys()
            .map(|reason| match reason.as_str() {
                "destination_paused" => "resume the paused destination in the app",
                "offline" => "they go out by themselves once the network is back",
                "keyring_locked" => "unlock the system keyring",
                _ => "see `apidest deliveries list`",
            })
            .collect();
        return Check::warning(
            summary,
            format!("Held deliveries wait: {}.", fixes.join("; ")),
            details,
        );
    }
    Check::ok(summary, details)
}
