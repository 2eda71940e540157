//! What a gallery template holds: everything the "New API Destination" form needs to start
//! from a vendor's documented request instead of a blank page.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::auth::AuthSettings;
use crate::destinations::{BodyFormat, HeaderEntry, HttpMethod};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DestinationTemplate {
    /// Stable key, also the data file's name: `hubspot`, `klaviyo`, ….
    pub id: String,
    /// The vendor as marketers know it.
    pub name: String,
    /// For grouping and search: `CRM`, `Team messaging`, ….
    pub category: String,
    /// What a request made from it does, in one line.
    pub summary: String,
    /// The vendor's reference page for this request.
    pub reference_url: String,
    pub endpoint: String,
    pub method: HttpMethod,
    /// JSON unless the vendor wants a form (Twilio).
    #[serde(default)]
    pub body_format: BodyFormat,
    pub headers: Vec<HeaderEntry>,
    /// `None` for webhooks whose URL is the credential.
    pub auth: Option<TemplateAuth>,
    /// JMESPath expression per URL variable of the endpoint.
    pub bindings: BTreeMap<String, String>,
    /// The payload expression, written over the sample contacts' fields.
    pub payload: String,
    /// What to change before sending for real (account-specific parts of the URL, ids).
    pub setup: Vec<String>,
}

/// The API Auth a template needs, to create with the destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TemplateAuth {
    pub settings: AuthSettings,
    /// The name the new API Auth config is given.
    pub name: String,
    /// Where the credential is found in the vendor's app.
    pub hint: String,
}
