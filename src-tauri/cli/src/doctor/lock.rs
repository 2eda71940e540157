//! The engine lock check: is another process (the app or `apidest work`) sending deliveries
//! from this data folder right now?

use std::fs::{File, TryLockError};
use std::path::Path;

use apidest_core::engine::{LockHolder, ENGINE_LOCK_FILE};
use serde::Serialize;

use super::report::Check;

#[derive(Debug, Serialize)]
pub struct LockDetails {
    pub path: String,
    /// True when another process holds the lock; `null` when it could not be tested.
    pub held: Option<bool>,
    /// Who holds it, as its lock file says (`{"pid", "program"}`); `null` when not held or
    /// the file names nobody.
    pub holder: Option<LockHolder>,
}

pub fn check(dir: &Path) -> Check<LockDetails> {
    let path = dir.join(ENGINE_LOCK_FILE);
    let mut details = LockDetails {
        path: path.display().to_string(),
        held: None,
        holder: None,
    };
    // Opened read-only and never created: a missing file means no engine has run here.
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            details.held = Some(false);
            return Check::ok(
                "No engine is running here (no app or `apidest work` holds the lock).",
                details,
            );
        }
        Err(err) => {
            return Check::warning(
                format!("{} cannot be read: {err}.", path.display()),
                "Check the file's permissions; the app needs to open it to send deliveries.",
                details,
            )
        }
    };
    // A shared lock is refused while the engine holds its exclusive one; when granted it is
    // released at once. (An engine starting in that same microsecond would be told another
    // process sends; the window is as short as the two calls.)
    match file.try_lock_shared() {
        Ok(()) => {
            details.held = Some(false);
            Check::ok(
                "No engine is running here (no app or `apidest work` holds the lock).",
                details,
            )
        }
        Err(TryLockError::WouldBlock) => {
            details.held = Some(true);
            details.holder = LockHolder::read(&path);
            let message = match &details.holder {
                Some(holder) => format!(
                    "Held by {} (pid {}): it is sending deliveries from this folder.",
                    program_words(&holder.program),
                    holder.pid
                ),
                None => "Held: another process (the app or `apidest work`) is sending deliveries \
                         from this folder."
                    .to_owned(),
            };
            Check::ok(message, details)
        }
        Err(TryLockError::Error(err)) => Check::warning(
            format!("{} cannot be tested: {err}.", path.display()),
            "Check that the data folder is on a local disk that supports file locks.",
            details,
        ),
    }
}

/// The program as a person reads it.
fn program_words(program: &str) -> String {
    match program {
        "app" => "the API Destinations app".to_owned(),
        other => format!("`{other}`"),
    }
}
