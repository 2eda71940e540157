//! `completions` and `man`: shell completions and the man page, generated from the clap
//! definitions in `args.rs` so they always match the real commands and flags.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::args::Cli;

/// Writes the completion script for `shell` to stdout.
pub fn completions(shell: Shell) -> Result<(), String> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "apidest", &mut out);
    write_stdout(&out)
}

/// Writes the man page (roff) to stdout: the top-level page, which lists every subcommand.
pub fn man() -> Result<(), String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| format!("apidest: cannot render the man page: {e}"))?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        // `apidest man | head`: the reader has seen enough.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("apidest: cannot write to stdout: {e}"))
        }
        _ => Ok(()),
    }
}
