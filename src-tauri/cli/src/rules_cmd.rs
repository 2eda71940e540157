//! `apidest rules …`: Event-Based Rules through the same core functions as the app, so a
//! rule with problems is refused (or saved disabled) with the app's messages.

use std::path::PathBuf;

use apidest_core::render::ExpressionCache;
use apidest_core::rules::{
    create_rule, delete_rule, list_rules, set_rule_enabled, update_rule, RuleInput, RuleView,
};
use apidest_core::store::Database;
use clap::{Args, Subcommand};
use serde_json::{json, Value};

use crate::args::DataArgs;
use crate::data::{fail, open};
use crate::destinations_cmd;
use crate::manage_io::{build, flags, pick, pretty, to_value};

#[derive(Subcommand)]
pub enum RulesCommand {
    /// Every rule, by name, with what keeps it from running.
    List(JsonFlag),
    /// One rule as JSON (the app's RuleView).
    Show(Target),
    /// Create a rule from flags and/or --from (the app's RuleInput as JSON).
    Create(RuleFields),
    /// Change a rule: only what is given changes.
    Update(UpdateRule),
    /// Delete a rule.
    Delete(Target),
    /// Enable a rule (refused, with the reasons, while it has problems).
    Enable(Target),
    /// Disable a rule: events no longer match it.
    Disable(Target),
}

#[derive(Args)]
pub struct JsonFlag {
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct Target {
    /// The rule's name or id (rule_…).
    pub rule: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct UpdateRule {
    /// The rule's name or id (rule_…).
    pub rule: String,
    #[command(flatten)]
    pub fields: RuleFields,
}

#[derive(Args)]
pub struct RuleFields {
    /// A JSON file (or - for stdin) in the app's RuleInput shape (conditions go here);
    /// flags win over it.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    #[arg(long)]
    pub name: Option<String>,
    /// The event type it listens to, e.g. contact.tag_added.
    #[arg(long)]
    pub trigger: Option<String>,
    /// The one destination it invokes (name or id); replaces the actions.
    #[arg(long, requires = "payload")]
    pub destination: Option<String>,
    /// The payload expression of that action, e.g. '{phone: contact.phone}'.
    #[arg(long, requires = "destination")]
    pub payload: Option<String>,
    /// A URL variable's binding for that action, as NAME=EXPRESSION (repeat).
    #[arg(
        long = "bind",
        value_name = "NAME=EXPRESSION",
        requires = "destination"
    )]
    pub bindings: Vec<String>,
    /// Create it disabled.
    #[arg(long)]
    pub disabled: bool,
    #[arg(long)]
    pub json: bool,
}

pub async fn run(args: &DataArgs, command: RulesCommand) -> Result<String, String> {
    let db = open(args).await?;
    let cache = ExpressionCache::default();
    match command {
        RulesCommand::List(JsonFlag { json }) => {
            let all = list_rules(&db.pool, &cache).await.map_err(fail)?;
            if json {
                return pretty(&all);
            }
            Ok(table(&all))
        }
        RulesCommand::Show(target) => pretty(&find(&db, &cache, &target.rule).await?),
        RulesCommand::Create(fields) => {
            let json = fields.json;
            let start = json!({
                "name": "", "enabled": true, "trigger": "",
                "conditions": {"mode": "all", "rows": [], "expression": ""},
                "actions": [],
            });
            let input = input_from(&db, start, fields).await?;
            let created = create_rule(&db.pool, &cache, input).await.map_err(fail)?;
            done(json, "Created", &created)
        }
        RulesCommand::Update(update) => {
            let json = update.fields.json;
            let current = find(&db, &cache, &update.rule).await?;
            let input = input_from(&db, to_value(&current.input)?, update.fields).await?;
            let updated = update_rule(&db.pool, &cache, &current.id, input)
                .await
                .map_err(fail)?;
            done(json, "Updated", &updated)
        }
        RulesCommand::Delete(target) => {
            let found = find(&db, &cache, &target.rule).await?;
            delete_rule(&db.pool, &found.id).await.map_err(fail)?;
            if target.json {
                return pretty(&json!({ "deleted": found.id }));
            }
            Ok(format!(
                "Deleted rule {} \"{}\"",
                found.id, found.input.name
            ))
        }
        RulesCommand::Enable(target) => set_enabled(&db, &cache, target, true).await,
        RulesCommand::Disable(target) => set_enabled(&db, &cache, target, false).await,
    }
}

async fn set_enabled(
    db: &Database,
    cache: &ExpressionCache,
    target: Target,
    enabled: bool,
) -> Result<String, String> {
    let found = find(db, cache, &target.rule).await?;
    let view = set_rule_enabled(&db.pool, cache, &found.id, enabled)
        .await
        .map_err(fail)?;
    done(
        target.json,
        if enabled { "Enabled" } else { "Disabled" },
        &view,
    )
}

fn done(json: bool, verb: &str, view: &RuleView) -> Result<String, String> {
    if json {
        return pretty(view);
    }
    let mut line = format!("{verb} rule {} \"{}\"", view.id, view.input.name);
    for issue in &view.issues {
        line.push_str(&format!("\n  to fix ({}): {}", issue.field, issue.message));
    }
    Ok(line)
}

async fn find(db: &Database, cache: &ExpressionCache, wanted: &str) -> Result<RuleView, String> {
    let all = list_rules(&db.pool, cache).await.map_err(fail)?;
    pick(
        &all,
        wanted,
        "rule",
        |r| r.id.as_str(),
        |r| vec![r.input.name.clone()],
    )
    .cloned()
}

async fn input_from(db: &Database, start: Value, fields: RuleFields) -> Result<RuleInput, String> {
    let actions = match (&fields.destination, &fields.payload) {
        (Some(destination), Some(payload)) => {
            let found = destinations_cmd::find(db, destination).await?;
            let mut bindings = serde_json::Map::new();
            for pair in &fields.bindings {
                let (name, expr) = pair.split_once('=').ok_or_else(|| {
                    format!("apidest: --bind {pair}: write it as NAME=EXPRESSION")
                })?;
                bindings.insert(name.trim().to_owned(), Value::from(expr.trim()));
            }
            Some(json!([{
                "destination_id": found.id,
                "bindings": bindings,
                "payload": payload,
            }]))
        }
        _ => None,
    };
    let given = flags(vec![
        ("name", fields.name.map(Value::from)),
        ("trigger", fields.trigger.map(Value::from)),
        ("actions", actions),
        ("enabled", fields.disabled.then_some(Value::Bool(false))),
    ]);
    build(start, fields.from.as_deref(), given, "rule")
}

fn table(all: &[RuleView]) -> String {
    if all.is_empty() {
        return "No rules yet: create one with `apidest rules create`".into();
    }
    all.iter()
        .map(|r| {
            let state = if r.input.enabled {
                "enabled"
            } else {
                "disabled"
            };
            let mut line = format!(
                "{}  {:<8}  {}  on {}  ({} action(s))",
                r.id,
                state,
                r.input.name,
                r.input.trigger,
                r.input.actions.len()
            );
            if !r.issues.is_empty() {
                line.push_str(&format!("  {} problem(s)", r.issues.len()));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}
