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
    render_request, EventInfo, ExpressionCache, RenderContext, RenderError, RenderWarning,
    RenderedUrl, RequestTemplate,
};
use crate::contacts::{get_contact, get_team};
use crate::destinations::{get_destination, BodyFormat, HeaderEntry, HttpMethod};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::ids::{AuthId, ContactId, DestinationId, EventId};
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
    /// The API Auth config of an ad-hoc request (the destination form's, before it is saved).
    #[serde(default)]
    pub auth_id: Option<AuthId>,
    /// The body format of an ad-hoc request (a destination brings its own); JSON when absent.
    #[serde(default)]
    #[ts(optional)]
    pub body_format: Option<BodyFormat>,
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
    /// The URL as sent, a query credential masked (as an attempt records it).
    pub url: Option<RenderedUrl>,
    pub headers: Vec<PreviewHeader>,
    /// The body as it would be sent: JSON pretty-printed for reading, a form exactly as sent.
    pub body: Option<String>,
    pub warnings: Vec<RenderWarning>,
    pub errors: Vec<RenderError>,
    /// Time spent rendering (not loading), for the editor's timing display.
    pub render_micros: u64,
}

pub async fn preview(
    pool: &SqlitePool,
    cache: &ExpressionCache,
    request: PreviewRequest,
) -> AppResult<PreviewResult> {
    let (endpoint, method, static_headers, auth_id, body_format) = match &request.destination_id {
        Some(id) => {
            let dest = get_destination(pool, id).await?;
            (
                dest.input.endpoint,
                dest.input.method,
                dest.input.headers,
                dest.input.auth_id,
                dest.input.body_format,
            )
        }
        None => (
            request.endpoint.clone().unwrap_or_default(),
            request.method.unwrap_or(HttpMethod::Post),
            request.headers.clone(),
            request.auth_id.clone(),
            request.body_format.unwrap_or_default(),
        ),
    };
    let auth = match &auth_id {
        Some(id) => match crate::auth::load(pool, id).await {
            Ok(config) => Some(config.settings),
            // Deleted under an open form: previewed without it (sending says why it fails).
            Err(err) if err.code == ErrorCode::NotFound => None,
            Err(err) => return Err(err),
        },
        None => None,
    };
    let contact = get_contact(pool, &request.contact_id).await?;
    let team = get_team(pool).await?;
    let event = EventInfo {
        id: EventId::generate(),
        event_type: request.event_type.clone(),
        occurred_at: now_rfc3339(),
        data: request.event_data.clone().unwrap_or_else(|| json!({})),
    };

    let started = Instant::now();
    let context = RenderContext::new(team.to_context(), contact.to_context(), event.context())
        .map_err(|e| AppError::validation(e.message))?;
    let template = RequestTemplate {
        endpoint: &endpoint,
        method,
        headers: &static_headers,
        auth: auth.as_ref(),
        bindings: &request.bindings,
        payload: &request.payload,
        body_format,
    };
    let rendered = render_request(&template, cache, &context, true);
    let errors = rendered.errors();
    let url = rendered.shown_url();
    let body = match &rendered.body {
        Ok((Some(_), _)) => rendered.body_display.clone(),
        _ => None,
    };
    let headers = rendered
        .headers
        .into_iter()
        .map(|h| PreviewHeader {
            name: h.name,
            value: h.value,
            source: h.source.as_str().to_owned(),
        })
        .collect();
    Ok(PreviewResult {
        method,
        url,
        headers,
        body,
        warnings: rendered.warnings,
        errors,
        render_micros: u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
    })
}
