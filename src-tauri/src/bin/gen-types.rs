//! Writes the UI's TypeScript types from the Rust ones (the core's types and the app's
//! commands), or with `--check` fails when the committed file differs (CI runs that).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/api/generated.ts");
    let fresh =
        apidest_core::types::typescript_bindings(&api_destinations_app::command_signatures());
    if check {
        let current = std::fs::read_to_string(&target).unwrap_or_default();
        if current == fresh {
            println!("generated types are current: {}", target.display());
            ExitCode::SUCCESS
        } else {
            eprintln!(
                "{} is out of date: run `cargo run --bin gen-types` and commit it",
                target.display()
            );
            ExitCode::FAILURE
        }
    } else if let Err(err) = std::fs::write(&target, fresh) {
        eprintln!("cannot write {}: {err}", target.display());
        ExitCode::FAILURE
    } else {
        println!("wrote {}", target.display());
        ExitCode::SUCCESS
    }
}
