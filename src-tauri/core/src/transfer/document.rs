//! The export file's shape. Auth configs are referenced by name so a file moves between
//! machines; no secret value has a field here.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::auth::AuthSettings;
use crate::destinations::{BodyFormat, DestinationTest, HeaderEntry, HttpMethod, RetryPolicy};

pub const EXPORT_FORMAT: &str = "api-destinations/export@1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportDocument {
    /// Always [`EXPORT_FORMAT`]; other values are refused on import.
    pub format: String,
    pub exported_at: String,
    pub auth_configs: Vec<ExportedAuthConfig>,
    pub destinations: Vec<ExportedDestination>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportedAuthConfig {
    pub name: String,
    pub settings: AuthSettings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportedDestination {
    pub name: String,
    pub endpoint: String,
    pub method: HttpMethod,
    /// JSON (the default, and what older files mean) or a form.
    #[serde(default)]
    pub body_format: BodyFormat,
    /// The name of its API Auth config, in this file or already on the importing machine.
    pub auth: Option<String>,
    #[serde(default)]
    pub headers: Vec<HeaderEntry>,
    pub timeout_secs: u32,
    #[serde(default)]
    pub retry: RetryPolicy,
    #[serde(default)]
    pub rate_limit_per_sec: Option<u32>,
    #[serde(default)]
    pub concurrency_limit: Option<u32>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    /// The Test payload's bindings and payload, which new rules start from.
    #[serde(default)]
    pub test: DestinationTest,
}

fn enabled_by_default() -> bool {
    true
}
