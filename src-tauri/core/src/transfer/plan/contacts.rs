//! Sample contacts and the team profile of the document. Contacts have no name of their own: a
//! contact is matched by its phone, else by its first and last name, else by all its fields.
//! The team is one profile: the built-in sample is replaced, a team of one's own is kept.

use super::{Here, Plan, Write, SAME};
use crate::contacts::{sample_team, ContactInput, Team};
use crate::naming::name_key;
use crate::transfer::document::{ExportedContact, ExportedTeam};
use crate::transfer::report::{ImportItem, ImportItemType, ImportOutcome};

/// What a contact is recognised by on another machine.
#[derive(PartialEq, Eq)]
enum ContactKey {
    Phone(String),
    Name(String),
    /// Neither: only an equal contact is the same one.
    Fields,
}

fn key(c: &ContactInput) -> ContactKey {
    if let Some(phone) = &c.phone {
        return ContactKey::Phone(phone.clone());
    }
    let name = full_name(c);
    if name.is_empty() {
        ContactKey::Fields
    } else {
        ContactKey::Name(name_key(&name))
    }
}

fn full_name(c: &ContactInput) -> String {
    [&c.first_name, &c.last_name]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// How the report names a contact: "Ada Lovelace, +447700900999".
pub(crate) fn contact_label(c: &ContactInput) -> String {
    let name = full_name(c);
    match (&c.phone, name.is_empty()) {
        (Some(phone), false) => format!("{name}, {phone}"),
        (Some(phone), true) => phone.clone(),
        (None, false) => name,
        (None, true) => "(no name or phone)".to_owned(),
    }
}

pub(super) fn plan_contacts(plan: &mut Plan, here: &Here, contacts: &[ExportedContact]) {
    let mut in_file: Vec<ContactInput> = Vec::new();
    for (i, exported) in contacts.iter().enumerate() {
        let given = ContactInput::from(exported.clone());
        let label = format!("contact {} ({})", i + 1, contact_label(&given));
        let fields = match given.normalised() {
            Ok(fields) => fields,
            Err(e) => {
                plan.problems.push(format!("{label}: {}", e.message));
                continue;
            }
        };
        let wanted = key(&fields);
        let twice = match wanted {
            ContactKey::Phone(_) => "another contact in the file has the same phone",
            ContactKey::Name(_) => "another contact in the file has the same name and no phone",
            ContactKey::Fields => "the contact appears twice in the file",
        };
        if in_file
            .iter()
            .any(|c| key(c) == wanted && (wanted != ContactKey::Fields || *c == fields))
        {
            plan.problems.push(format!("{label}: {twice}"));
            continue;
        }
        in_file.push(fields.clone());
        let name = contact_label(&fields);
        let item =
            |outcome, note: &str| ImportItem::new(ImportItemType::Contact, &name, outcome, note);
        let same_key = || {
            here.contacts
                .iter()
                .map(|c| &c.fields)
                .find(|c| wanted != ContactKey::Fields && key(c) == wanted)
        };
        if here.contacts.iter().any(|c| c.fields == fields) {
            plan.items.push(item(ImportOutcome::Identical, SAME));
        } else if let Some(found) = same_key() {
            plan.items.push(item(
                ImportOutcome::Conflicting,
                &format!(
                    "the contact {} is here with other fields; it was left unchanged",
                    contact_label(found)
                ),
            ));
        } else {
            plan.items.push(item(ImportOutcome::Created, ""));
            plan.writes.push(Write::Contact(fields));
        }
    }
}

pub(super) fn plan_team(plan: &mut Plan, here: &Here, exported: &ExportedTeam) {
    let mut team = Team::from(exported.clone());
    team.name = team.name.trim().to_owned();
    team.id = team.id.trim().to_owned();
    if team.name.is_empty() {
        plan.problems.push("team: its name is required".to_owned());
    }
    if team.id.is_empty() {
        plan.problems.push("team: its id is required".to_owned());
    }
    let item =
        |outcome, note: &str| ImportItem::new(ImportItemType::Team, &team.name, outcome, note);
    if here.team == team {
        plan.items.push(item(ImportOutcome::Identical, SAME));
    } else if here.team == sample_team() {
        plan.items.push(item(
            ImportOutcome::Created,
            "it replaces the built-in sample team",
        ));
        plan.writes.push(Write::Team(team));
    } else {
        plan.items.push(item(
            ImportOutcome::Conflicting,
            &format!(
                "this machine has its own team profile \"{}\"; it was left unchanged",
                here.team.name
            ),
        ));
    }
}
