//! The export file's shape. Auth configs, destinations and rules are referenced by name so a
//! file moves between machines; no secret value has a field here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::auth::AuthSettings;
use crate::contacts::{ContactInput, Subscriptions, Team};
use crate::destinations::{BodyFormat, DestinationTest, HeaderEntry, HttpMethod, RetryPolicy};
use crate::rules::Conditions;

/// What an export writes.
pub const EXPORT_FORMAT: &str = "api-destinations/export@2";
/// The formats an import reads: `@1` holds API Auth configs and destinations only, and reads
/// as a document without rules, contacts or team.
pub const IMPORT_FORMATS: [&str; 2] = ["api-destinations/export@1", EXPORT_FORMAT];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportDocument {
    /// [`EXPORT_FORMAT`] when written; one of [`IMPORT_FORMATS`] to be read.
    pub format: String,
    pub exported_at: String,
    pub auth_configs: Vec<ExportedAuthConfig>,
    pub destinations: Vec<ExportedDestination>,
    #[serde(default)]
    pub rules: Vec<ExportedRule>,
    /// The sample contacts previews and test events render with.
    #[serde(default)]
    pub contacts: Vec<ExportedContact>,
    /// The team profile expressions read as `team`.
    #[serde(default)]
    pub team: Option<ExportedTeam>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportedRule {
    pub name: String,
    pub enabled: bool,
    pub trigger: String,
    #[serde(default)]
    pub conditions: Conditions,
    pub actions: Vec<ExportedAction>,
    /// The event data the editor's preview renders with; none for the trigger's sample.
    #[serde(default)]
    #[ts(type = "unknown")]
    pub sample_event_data: Option<Value>,
}

/// An Invoke API Destination action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportedAction {
    /// The name of its destination, in this file or already on the importing machine; none
    /// when the rule has none picked (or it was deleted).
    pub destination: Option<String>,
    #[serde(default)]
    pub bindings: BTreeMap<String, String>,
    pub payload: String,
}

/// A sample contact. Its phone, else its first and last name, is what an import matches it by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportedContact {
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub entry_point: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    #[ts(type = "Record<string, unknown>")]
    pub custom_attributes: Map<String, Value>,
    #[serde(default)]
    pub subscriptions: Subscriptions,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportedTeam {
    pub id: String,
    pub name: String,
    #[serde(default)]
    #[ts(type = "Record<string, unknown>")]
    pub custom_attributes: Map<String, Value>,
}

impl From<ContactInput> for ExportedContact {
    fn from(c: ContactInput) -> Self {
        Self {
            phone: c.phone,
            first_name: c.first_name,
            last_name: c.last_name,
            entry_point: c.entry_point,
            tags: c.tags,
            custom_attributes: c.custom_attributes,
            subscriptions: c.subscriptions,
        }
    }
}

impl From<ExportedContact> for ContactInput {
    fn from(c: ExportedContact) -> Self {
        Self {
            phone: c.phone,
            first_name: c.first_name,
            last_name: c.last_name,
            entry_point: c.entry_point,
            tags: c.tags,
            custom_attributes: c.custom_attributes,
            subscriptions: c.subscriptions,
        }
    }
}

impl From<Team> for ExportedTeam {
    fn from(t: Team) -> Self {
        Self {
            id: t.id,
            name: t.name,
            custom_attributes: t.custom_attributes,
        }
    }
}

impl From<ExportedTeam> for Team {
    fn from(t: ExportedTeam) -> Self {
        Self {
            id: t.id,
            name: t.name,
            custom_attributes: t.custom_attributes,
        }
    }
}
