//! `apidest destinations from-curl`: a vendor's cURL example (on stdin or from --file) becomes
//! a destination and, when it carries a credential, an API Auth config whose secret goes to
//! the keyring — through the same parser as the app's "Paste a cURL command". `--dry-run`
//! prints what would be created and writes nothing (the data folder is not even opened).

use std::path::{Path, PathBuf};

use apidest_core::curl_import::{create_from_curl, import_curl, CurlImport};
use clap::Args;
use serde_json::json;

use crate::args::DataArgs;
use crate::auth_cmd::secret_store;
use crate::data::{fail, open};
use crate::manage_io::{pretty, read_text};

#[derive(Args)]
pub struct FromCurlArgs {
    /// The file holding the command; stdin when absent (or `-`).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Take this body value from the contact instead of the example's literal (a path the
    /// report suggests, e.g. `email` or `data.attributes.email`; repeat for more).
    #[arg(long = "bind", value_name = "PATH")]
    pub bind: Vec<String>,
    /// The destination's name instead of the one made from the host.
    #[arg(long)]
    pub name: Option<String>,
    /// Print what would be created, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print JSON (documented in the README).
    #[arg(long)]
    pub json: bool,
}

pub async fn run(args: &DataArgs, from: FromCurlArgs) -> Result<String, String> {
    let text = read_text(from.file.as_deref().unwrap_or(Path::new("-")))?;
    let mut import = import_curl(&text, &from.bind).map_err(fail)?;
    if let Some(name) = &from.name {
        import.proposal.destination.name = name.clone();
    }
    if from.dry_run {
        return if from.json {
            pretty(&json!({
                "dry_run": true,
                "destination": import.proposal.destination,
                "auth": import.proposal.auth,
                "payload": import.proposal.destination.test.payload,
                "suggestions": import.proposal.suggestions,
                "unmapped": import.proposal.unmapped,
                "issues": import.proposal.issues,
            }))
        } else {
            Ok(report(&import, "Would create"))
        };
    }
    let db = open(args).await?;
    let created = create_from_curl(&db.pool, secret_store(), &import)
        .await
        .map_err(fail)?;
    if from.json {
        return pretty(&json!({
            "destination": created.destination,
            "auth": created.auth,
            "unmapped": import.proposal.unmapped,
        }));
    }
    let mut out = format!(
        "Created destination {} \"{}\"",
        created.destination.id, created.destination.input.name
    );
    if let Some(auth) = &created.auth {
        out.push_str(&format!(
            "\nCreated API Auth {} \"{}\" ({}); its secret is in the keyring",
            auth.id,
            auth.name,
            auth.settings.kind()
        ));
    }
    out.push_str(&unmapped_lines(&import));
    Ok(out)
}

/// The dry run as text: what would be created, then what could not be mapped.
fn report(import: &CurlImport, verb: &str) -> String {
    let p = &import.proposal;
    let d = &p.destination;
    let mut out = format!(
        "{verb} destination \"{}\": {} {} ({} body)",
        d.name,
        d.method.as_str(),
        d.endpoint,
        d.body_format.as_str()
    );
    for h in &d.headers {
        out.push_str(&format!("\n  header {}: {}", h.name, h.value));
    }
    match &p.auth {
        Some(auth) => out.push_str(&format!(
            "\n{verb} API Auth \"{}\" ({}) from {}; secret {}",
            auth.name,
            auth.settings.kind(),
            auth.found_in,
            auth.secret_mask
                .as_deref()
                .map(|m| format!("{m} to the keyring"))
                .unwrap_or_else(|| "not in the command: set it with apidest auth set-secret".into())
        )),
        None => out.push_str("\nNo credential found: no API Auth config"),
    }
    if !d.test.payload.is_empty() {
        out.push_str(&format!("\nPayload:\n{}", d.test.payload));
    }
    for s in &p.suggestions {
        out.push_str(&format!(
            "\n  --bind {} would use {} (\"{}\": {})",
            s.path, s.expression, s.literal, s.reason
        ));
    }
    for issue in &p.issues {
        out.push_str(&format!("\nProblem: {}: {}", issue.field, issue.message));
    }
    out.push_str(&unmapped_lines(import));
    out
}

fn unmapped_lines(import: &CurlImport) -> String {
    let unmapped = &import.proposal.unmapped;
    if unmapped.is_empty() {
        return "\nEverything in the command was mapped.".into();
    }
    let mut out = format!("\nNot mapped ({}):", unmapped.len());
    for u in unmapped {
        out.push_str(&format!("\n  {}: {}", u.item, u.reason));
    }
    out
}
