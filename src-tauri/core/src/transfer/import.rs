//! Import: parse, check every item, classify each against what exists (created, skipped
//! because identical, conflicting because different), then write everything in one
//! transaction — or nothing when any item is invalid.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use sqlx::SqlitePool;
use ts_rs::TS;

use super::document::{ExportDocument, ExportedDestination, EXPORT_FORMAT};
use crate::auth;
use crate::destinations::static_secrets::{drop_masked_query, is_masked_header};
use crate::destinations::{self, validate_destination, DestinationInput};
use crate::error::{AppError, AppResult};
use crate::ids::{AuthId, DestinationId};
use crate::naming::name_key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    /// New; for an auth config, its secrets still need to be entered.
    Created,
    /// Already here with the same settings.
    Skipped,
    /// Already here with different settings: left unchanged.
    Conflicting,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportItem {
    /// `auth_config` or `destination`.
    pub item_type: String,
    pub name: String,
    pub outcome: ImportOutcome,
    /// What the user should know or do, e.g. "secret needed: enter the token".
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportReport {
    pub items: Vec<ImportItem>,
}

/// Imports a document given as JSON text.
pub async fn import_document(pool: &SqlitePool, json: &str) -> AppResult<ImportReport> {
    import(pool, json, true).await
}

/// The report an import would give, from the same checks and writes rolled back at the end:
/// nothing is changed.
pub async fn preview_import(pool: &SqlitePool, json: &str) -> AppResult<ImportReport> {
    import(pool, json, false).await
}

async fn import(pool: &SqlitePool, json: &str, commit: bool) -> AppResult<ImportReport> {
    let doc: ExportDocument = serde_json::from_str(json).map_err(|e| {
        AppError::validation(format!(
            "The file is not an API Destinations export: {e} (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    if doc.format != EXPORT_FORMAT {
        return Err(AppError::validation(format!(
            "The file's format is \"{}\"; this version reads \"{EXPORT_FORMAT}\"",
            doc.format
        )));
    }
    check_document(pool, &doc).await?;

    let existing_auth = auth::list_auth_configs(pool).await?;
    let existing_dest = destinations::list_destinations(pool).await?;
    let mut auth_ids: HashMap<String, AuthId> = existing_auth
        .iter()
        .map(|a| (name_key(&a.name), a.id.clone()))
        .collect();

    let mut items = Vec::new();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;

    for config in &doc.auth_configs {
        let key = name_key(&config.name);
        match existing_auth.iter().find(|a| name_key(&a.name) == key) {
            Some(found) if found.settings == config.settings => items.push(item(
                "auth_config",
                &config.name,
                ImportOutcome::Skipped,
                "already here with the same settings",
            )),
            Some(found) => items.push(item(
                "auth_config",
                &config.name,
                ImportOutcome::Conflicting,
                &format!(
                    "\"{}\" already exists with other settings; it was left unchanged",
                    found.name
                ),
            )),
            None => {
                let id = AuthId::generate();
                auth::insert_row(
                    &mut tx,
                    &id,
                    config.name.trim(),
                    &config.settings,
                    &BTreeSet::new(),
                )
                .await?;
                auth_ids.insert(key, id);
                items.push(item(
                    "auth_config",
                    &config.name,
                    ImportOutcome::Created,
                    &format!(
                        "secret needed: enter the {} in API Auth before using it",
                        config.settings.secret_fields().join(" and ")
                    ),
                ));
            }
        }
    }

    for exported in &doc.destinations {
        let input = to_input(exported, &auth_ids);
        let key = name_key(&exported.name);
        match existing_dest
            .iter()
            .find(|d| name_key(&d.input.name) == key)
        {
            Some(found) if same_destination(&found.input, &input) => items.push(item(
                "destination",
                &exported.name,
                ImportOutcome::Skipped,
                "already here with the same settings",
            )),
            Some(found) => items.push(item(
                "destination",
                &exported.name,
                ImportOutcome::Conflicting,
                &format!(
                    "\"{}\" already exists with other settings; it was left unchanged",
                    found.input.name
                ),
            )),
            None => {
                destinations::insert_row(&mut tx, &DestinationId::generate(), &input).await?;
                items.push(item(
                    "destination",
                    &exported.name,
                    ImportOutcome::Created,
                    &secrets_to_retype(exported),
                ));
            }
        }
    }
    if commit {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(ImportReport { items })
}

/// Every problem in the document, all at once; nothing is written when there is one.
async fn check_document(pool: &SqlitePool, doc: &ExportDocument) -> AppResult<()> {
    let mut problems: Vec<String> = Vec::new();
    let mut auth_names: BTreeSet<String> = BTreeSet::new();
    for (i, config) in doc.auth_configs.iter().enumerate() {
        let label = format!("auth config {} (\"{}\")", i + 1, config.name);
        if let Err(e) = auth::validate_name(&config.name) {
            problems.push(format!("{label}: {}", e.message));
        }
        if let Err(e) = config.settings.validate() {
            problems.push(format!("{label}: {}", e.message));
        }
        if !auth_names.insert(name_key(&config.name)) {
            problems.push(format!("{label}: the name appears twice in the file"));
        }
    }
    let known_auth: BTreeSet<String> = auth::list_auth_configs(pool)
        .await?
        .into_iter()
        .map(|a| name_key(&a.name))
        .chain(auth_names.iter().cloned())
        .collect();
    let mut dest_names: BTreeSet<String> = BTreeSet::new();
    for (i, exported) in doc.destinations.iter().enumerate() {
        let label = format!("destination {} (\"{}\")", i + 1, exported.name);
        let input = to_input(exported, &HashMap::new());
        for issue in validate_destination(&input) {
            problems.push(format!("{label}: {}", issue.message));
        }
        if let Some(auth) = &exported.auth {
            if !known_auth.contains(&name_key(auth)) {
                problems.push(format!(
                    "{label}: its API Auth \"{auth}\" is neither in the file nor on this machine"
                ));
            }
        }
        if !dest_names.insert(name_key(&exported.name)) {
            problems.push(format!("{label}: the name appears twice in the file"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::validation(format!(
            "Nothing was imported. Fix these problems in the file and try again:\n- {}",
            problems.join("\n- ")
        )))
    }
}

fn to_input(
    exported: &ExportedDestination,
    auth_ids: &HashMap<String, AuthId>,
) -> DestinationInput {
    destinations::normalise(DestinationInput {
        name: exported.name.clone(),
        // A masked secret (as an export writes it) is left out, never imported as the mask.
        endpoint: drop_masked_query(&exported.endpoint).0,
        method: exported.method,
        body_format: exported.body_format,
        auth_id: exported
            .auth
            .as_ref()
            .and_then(|name| auth_ids.get(&name_key(name)).cloned()),
        headers: exported
            .headers
            .iter()
            .filter(|h| !is_masked_header(h))
            .cloned()
            .collect(),
        timeout_secs: exported.timeout_secs,
        retry: exported.retry.clone(),
        rate_limit_per_sec: exported.rate_limit_per_sec,
        concurrency_limit: exported.concurrency_limit,
        enabled: exported.enabled,
        test: exported.test.clone(),
    })
}

/// What the user must enter again: the secrets typed into static headers or the query, which an
/// export does not carry.
fn secrets_to_retype(exported: &ExportedDestination) -> String {
    let mut names: Vec<String> = exported
        .headers
        .iter()
        .filter(|h| is_masked_header(h))
        .map(|h| format!("header {}", h.name))
        .collect();
    names.extend(
        drop_masked_query(&exported.endpoint)
            .1
            .into_iter()
            .map(|n| format!("query parameter {n}")),
    );
    if names.is_empty() {
        return String::new();
    }
    format!(
        "secret needed: the value of {} is not in the file; enter it again (best in API Auth)",
        names.join(" and ")
    )
}

/// Equal apart from the name's case.
fn same_destination(a: &DestinationInput, b: &DestinationInput) -> bool {
    let mut b = b.clone();
    b.name = a.name.clone();
    *a == b
}

fn item(item_type: &str, name: &str, outcome: ImportOutcome, note: &str) -> ImportItem {
    ImportItem {
        item_type: item_type.to_owned(),
        name: name.trim().to_owned(),
        outcome,
        note: note.to_owned(),
    }
}
