//! Encoding values stored as JSON text columns.

use crate::error::{AppError, AppResult};

pub fn encode<T: serde::Serialize>(value: &T) -> AppResult<String> {
    serde_json::to_string(value).map_err(|e| AppError::internal(format!("cannot encode: {e}")))
}
