//! The one owner of delivery state. Deliveries and their attempts (and what hangs off them in
//! the database: the log's counters, search index and `revision`) are written here and
//! nowhere else: event intake, the engine, Send test, the CLI, retry now, cancel, replay, bulk
//! retry, pausing, the offline and keyring holds, retention and crash recovery call it.
//!
//! Each change of a delivery's state is a pure function in [`transition`] from the row as it
//! is and an input to the row as it becomes; the writes here only read the rows a change
//! applies to, run that function, and store the changed columns with one statement shape
//! ([`state_write`]), so the SQL never decides a state the Rust did not.

pub mod listener;
pub mod model;
pub mod new_delivery;
pub mod prune;
pub mod redact;
pub mod row;

pub mod attempts;
pub mod changes;
mod chunks;
pub mod insert;
pub mod state_write;
pub mod transition;
