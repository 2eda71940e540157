//! `apidest export` / `apidest import`: the app's export document (API Auth configs without
//! their secrets, and destinations), so a set-up can live in a repository and be applied on
//! another machine. Import writes all or nothing; `--dry-run` reports without writing.

use std::io::Write;
use std::path::{Path, PathBuf};

use apidest_core::transfer::{
    export_document, import_document, preview_import, ImportOutcome, ImportReport,
};
use clap::Args;
use serde_json::json;

use crate::args::DataArgs;
use crate::data::{fail, open};
use crate::manage_io::{pretty, read_text};

#[derive(Args)]
pub struct ExportArgs {
    /// Where to write the document; - or nothing for stdout. An existing file is replaced
    /// only once the whole document is written.
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The export document to read; - for stdin.
    #[arg(value_name = "FILE|-")]
    pub file: PathBuf,
    /// Print what would be created, skipped as identical, or left as conflicting, and write
    /// nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as JSON (documented in the README).
    #[arg(long)]
    pub json: bool,
}

pub async fn export(args: &DataArgs, export: ExportArgs) -> Result<String, String> {
    let db = open(args).await?;
    let doc = export_document(&db.pool).await.map_err(fail)?;
    let text = pretty(&doc)?;
    match export.file.as_deref() {
        None => Ok(text),
        Some(path) if path.as_os_str() == "-" => Ok(text),
        Some(path) => {
            write_whole(path, &text)?;
            Ok(format!(
                "Exported {} API Auth config(s) (without secrets) and {} destination(s) to {}",
                doc.auth_configs.len(),
                doc.destinations.len(),
                path.display()
            ))
        }
    }
}

/// Writes beside the target and renames over it: a failed write never leaves half a file.
fn write_whole(path: &Path, text: &str) -> Result<(), String> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let failed = |e: std::io::Error| format!("apidest: cannot write {}: {e}", path.display());
    let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(failed)?;
    temp.write_all(text.as_bytes()).map_err(failed)?;
    temp.write_all(b"\n").map_err(failed)?;
    temp.as_file().sync_all().map_err(failed)?;
    temp.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

pub async fn import(args: &DataArgs, import: ImportArgs) -> Result<String, String> {
    let text = read_text(&import.file)?;
    let db = open(args).await?;
    let report = if import.dry_run {
        preview_import(&db.pool, &text).await
    } else {
        import_document(&db.pool, &text).await
    }
    .map_err(fail)?;
    if import.json {
        return pretty(&json!({ "dry_run": import.dry_run, "items": report.items }));
    }
    Ok(describe(&report, import.dry_run))
}

fn describe(report: &ImportReport, dry_run: bool) -> String {
    let mut lines: Vec<String> = report
        .items
        .iter()
        .map(|item| {
            let outcome = match item.outcome {
                ImportOutcome::Created if dry_run => "would create",
                ImportOutcome::Created => "created",
                ImportOutcome::Skipped => "identical",
                ImportOutcome::Conflicting => "conflicting",
            };
            let kind = if item.item_type == "auth_config" {
                "API Auth"
            } else {
                "destination"
            };
            let mut line = format!("{outcome:<12}  {kind:<11}  {}", item.name);
            if !item.note.is_empty() {
                line.push_str(&format!("  ({})", item.note));
            }
            line
        })
        .collect();
    let count = |o: ImportOutcome| report.items.iter().filter(|i| i.outcome == o).count();
    lines.push(format!(
        "{}: {} {}, {} identical, {} conflicting (left unchanged)",
        if dry_run {
            "Dry run, nothing written"
        } else {
            "Imported"
        },
        count(ImportOutcome::Created),
        if dry_run { "to create" } else { "created" },
        count(ImportOutcome::Skipped),
        count(ImportOutcome::Conflicting)
    ));
    lines.join("\n")
}
