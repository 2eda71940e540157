//! `completions` and `man`: shell completions and the man page, generated from the clap
//! definitions in `args.rs` so they always match the real commands and flags.

use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Writes the top-level man page (roff) to stdout, or with `out` one page per command and
/// subcommand into that folder (`apidest.1`, `apidest-destinations.1`,
/// `apidest-destinations-create.1`, …: the pages the top-level one refers to).
pub fn man(out: Option<&Path>) -> Result<(), String> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let Some(dir) = out else {
        return write_stdout(&page(&command, None)?);
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("apidest: cannot make {}: {e}", dir.display()))?;
    let mut written = Vec::new();
    write_pages(&command, None, dir, &mut written)?;
    let list: String = written
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    write_stdout(list.as_bytes())
}

fn write_pages(
    command: &clap::Command,
    parent: Option<&str>,
    dir: &Path,
    written: &mut Vec<PathBuf>,
) -> Result<(), String> {
    let name = display_name(command);
    let path = dir.join(format!("{name}.1"));
    std::fs::write(&path, page(command, parent)?)
        .map_err(|e| format!("apidest: cannot write {}: {e}", path.display()))?;
    written.push(path);
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, Some(name), dir, written)?;
    }
    Ok(())
}

fn display_name(command: &clap::Command) -> &str {
    command
        .get_display_name()
        .unwrap_or_else(|| command.get_name())
}

/// One page: clap_mangen's, with EXIT STATUS (before VERSION, where the top-level page has
/// one) and, below the top level, SEE ALSO naming the page above.
fn page(command: &clap::Command, parent: Option<&str>) -> Result<Vec<u8>, String> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut roff)
        .map_err(|e| format!("apidest: cannot render the man page: {e}"))?;
    let mut roff = String::from_utf8_lossy(&roff).into_owned();
    let at = roff.find("\n.SH VERSION").map_or(roff.len(), |i| i + 1);
    roff.insert_str(at, EXIT_STATUS);
    if let Some(parent) = parent {
        roff.push_str(&format!(
            ".SH \"SEE ALSO\"\n{}(1)\n",
            parent.replace('-', "\\-")
        ));
    }
    Ok(roff.into_bytes())
}

/// The exit codes `main` returns (README, "Output and exit codes").
const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
0
Success. For \fBdoctor\fR: no check found a problem (warnings allowed). For \fBsend\fR: the
first attempt finished, whatever its outcome.
.TP
1
Any other error, with one message on stderr that starts with "apidest:" and says what to do;
nothing is written. For \fBdoctor\fR: a check found a problem (its report is still printed).
.TP
2
A usage error: an unknown command or flag, or a missing argument (the usage goes to stderr).
"#;

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
