//! Errors as they cross to the UI: a closed set of codes plus a message that says what to fix.

use serde::Serialize;
use ts_rs::TS;

/// Every code the UI may branch on. Adding one is an API change: the TypeScript union is
/// generated from this enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input is wrong; the message names the field and what to change.
    Validation,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// A unique name or a reference clashes with another item.
    Conflict,
    /// The database file or its folder cannot be opened or written.
    DatabaseUnavailable,
    /// The file exists but is not an SQLite database (or is damaged).
    DatabaseNotADatabase,
    /// The database was written by a newer version of the app.
    DatabaseTooNew,
    /// No OS keyring could be reached, or it refused access.
    KeyringUnavailable,
    /// A secret that should be in the keyring is not there.
    SecretMissing,
    /// Our own failure; the message carries the detail for a bug report.
    Internal,
}

/// The one error type commands return: serialised as `{code, message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Validation, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        Self::internal(format!("database error: {err}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;
