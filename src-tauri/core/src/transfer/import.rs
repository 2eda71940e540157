//! Import: parse, plan (check every item and classify it against what exists: created,
//! identical, or conflicting because different), then write everything in one transaction —
//! or nothing when any item is invalid.

use sqlx::SqlitePool;

use super::apply::apply;
use super::document::{ExportDocument, EXPORT_FORMAT, IMPORT_FORMATS};
use super::plan::plan_import;
use super::report::ImportReport;
use crate::error::{AppError, AppResult};

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
    let doc = parse(json)?;
    // Taken first, so nothing changes between what the plan reads and what it writes.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let plan = plan_import(pool, &doc).await?;
    apply(&mut tx, &plan.writes).await?;
    if commit {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(ImportReport { items: plan.items })
}

fn parse(json: &str) -> AppResult<ExportDocument> {
    let doc: ExportDocument = serde_json::from_str(json).map_err(|e| {
        AppError::validation(format!(
            "The file is not an API Destinations export: {e} (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    if !IMPORT_FORMATS.contains(&doc.format.as_str()) {
        return Err(AppError::validation(format!(
            "The file's format is \"{}\"; this version reads \"{EXPORT_FORMAT}\" and the earlier \"{}\"",
            doc.format, IMPORT_FORMATS[0]
        )));
    }
    Ok(doc)
}
