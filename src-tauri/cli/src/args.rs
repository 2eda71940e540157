//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "apidest",
    version,
    about = "API Destinations from the command line"
)]
pub struct Cli {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args)]
pub struct DataArgs {
    /// The app's data folder (default: the one the app of this build uses; also APIDEST_DATA_DIR).
    #[arg(long, global = true, env = "APIDEST_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Evaluate a JMESPath expression and print the JSON result.
    Render(RenderArgs),
    /// API Destinations: list, show, create, update, delete, enable, disable.
    Destinations {
        #[command(subcommand)]
        command: crate::destinations_cmd::DestinationsCommand,
    },
    /// API Auth configs; secrets are read from stdin or a prompt, never from arguments.
    Auth {
        #[command(subcommand)]
        command: crate::auth_cmd::AuthCommand,
    },
    /// Event-Based Rules: list, show, create, update, delete, enable, disable.
    Rules {
        #[command(subcommand)]
        command: crate::rules_cmd::RulesCommand,
    },
    /// Sample contacts: list, show, create, update, delete.
    Contacts {
        #[command(subcommand)]
        command: crate::contacts_cmd::ContactsCommand,
    },
    /// Write the app's export document: API Auth configs (without secrets), destinations,
    /// rules, sample contacts and the team profile.
    Export(crate::transfer_cmd::ExportArgs),
    /// Apply an export document: created / identical / conflicting, all or nothing.
    Import(crate::transfer_cmd::ImportArgs),
    /// Render a destination's request for a sample contact, queue it and send it.
    Send(SendArgs),
    /// The delivery log.
    Deliveries {
        #[command(subcommand)]
        command: DeliveriesCommand,
    },
    /// Events: send one through the rules.
    Events {
        #[command(subcommand)]
        command: EventsCommand,
    },
    /// Run the delivery engine in this process (when the app is not running).
    Work(WorkArgs),
    /// Check the data folder, database, keyring, engine lock and queue; exit 1 on a problem.
    Doctor(DoctorArgs),
    /// Print the folder the log files are in; --open shows it in the file manager.
    Logs(crate::logs_cmd::LogsArgs),
    /// Print a shell completion script, e.g. `apidest completions bash > /etc/bash_completion.d/apidest`.
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `apidest man > apidest.1`; --out DIR writes one page per
    /// command and subcommand there.
    Man(ManArgs),
}

#[derive(Args)]
pub struct ManArgs {
    /// Write every page (apidest.1, apidest-destinations.1, …) into this folder, made if
    /// missing, and print their paths.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Args)]
pub struct DoctorArgs {
    /// Print the report as one JSON object (documented in the README).
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args)]
pub struct SendArgs {
    /// The destination's name or id (dst_…).
    #[arg(long, short = 'd')]
    pub destination: String,
    /// A sample contact's id (ct_…).
    #[arg(long, short = 'c')]
    pub contact: String,
    /// The payload: a JMESPath expression, e.g. '{name: contact.first_name}'.
    #[arg(long, short = 'p')]
    pub payload: String,
    /// A URL variable's binding, as NAME=EXPRESSION (repeat for each variable).
    #[arg(long = "bind", value_name = "NAME=EXPRESSION")]
    pub bindings: Vec<String>,
    /// The event type of the test event.
    #[arg(long, default_value = "message.received")]
    pub event_type: String,
    /// Print the delivery as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum DeliveriesCommand {
    /// The newest deliveries first.
    List(ListArgs),
    /// One delivery with its attempts.
    Show(ShowArgs),
}

#[derive(Args)]
pub struct ListArgs {
    /// How many to show.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Only this destination (name or id).
    #[arg(long)]
    pub destination: Option<String>,
    /// Only these categories of the last attempt (e.g. server_error), comma separated.
    #[arg(long, value_delimiter = ',')]
    pub status: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct ShowArgs {
    /// The delivery id (dlv_…).
    pub id: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct WorkArgs {
    /// Exit once nothing is scheduled or in flight any more.
    #[arg(long)]
    pub until_idle: bool,
    /// Attempts in flight at once, in all.
    #[arg(long, default_value_t = 64)]
    pub concurrency: usize,
}

#[derive(Args)]
pub struct RenderArgs {
    /// The JMESPath expression, e.g. '{name: contact.first_name}'.
    #[arg(long, short = 'e')]
    pub expr: String,
    /// A JSON file holding the whole context: {"team": …, "contact": …, "event": …}.
    #[arg(long, conflicts_with = "contact")]
    pub context: Option<PathBuf>,
    /// A stored sample contact's id (ct_…), rendered with the stored team profile.
    #[arg(long)]
    pub contact: Option<String>,
    /// The event type for --contact.
    #[arg(long, default_value = "message.received")]
    pub event_type: String,
    /// Print compact JSON on one line.
    #[arg(long)]
    pub compact: bool,
}

#[derive(Subcommand)]
pub enum EventsCommand {
    /// Match an event against every enabled rule and queue the deliveries it makes.
    Send(EventSendArgs),
}

#[derive(Args)]
pub struct EventSendArgs {
    /// The event type, e.g. contact.tag_added.
    #[arg(long = "type", short = 't')]
    pub event_type: String,
    /// A stored sample contact's id (ct_…).
    #[arg(long, short = 'c', conflicts_with = "contact_file")]
    pub contact: Option<String>,
    /// A JSON file holding the contact object instead.
    #[arg(long)]
    pub contact_file: Option<PathBuf>,
    /// Event data as JSON, e.g. '{"tag": "vip"}'.
    #[arg(long, default_value = "{}")]
    pub data: String,
    /// Wait until the deliveries' first attempts finish and show them.
    #[arg(long)]
    pub wait: bool,
    /// Print `{"event_id", "matched_rules", "waited", "deliveries": [<delivery detail>…]}`
    /// (documented in the README).
    #[arg(long)]
    pub json: bool,
}
