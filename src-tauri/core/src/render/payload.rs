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

/// The body alone, as the delivery engine needs it: the JSON text of the result, `None` when
/// it is null. No warnings are computed.
pub fn render_body(
    expression: &str,
    cache: &ExpressionCache,
    context: &RenderContext,
) -> Result<Option<String>, RenderError> {
    let compiled = cache.get(expression)?;
    let result = evaluate(&compiled, context)?;
    if result.is_null() {
        return Ok(None);
    }
    serde_json::to_string(&*result).map(Some).map_err(|e| {
        RenderError::new(
            super::RenderErrorKind::Evaluation,
            format!("The result cannot be written as JSON: {e}"),
        )
    })
}

/// The body plus the warnings the preview shows (each plain path that is null).
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
    let body = (!value.is_null()).then(|| value.to_string());
    let mut warnings = null_path_warnings(compiled.as_ast(), cache, context);
    if body.is_none() {
        warnings.insert(
            0,
            RenderWarning {
                message: "The payload is null: POST, PUT and PATCH requests will not be sent without a body".into(),
                path: None,
                position: None,
            },
        );
    }
    Ok(RenderedPayload {
        value,
        body,
        warnings,
    })
}
