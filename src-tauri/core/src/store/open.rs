//! Opens the database: refuses files that are not ours or are newer than this build before
//! touching them, keeps the folder and files private to the user, then switches on WAL and
//! applies pending migrations.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection, SqlitePool};

use super::{latest_schema_version, MIGRATOR};
use crate::error::{AppError, ErrorCode};

pub const DATABASE_FILE_NAME: &str = "api-destinations.sqlite3";

/// An open, migrated database.
#[derive(Clone, Debug)]
pub struct Database {
    pub pool: SqlitePool,
    pub path: PathBuf,
    pub schema_version: i64,
}

/// Opens (creating if needed) the database at `path`.
///
/// Errors carry one of the `database_*` codes and a message that says what to do. A file that
/// is not a database or that a newer version wrote is left exactly as it was.
pub async fn open_database(path: &Path) -> Result<Database, AppError> {
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        super::private::create_folder(folder).map_err(|err| {
            AppError::new(
                ErrorCode::DatabaseUnavailable,
                format!(
                    "Cannot create the data folder {}: {err}. Check that your user may write there.",
                    folder.display()
                ),
            )
        })?;
    }
    if path.exists() {
        inspect_existing(path).await?;
    } else {
        // Created here, private, before SQLite creates it with the umask's mode: SQLite gives
        // the -wal and -shm files the database file's mode.
        super::private::create_file(path).map_err(|err| open_error(path, &err))?;
    }
    super::private::tighten_database_files(path);

    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        // Deleted rows (pruned deliveries, removed contacts) are zeroed, not left readable in
        // free pages.
        .pragma("secure_delete", "ON")
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(|err| open_error(path, &err))?;
    MIGRATOR.run(&pool).await.map_err(|err| {
        AppError::new(
            ErrorCode::DatabaseUnavailable,
            format!("Could not update the database {}: {err}", path.display()),
        )
    })?;
    let schema_version = applied_version(&pool).await?;
    Ok(Database {
        pool,
        path: path.to_owned(),
        schema_version,
    })
}

/// Reads an existing file without writing to it: is it SQLite, and is its schema ours?
async fn inspect_existing(path: &Path) -> Result<(), AppError> {
    let url = format!("sqlite://{}", path.display());
    let options = SqliteConnectOptions::from_str(&url)
        .map_err(|err| open_error(path, &err))?
        .read_only(true);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(|err| open_error(path, &err))?;
    let has_migrations: Option<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(&mut conn)
    .await
    .map_err(|err| open_error(path, &err))?;
    if has_migrations.is_some() {
        let (newest,): (Option<i64>,) =
            sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
                .fetch_one(&mut conn)
                .await
                .map_err(|err| open_error(path, &err))?;
        let ours = latest_schema_version();
        if let Some(theirs) = newest.filter(|v| *v > ours) {
            let _ = conn.close().await;
            return Err(AppError::new(
                ErrorCode::DatabaseTooNew,
                format!(
                    "The database {} was written by a newer version of API Destinations \
                     (schema {theirs}; this version knows up to {ours}). Install the newer \
                     version to open it. The file has not been changed.",
                    path.display()
                ),
            ));
        }
    }
    let _ = conn.close().await;
    Ok(())
}

async fn applied_version(pool: &SqlitePool) -> Result<i64, AppError> {
    let (version,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(pool)
            .await?;
    Ok(version.unwrap_or(0))
}

/// Maps SQLite's open failures to the two cases a user can act on differently.
fn open_error(path: &Path, err: &dyn std::fmt::Display) -> AppError {
    let text = err.to_string();
    if text.contains("file is not a database") || text.contains("malformed") {
        AppError::new(
            ErrorCode::DatabaseNotADatabase,
            format!(
                "{} is not an API Destinations database, or it is damaged ({text}). \
                 Quit the app, move the file aside (or restore a backup), and start again: \
                 a new empty database will be created. The file has not been changed.",
                path.display()
            ),
        )
    } else {
        AppError::new(
            ErrorCode::DatabaseUnavailable,
            format!(
                "Cannot open the database {} ({text}). Check that the file and its folder \
                 exist and that your user may read and write them.",
                path.display()
            ),
        )
    }
}
