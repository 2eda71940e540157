//! `apidest`: the command-line companion over the same database and engine as the app.
//! Results go to stdout; errors to stderr with exit status 1. `doctor` prints its report on
//! stdout and exits 1 when it finds a problem.

mod args;
mod auth_cmd;
mod contacts_cmd;
mod data;
mod delivery_cmd;
mod destination_secrets;
mod destinations_cmd;
mod doctor;
mod events_cmd;
mod from_curl_cmd;
mod generate_cmd;
mod logging;
mod logs_cmd;
mod manage_io;
mod render_cmd;
mod rules_cmd;
mod transfer_cmd;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, DataArgs, DeliveriesCommand, EventsCommand};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Generated from the clap definitions: no runtime, no data folder.
    let generated = match &cli.command {
        Command::Completions(args) => Some(generate_cmd::completions(args.shell)),
        Command::Man(args) => Some(generate_cmd::man(args.out.as_deref())),
        Command::Logs(logs) => Some(logs_cmd::run(&cli.data, logs).map(|path| print_line(&path))),
        _ => None,
    };
    if let Some(result) = generated {
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => fail(&message),
        };
    }
    // Held until main returns, which writes the log out. The doctor and the dry runs of
    // from-curl and import write nothing, not even a log folder.
    let _log = match &cli.command {
        Command::Doctor(_) => None,
        Command::Destinations {
            command: destinations_cmd::DestinationsCommand::FromCurl(from),
        } if from.dry_run => None,
        Command::Import(import) if import.dry_run => None,
        _ => logging::start(&cli.data),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => return fail(&format!("apidest: cannot start: {err}")),
    };
    // Ok((output, all_well)): the output goes to stdout; all_well false (only `doctor` reports
    // that) makes the exit status 1 as well.
    let outcome = runtime.block_on(async {
        match cli.command {
            Command::Doctor(args) => doctor::run(&cli.data, args).await,
            command => run(&cli.data, command).await.map(|text| (text, true)),
        }
    });
    match outcome {
        Ok((output, all_well)) => {
            print_line(&output);
            if all_well {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => fail(&message),
    }
}

/// Prints the output; a reader that went away (`apidest … | head`) is not an error.
fn print_line(output: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{output}").and_then(|()| stdout.flush());
}

fn fail(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}

async fn run(dir_args: &DataArgs, command: Command) -> Result<String, String> {
    match command {
        Command::Render(args) => render_cmd::run(dir_args, args).await,
        Command::Destinations { command } => destinations_cmd::run(dir_args, command).await,
        Command::Auth { command } => auth_cmd::run(dir_args, command).await,
        Command::Rules { command } => rules_cmd::run(dir_args, command).await,
        Command::Contacts { command } => contacts_cmd::run(dir_args, command).await,
        Command::Export(args) => transfer_cmd::export(dir_args, args).await,
        Command::Import(args) => transfer_cmd::import(dir_args, args).await,
        Command::Send(args) => delivery_cmd::send(dir_args, args).await,
        Command::Deliveries {
            command: DeliveriesCommand::List(args),
        } => delivery_cmd::list(dir_args, args).await,
        Command::Deliveries {
            command: DeliveriesCommand::Show(args),
        } => delivery_cmd::show(dir_args, args).await,
        Command::Work(args) => delivery_cmd::work(dir_args, args).await,
        Command::Events {
            command: EventsCommand::Send(args),
        } => events_cmd::send(dir_args, args).await,
        Command::Doctor(_) | Command::Completions(_) | Command::Man(_) | Command::Logs(_) => {
            Err("apidest: internal error: this command is handled before the others".into())
        }
    }
}
