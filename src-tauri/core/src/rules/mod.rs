//! Event-Based Rules: a trigger (event type), matching conditions, and Invoke API Destination
//! actions; and matching events against them.

mod conditions;
mod model;
mod repository;
mod sample_events;
mod validate;

pub use conditions::{compare, evaluate_conditions, row_matches, Match};
pub use model::{
    ConditionMode, ConditionRow, Conditions, InvokeAction, Operator, RuleInput, RuleIssue,
    RuleView, EVENT_TYPES,
};
pub(crate) use repository::insert_row;
pub use repository::{
    all_rules, create_rule, delete_rule, destinations_by_id, duplicate_rule, enabled_rules,
    get_rule, list_rules, set_rule_enabled, update_rule,
};
pub use sample_events::{sample_event_data, sample_event_list, sample_events, SampleEvent};
pub use validate::{is_event_type, rule_issues};
