//! API Auth configs of the document: matched by name; new ones are created without secrets.

use std::collections::BTreeSet;

use super::{conflict_note, Here, Plan, Write, SAME};
use crate::auth::validate_name;
use crate::ids::AuthId;
use crate::naming::name_key;
use crate::transfer::document::ExportedAuthConfig;
use crate::transfer::report::{ImportItem, ImportItemType, ImportOutcome};

pub(super) fn plan(plan: &mut Plan, here: &Here, configs: &[ExportedAuthConfig]) {
    let mut in_file: BTreeSet<String> = BTreeSet::new();
    for (i, config) in configs.iter().enumerate() {
        let label = format!("auth config {} (\"{}\")", i + 1, config.name);
        if let Err(e) = validate_name(&config.name) {
            plan.problems.push(format!("{label}: {}", e.message));
        }
        if let Err(e) = config.settings.validate() {
            plan.problems.push(format!("{label}: {}", e.message));
        }
        let key = name_key(&config.name);
        if !in_file.insert(key.clone()) {
            plan.problems
                .push(format!("{label}: the name appears twice in the file"));
            continue;
        }
        let item = |outcome, note: &str| {
            ImportItem::new(ImportItemType::AuthConfig, &config.name, outcome, note)
        };
        match here.auth.iter().find(|a| name_key(&a.name) == key) {
            Some(found) if found.settings == config.settings => {
                plan.items.push(item(ImportOutcome::Identical, SAME))
            }
            Some(found) => plan.items.push(item(
                ImportOutcome::Conflicting,
                &conflict_note(&found.name),
            )),
            None => {
                let id = AuthId::generate();
                plan.auth_ids.insert(key, id.clone());
                let fields: Vec<String> = config
                    .settings
                    .secret_fields()
                    .iter()
                    .map(|f| f.to_string())
                    .collect();
                let note = if fields.is_empty() {
                    String::new()
                } else {
                    format!(
                        "secret needed: enter the {} in API Auth before using it",
                        fields.join(" and ")
                    )
                };
                let mut created = item(ImportOutcome::Created, &note);
                created.secrets_needed = fields;
                plan.items.push(created);
                plan.writes.push(Write::Auth {
                    id,
                    name: config.name.trim().to_owned(),
                    settings: config.settings.clone(),
                });
            }
        }
    }
}
