//! The template gallery: ready-made destinations for the tools marketers connect (HubSpot,
//! Klaviyo, Slack, …), shipped as data in `src-tauri/core/templates/*.json`.

mod catalog;
mod model;

pub use catalog::{destination_templates, find_template};
pub use model::{DestinationTemplate, TemplateAuth};
