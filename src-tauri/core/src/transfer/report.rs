//! What an import says about each item of the document: created, identical to one already
//! here, or conflicting with one of the same name (left unchanged).

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    /// New; for an auth config, its secrets still need to be entered.
    Created,
    /// Already here with the same settings.
    Identical,
    /// Already here with different settings: left unchanged.
    Conflicting,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportItemType {
    AuthConfig,
    Destination,
    Rule,
    Contact,
    Team,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportItem {
    pub item_type: ImportItemType,
    /// Its name; for a contact, its name and phone.
    pub name: String,
    pub outcome: ImportOutcome,
    /// What the user should know or do, in the app's words, e.g. "secret needed: enter the
    /// token in API Auth before using it".
    pub note: String,
    /// The secrets to enter before it can be used: an auth config's fields (`token`), or what
    /// a destination held in its static headers or query (`header X-Key`).
    pub secrets_needed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportReport {
    pub items: Vec<ImportItem>,
}

impl ImportItem {
    pub(super) fn new(
        item_type: ImportItemType,
        name: &str,
        outcome: ImportOutcome,
        note: &str,
    ) -> Self {
        Self {
            item_type,
            name: name.trim().to_owned(),
            outcome,
            note: note.to_owned(),
            secrets_needed: Vec::new(),
        }
    }
}
