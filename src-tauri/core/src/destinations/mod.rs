//! API Destinations: named HTTP endpoints with `{variables}`, a method, optional API Auth,
//! static headers, a timeout, a retry policy and optional limits.

mod body_format;
mod model;
mod repository;
mod retry_policy;
pub mod static_secrets;
pub mod template;
mod validate;

pub use body_format::BodyFormat;
pub use model::{
    DestinationAuth, DestinationInput, DestinationPause, DestinationTest, DestinationView,
    HeaderEntry, HttpMethod, DEFAULT_TIMEOUT_SECS,
};
pub use repository::{
    create_destination, delete_destination, destinations_using_auth, duplicate_destination,
    get_destination, list_destinations, set_destination_enabled, update_destination,
};
pub(crate) use repository::{insert_row, normalise};
pub use retry_policy::{CircuitBreaker, RetryPolicy};
pub use validate::{validate_destination, FieldIssue};
