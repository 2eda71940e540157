//! Stored sample contacts and the team profile.

use sqlx::{SqliteConnection, SqlitePool};

use super::model::{Contact, ContactInput, Team};
use super::seeds::{sample_contacts, sample_team};
use crate::error::{AppError, AppResult};
use crate::ids::ContactId;
use crate::store::json::encode;
use crate::store::settings;
use crate::time::now_rfc3339;

const SEEDED_KEY: &str = "samples_seeded";

/// On the first start, the built-in team and contacts. Once only: a user who deletes them
/// does not get them back.
pub async fn seed_samples_once(pool: &SqlitePool) -> AppResult<()> {
    if settings::get(pool, SEEDED_KEY).await?.is_some() {
        return Ok(());
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let now = now_rfc3339();
    sqlx::query("INSERT OR IGNORE INTO team (singleton, document, updated_at) VALUES (1, ?, ?)")
        .bind(encode(&sample_team())?)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    for contact in sample_contacts() {
        sqlx::query(
            "INSERT INTO contacts (id, document, created_at, updated_at) VALUES (?, ?, ?, ?)",
        )
        .bind(ContactId::generate().as_str())
        .bind(encode(&contact.normalised()?)?)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("INSERT OR REPLACE INTO app_settings (key, value) VALUES (?, ?)")
        .bind(SEEDED_KEY)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list_contacts(pool: &SqlitePool) -> AppResult<Vec<Contact>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, document FROM contacts ORDER BY created_at, rowid")
            .fetch_all(pool)
            .await?;
    rows.into_iter()
        .map(|(id, doc)| decode(&id, &doc))
        .collect()
}

pub async fn get_contact(pool: &SqlitePool, id: &ContactId) -> AppResult<Contact> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT id, document FROM contacts WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(pool)
            .await?;
    match row {
        Some((id, doc)) => decode(&id, &doc),
        None => Err(AppError::not_found(format!(
            "Sample contact {id} does not exist"
        ))),
    }
}

pub async fn create_contact(pool: &SqlitePool, input: ContactInput) -> AppResult<Contact> {
    let fields = input.normalised()?;
    let id = ContactId::generate();
    insert_row(&mut *pool.acquire().await?, &id, &fields).await?;
    Ok(Contact { id, fields })
}

/// Inserts a contact whose fields are already normalised, e.g. inside an import's transaction.
pub(crate) async fn insert_row(
    conn: &mut SqliteConnection,
    id: &ContactId,
    fields: &ContactInput,
) -> AppResult<()> {
    let now = now_rfc3339();
    sqlx::query("INSERT INTO contacts (id, document, created_at, updated_at) VALUES (?, ?, ?, ?)")
        .bind(id.as_str())
        .bind(encode(fields)?)
        .bind(&now)
        .bind(&now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn update_contact(
    pool: &SqlitePool,
    id: &ContactId,
    input: ContactInput,
) -> AppResult<Contact> {
    let fields = input.normalised()?;
    let done = sqlx::query("UPDATE contacts SET document = ?, updated_at = ? WHERE id = ?")
        .bind(encode(&fields)?)
        .bind(now_rfc3339())
        .bind(id.as_str())
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found(format!(
            "Sample contact {id} does not exist"
        )));
    }
    Ok(Contact {
        id: id.clone(),
        fields,
    })
}

pub async fn delete_contact(pool: &SqlitePool, id: &ContactId) -> AppResult<()> {
    let done = sqlx::query("DELETE FROM contacts WHERE id = ?")
        .bind(id.as_str())
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::not_found(format!(
            "Sample contact {id} does not exist"
        )));
    }
    Ok(())
}

/// The team profile; the built-in one until the user saves their own.
pub async fn get_team(pool: &SqlitePool) -> AppResult<Team> {
    let row: Option<(String,)> = sqlx::query_as("SELECT document FROM team WHERE singleton = 1")
        .fetch_optional(pool)
        .await?;
    match row {
        Some((doc,)) => serde_json::from_str(&doc)
            .map_err(|e| AppError::internal(format!("stored team profile unreadable: {e}"))),
        None => Ok(sample_team()),
    }
}

pub async fn update_team(pool: &SqlitePool, team: Team) -> AppResult<Team> {
    let name = team.name.trim();
    if name.is_empty() {
        return Err(AppError::validation("Team name is required"));
    }
    if team.id.trim().is_empty() {
        return Err(AppError::validation("Team id is required"));
    }
    let team = Team {
        name: name.to_owned(),
        ..team
    };
    save_team(&mut *pool.acquire().await?, &team).await?;
    Ok(team)
}

/// Saves a team the caller has checked, e.g. inside an import's transaction.
pub(crate) async fn save_team(conn: &mut SqliteConnection, team: &Team) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO team (singleton, document, updated_at) VALUES (1, ?, ?) \
         ON CONFLICT(singleton) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
    )
    .bind(encode(team)?)
    .bind(now_rfc3339())
    .execute(conn)
    .await?;
    Ok(())
}

fn decode(id: &str, doc: &str) -> AppResult<Contact> {
    let fields: ContactInput = serde_json::from_str(doc)
        .map_err(|e| AppError::internal(format!("stored contact {id} unreadable: {e}")))?;
    Ok(Contact {
        id: id.parse()?,
        fields,
    })
}
