//! Planning an import without writing: every item checked and classified against what is
//! here, each name resolved to the id it will refer to, and the rows to insert. Every problem
//! in the document is collected, so one refusal names them all.

mod auth;
mod contacts;
mod destinations;
mod rules;

use std::collections::HashMap;

use sqlx::SqlitePool;

use super::document::ExportDocument;
use super::report::ImportItem;
use crate::auth::{AuthConfigView, AuthSettings};
use crate::contacts::{Contact, ContactInput, Team};
use crate::destinations::{DestinationInput, DestinationView};
use crate::error::{AppError, AppResult};
use crate::ids::{AuthId, DestinationId, RuleId};
use crate::render::ExpressionCache;
use crate::rules::RuleInput;

/// A row the import inserts (or, for the team, saves).
pub(crate) enum Write {
    Auth {
        id: AuthId,
        name: String,
        settings: AuthSettings,
    },
    Destination {
        id: DestinationId,
        input: DestinationInput,
    },
    Rule {
        id: RuleId,
        input: RuleInput,
    },
    Contact(ContactInput),
    Team(Team),
}

pub(crate) struct Plan {
    pub items: Vec<ImportItem>,
    pub writes: Vec<Write>,
    problems: Vec<String>,
    /// By name key: the config a name refers to once imported (here already, or new).
    auth_ids: HashMap<String, AuthId>,
    /// By name key: the destination a name refers to once imported.
    destination_ids: HashMap<String, DestinationId>,
    /// Every destination there will be, which the rules are checked against.
    destinations: HashMap<DestinationId, DestinationView>,
}

/// What is here before the import.
struct Here {
    auth: Vec<AuthConfigView>,
    destinations: Vec<DestinationView>,
    rules: Vec<(RuleId, RuleInput)>,
    contacts: Vec<Contact>,
    team: Team,
}

/// The plan for `doc`, or every problem in it as one validation error.
pub(crate) async fn plan_import(pool: &SqlitePool, doc: &ExportDocument) -> AppResult<Plan> {
    let cache = ExpressionCache::default();
    let here = Here {
        auth: crate::auth::list_auth_configs(pool).await?,
        destinations: crate::destinations::list_destinations(pool).await?,
        rules: crate::rules::all_rules(pool).await?,
        contacts: crate::contacts::list_contacts(pool).await?,
        team: crate::contacts::get_team(pool).await?,
    };
    let mut plan = Plan {
        items: Vec::new(),
        writes: Vec::new(),
        problems: Vec::new(),
        auth_ids: here
            .auth
            .iter()
            .map(|a| (crate::naming::name_key(&a.name), a.id.clone()))
            .collect(),
        destination_ids: here
            .destinations
            .iter()
            .map(|d| (crate::naming::name_key(&d.input.name), d.id.clone()))
            .collect(),
        destinations: here
            .destinations
            .iter()
            .map(|d| (d.id.clone(), d.clone()))
            .collect(),
    };
    auth::plan(&mut plan, &here, &doc.auth_configs);
    destinations::plan(&mut plan, &here, &doc.destinations);
    rules::plan(&mut plan, &here, &doc.rules, &cache);
    contacts::plan_contacts(&mut plan, &here, &doc.contacts);
    if let Some(team) = &doc.team {
        contacts::plan_team(&mut plan, &here, team);
    }
    if plan.problems.is_empty() {
        Ok(plan)
    } else {
        Err(AppError::validation(format!(
            "Nothing was imported. Fix these problems in the file and try again:\n- {}",
            plan.problems.join("\n- ")
        )))
    }
}

/// "Name" already here with other settings.
fn conflict_note(name: &str) -> String {
    format!("\"{name}\" already exists with other settings; it was left unchanged")
}

const SAME: &str = "already here with the same settings";

/// Equal apart from the name (matched ignoring case already).
fn same_but_name<T: Clone + PartialEq>(a: &T, b: &T, name: fn(&mut T) -> &mut String) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    name(&mut a).clear();
    name(&mut b).clear();
    a == b
}
