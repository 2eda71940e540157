//! The data folder check: it exists, is a folder, this user may write in it, and (on Unix)
//! other accounts may not read it.

use std::path::Path;

use serde::Serialize;

use super::report::Check;

#[derive(Debug, Serialize)]
pub struct FolderDetails {
    pub path: String,
    pub exists: bool,
    /// Whether a file can be created in it; `null` when the folder does not exist.
    pub writable: Option<bool>,
    /// The Unix permission bits in octal, e.g. "700"; `null` elsewhere or when missing.
    pub mode: Option<String>,
}

pub fn check(dir: &Path) -> Check<FolderDetails> {
    let mut details = FolderDetails {
        path: dir.display().to_string(),
        exists: false,
        writable: None,
        mode: None,
    };
    let meta =
        match std::fs::metadata(dir) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Check::warning(
                    format!("{} does not exist yet.", dir.display()),
                    "Nothing to do if the app has never run: the app or any other apidest command \
                 creates it. If you expected data there, check --data-dir / APIDEST_DATA_DIR.",
                    details,
                )
            }
            Err(err) => return Check::problem(
                format!("{} cannot be read: {err}.", dir.display()),
                "Check the permissions of the folder and its parents, or pass another --data-dir.",
                details,
            ),
        };
    details.exists = true;
    if !meta.is_dir() {
        return Check::problem(
            format!("{} is not a folder.", dir.display()),
            "Move that file aside, or pass another --data-dir.",
            details,
        );
    }
    details.mode = mode(&meta);
    let writable = can_write(dir);
    details.writable = Some(writable.is_ok());
    if let Err(err) = writable {
        return Check::problem(
            format!("{} is not writable by this user: {err}.", dir.display()),
            format!(
                "Give your user write access (e.g. chmod u+rwx {}), or pass another --data-dir.",
                dir.display()
            ),
            details,
        );
    }
    if open_to_others(&meta) {
        let fix = format!(
            "Run chmod 700 {} (the app also tightens it at its next start).",
            dir.display()
        );
        return Check::warning(
            format!(
                "{} is readable by other accounts on this machine (mode {}).",
                dir.display(),
                details.mode.as_deref().unwrap_or("?")
            ),
            fix,
            details,
        );
    }
    let message = format!(
        "{} exists and is writable{}.",
        dir.display(),
        details
            .mode
            .as_deref()
            .map(|m| format!(" (mode {m})"))
            .unwrap_or_default()
    );
    Check::ok(message, details)
}

/// Creates and removes an empty, uniquely named file: the only sure test of write access.
fn can_write(dir: &Path) -> std::io::Result<()> {
    let probe = dir.join(format!(".apidest-doctor-{}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)?;
    std::fs::remove_file(&probe)
}

#[cfg(unix)]
fn mode(meta: &std::fs::Metadata) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    Some(format!("{:o}", meta.permissions().mode() & 0o7777))
}

#[cfg(not(unix))]
fn mode(_meta: &std::fs::Metadata) -> Option<String> {
    None
}

#[cfg(unix)]
fn open_to_others(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o077 != 0
}

#[cfg(not(unix))]
fn open_to_others(_meta: &std::fs::Metadata) -> bool {
    false
}
