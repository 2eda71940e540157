//! What keeps a rule from running, field by field: a missing binding for a URL variable, an
//! expression that does not compile, a destination that was deleted or disabled.

use std::collections::HashMap;

use super::model::{ConditionMode, RuleInput, RuleIssue};
use crate::destinations::DestinationView;
use crate::ids::DestinationId;
use crate::render::ExpressionCache;

const MAX_NAME_CHARS: usize = 100;
const MAX_ACTIONS: usize = 20;
const MAX_CONDITIONS: usize = 50;

fn issue(field: impl Into<String>, message: impl Into<String>) -> RuleIssue {
    RuleIssue {
        field: field.into(),
        message: message.into(),
    }
}

/// A valid event type name: letters, digits and `._-`, starting with a letter.
pub fn is_event_type(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.len() <= 100
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Every issue at once, so the editor can mark them all.
pub fn rule_issues(
    input: &RuleInput,
    destinations: &HashMap<DestinationId, DestinationView>,
    cache: &ExpressionCache,
) -> Vec<RuleIssue> {
    let mut issues = Vec::new();
    let name = input.name.trim();
    if name.is_empty() {
        issues.push(issue("name", "Name is required"));
    } else if name.chars().count() > MAX_NAME_CHARS {
        issues.push(issue(
            "name",
            format!("Name is too long: at most {MAX_NAME_CHARS} characters"),
        ));
    }
    let trigger = input.trigger.trim();
    if trigger.is_empty() {
        issues.push(issue(
            "trigger",
            "Pick the event type that starts this rule",
        ));
    } else if !is_event_type(trigger) {
        issues.push(issue(
            "trigger",
            format!("\"{trigger}\" is not an event type name: use letters, digits, dots, dashes and underscores, starting with a letter"),
        ));
    }

    match input.conditions.mode {
        ConditionMode::Advanced => {
            let expression = input.conditions.expression.trim();
            if !expression.is_empty() {
                if let Err(err) = cache.get(expression) {
                    issues.push(issue(
                        "conditions.expression",
                        format!("Advanced condition: {}", err.message),
                    ));
                }
            }
        }
        ConditionMode::All | ConditionMode::Any => {
            if input.conditions.rows.len() > MAX_CONDITIONS {
                issues.push(issue(
                    "conditions",
                    format!("At most {MAX_CONDITIONS} conditions"),
                ));
            }
            for (i, row) in input.conditions.rows.iter().enumerate() {
                let field = format!("conditions.{i}");
                if row.path.trim().is_empty() {
                    issues.push(issue(field, format!("Condition {}: pick a field", i + 1)));
                } else if let Err(err) = cache.get(row.path.trim()) {
                    issues.push(issue(
                        field,
                        format!("Condition {}: the field {}", i + 1, err.message),
                    ));
                } else if row.operator.takes_value() && row.value.trim().is_empty() {
                    issues.push(issue(
                        field,
                        format!("Condition {}: enter the value to compare with", i + 1),
                    ));
                }
            }
        }
    }

    if input.actions.is_empty() {
        issues.push(issue("actions", "Add an Invoke API Destination action"));
    }
    if input.actions.len() > MAX_ACTIONS {
        issues.push(issue("actions", format!("At most {MAX_ACTIONS} actions")));
    }
    for (i, action) in input.actions.iter().enumerate() {
        let n = i + 1;
        let prefix = format!("actions.{i}");
        match &action.destination_id {
            None => issues.push(issue(
                format!("{prefix}.destination"),
                format!("Action {n}: pick an API destination"),
            )),
            Some(id) => match destinations.get(id) {
                None => issues.push(issue(
                    format!("{prefix}.destination"),
                    format!("Action {n}: its API destination was deleted; pick another"),
                )),
                Some(dest) => {
                    if !dest.input.enabled {
                        issues.push(issue(
                            format!("{prefix}.destination"),
                            format!("Action {n}: the API destination \"{}\" is disabled; enable it or pick another", dest.input.name),
                        ));
                    }
                    for variable in &dest.variables {
                        let binding = action
                            .bindings
                            .get(variable)
                            .map(|b| b.trim())
                            .unwrap_or("");
                        let field = format!("{prefix}.bindings.{variable}");
                        if binding.is_empty() {
                            issues.push(issue(
                                field,
                                format!("Action {n}: the URL variable {{{variable}}} needs a value, e.g. contact.custom_attributes.{variable}"),
                            ));
                        } else if let Err(err) = cache.get(binding) {
                            issues.push(issue(
                                field,
                                format!("Action {n}: {{{variable}}}: {}", err.message),
                            ));
                        }
                    }
                }
            },
        }
        if action.payload.trim().is_empty() {
            issues.push(issue(
                format!("{prefix}.payload"),
                format!("Action {n}: write the payload expression"),
            ));
        } else if let Err(err) = cache.get(action.payload.trim()) {
            issues.push(issue(
                format!("{prefix}.payload"),
                format!("Action {n}: payload: {}", err.message),
            ));
        }
    }
    issues
}
