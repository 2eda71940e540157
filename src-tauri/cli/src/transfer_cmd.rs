//! `apidest export` / `apidest import`: the app's export document (API Auth configs without
//! their secrets, destinations, rules, sample contacts and the team profile), so a set-up can
//! live in a repository and be applied on another machine. Import writes all or nothing;
//! `--dry-run` reports without writing anything, not even a data folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use apidest_core::store::DATABASE_FILE_NAME;
use apidest_core::transfer::{
    export_document, import_document, preview_import, ImportItem, ImportItemType, ImportOutcome,
    ImportReport,
};
use clap::Args;
use serde_json::json;

use crate::args::DataArgs;
use crate::data::{data_dir, fail, open, open_in};
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
    /// Print what would be created, what is identical, and what is conflicting (left
    /// unchanged), and write nothing.
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
                "Exported {} API Auth config(s) (without secrets), {} destination(s), {} rule(s), \
                 {} sample contact(s) and the team profile to {}",
                doc.auth_configs.len(),
                doc.destinations.len(),
                doc.rules.len(),
                doc.contacts.len(),
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
    let mut report = if import.dry_run {
        let dir = data_dir(args)?;
        if dir.join(DATABASE_FILE_NAME).exists() {
            let db = open(args).await?;
            preview_import(&db.pool, &text).await
        } else {
            // Nothing is made in the data folder: the preview runs against a new database
            // elsewhere, which holds what a new data folder would (the sample contacts and team).
            let scratch = tempfile::tempdir()
                .map_err(|e| format!("apidest: cannot make a temporary folder: {e}"))?;
            let db = open_in(scratch.path()).await?;
            let report = preview_import(&db.pool, &text).await;
            db.pool.close().await;
            report
        }
    } else {
        let db = open(args).await?;
        import_document(&db.pool, &text).await
    }
    .map_err(fail)?;
    for item in &mut report.items {
        if let Some(note) = cli_note(item) {
            item.note = note;
        }
    }
    if import.json {
        return pretty(&json!({ "dry_run": import.dry_run, "items": report.items }));
    }
    Ok(describe(&report, import.dry_run))
}

/// The note in the command line's words where the core's names a screen of the app: the
/// command that sets the secret.
fn cli_note(item: &ImportItem) -> Option<String> {
    if item.secrets_needed.is_empty() {
        return None;
    }
    let name = quoted(&item.name);
    match item.item_type {
        ImportItemType::AuthConfig => {
            let commands: Vec<String> = item
                .secrets_needed
                .iter()
                .map(|field| format!("apidest auth set-secret {name} {field}"))
                .collect();
            Some(format!(
                "secret needed: set it with {}, which reads it from stdin",
                commands.join(" and ")
            ))
        }
        ImportItemType::Destination => Some(format!(
            "secret needed: the value of {} is not in the file; keep it in an API Auth config \
             (apidest auth create, then apidest auth set-secret NAME FIELD) or set it again with \
             apidest destinations update {name} --from -",
            item.secrets_needed.join(" and ")
        )),
        _ => None,
    }
}

/// A name as a shell reads it back as one word.
fn quoted(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', r"'\''"))
    }
}

fn describe(report: &ImportReport, dry_run: bool) -> String {
    let mut lines: Vec<String> = report
        .items
        .iter()
        .map(|item| {
            let outcome = match item.outcome {
                ImportOutcome::Created if dry_run => "would create",
                ImportOutcome::Created => "created",
                ImportOutcome::Identical => "identical",
                ImportOutcome::Conflicting => "conflicting",
            };
            let kind = match item.item_type {
                ImportItemType::AuthConfig => "API Auth",
                ImportItemType::Destination => "destination",
                ImportItemType::Rule => "rule",
                ImportItemType::Contact => "contact",
                ImportItemType::Team => "team",
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
        count(ImportOutcome::Identical),
        count(ImportOutcome::Conflicting)
    ));
    lines.join("\n")
}
