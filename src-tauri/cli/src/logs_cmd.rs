//! `apidest logs`: where the app and `apidest` write their log files (the folder the doctor
//! names), and `--open` to show it in the file manager, as Settings › Logs does in the app.

use std::path::Path;

use clap::Args;
use serde_json::json;

use crate::args::DataArgs;
use crate::manage_io::pretty;

#[derive(Args)]
pub struct LogsArgs {
    /// Open the folder in the file manager (made first if nothing was logged yet).
    #[arg(long)]
    pub open: bool,
    /// Print `{"path"}` as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Prints the folder; with `--open` opens it too. Without `--open` nothing is written.
pub fn run(args: &DataArgs, logs: &LogsArgs) -> Result<String, String> {
    let dir = crate::logging::log_dir(args).ok_or_else(|| {
        format!(
            "apidest: the operating system names no folder for logs; set {} to one",
            apidest_core::logs::LOG_DIR_ENV
        )
    })?;
    if logs.open {
        open_folder(&dir)?;
    }
    if logs.json {
        return pretty(&json!({ "path": dir.display().to_string() }));
    }
    Ok(dir.display().to_string())
}

fn open_folder(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| {
        format!(
            "apidest: the log folder {} cannot be made: {e}",
            dir.display()
        )
    })?;
    // The same crate the app's opener plugin uses: xdg-open, `open` or the Windows shell.
    open::that_detached(dir).map_err(|e| {
        format!(
            "apidest: the file manager could not open {} ({e}); open the folder by hand",
            dir.display()
        )
    })
}
