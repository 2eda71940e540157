//! Writes a planned import's rows on one connection (the import's transaction).

use std::collections::BTreeSet;

use sqlx::SqliteConnection;

use super::plan::Write;
use crate::error::AppResult;
use crate::ids::ContactId;

pub(super) async fn apply(conn: &mut SqliteConnection, writes: &[Write]) -> AppResult<()> {
    for write in writes {
        match write {
            // Created without secrets: the user enters them on this machine.
            Write::Auth { id, name, settings } => {
                crate::auth::insert_row(conn, id, name, settings, &BTreeSet::new()).await?
            }
            Write::Destination { id, input } => {
                crate::destinations::insert_row(conn, id, input).await?
            }
            Write::Rule { id, input } => crate::rules::insert_row(conn, id, input).await?,
            Write::Contact(fields) => {
                crate::contacts::insert_row(conn, &ContactId::generate(), fields).await?
            }
            Write::Team(team) => crate::contacts::save_team(conn, team).await?,
        }
    }
    Ok(())
}
