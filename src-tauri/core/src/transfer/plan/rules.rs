//! Event-Based Rules of the document: matched by name, each action bound to its destination by
//! name. A rule is checked as the rule editor checks it: saved with problems only while
//! disabled.

use std::collections::BTreeSet;

use super::{conflict_note, Here, Plan, Write, SAME};
use crate::ids::RuleId;
use crate::naming::name_key;
use crate::render::ExpressionCache;
use crate::rules::{rule_issues, InvokeAction, RuleInput};
use crate::transfer::document::ExportedRule;
use crate::transfer::report::{ImportItem, ImportItemType, ImportOutcome};

pub(super) fn plan(plan: &mut Plan, here: &Here, rules: &[ExportedRule], cache: &ExpressionCache) {
    let mut in_file: BTreeSet<String> = BTreeSet::new();
    for (i, exported) in rules.iter().enumerate() {
        let label = format!("rule {} (\"{}\")", i + 1, exported.name);
        let mut unresolved = false;
        let mut actions = Vec::with_capacity(exported.actions.len());
        for (n, action) in exported.actions.iter().enumerate() {
            let destination_id = match &action.destination {
                None => None,
                Some(name) => {
                    let id = plan.destination_ids.get(&name_key(name)).cloned();
                    if id.is_none() {
                        unresolved = true;
                        plan.problems.push(format!(
                            "{label}: action {}: its API destination \"{name}\" is neither in the file nor on this machine",
                            n + 1
                        ));
                    }
                    id
                }
            };
            actions.push(InvokeAction {
                destination_id,
                bindings: action.bindings.clone(),
                payload: action.payload.clone(),
            });
        }
        let input = RuleInput {
            name: exported.name.trim().to_owned(),
            enabled: exported.enabled,
            trigger: exported.trigger.trim().to_owned(),
            conditions: exported.conditions.clone(),
            actions,
            sample_event_data: exported.sample_event_data.clone(),
        };
        let issues = rule_issues(&input, &plan.destinations, cache);
        if let Some(name_issue) = issues.iter().find(|i| i.field == "name") {
            plan.problems
                .push(format!("{label}: {}", name_issue.message));
        }
        let key = name_key(&input.name);
        if !in_file.insert(key.clone()) {
            plan.problems
                .push(format!("{label}: the name appears twice in the file"));
            continue;
        }
        let item = |outcome, note: &str| {
            ImportItem::new(ImportItemType::Rule, &exported.name, outcome, note)
        };
        match here.rules.iter().find(|(_, r)| name_key(&r.name) == key) {
            Some((_, found)) if super::same_but_name(found, &input, |r| &mut r.name) => {
                plan.items.push(item(ImportOutcome::Identical, SAME))
            }
            Some((_, found)) => plan.items.push(item(
                ImportOutcome::Conflicting,
                &conflict_note(&found.name),
            )),
            None => {
                // Only a rule that is created must be able to run as the file has it.
                if input.enabled && !unresolved && !issues.is_empty() {
                    let list: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
                    plan.problems.push(format!(
                        "{label}: it is enabled but cannot run until this is fixed: {}",
                        list.join("; ")
                    ));
                }
                plan.items.push(item(ImportOutcome::Created, ""));
                plan.writes.push(Write::Rule {
                    id: RuleId::generate(),
                    input,
                });
            }
        }
    }
}
