//! One sender per data folder: the engine holds an exclusive lock on a file while it runs, so
//! the app and the command-line companion never both send (or both "recover") the same queue.

use std::fs::{File, OpenOptions};
use std::path::Path;

use crate::error::{AppError, ErrorCode};

pub struct EngineLock {
    _file: File,
}

impl EngineLock {
    pub fn acquire(path: &Path) -> Result<Self, AppError> {
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
            Ok(()) => Ok(Self { _file: file }),
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
}
