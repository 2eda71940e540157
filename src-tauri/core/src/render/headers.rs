//! Header values: no line breaks or other control characters, so a value can never add a
//! header or split the request.

use super::error::{RenderError, RenderErrorKind};

pub fn check_header_value(name: &str, value: &str) -> Result<(), RenderError> {
    match value.chars().position(|c| c.is_control() && c != '\t') {
        None => Ok(()),
        Some(i) => Err(RenderError::new(
            RenderErrorKind::InvalidHeader,
            format!(
                "The value of header {name} has a line break or control character at character {}",
                i + 1
            ),
        )
        .at(i)
        .about(name)),
    }
}
