//! What an API Destination is, as stored and as the UI sends and sees it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{BodyFormat, RetryPolicy};
use crate::ids::{AuthId, DestinationId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "POST" => Some(Self::Post),
            "PUT" => Some(Self::Put),
            "PATCH" => Some(Self::Patch),
            "DELETE" => Some(Self::Delete),
            _ => None,
        }
    }
}

/// A static header sent with every request to the destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HeaderEntry {
    pub name: String,
    pub value: String,
}

pub const DEFAULT_TIMEOUT_SECS: u32 = 15;

/// What the destination form sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DestinationInput {
    pub name: String,
    pub endpoint: String,
    pub method: HttpMethod,
    pub auth_id: Option<AuthId>,
    pub headers: Vec<HeaderEntry>,
    /// How the payload is written into the body: JSON, or a form.
    #[serde(default)]
    pub body_format: BodyFormat,
    pub timeout_secs: u32,
    pub retry: RetryPolicy,
    /// Requests per second at most; `None` for no limit.
    pub rate_limit_per_sec: Option<u32>,
    /// Requests in flight at once at most; `None` for the engine's default.
    pub concurrency_limit: Option<u32>,
    pub enabled: bool,
    /// The form's Test payload, kept so it survives save and reopen.
    #[serde(default)]
    pub test: DestinationTest,
}

/// The URL bindings and payload tried in the destination form; a new rule's action starts
/// from them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DestinationTest {
    /// JMESPath expression per URL variable, as typed.
    #[serde(default)]
    pub bindings: BTreeMap<String, String>,
    /// The payload expression; empty for the form's default.
    #[serde(default)]
    pub payload: String,
}

impl DestinationInput {
    /// A new destination's starting values.
    pub fn blank() -> Self {
        Self {
            name: String::new(),
            endpoint: String::new(),
            method: HttpMethod::Post,
            auth_id: None,
            headers: Vec::new(),
            body_format: BodyFormat::Json,
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            retry: RetryPolicy::default(),
            rate_limit_per_sec: None,
            concurrency_limit: None,
            enabled: true,
            test: DestinationTest::default(),
        }
    }
}

/// The API Auth a destination points at, as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DestinationAuth {
    pub id: AuthId,
    /// `None` when the config was deleted: the UI shows "auth config missing".
    pub name: Option<String>,
    pub kind: Option<String>,
    /// True when one of its secrets is not in the keyring (e.g. after an import).
    pub secret_needed: bool,
}

/// A stored destination as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DestinationView {
    pub id: DestinationId,
    /// The saved form values.
    pub input: DestinationInput,
    /// The endpoint as lists and summaries show it: a secret typed into its query masked (the
    /// form alone shows the value, to edit it).
    pub shown_endpoint: String,
    /// The endpoint's `{variables}`, in order of first appearance.
    pub variables: Vec<String>,
    pub auth: Option<DestinationAuth>,
    /// Set while the destination is paused: its deliveries are held.
    pub paused: Option<DestinationPause>,
    pub created_at: String,
    pub updated_at: String,
}

/// Since when and by whom a destination is paused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DestinationPause {
    /// Unix ms.
    #[ts(type = "number")]
    pub since: i64,
    /// Paused automatically after a run of failures, rather than by the user.
    pub by_circuit_breaker: bool,
}
