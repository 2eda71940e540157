//! One sender per data folder: the engine holds an exclusive lock on a file while it runs, so
//! the app and the command-line companion never both send (or both "recover") the same queue.
//! The file also names the holder (its pid and program) for `apidest doctor`; the OS lock stays
//! the truth, so a file left behind by a process that ended names nobody.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{AppError, ErrorCode};

/// Who holds an engine lock, as written into the lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub pid: u32,
    /// `app`, `apidest work` or `apidest events send`.
    pub program: String,
}

impl LockHolder {
    /// What the lock file at `path` says of its holder. Only meaningful while the lock is held;
    /// `None` when it names nobody or cannot be read (Windows refuses reads of a locked file).
    pub fn read(path: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(path).ok()?;
        serde_json::from_str(text.trim()).ok()
    }
}

pub struct EngineLock {
    file: File,
}

impl EngineLock {
    /// Takes the lock for `program` (see [`LockHolder::program`]) and writes who holds it.
    pub fn acquire(path: &Path, program: &str) -> Result<Self, AppError> {
        // Not truncated on open: a process refused the lock must not wipe the holder's name.
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| {
                AppError::internal(format!(
                    "the engine lock {} cannot be opened: {e}",
                    path.display()
                ))
            })?;
        match file.try_lock() {
            Ok(()) => {
                let mut lock = Self { file };
                let holder = LockHolder {
                    pid: std::process::id(),
                    program: program.to_owned(),
                };
                // Only the doctor reads it: sending goes on without it.
                if let Err(err) = lock.write_holder(&holder) {
                    tracing::warn!("engine lock: cannot write its holder: {err}");
                }
                Ok(lock)
            }
            Err(std::fs::TryLockError::WouldBlock) => Err(AppError::new(
                ErrorCode::Conflict,
                "Another API Destinations process (the app or `apidest`) is already sending deliveries \
                 from this data folder; deliveries queued here will be sent by it",
            )),
            Err(std::fs::TryLockError::Error(e)) => Err(AppError::internal(format!(
                "the engine lock {} cannot be taken: {e}",
                path.display()
            ))),
        }
    }

    fn write_holder(&mut self, holder: &LockHolder) -> std::io::Result<()> {
        let text = serde_json::to_string(holder).map_err(std::io::Error::other)?;
        self.file.set_len(0)?;
        self.file.write_all(text.as_bytes())?;
        self.file.flush()
    }
}

impl Drop for EngineLock {
    /// A clean stop leaves the file naming nobody (the OS releases the lock itself).
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_names_the_holder_while_held_and_nobody_after() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("engine.lock");
        let lock = EngineLock::acquire(&path, "apidest work").unwrap();
        let refused = EngineLock::acquire(&path, "app").err().unwrap();
        assert_eq!(refused.code, ErrorCode::Conflict);
        assert_eq!(
            LockHolder::read(&path),
            Some(LockHolder {
                pid: std::process::id(),
                program: "apidest work".into()
            }),
            "the refused process wiped the holder"
        );
        drop(lock);
        assert_eq!(LockHolder::read(&path), None);
    }
}
