//! The templates, embedded from `src-tauri/core/templates/*.json` at build time and read once.

use std::sync::OnceLock;

use super::DestinationTemplate;

/// Every template file. A new vendor is one JSON file plus one line here.
const FILES: &[(&str, &str)] = &[
    (
        "activecampaign.json",
        include_str!("../../templates/activecampaign.json"),
    ),
    (
        "airtable.json",
        include_str!("../../templates/airtable.json"),
    ),
    ("braze.json", include_str!("../../templates/braze.json")),
    ("brevo.json", include_str!("../../templates/brevo.json")),
    (
        "customerio.json",
        include_str!("../../templates/customerio.json"),
    ),
    ("discord.json", include_str!("../../templates/discord.json")),
    ("hubspot.json", include_str!("../../templates/hubspot.json")),
    (
        "intercom.json",
        include_str!("../../templates/intercom.json"),
    ),
    ("klaviyo.json", include_str!("../../templates/klaviyo.json")),
    (
        "mailchimp.json",
        include_str!("../../templates/mailchimp.json"),
    ),
    ("make.json", include_str!("../../templates/make.json")),
    (
        "meta-capi.json",
        include_str!("../../templates/meta-capi.json"),
    ),
    (
        "mixpanel.json",
        include_str!("../../templates/mixpanel.json"),
    ),
    (
        "pipedrive.json",
        include_str!("../../templates/pipedrive.json"),
    ),
    (
        "salesforce.json",
        include_str!("../../templates/salesforce.json"),
    ),
    (
        "sendgrid.json",
        include_str!("../../templates/sendgrid.json"),
    ),
    ("slack.json", include_str!("../../templates/slack.json")),
    ("teams.json", include_str!("../../templates/teams.json")),
    ("twilio.json", include_str!("../../templates/twilio.json")),
    ("zapier.json", include_str!("../../templates/zapier.json")),
];

/// The gallery, in alphabetical order of vendor name. A file that does not parse is left out
/// (and fails the test that reads every file), so one bad file cannot empty the gallery.
pub fn destination_templates() -> &'static [DestinationTemplate] {
    static TEMPLATES: OnceLock<Vec<DestinationTemplate>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let mut all: Vec<DestinationTemplate> = FILES
            .iter()
            .filter_map(|(_, text)| serde_json::from_str(text).ok())
            .collect();
        all.sort_by_key(|t| t.name.to_lowercase());
        all
    })
}

pub fn find_template(id: &str) -> Option<&'static DestinationTemplate> {
    destination_templates().iter().find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::destinations::{template::parse_template, validate_destination, DestinationInput};
    use crate::render::compile;

    #[test]
    fn every_file_parses_and_is_named_for_its_id() {
        for (file, text) in FILES {
            let template: DestinationTemplate = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("templates/{file} does not parse: {e}"));
            assert_eq!(format!("{}.json", template.id), *file);
        }
        assert_eq!(destination_templates().len(), FILES.len());
        assert!(FILES.len() >= 15, "the gallery promises at least 15 tools");
    }

    #[test]
    fn every_template_makes_a_valid_destination_with_every_variable_bound() {
        for t in destination_templates() {
            let input = DestinationInput {
                name: t.name.clone(),
                endpoint: t.endpoint.clone(),
                method: t.method,
                body_format: t.body_format,
                headers: t.headers.clone(),
                ..DestinationInput::blank()
            };
            assert_eq!(validate_destination(&input), [], "{}", t.id);
            let variables = parse_template(&t.endpoint).unwrap().variables;
            let mut bound: Vec<&String> = t.bindings.keys().collect();
            bound.sort();
            let mut wanted: Vec<&String> = variables.iter().collect();
            wanted.sort();
            assert_eq!(bound, wanted, "{}: bindings and URL variables differ", t.id);
            for expression in t.bindings.values().chain([&t.payload]) {
                compile(expression)
                    .unwrap_or_else(|e| panic!("{}: {expression}: {}", t.id, e.message));
            }
            if let Some(auth) = &t.auth {
                auth.settings
                    .validate()
                    .unwrap_or_else(|e| panic!("{}: {}", t.id, e.message));
                assert!(
                    !auth.hint.trim().is_empty(),
                    "{}: say where the key is",
                    t.id
                );
            } else {
                assert!(
                    !t.setup.is_empty(),
                    "{}: a webhook says where its URL is",
                    t.id
                );
            }
            assert!(t.reference_url.starts_with("https://"), "{}", t.id);
        }
    }
}
