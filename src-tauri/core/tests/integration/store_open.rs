//! Opening the database: fresh, reopened, newer than us, and not a database at all.

use std::path::Path;

use apidest_core::store::{latest_schema_version, open_database, settings};
use apidest_core::ErrorCode;

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read database file")
}

#[tokio::test]
async fn migrations_apply_on_an_empty_folder_with_wal_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/app.sqlite3");
    let db = open_database(&path).await.expect("open fresh database");
    assert_eq!(db.schema_version, latest_schema_version());
    assert!(db.schema_version >= 1);

    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(fk, 1);
}

#[tokio::test]
async fn data_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    let db = open_database(&path).await.unwrap();
    settings::set(&db.pool, "retention_days", "30")
        .await
        .unwrap();
    db.pool.close().await;

    let db = open_database(&path).await.unwrap();
    assert_eq!(
        settings::get(&db.pool, "retention_days").await.unwrap(),
        Some("30".to_owned())
    );
}

#[tokio::test]
async fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    let db = open_database(&path).await.unwrap();
    let newer = latest_schema_version() + 7;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (?, 'from the future', 1, x'00', 0)",
    )
    .bind(newer)
    .execute(&db.pool)
    .await
    .unwrap();
    // Fold the WAL into the main file so the file alone is the whole database.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&db.pool)
        .await
        .unwrap();
    db.pool.close().await;
    let before = file_bytes(&path);

    let err = open_database(&path)
        .await
        .expect_err("newer schema must be refused");
    assert_eq!(err.code, ErrorCode::DatabaseTooNew);
    assert!(err.message.contains(&newer.to_string()), "{}", err.message);
    assert!(err.message.contains("newer version"), "{}", err.message);
    assert_eq!(file_bytes(&path), before, "the refused file was modified");
}

#[tokio::test]
async fn a_file_that_is_not_a_database_gets_a_clear_error_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    let junk = b"these are my notes, not a database\n".repeat(200);
    std::fs::write(&path, &junk).unwrap();

    let err = open_database(&path)
        .await
        .expect_err("junk must be refused");
    assert_eq!(err.code, ErrorCode::DatabaseNotADatabase);
    assert!(
        err.message.contains("move the file aside"),
        "{}",
        err.message
    );
    assert_eq!(file_bytes(&path), junk);
}

#[cfg(unix)]
#[tokio::test]
async fn an_unwritable_folder_says_what_to_check() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // A file where the data folder should be: no user, root included, can create inside it.
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, b"").unwrap();
    std::fs::set_permissions(&blocker, std::fs::Permissions::from_mode(0o444)).unwrap();

    let err = open_database(&blocker.join("app.sqlite3"))
        .await
        .expect_err("cannot create a database inside a file");
    assert_eq!(err.code, ErrorCode::DatabaseUnavailable);
    assert!(err.message.contains("data folder"), "{}", err.message);
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// The database's -wal and -shm files beside it.
fn wal_files(path: &Path) -> [std::path::PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        name.into()
    })
}

#[cfg(unix)]
#[tokio::test]
async fn a_fresh_data_folder_and_its_database_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data/api-destinations");
    let path = folder.join("app.sqlite3");
    let db = open_database(&path).await.unwrap();
    settings::set(&db.pool, "retention_days", "30")
        .await
        .unwrap();
    assert_eq!(mode(&folder), 0o700, "data folder");
    assert_eq!(mode(&path), 0o600, "database");
    for file in wal_files(&path) {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

#[cfg(unix)]
#[tokio::test]
async fn an_existing_open_data_folder_is_tightened_at_open() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data");
    let path = folder.join("app.sqlite3");
    let db = open_database(&path).await.unwrap();
    settings::set(&db.pool, "retention_days", "30")
        .await
        .unwrap();
    db.pool.close().await;
    // As an earlier version left them: readable by everyone.
    let loose = |p: &Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    };
    loose(&folder, 0o755);
    loose(&path, 0o644);
    for file in wal_files(&path).iter().filter(|f| f.exists()) {
        loose(file, 0o644);
    }

    let db = open_database(&path).await.unwrap();
    settings::set(&db.pool, "retention_days", "31")
        .await
        .unwrap();
    assert_eq!(mode(&folder), 0o700, "data folder");
    assert_eq!(mode(&path), 0o600, "database");
    for file in wal_files(&path) {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

#[tokio::test]
async fn deleted_rows_do_not_stay_readable_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    let db = open_database(&path).await.unwrap();
    let marker = "deleted-row-marker-0f9e8d7c";
    settings::set(&db.pool, "note", marker).await.unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&db.pool)
        .await
        .unwrap();
    assert!(contains(&file_bytes(&path), marker), "the row was written");

    sqlx::query("DELETE FROM app_settings WHERE key = 'note'")
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&db.pool)
        .await
        .unwrap();
    db.pool.close().await;
    assert!(
        !contains(&file_bytes(&path), marker),
        "the deleted row is still in the file's free space"
    );
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}
