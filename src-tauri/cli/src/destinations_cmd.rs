//! `apidest destinations …`: list, show, create, update, delete, enable and disable API
//! Destinations through the same core functions as the app's commands, so the checks and
//! their messages are the app's.

use std::path::PathBuf;

use apidest_core::auth::list_auth_configs;
use apidest_core::destinations::{
    create_destination, delete_destination, get_destination, list_destinations,
    set_destination_enabled, update_destination, DestinationInput, DestinationView,
};
use apidest_core::engine::{
    pause_in_database, resume_in_database, settle_waiting_in_database, waiting_count, PauseReason,
    WaitingChoice,
};
use apidest_core::store::Database;
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{json, Value};

use crate::args::DataArgs;
use crate::data::{fail, open};
use crate::destination_secrets::{argv_warning, masked, unmask};
use crate::manage_io::{build, flags, pick, pretty, to_value};

/// One variant per subcommand, each handled in [`run`]; a new way to create one (such as
/// from a cURL command) is a variant here and a file of its own.
#[derive(Subcommand)]
pub enum DestinationsCommand {
    /// Every destination, by name.
    List(JsonFlag),
    /// One destination as JSON (the app's DestinationView).
    Show(Target),
    /// Create a destination from flags and/or --from (the app's DestinationInput as JSON).
    Create(DestinationFields),
    /// Change a destination: only what is given changes.
    Update(UpdateDestination),
    /// Delete a destination (its delivery history stays in the log); --waiting says what
    /// happens to deliveries not sent yet.
    Delete(SettleTarget),
    /// Enable a destination: rules may send to it again.
    Enable(Target),
    /// Disable a destination: nothing is sent to it until it is enabled; --waiting says what
    /// happens to deliveries not sent yet.
    Disable(SettleTarget),
    /// Pause a destination: its waiting deliveries, and new ones, are held until it is resumed.
    Pause(Target),
    /// Resume a paused destination: its held deliveries are sent, spread out.
    Resume(Target),
    /// Create a destination (and its API Auth config) from a cURL command on stdin or --file;
    /// --dry-run --json prints what would be created.
    FromCurl(crate::from_curl_cmd::FromCurlArgs),
}

#[derive(Args)]
pub struct JsonFlag {
    /// Print JSON (documented in the README).
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct Target {
    /// The destination's name or id (dst_…).
    pub destination: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct SettleTarget {
    /// The destination's name or id (dst_…).
    pub destination: String,
    /// What to do with its deliveries that wait to be sent (required when there are some):
    /// hold them (the destination is paused; resume it to send them) or cancel them.
    #[arg(long, value_enum)]
    pub waiting: Option<Waiting>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Waiting {
    Hold,
    Cancel,
}

#[derive(Args)]
pub struct UpdateDestination {
    /// The destination's name or id (dst_…).
    pub destination: String,
    #[command(flatten)]
    pub fields: DestinationFields,
}

#[derive(Args)]
pub struct DestinationFields {
    /// A JSON file (or - for stdin) with the fields to set, in the app's DestinationInput shape;
    /// flags given as well win over it.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    #[arg(long)]
    pub name: Option<String>,
    /// The URL, with {variables} filled per delivery, e.g. https://crm.example.com/c/{id}.
    #[arg(long)]
    pub endpoint: Option<String>,
    /// POST, PUT, PATCH or DELETE.
    #[arg(long, value_parser = ["POST", "PUT", "PATCH", "DELETE"], ignore_case = true)]
    pub method: Option<String>,
    /// How the payload is sent: json (application/json) or form
    /// (application/x-www-form-urlencoded, for APIs such as Twilio's or Stripe's).
    #[arg(long, value_parser = ["json", "form"], ignore_case = true)]
    pub body_format: Option<String>,
    /// The API Auth config's name or id (auth_…); `none` for no auth.
    #[arg(long)]
    pub auth: Option<String>,
    /// A static header as "Name: value" (repeat; replaces all headers when given).
    #[arg(long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// Seconds to wait for a response.
    #[arg(long)]
    pub timeout: Option<u32>,
    /// Requests per second at most; 0 for no limit.
    #[arg(long)]
    pub rate_limit: Option<u32>,
    /// Requests in flight at once at most; 0 for the engine's default.
    #[arg(long)]
    pub concurrency: Option<u32>,
    /// Create it disabled.
    #[arg(long)]
    pub disabled: bool,
    #[arg(long)]
    pub json: bool,
}

pub async fn run(args: &DataArgs, command: DestinationsCommand) -> Result<String, String> {
    // A dry run writes nothing, not even a new data folder: it runs before the database opens.
    let command = match command {
        DestinationsCommand::FromCurl(from) => return crate::from_curl_cmd::run(args, from).await,
        other => other,
    };
    let db = open(args).await?;
    match command {
        DestinationsCommand::List(JsonFlag { json }) => {
            let all: Vec<DestinationView> = list_destinations(&db.pool)
                .await
                .map_err(fail)?
                .iter()
                .map(masked)
                .collect();
            if json {
                return pretty(&all);
            }
            Ok(table(&all))
        }
        DestinationsCommand::Show(target) => {
            pretty(&masked(&find(&db, &target.destination).await?))
        }
        DestinationsCommand::Create(fields) => {
            let json = fields.json;
            let start = to_value(&DestinationInput::blank())?;
            let input = input_from(&db, start, fields, None).await?;
            let created = create_destination(&db.pool, input).await.map_err(fail)?;
            done(json, "Created", &created)
        }
        DestinationsCommand::Update(update) => {
            let json = update.fields.json;
            let current = find(&db, &update.destination).await?;
            let start = to_value(&current.input)?;
            let input = input_from(&db, start, update.fields, Some(&current.input)).await?;
            let updated = update_destination(&db.pool, &current.id, input)
                .await
                .map_err(fail)?;
            done(json, "Updated", &updated)
        }
        DestinationsCommand::Delete(target) => {
            let found = find(&db, &target.destination).await?;
            settle_waiting(&db, &found, target.waiting, "delete").await?;
            delete_destination(&db.pool, &found.id)
                .await
                .map_err(fail)?;
            if target.json {
                return pretty(&json!({ "deleted": found.id }));
            }
            Ok(format!(
                "Deleted destination {} \"{}\"",
                found.id, found.input.name
            ))
        }
        DestinationsCommand::Enable(target) => {
            let found = find(&db, &target.destination).await?;
            set_enabled(&db, &found, target.json, true).await
        }
        DestinationsCommand::Disable(target) => {
            let found = find(&db, &target.destination).await?;
            settle_waiting(&db, &found, target.waiting, "disable").await?;
            set_enabled(&db, &found, target.json, false).await
        }
        DestinationsCommand::Pause(target) => {
            let found = find(&db, &target.destination).await?;
            let held = pause_in_database(&db.pool, &found.id, PauseReason::User)
                .await
                .map_err(fail)?;
            let what = format!(
                "Paused destination {} \"{}\": {} waiting delivery(ies) held until it is resumed",
                found.id,
                found.input.name,
                held.len()
            );
            after_pause_change(&db, &found, target.json, what).await
        }
        DestinationsCommand::Resume(target) => {
            let found = find(&db, &target.destination).await?;
            let released = resume_in_database(&db.pool, &found.id)
                .await
                .map_err(fail)?;
            let what = format!(
                "Resumed destination {} \"{}\": {} held delivery(ies) released (the app or \
                 `apidest work` sends them)",
                found.id,
                found.input.name,
                released.len()
            );
            after_pause_change(&db, &found, target.json, what).await
        }
        DestinationsCommand::FromCurl(_) => {
            Err("apidest: internal error: from-curl runs before the database opens".into())
        }
    }
}

/// What `pause`/`resume` print: the destination as it is now for `--json` (read again only
/// then), else `what` was done.
async fn after_pause_change(
    db: &Database,
    found: &DestinationView,
    json: bool,
    what: String,
) -> Result<String, String> {
    if !json {
        return Ok(what);
    }
    let view = get_destination(&db.pool, &found.id).await.map_err(fail)?;
    pretty(&masked(&view))
}

/// Before a disable or delete, as the app's dialog asks: deliveries waiting to be sent are held
/// (the destination paused) or cancelled, as `--waiting` says; without it, refused when any wait.
async fn settle_waiting(
    db: &Database,
    found: &DestinationView,
    choice: Option<Waiting>,
    action: &str,
) -> Result<(), String> {
    let waiting = waiting_count(&db.pool, &found.id).await.map_err(fail)?;
    if waiting == 0 {
        return Ok(());
    }
    let choice = match choice {
        Some(Waiting::Hold) => WaitingChoice::Hold,
        Some(Waiting::Cancel) => WaitingChoice::Cancel,
        None => {
            return Err(format!(
                "apidest: \"{}\" has {waiting} delivery(ies) waiting to be sent; nothing was \
                 changed. Add --waiting hold to keep them (the destination is paused: resume it to \
                 send them) or --waiting cancel to cancel them, then {action} it",
                found.input.name
            ))
        }
    };
    settle_waiting_in_database(&db.pool, &found.id, choice)
        .await
        .map_err(fail)?;
    Ok(())
}

async fn set_enabled(
    db: &Database,
    found: &DestinationView,
    json: bool,
    enabled: bool,
) -> Result<String, String> {
    let view = set_destination_enabled(&db.pool, &found.id, enabled)
        .await
        .map_err(fail)?;
    done(json, if enabled { "Enabled" } else { "Disabled" }, &view)
}

fn done(json: bool, verb: &str, view: &DestinationView) -> Result<String, String> {
    if json {
        return pretty(&masked(view));
    }
    Ok(format!(
        "{verb} destination {} \"{}\"",
        view.id, view.input.name
    ))
}

/// A destination by name (any case) or id.
pub async fn find(db: &Database, wanted: &str) -> Result<DestinationView, String> {
    let all = list_destinations(&db.pool).await.map_err(fail)?;
    pick(
        &all,
        wanted,
        "destination",
        |d| d.id.as_str(),
        |d| vec![d.input.name.clone()],
    )
    .cloned()
}

/// The input to save: `start` with `--from` and the flags laid over it, masks put back from
/// `current`, and a warning on stderr for a secret that came through argv.
async fn input_from(
    db: &Database,
    start: Value,
    fields: DestinationFields,
    current: Option<&DestinationInput>,
) -> Result<DestinationInput, String> {
    let headers_from_argv = !fields.headers.is_empty();
    let endpoint_from_argv = fields.endpoint.is_some();
    let mut input = input_fields(db, start, fields).await?;
    let warning = argv_warning(&input, headers_from_argv, endpoint_from_argv);
    unmask(&mut input, current)?;
    if let Some(warning) = warning {
        eprintln!("{warning}");
    }
    Ok(input)
}

async fn input_fields(
    db: &Database,
    start: Value,
    fields: DestinationFields,
) -> Result<DestinationInput, String> {
    let auth_id = match fields.auth.as_deref() {
        None => None,
        Some(none) if none.eq_ignore_ascii_case("none") => Some(Value::Null),
        Some(wanted) => {
            let configs = list_auth_configs(&db.pool).await.map_err(fail)?;
            let found = pick(
                &configs,
                wanted,
                "API Auth config",
                |a| a.id.as_str(),
                |a| vec![a.name.clone()],
            )?;
            Some(to_value(&found.id)?)
        }
    };
    let mut headers = Vec::new();
    for header in &fields.headers {
        let (name, value) = header.split_once(':').ok_or_else(|| {
            format!("apidest: --header \"{header}\": write it as \"Name: value\"")
        })?;
        headers.push(json!({ "name": name.trim(), "value": value.trim() }));
    }
    let limit = |n: Option<u32>| n.map(|n| if n == 0 { Value::Null } else { json!(n) });
    let given = flags(vec![
        ("name", fields.name.map(Value::from)),
        ("endpoint", fields.endpoint.map(Value::from)),
        (
            "method",
            fields.method.map(|m| Value::from(m.to_uppercase())),
        ),
        (
            "body_format",
            fields.body_format.map(|f| Value::from(f.to_lowercase())),
        ),
        ("auth_id", auth_id),
        (
            "headers",
            (!headers.is_empty()).then_some(Value::Array(headers)),
        ),
        ("timeout_secs", fields.timeout.map(Value::from)),
        ("rate_limit_per_sec", limit(fields.rate_limit)),
        ("concurrency_limit", limit(fields.concurrency)),
        ("enabled", fields.disabled.then_some(Value::Bool(false))),
    ]);
    build(start, fields.from.as_deref(), given, "destination")
}

fn table(all: &[DestinationView]) -> String {
    if all.is_empty() {
        return "No destinations yet: create one with `apidest destinations create`".into();
    }
    all.iter()
        .map(|d| {
            let state = if d.paused.is_some() {
                "paused"
            } else if d.input.enabled {
                "enabled"
            } else {
                "disabled"
            };
            let auth = d
                .auth
                .as_ref()
                .map(|a| {
                    a.name
                        .clone()
                        .unwrap_or_else(|| "auth config missing".into())
                })
                .unwrap_or_else(|| "no auth".into());
            format!(
                "{}  {:<8}  {}  {} {}  ({auth})",
                d.id,
                state,
                d.input.name,
                d.input.method.as_str(),
                d.input.endpoint
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
