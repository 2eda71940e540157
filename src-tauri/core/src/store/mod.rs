//! The local SQLite database: opening it safely, and the embedded numbered migrations.

mod changes;
pub mod json;
mod open;
mod private;
pub mod settings;

pub use changes::{data_version, fingerprints, DataKind};
pub use open::{open_database, Database, DATABASE_FILE_NAME};
pub use private::create_folder as create_private_folder;

/// The migrations in `migrations/`, numbered and embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The newest schema version this build knows.
pub fn latest_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}
