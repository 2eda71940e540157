//! The live preview: renders a destination's (or an ad-hoc) request for one sample contact —
//! method, URL with its substitutions marked, headers with credentials masked, the body,
//! and every warning and error at once.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::SqlitePool;
use ts_rs::TS;

use super::{
    check_header_value, render_payload, render_url, ExpressionCache, RenderContext, RenderError,
    RenderWarning, RenderedUrl,
};
use crate::auth::{ApiKeyPlacement, AuthSettings};
use crate::contacts::{get_contact, get_team};
use crate::destinations::{get_destination, HeaderEntry, HttpMethod};
use crate::error::{AppError, AppResult};
use crate::ids::{ContactId, DestinationId};
use crate::time::now_rfc3339;

#[derive(Debug, Clone, Deserialize, TS)]
pub struct PreviewRequest {
    /// A saved destination; when absent, `endpoint` and `method` are used.
    pub destination_id: Option<DestinationId>,
    pub endpoint: Option<String>,
    pub method: Option<HttpMethod>,
    /// Static headers of an ad-hoc request (a destination brings its own).
    #[serde(default)]
    pub headers: Vec<HeaderEntry>,
    /// JMESPath expression per URL variable.
    #[serde(default)]
    pub bindings: BTreeMap<String, String>,
    pub payload: String,
    pub contact_id: ContactId,
    pub event_type: String,
    #[serde(default)]
    #[ts(type = "unknown")]
    pub event_data: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewHeader {
    pub name: String,
    pub value: String,
    /// `default`, `static` or `auth` (value masked).
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewResult {
    pub method: HttpMethod,
    pub url: Option<RenderedUrl>,
    pub headers: Vec<PreviewHeader>,
    /// The body as it would be sent, pretty-printed for reading.
    pub body: Option<String>,
    pub warnings: Vec<RenderWarning>,
    pub errors: Vec<RenderError>,
    /// Time spent rendering (not loading), for the editor's timing display.
    pub render_micros: u64,
}

const MASK: &str = "••••";

pub async fn preview(
    pool: &SqlitePool,
    cache: &ExpressionCache,
    request: PreviewRequest,
) -> AppResult<PreviewResult> {
    let (endpoint, method, static_headers, auth) = match &request.destination_id {
        Some(id) => {
            let dest = get_destination(pool, id).await?;
            let auth = match &dest.input.auth_id {
                Some(auth_id) => crate::auth::list_auth_configs(pool)
                    .await?
                    .into_iter()
                    .find(|a| &a.id == auth_id)
                    .map(|a| a.settings),
                None => None,
            };
            (
                dest.input.endpoint,
                dest.input.method,
                dest.input.headers,
                auth,
            )
        }
        None => (
            request.endpoint.clone().unwrap_or_default(),
            request.method.unwrap_or(HttpMethod::Post),
            request.headers.clone(),
            None,
        ),
    };
    let contact = get_contact(pool, &request.contact_id).await?;
    let team = get_team(pool).await?;
    let event = json!({
        "id": "evt_preview",
        "type": request.event_type,
        "occurred_at": now_rfc3339(),
        "data": request.event_data.clone().unwrap_or_else(|| json!({})),
    });

    let started = Instant::now();
    let context = RenderContext::new(team.to_context(), contact.to_context(), event)
        .map_err(|e| AppError::validation(e.message))?;
    let mut warnings = Vec::new();
    let mut errors = Vec::new();

    let url = match render_url(&endpoint, &request.bindings, cache, &context) {
        Ok((url, url_warnings)) => {
            warnings.extend(url_warnings);
            Some(url)
        }
        Err(err) => {
            errors.push(err);
            None
        }
    };
    let body = match render_payload(&request.payload, cache, &context) {
        Ok(payload) => {
            warnings.extend(payload.warnings);
            if method == HttpMethod::Delete && payload.body.is_none() {
                warnings.retain(|w| !w.message.starts_with("The payload is null"));
            }
            payload
                .body
                .map(|_| serde_json::to_string_pretty(&payload.value).unwrap_or_default())
        }
        Err(err) => {
            errors.push(err);
            None
        }
    };
    let headers = preview_headers(&static_headers, auth.as_ref(), body.is_some(), &mut errors);
    Ok(PreviewResult {
        method,
        url,
        headers,
        body,
        warnings,
        errors,
        render_micros: u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
    })
}

fn preview_headers(
    static_headers: &[HeaderEntry],
    auth: Option<&AuthSettings>,
    has_body: bool,
    errors: &mut Vec<RenderError>,
) -> Vec<PreviewHeader> {
    let mut headers = Vec::new();
    let sets = |name: &str| {
        static_headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case(name))
    };
    if has_body && !sets("content-type") {
        headers.push(header("Content-Type", "application/json", "default"));
    }
    for h in static_headers {
        if let Err(err) = check_header_value(&h.name, &h.value) {
            errors.push(err);
        }
        headers.push(header(&h.name, &h.value, "static"));
    }
    match auth {
        Some(AuthSettings::Basic { .. }) => {
            headers.push(header("Authorization", &format!("Basic {MASK}"), "auth"))
        }
        Some(AuthSettings::Bearer) | Some(AuthSettings::OAuth2ClientCredentials { .. }) => {
            headers.push(header("Authorization", &format!("Bearer {MASK}"), "auth"))
        }
        Some(AuthSettings::ApiKey {
            placement: ApiKeyPlacement::Header,
            name,
        }) => headers.push(header(name, MASK, "auth")),
        Some(AuthSettings::ApiKey {
            placement: ApiKeyPlacement::Query,
            ..
        }) => {}
        Some(AuthSettings::Hmac {
            id_header,
            timestamp_header,
            signature_header,
        }) => {
            headers.push(header(id_header, "(set when sent)", "auth"));
            headers.push(header(timestamp_header, "(set when sent)", "auth"));
            headers.push(header(signature_header, &format!("v1,{MASK}"), "auth"));
        }
        None => {}
    }
    headers
}

fn header(name: &str, value: &str, source: &str) -> PreviewHeader {
    PreviewHeader {
        name: name.to_owned(),
        value: value.to_owned(),
        source: source.to_owned(),
    }
}
