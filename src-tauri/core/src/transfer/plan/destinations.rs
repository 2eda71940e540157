//! Destinations of the document: matched by name, bound to their API Auth by name. A secret an
//! export masked in a static header or the query is left out, and the report asks for it.

use std::collections::{BTreeSet, HashMap};

use super::{conflict_note, Here, Plan, Write, SAME};
use crate::destinations::static_secrets::{drop_masked_query, is_masked_header, mask_endpoint};
use crate::destinations::template::parse_template;
use crate::destinations::{normalise, validate_destination, DestinationInput, DestinationView};
use crate::ids::{AuthId, DestinationId};
use crate::naming::name_key;
use crate::transfer::document::ExportedDestination;
use crate::transfer::report::{ImportItem, ImportItemType, ImportOutcome};

pub(super) fn plan(plan: &mut Plan, here: &Here, destinations: &[ExportedDestination]) {
    let mut in_file: BTreeSet<String> = BTreeSet::new();
    for (i, exported) in destinations.iter().enumerate() {
        let label = format!("destination {} (\"{}\")", i + 1, exported.name);
        let input = to_input(exported, &plan.auth_ids);
        for issue in validate_destination(&input) {
            plan.problems.push(format!("{label}: {}", issue.message));
        }
        if let Some(auth) = &exported.auth {
            if !plan.auth_ids.contains_key(&name_key(auth)) {
                plan.problems.push(format!(
                    "{label}: its API Auth \"{auth}\" is neither in the file nor on this machine"
                ));
            }
        }
        let key = name_key(&exported.name);
        if !in_file.insert(key.clone()) {
            plan.problems
                .push(format!("{label}: the name appears twice in the file"));
            continue;
        }
        let item = |outcome, note: &str| {
            ImportItem::new(ImportItemType::Destination, &exported.name, outcome, note)
        };
        match here
            .destinations
            .iter()
            .find(|d| name_key(&d.input.name) == key)
        {
            Some(found) if super::same_but_name(&found.input, &input, |d| &mut d.name) => {
                plan.items.push(item(ImportOutcome::Identical, SAME))
            }
            Some(found) => plan.items.push(item(
                ImportOutcome::Conflicting,
                &conflict_note(&found.input.name),
            )),
            None => {
                let id = DestinationId::generate();
                let secrets = secrets_to_retype(exported);
                let mut created = item(ImportOutcome::Created, &retype_note(&secrets));
                created.secrets_needed = secrets;
                plan.items.push(created);
                plan.destination_ids.insert(key, id.clone());
                plan.destinations
                    .insert(id.clone(), planned_view(&id, &input));
                plan.writes.push(Write::Destination { id, input });
            }
        }
    }
}

fn to_input(
    exported: &ExportedDestination,
    auth_ids: &HashMap<String, AuthId>,
) -> DestinationInput {
    normalise(DestinationInput {
        name: exported.name.clone(),
        // A masked secret (as an export writes it) is left out, never imported as the mask.
        endpoint: drop_masked_query(&exported.endpoint).0,
        method: exported.method,
        body_format: exported.body_format,
        auth_id: exported
            .auth
            .as_ref()
            .and_then(|name| auth_ids.get(&name_key(name)).cloned()),
        headers: exported
            .headers
            .iter()
            .filter(|h| !is_masked_header(h))
            .cloned()
            .collect(),
        timeout_secs: exported.timeout_secs,
        retry: exported.retry.clone(),
        rate_limit_per_sec: exported.rate_limit_per_sec,
        concurrency_limit: exported.concurrency_limit,
        enabled: exported.enabled,
        test: exported.test.clone(),
    })
}

/// A destination to be created as the rules' checks see it: its variables and whether it is
/// enabled are what they read.
fn planned_view(id: &DestinationId, input: &DestinationInput) -> DestinationView {
    DestinationView {
        id: id.clone(),
        input: input.clone(),
        shown_endpoint: mask_endpoint(&input.endpoint),
        variables: parse_template(&input.endpoint)
            .map(|t| t.variables)
            .unwrap_or_default(),
        auth: None,
        paused: None,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

/// What the user must enter again: the secrets typed into static headers or the query, which an
/// export does not carry.
fn secrets_to_retype(exported: &ExportedDestination) -> Vec<String> {
    let mut names: Vec<String> = exported
        .headers
        .iter()
        .filter(|h| is_masked_header(h))
        .map(|h| format!("header {}", h.name))
        .collect();
    names.extend(
        drop_masked_query(&exported.endpoint)
            .1
            .into_iter()
            .map(|n| format!("query parameter {n}")),
    );
    names
}

fn retype_note(secrets: &[String]) -> String {
    if secrets.is_empty() {
        return String::new();
    }
    format!(
        "secret needed: the value of {} is not in the file; enter it again (best in API Auth)",
        secrets.join(" and ")
    )
}
