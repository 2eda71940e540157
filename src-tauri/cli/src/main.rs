//! `apidest`: the command-line companion over the same database and engine as the app.
//! Results go to stdout as JSON; errors to stderr with exit status 1.

mod args;
mod data;
mod delivery_cmd;
mod events_cmd;
mod generate_cmd;
mod render_cmd;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, ContactsCommand, DeliveriesCommand, EventsCommand};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Generated from the clap definitions: no runtime, no data folder.
    let generated = match &cli.command {
        Command::Completions(args) => Some(generate_cmd::completions(args.shell)),
        Command::Man => Some(generate_cmd::man()),
        _ => None,
    };
    if let Some(result) = generated {
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        };
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("apidest: cannot start: {err}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        match cli.command {
            Command::Render(args) => render_cmd::run(&cli.data, args).await,
            Command::Contacts {
                command: ContactsCommand::List,
            } => data::list_contacts(&cli.data).await,
            Command::Send(args) => delivery_cmd::send(&cli.data, args).await,
            Command::Deliveries {
                command: DeliveriesCommand::List(args),
            } => delivery_cmd::list(&cli.data, args).await,
            Command::Deliveries {
                command: DeliveriesCommand::Show(args),
            } => delivery_cmd::show(&cli.data, args).await,
            Command::Work(args) => delivery_cmd::work(&cli.data, args).await,
            Command::Events {
                command: EventsCommand::Send(args),
            } => events_cmd::send(&cli.data, args).await,
            Command::Completions(_) | Command::Man => {
                Err("apidest: internal error: this command is handled before the others".into())
            }
        }
    });
    match outcome {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
