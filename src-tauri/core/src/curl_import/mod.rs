//! Paste a cURL command: a vendor's documented example becomes a destination, its credential
//! an API Auth config in the keyring, its JSON body a payload expression, with a report of
//! everything that could not be mapped. The app's dialog and `apidest destinations from-curl`
//! both use this one parser.

mod command;
mod create;
mod credentials;
mod payload;
mod proposal;
mod vendor;

pub use command::{
    is_placeholder, parse_command, BodyPart, CurlRequest, Unmapped, MAX_COMMAND_BYTES,
};
pub use create::{create_auth_from_curl, create_from_curl, CurlCreated};
pub use payload::BindingSuggestion;
pub use proposal::{import_curl, AuthProposal, CurlImport, CurlProposal};
