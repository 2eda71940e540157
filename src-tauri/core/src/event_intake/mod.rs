//! Events coming in — from "Send test event", the local ingest endpoint or the CLI — matched
//! against the rules, stored with the outcome, and turned into deliveries.

mod control;
mod ingest;
mod listing;
mod model;
mod receive;
mod repository;

pub use control::{IngestControl, IngestStatus, IngestToken, DEFAULT_INGEST_PORT};
pub use ingest::{
    start_ingest, start_ingest_with, IngestDurability, IngestServer, MAX_EVENT_BYTES,
};
pub use listing::{
    list_events, EventCursor, EventFilter, EventPage, EventSummary, MatchedRule, MAX_EVENT_PAGE,
};
pub use model::{
    ActionOutcome, EventContact, EventReceipt, EventRecord, EventSource, IncomingEvent,
    RuleEvaluation, TestEventInput,
};
pub use receive::{
    load_snapshot, parse_event_data, prepare_event, receive_event, resolve_contact, store_events,
    PreparedEvent, Snapshot,
};
pub use repository::{get_event, recent_events};
