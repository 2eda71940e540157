//! The one request renderer: a destination's method, URL, headers (and where its credential
//! goes, masked) and body for one context. The live preview shows what it returns and a
//! delivery freezes what it returns, so the two cannot drift apart.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{
    check_header_value, render_body_as, render_payload_as, render_url, ExpressionCache,
    RenderContext, RenderError, RenderWarning, RenderedUrl,
};
use crate::auth::{credential_slots, url_with_masked_query, AuthSettings, CredentialPlace};
use crate::destinations::static_secrets::{is_secret_name, mask_endpoint, masked_value};
use crate::destinations::{BodyFormat, HeaderEntry, HttpMethod};
use crate::error::AppError;

/// What a request is made from: a destination (saved or being edited) and an action's
/// bindings and payload.
#[derive(Debug, Clone, Copy)]
pub struct RequestTemplate<'a> {
    pub endpoint: &'a str,
    pub method: HttpMethod,
    pub headers: &'a [HeaderEntry],
    pub auth: Option<&'a AuthSettings>,
    /// JMESPath expression per URL variable.
    pub bindings: &'a BTreeMap<String, String>,
    pub payload: &'a str,
    pub body_format: BodyFormat,
}

/// Where a header of the request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderSource {
    /// The body format's `Content-Type`, unless a static header sets it.
    Default,
    /// The destination's static headers.
    Static,
    /// The API Auth config, added at send time; the value here is masked.
    Auth,
}

impl HeaderSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::Static => "static",
            Self::Auth => "auth",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedHeader {
    pub name: String,
    pub value: String,
    pub source: HeaderSource,
}

/// The request, with every problem found (nothing stops at the first).
#[derive(Debug, Clone)]
pub struct RenderedRequest {
    pub method: HttpMethod,
    /// The URL as frozen: without a query credential, which the engine adds at send time.
    pub url: Result<RenderedUrl, RenderError>,
    /// A query parameter the API Auth config adds at send time.
    pub query_credential: Option<String>,
    /// Default, static and auth headers, in the order they are sent.
    pub headers: Vec<RenderedHeader>,
    pub header_errors: Vec<RenderError>,
    /// The exact body (`None`: no body), and the value it was written from.
    pub body: Result<(Option<String>, Value), RenderError>,
    /// The body for reading (JSON pretty-printed, a form as sent); only when explaining.
    pub body_display: Option<String>,
    /// Null paths and the like; computed only when asked for (the preview).
    pub warnings: Vec<RenderWarning>,
}

/// Renders `template` for `context`. `explain` adds the warnings the preview shows, which the
/// engine does not need (they cost a second walk of the expression).
pub fn render_request(
    template: &RequestTemplate<'_>,
    cache: &ExpressionCache,
    context: &RenderContext,
    explain: bool,
) -> RenderedRequest {
    let mut warnings = Vec::new();
    // A secret typed into the endpoint's query or a static header is shown and frozen masked;
    // the engine puts it back at send time, as it does for API Auth.
    let endpoint = mask_endpoint(template.endpoint);
    let url =
        render_url(&endpoint, template.bindings, cache, context).map(|(url, url_warnings)| {
            if explain {
                warnings.extend(url_warnings);
            }
            url
        });
    let mut body_display = None;
    let body = if explain {
        render_payload_as(template.payload, template.body_format, cache, context).map(|payload| {
            warnings.extend(payload.warnings);
            body_display = payload.display;
            if template.method == HttpMethod::Delete && payload.body.is_none() {
                warnings.retain(|w| !w.message.starts_with("The payload is null"));
            }
            (payload.body, payload.value)
        })
    } else {
        render_body_as(template.payload, template.body_format, cache, context)
            .map(|body| (body, Value::Null))
    };

    let has_body = matches!(body, Ok((Some(_), _)));
    let mut headers = Vec::with_capacity(template.headers.len() + 2);
    let mut header_errors = Vec::new();
    let sets_content_type = template
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("content-type"));
    if has_body && !sets_content_type {
        headers.push(RenderedHeader {
            name: "Content-Type".into(),
            value: template.body_format.content_type().into(),
            source: HeaderSource::Default,
        });
    }
    for header in template.headers {
        if let Err(err) = check_header_value(&header.name, &header.value) {
            header_errors.push(err);
        }
        let secret = is_secret_name(&header.name) && !header.value.trim().is_empty();
        headers.push(RenderedHeader {
            name: header.name.clone(),
            value: if secret {
                masked_value(&header.value)
            } else {
                header.value.clone()
            },
            source: HeaderSource::Static,
        });
    }
    let mut query_credential = None;
    for slot in template.auth.map(credential_slots).unwrap_or_default() {
        match slot.place {
            CredentialPlace::Header(name) => headers.push(RenderedHeader {
                name,
                value: slot.value.previewed(),
                source: HeaderSource::Auth,
            }),
            CredentialPlace::Query(name) => query_credential = Some(name),
        }
    }

    RenderedRequest {
        method: template.method,
        url,
        query_credential,
        headers,
        header_errors,
        body,
        body_display,
        warnings,
    }
}

/// What a delivery freezes: the request minus its credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrozenRequest {
    pub method: HttpMethod,
    pub url: String,
    pub headers: Vec<HeaderEntry>,
    pub body: Option<String>,
}

impl RenderedRequest {
    /// The URL as the preview and an attempt's record show it: with a query credential
    /// appended, masked.
    pub fn shown_url(&self) -> Option<RenderedUrl> {
        let url = self.url.as_ref().ok()?;
        Some(match &self.query_credential {
            Some(name) => RenderedUrl {
                url: url_with_masked_query(&url.url, name),
                spans: url.spans.clone(),
            },
            None => url.clone(),
        })
    }

    /// Every error, in the order the request is read: URL, body, headers.
    pub fn errors(&self) -> Vec<RenderError> {
        let mut errors = Vec::new();
        if let Err(err) = &self.url {
            errors.push(err.clone());
        }
        if let Err(err) = &self.body {
            errors.push(err.clone());
        }
        errors.extend(self.header_errors.iter().cloned());
        errors
    }

    /// The request to queue, or the first reason it cannot be sent, naming the part.
    pub fn freeze(self) -> Result<FrozenRequest, AppError> {
        let url = self
            .url
            .map_err(|e| AppError::validation(format!("URL: {}", e.message)))?;
        let (body, _) = self
            .body
            .map_err(|e| AppError::validation(format!("Payload: {}", e.message)))?;
        if body.is_none() && self.method != HttpMethod::Delete {
            return Err(AppError::validation(format!(
                "Payload: the expression gives null, and a {} request needs a body. \
                 Check the paths it uses against this contact.",
                self.method.as_str()
            )));
        }
        if let Some(err) = self.header_errors.into_iter().next() {
            return Err(AppError::validation(format!("Header: {}", err.message)));
        }
        let headers = self
            .headers
            .into_iter()
            .filter(|h| h.source != HeaderSource::Auth)
            .map(|h| HeaderEntry {
                name: h.name,
                value: h.value,
            })
            .collect();
        Ok(FrozenRequest {
            method: self.method,
            url: url.url,
            headers,
            body,
        })
    }
}
