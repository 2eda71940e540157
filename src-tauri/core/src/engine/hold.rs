//! What holds a scheduled delivery back, as the writes need it: who paused a destination, and
//! which destinations are paused now. The queue, the engine's connection, pausing and the
//! offline release all read it; it depends on none of them.

use std::collections::HashSet;

use sqlx::SqliteConnection;

use crate::error::AppResult;

/// Who paused a destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseReason {
    User,
    CircuitBreaker,
}

impl PauseReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::CircuitBreaker => "circuit_breaker",
        }
    }
}

/// The SQL condition "this row's destination is paused", for statements on `deliveries`. An
/// uncorrelated `IN` runs once per statement.
pub(crate) const DESTINATION_PAUSED: &str =
    "deliveries.destination_id IN (SELECT id FROM destinations WHERE paused_at IS NOT NULL)";

/// Destinations paused now, read on the writing transaction's connection so a pause cannot
/// come between the read and the write.
pub(crate) async fn paused_destinations(conn: &mut SqliteConnection) -> AppResult<HashSet<String>> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM destinations WHERE paused_at IS NOT NULL")
            .fetch_all(&mut *conn)
            .await?;
    Ok(ids.into_iter().collect())
}
