//! URL rendering: each `{name}` in the endpoint is replaced by its binding's value, encoded as
//! an RFC 3986 component (unreserved characters kept, everything else percent-encoded), so a
//! value such as `a/b?c#d` can never change the path or add a query. A value of `.` or `..`
//! (however often percent-encoded) is refused: it stays unencoded and URL parsing, or a server
//! that decodes twice, resolves it away, sending the request to another resource.

use std::collections::BTreeMap;

use std::borrow::Cow;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
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
        if is_dot_segment(&text) {
            return Err(RenderError::new(
                RenderErrorKind::InvalidVariableValue,
                format!(
                    "URL variable {{{name}}} (bound to {binding}) is {text:?} for {}; a URL value of . or .. (or its percent-encoded form) would send the request to another path, so it is refused",
                    contact_label(context)
                ),
            )
            .about(name.clone()));
        }
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

/// Whether `value` is `.` or `..`, as it is or after percent-decoding it (repeatedly, as a
/// chain of proxies and a server might).
fn is_dot_segment(value: &str) -> bool {
    // A dot can only come from `.` or an escape; most values have neither.
    if value.len() > 64 || !value.bytes().any(|b| b == b'.' || b == b'%') {
        return false;
    }
    let mut current = Cow::Borrowed(value);
    loop {
        if current == "." || current == ".." {
            return true;
        }
        let decoded = percent_decode_str(&current)
            .decode_utf8_lossy()
            .into_owned();
        if decoded == current {
            return false;
        }
        current = Cow::Owned(decoded);
    }
}

/// "contact ct_1001" when the context has a contact id, for messages about a value.
fn contact_label(context: &RenderContext) -> String {
    match context
        .value
        .get_field("contact")
        .get_field("id")
        .as_string()
    {
        Some(id) => format!("contact {id}"),
        None => "this contact".to_owned(),
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
