//! Noticing writes made by another process (`apidest`, a second window, a script): SQLite's
//! `data_version` moves when another connection commits, and a cheap fingerprint per kind of
//! data says which lists are out of date.

use serde::Serialize;
use sqlx::SqliteConnection;
use ts_rs::TS;

/// What a window may be showing that another process changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DataKind {
    Destinations,
    AuthConfigs,
    Rules,
    Contacts,
    Deliveries,
    Events,
}

impl DataKind {
    pub const ALL: [DataKind; 6] = [
        Self::Destinations,
        Self::AuthConfigs,
        Self::Rules,
        Self::Contacts,
        Self::Deliveries,
        Self::Events,
    ];

    /// A query whose answer changes whenever a row of this kind is added, changed or removed:
    /// row count and newest edit for the small tables; for deliveries the newest row id, which
    /// is O(1) at a million rows (their changes in place reach the window through the engine,
    /// and retention announces what it deletes).
    fn fingerprint_sql(self) -> &'static str {
        match self {
            Self::Destinations => {
                "SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM destinations"
            }
            Self::AuthConfigs => {
                "SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM auth_configs"
            }
            Self::Rules => "SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM rules",
            Self::Contacts => {
                "SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM contacts"
            }
            Self::Deliveries => "SELECT CAST(coalesce(max(rowid), 0) AS TEXT) FROM deliveries",
            // Events are only added (and pruned from the oldest): the newest row id says enough.
            Self::Events => "SELECT CAST(coalesce(max(rowid), 0) AS TEXT) FROM events",
        }
    }
}

/// A counter SQLite moves each time another connection (of this process or another one)
/// commits; unchanged means nothing needs to be read again.
pub async fn data_version(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("PRAGMA data_version")
        .fetch_one(conn)
        .await
}

/// The fingerprint of every kind, in [`DataKind::ALL`]'s order.
pub async fn fingerprints(conn: &mut SqliteConnection) -> Result<Vec<String>, sqlx::Error> {
    let mut out = Vec::with_capacity(DataKind::ALL.len());
    for kind in DataKind::ALL {
        out.push(
            sqlx::query_scalar(kind.fingerprint_sql())
                .fetch_one(&mut *conn)
                .await?,
        );
    }
    Ok(out)
}
