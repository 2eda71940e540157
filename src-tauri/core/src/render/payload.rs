//! The payload: the JMESPath expression's result, written as the request body — JSON, or a
//! form for destinations that take one — with object keys in the order they were typed.

use serde_json::Value;

use super::context::RenderContext;
use super::error::{RenderError, RenderErrorKind, RenderWarning};
use super::expression::{evaluate, ExpressionCache, GuardedExpression};
use super::form::encode_form;
use super::functions::VOLATILE_FUNCTIONS;
use super::key_order::{children, Typed};
use super::warnings::null_path_warnings;
use crate::destinations::BodyFormat;

#[derive(Debug, Clone, PartialEq)]
pub struct RenderedPayload {
    pub value: Value,
    /// The exact request body; `None` when the result is null (no body).
    pub body: Option<String>,
    /// The body for reading: JSON pretty-printed (keys as typed), a form exactly as sent.
    pub display: Option<String>,
    pub warnings: Vec<RenderWarning>,
}

/// The body alone as JSON, as the delivery engine needs it; `None` when the result is null.
pub fn render_body(
    expression: &str,
    cache: &ExpressionCache,
    context: &RenderContext,
) -> Result<Option<String>, RenderError> {
    render_body_as(expression, BodyFormat::Json, cache, context)
}

/// The body alone in `format`; `None` when the result is null. No warnings are computed.
pub fn render_body_as(
    expression: &str,
    format: BodyFormat,
    cache: &ExpressionCache,
    context: &RenderContext,
) -> Result<Option<String>, RenderError> {
    let compiled = cache.get(expression)?;
    let result = evaluate(&compiled, context)?;
    if result.is_null() {
        return Ok(None);
    }
    write_body(&compiled, &result, format).map(Some)
}

/// The JSON body plus the warnings the preview shows (each plain path that is null).
pub fn render_payload(
    expression: &str,
    cache: &ExpressionCache,
    context: &RenderContext,
) -> Result<RenderedPayload, RenderError> {
    render_payload_as(expression, BodyFormat::Json, cache, context)
}

/// The body in `format` plus the warnings the preview shows.
pub fn render_payload_as(
    expression: &str,
    format: BodyFormat,
    cache: &ExpressionCache,
    context: &RenderContext,
) -> Result<RenderedPayload, RenderError> {
    let compiled = cache.get(expression)?;
    let result = evaluate(&compiled, context)?;
    let value = serde_json::to_value(&*result).map_err(not_json)?;
    let (body, display) = if result.is_null() {
        (None, None)
    } else {
        let body = write_body(&compiled, &result, format)?;
        let display = match format {
            BodyFormat::Json => {
                serde_json::to_string_pretty(&typed(&compiled, &result)).map_err(not_json)?
            }
            BodyFormat::Form => body.clone(),
        };
        (Some(body), Some(display))
    };
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
    if let Some(name) = volatile_function(&compiled) {
        warnings.push(RenderWarning {
            message: format!(
                "{name}() gives a new value on every render, so this preview's value is not the one \
                 sent; a delivery keeps the value made when it is queued, and its retries send it again"
            ),
            path: None,
            position: None,
        });
    }
    Ok(RenderedPayload {
        value,
        body,
        display,
        warnings,
    })
}

fn typed<'a>(compiled: &'a GuardedExpression, result: &'a jmespath::Rcvar) -> Typed<'a> {
    Typed::new(result, compiled.as_ast(), &compiled.key_orders)
}

fn write_body(
    compiled: &GuardedExpression,
    result: &jmespath::Rcvar,
    format: BodyFormat,
) -> Result<String, RenderError> {
    match format {
        BodyFormat::Json => serde_json::to_string(&typed(compiled, result)).map_err(not_json),
        BodyFormat::Form => encode_form(typed(compiled, result)),
    }
}

fn not_json(e: serde_json::Error) -> RenderError {
    RenderError::new(
        RenderErrorKind::Evaluation,
        format!("The result cannot be written as JSON: {e}"),
    )
}

/// The first function called whose value changes from one render to the next.
fn volatile_function(compiled: &GuardedExpression) -> Option<&'static str> {
    let mut pending = vec![compiled.as_ast()];
    while let Some(node) = pending.pop() {
        if let jmespath::ast::Ast::Function { name, .. } = node {
            if let Some(found) = VOLATILE_FUNCTIONS.into_iter().find(|v| v == name) {
                return Some(found);
            }
        }
        children(node, |c| pending.push(c));
    }
    None
}
