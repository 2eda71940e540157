//! Sample contacts and the team profile: the data previews and test events render against.

mod import;
mod model;
mod repository;
mod seeds;

pub use import::{import_contacts, parse_csv, parse_json, ContactFileFormat, ContactImportReport};
pub use model::{Contact, ContactInput, SubscriptionState, Subscriptions, Team};
pub use repository::{
    create_contact, delete_contact, get_contact, get_team, list_contacts, seed_samples_once,
    update_contact, update_team,
};
pub(crate) use repository::{insert_row, save_team};
pub use seeds::{sample_contacts, sample_team};
