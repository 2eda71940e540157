//! Export and import of destinations and API Auth configs as one JSON document, without
//! secrets. Import checks everything first and writes all or nothing.

mod document;
mod export;
mod import;

pub use document::{ExportDocument, ExportedAuthConfig, ExportedDestination, EXPORT_FORMAT};
pub use export::export_document;
pub use import::{import_document, preview_import, ImportItem, ImportOutcome, ImportReport};
