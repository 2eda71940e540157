//! The payload: the JMESPath expression's result, serialised as JSON.

use serde_json::Value;

use super::context::RenderContext;
use super::error::{RenderError, RenderWarning};
use super::expression::{evaluate, ExpressionCache};
use super::warnings::null_path_warnings;

#[derive(Debug, Clone, PartialEq)]
pub struct RenderedPayload {
    pub value: Value,
    /// The exact request body; `None` when the result is null (no body).
    pub body: Option<String>,
    pub warnings: Vec<RenderWarning>,
}

pub fn render_payload(
    expression: &str,
    cache: &ExpressionCache,
    context: &RenderContext,
) -> Result<RenderedPayload, RenderError> {
    let compiled = cache.get(expression)?;
    let result = evaluate(&compiled, context)?;
    let value = serde_json::to_value(&*result).map_err(|e| {
        RenderError::new(
            super::RenderErrorKind::Evaluation,
            format!("The result cannot be written as JSON: {e}"),
        )
    })?;
    let mut warnings = null_path_warnings(compiled.as_ast(), cache, context);
    let body = if value.is_null() {
        warnings.insert(
            0,
            RenderWarning {
                message: "The payload is null: POST, PUT and PATCH requests will not be sent without a body".into(),
                path: None,
                position: None,
            },
        );
        None
    } else {
        Some(value.to_string())
    };
    Ok(RenderedPayload {
        value,
        body,
        warnings,
    })
}
