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
    /// Sample contacts.
    Contacts {
        #[command(subcommand)]
        command: ContactsCommand,
    },
}

#[derive(Subcommand)]
pub enum ContactsCommand {
    /// List the sample contacts (ids, names, phones) as JSON.
    List,
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
