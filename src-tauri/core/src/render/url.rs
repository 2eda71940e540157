//! URL rendering: each `{name}` in the endpoint is replaced by its binding's value, encoded as
//! an RFC 3986 component (unreserved characters kept, everything else percent-encoded), so a
//! value such as `a/b?c#d` can never change the path or add a query.

use std::collections::BTreeMap;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use ts_rs::TS;

use super::context::RenderContext;
use super::error::{RenderError, RenderErrorKind, RenderWarning};
use super::expression::{evaluate, ExpressionCache};

/// Everything but the unreserved characters `A-Z a-z 0-9 - . _ ~`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Where a substituted value sits in the rendered URL, for marking it in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UrlSpan {
    pub variable: String,
    /// The binding expression it came from.
    pub binding: String,
    /// Character offsets in the rendered URL.
    pub start: usize,
    pub end: usize,
    /// The value before encoding.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RenderedUrl {
    pub url: String,
    pub spans: Vec<UrlSpan>,
}

/// Fills the template. `bindings` maps each variable name to a JMESPath expression.
pub fn render_url(
    template: &str,
    bindings: &BTreeMap<String, String>,
    cache: &ExpressionCache,
    context: &RenderContext,
) -> Result<(RenderedUrl, Vec<RenderWarning>), RenderError> {
    let parsed = cache.template(template).map_err(|e| {
        let err = RenderError::new(RenderErrorKind::InvalidUrl, e.message);
        match e.position {
            Some(p) => err.at(p),
            None => err,
        }
    })?;
    let chars: Vec<char> = template.chars().collect();
    let mut url = String::with_capacity(template.len() + 32);
    let mut url_chars = 0usize;
    let mut spans = Vec::new();
    let mut warnings = Vec::new();
    let mut next = 0usize;
    for placeholder in &parsed.placeholders {
        let literal: String = chars[next..placeholder.start].iter().collect();
        url_chars += placeholder.start - next;
        url.push_str(&literal);
        let name = &placeholder.name;
        let binding = bindings.get(name).map(|b| b.trim()).filter(|b| !b.is_empty()).ok_or_else(|| {
            RenderError::new(
                RenderErrorKind::UnboundVariable,
                format!(
                    "URL variable {{{name}}} has no binding: bind it to a value such as contact.id or contact.custom_attributes.{name}"
                ),
            )
            .about(name.clone())
        })?;
        let compiled = cache.get(binding).map_err(|e| in_binding(e, name))?;
        let value = evaluate(&compiled, context).map_err(|e| in_binding(e, name))?;
        let text = scalar_text(&value).map_err(|what| {
            RenderError::new(
                RenderErrorKind::InvalidVariableValue,
                format!(
                    "URL variable {{{name}}} (bound to {binding}) is {what} for this contact; it must be a string, number or boolean"
                ),
            )
            .about(name.clone())
        })?;
        if text.is_empty() {
            warnings.push(RenderWarning {
                message: format!("URL variable {{{name}}} (bound to {binding}) is an empty string"),
                path: Some(binding.to_owned()),
                position: None,
            });
        }
        let encoded = encode_component(&text);
        let encoded_len = encoded.chars().count();
        spans.push(UrlSpan {
            variable: name.clone(),
            binding: binding.to_owned(),
            start: url_chars,
            end: url_chars + encoded_len,
            value: text,
        });
        url.push_str(&encoded);
        url_chars += encoded_len;
        next = placeholder.end;
    }
    url.extend(&chars[next..]);

    let parsed_url = ::url::Url::parse(&url).map_err(|e| {
        RenderError::new(
            RenderErrorKind::InvalidUrl,
            format!("The rendered URL {url} is not valid: {e}"),
        )
    })?;
    if !matches!(parsed_url.scheme(), "http" | "https") {
        return Err(RenderError::new(
            RenderErrorKind::InvalidUrl,
            format!("The rendered URL {url} is not an http(s) URL"),
        ));
    }
    Ok((RenderedUrl { url, spans }, warnings))
}

fn in_binding(err: RenderError, name: &str) -> RenderError {
    RenderError {
        message: format!("In the binding of {{{name}}}: {}", err.message),
        subject: Some(name.to_owned()),
        ..err
    }
}

/// The text of a scalar; for anything else, what it is instead.
fn scalar_text(value: &jmespath::Variable) -> Result<String, &'static str> {
    match value {
        jmespath::Variable::String(s) => Ok(s.clone()),
        jmespath::Variable::Number(n) => Ok(n.to_string()),
        jmespath::Variable::Bool(b) => Ok(b.to_string()),
        jmespath::Variable::Null => Err("null"),
        jmespath::Variable::Array(_) => Err("a list"),
        jmespath::Variable::Object(_) => Err("an object"),
        jmespath::Variable::Expref(_) => Err("an expression reference"),
    }
}
