//! The delivery engine: workers on tokio, HTTP with reqwest, credentials applied at send
//! time, classification into the nine status categories, and retries by policy. What it
//! writes goes through the delivery store (`crate::delivery_store`).
//!
//! event → rules → freeze (render) → store (queued) → engine (dispatch, store claims)
//!       → attempt (http, classify) → writer (store saves the attempt, tells the listener)

mod attempt;
mod breaker;
mod checkpointer;
mod classify;
mod connectivity;
mod credentials;
mod dispatcher;
mod freeze;
mod hold;
mod http;
mod keyring_hold;
mod lock;
mod mask_secrets;
mod offline;
mod old_rows;
mod pause;
mod pause_all;
mod queue;
mod queue_conn;
mod retry;
mod send_one;
mod sending;
mod service;
mod waiting;
mod wake;

pub use crate::delivery_store::listener::DeliveryListener;
pub use crate::delivery_store::model::{
    AttemptTrigger, AttemptView, DeliveryAuth, DeliveryDetail, DeliverySource, DeliveryState,
    DeliverySummary, DestinationPaused, HoldReason, ReplayLink, SendingStatus, StatusCategory,
    REPLAYS_LISTED,
};
pub use crate::delivery_store::row::{DeliveryRow, DELIVERY_COLUMNS};
pub use classify::{hint, Cause, HintContext};
pub use connectivity::{Connectivity, ConnectivityWatch};
pub use credentials::{sign_standard_webhook, KEYRING_READ_TIMEOUT};
pub use dispatcher::{AttemptDone, Engine, EngineConfig};
pub use freeze::{
    display_name, freeze, freeze_with, DeliveryRequest, EventInfo, FreezeParts, NewDelivery,
    RuleRef,
};
pub use hold::PauseReason;
pub use http::{BODY_KEPT_BYTES, BODY_READ_LIMIT};
pub use lock::LockHolder;
pub use old_rows::{
    mask_old_rows_once, DONE_SETTING as OLD_ROWS_DONE_SETTING,
    ERROR_URLS_DONE_SETTING as OLD_ERROR_URLS_DONE_SETTING,
};
pub use pause::{pause_in_database, resume_in_database};
pub use queue::{
    attempts_in_flight, insert_deliveries, insert_delivery, now_ms, open_count, recover_interrupted,
};
pub use retry::{decide, is_retryable, parse_retry_after, RetryDecision};
pub use send_one::send_one;
pub use service::{enqueue, get_delivery, replay_request, SendTestRequest};
pub use waiting::{settle_waiting_in_database, waiting_count, WaitingChoice};

/// The file the running engine keeps locked, in the data folder.
pub const ENGINE_LOCK_FILE: &str = "engine.lock";
