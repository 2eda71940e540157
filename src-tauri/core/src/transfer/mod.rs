//! Export and import of a whole set-up as one JSON document, without secrets: API Auth configs,
//! destinations, rules, sample contacts and the team profile. Import checks everything first
//! and writes all or nothing.

mod apply;
mod document;
mod export;
mod import;
mod plan;
mod report;

pub use document::{
    ExportDocument, ExportedAction, ExportedAuthConfig, ExportedContact, ExportedDestination,
    ExportedRule, ExportedTeam, EXPORT_FORMAT, IMPORT_FORMATS,
};
pub use export::export_document;
pub use import::{import_document, preview_import};
pub use report::{ImportItem, ImportItemType, ImportOutcome, ImportReport};
