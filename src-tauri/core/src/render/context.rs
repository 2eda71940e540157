//! The data every expression sees: `{"team": …, "contact": …, "event": {id, type, occurred_at, data}}`,
//! converted to JMESPath's form once per render and shared by every expression of it.

use serde_json::{json, Value};

use super::error::{RenderError, RenderErrorKind};

/// The top-level names of the context.
pub const CONTEXT_ROOTS: [&str; 3] = ["team", "contact", "event"];

/// Contexts bigger than this (as JSON text) are refused: a preview must stay instant and a
/// contact this large is a mistake.
pub const MAX_CONTEXT_BYTES: usize = 4 * 1024 * 1024;

/// A converted context, ready for any number of expressions.
#[derive(Clone)]
pub struct RenderContext {
    pub(crate) value: jmespath::Rcvar,
    /// About its size as JSON text, for bounding what an expression can build from it.
    pub(crate) bytes: usize,
}

impl RenderContext {
    /// Builds the context from its three parts.
    pub fn new(team: Value, contact: Value, event: Value) -> Result<Self, RenderError> {
        Self::from_value(json!({ "team": team, "contact": contact, "event": event }))
    }

    /// Uses a whole context document as it is (the CLI reads one from a file).
    pub fn from_value(value: Value) -> Result<Self, RenderError> {
        let size = approximate_json_size(&value);
        if size > MAX_CONTEXT_BYTES {
            return Err(RenderError::new(
                RenderErrorKind::TooComplex,
                format!(
                    "The data to render is {} KB; the most the app renders is {} KB. Trim the contact's custom attributes.",
                    size / 1024,
                    MAX_CONTEXT_BYTES / 1024
                ),
            ));
        }
        let variable = jmespath::Variable::try_from(value).map_err(|e| {
            RenderError::new(
                RenderErrorKind::Evaluation,
                format!("The data cannot be rendered: {e}"),
            )
        })?;
        Ok(Self {
            value: jmespath::Rcvar::new(variable),
            bytes: size,
        })
    }
}

/// About the size of the value as JSON text, without writing it out (this runs per render).
fn approximate_json_size(value: &Value) -> usize {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => 8,
        Value::String(s) => s.len() + 2,
        Value::Array(items) => {
            2 + items
                .iter()
                .map(|v| approximate_json_size(v) + 1)
                .sum::<usize>()
        }
        Value::Object(map) => {
            2 + map
                .iter()
                .map(|(k, v)| k.len() + 4 + approximate_json_size(v))
                .sum::<usize>()
        }
    }
}
