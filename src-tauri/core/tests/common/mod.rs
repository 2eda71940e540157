//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses its own subset

use apidest_core::store::{open_database, Database};

/// A migrated database in a temporary folder that lives as long as the returned guard.
pub async fn fresh_db() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = open_database(&dir.path().join("app.sqlite3"))
        .await
        .expect("open a fresh database");
    (dir, db)
}
