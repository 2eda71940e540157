//! `apidest contacts …`: sample contacts through the same core functions as the app. A
//! contact is named by its id, its phone or its first and last name.

use std::path::PathBuf;

use apidest_core::contacts::{
    create_contact, delete_contact, list_contacts, update_contact, Contact, ContactInput,
};
use apidest_core::store::Database;
use clap::{Args, Subcommand};
use serde_json::{json, Value};

use crate::args::DataArgs;
use crate::data::{fail, open};
use crate::manage_io::{build, flags, pick, pretty, to_value};

#[derive(Subcommand)]
pub enum ContactsCommand {
    /// Every sample contact as JSON (ids, names, phones, …).
    List(JsonFlag),
    /// One contact as JSON.
    Show(Target),
    /// Create a contact from flags and/or --from (the app's ContactInput as JSON).
    Create(ContactFields),
    /// Change a contact: only what is given changes.
    Update(UpdateContact),
    /// Delete a contact.
    Delete(Target),
}

#[derive(Args)]
pub struct JsonFlag {
    /// The list is always JSON; accepted for symmetry with the other commands.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct Target {
    /// The contact's id (ct_…), phone, or "First Last".
    pub contact: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct UpdateContact {
    /// The contact's id (ct_…), phone, or "First Last".
    pub contact: String,
    #[command(flatten)]
    pub fields: ContactFields,
}

#[derive(Args)]
pub struct ContactFields {
    /// A JSON file (or - for stdin) in the app's ContactInput shape (custom_attributes and
    /// subscriptions go here); flags win over it.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// E.164, e.g. +447700900123.
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub first_name: Option<String>,
    #[arg(long)]
    pub last_name: Option<String>,
    #[arg(long)]
    pub entry_point: Option<String>,
    /// A tag (repeat; replaces all tags when given).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

pub async fn run(args: &DataArgs, command: ContactsCommand) -> Result<String, String> {
    let db = open(args).await?;
    match command {
        ContactsCommand::List(_) => {
            let all = list_contacts(&db.pool).await.map_err(fail)?;
            pretty(&all)
        }
        ContactsCommand::Show(target) => pretty(&find(&db, &target.contact).await?),
        ContactsCommand::Create(fields) => {
            let json = fields.json;
            let input = input_from(json!({}), fields)?;
            let created = create_contact(&db.pool, input).await.map_err(fail)?;
            done(json, "Created", &created)
        }
        ContactsCommand::Update(update) => {
            let json = update.fields.json;
            let current = find(&db, &update.contact).await?;
            let input = input_from(to_value(&current.fields)?, update.fields)?;
            let updated = update_contact(&db.pool, &current.id, input)
                .await
                .map_err(fail)?;
            done(json, "Updated", &updated)
        }
        ContactsCommand::Delete(target) => {
            let found = find(&db, &target.contact).await?;
            delete_contact(&db.pool, &found.id).await.map_err(fail)?;
            if target.json {
                return pretty(&json!({ "deleted": found.id }));
            }
            Ok(format!("Deleted contact {} ({})", found.id, label(&found)))
        }
    }
}

fn done(json: bool, verb: &str, contact: &Contact) -> Result<String, String> {
    if json {
        return pretty(contact);
    }
    Ok(format!(
        "{verb} contact {} ({})",
        contact.id,
        label(contact)
    ))
}

fn full_name(contact: &Contact) -> String {
    [&contact.fields.first_name, &contact.fields.last_name]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

fn label(contact: &Contact) -> String {
    let name = full_name(contact);
    match (&contact.fields.phone, name.is_empty()) {
        (Some(phone), false) => format!("{name}, {phone}"),
        (Some(phone), true) => phone.clone(),
        (None, false) => name,
        (None, true) => "no name or phone".into(),
    }
}

async fn find(db: &Database, wanted: &str) -> Result<Contact, String> {
    let all = list_contacts(&db.pool).await.map_err(fail)?;
    pick(
        &all,
        wanted,
        "contact",
        |c| c.id.as_str(),
        |c| {
            let name = full_name(c);
            c.fields
                .phone
                .iter()
                .cloned()
                .chain((!name.is_empty()).then_some(name))
                .collect()
        },
    )
    .cloned()
}

fn input_from(start: Value, fields: ContactFields) -> Result<ContactInput, String> {
    let tags = (!fields.tags.is_empty()).then(|| json!(fields.tags));
    let given = flags(vec![
        ("phone", fields.phone.map(Value::from)),
        ("first_name", fields.first_name.map(Value::from)),
        ("last_name", fields.last_name.map(Value::from)),
        ("entry_point", fields.entry_point.map(Value::from)),
        ("tags", tags),
    ]);
    build(start, fields.from.as_deref(), given, "contact")
}
