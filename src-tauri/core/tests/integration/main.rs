//! The core's integration tests, one module per subject, linked into one test binary: a test
//! binary links the core and its dependencies anew (about 16 MB each), and these modules build
//! in 12 s as one binary against 33 s as separate ones. Tests that change the whole process (its
//! open-file limit, the global logger, a mount), need the keyring's session, or run themselves
//! again in a network namespace keep binaries of their own, beside this folder.

#[path = "../common/mod.rs"]
mod common;
#[path = "../deep_expressions/mod.rs"]
mod deep_expressions;
#[path = "../engine_support/mod.rs"]
mod engine_support;
#[path = "../http_support/mod.rs"]
mod http_support;

mod auth_configs;
mod body_format;
mod curl_corpus;
mod data_watch;
mod deliveries_log;
mod delivery_auth;
mod delivery_classification;
mod delivery_events;
mod delivery_smoke;
mod destinations_crud;
mod event_listing;
mod event_retention;
mod expression_guard;
mod expression_guard_paths;
mod finish_after_recovery;
mod function_catalogue;
mod http_support_selftest;
mod ingest;
mod ingest_engine_takeover;
mod key_order;
mod pause_all;
mod pause_resume;
mod preview;
mod preview_equals_send;
mod render_engine;
mod retention_events;
mod rules_events;
mod sandbox;
mod secrets_echoed;
mod secrets_in_errors;
mod sleep_wake;
mod static_secrets_old_rows;
mod static_secrets_transfer;
mod store_open;
mod test_payload_kept;
mod transfer_roundtrip;
mod url_hostile_values;
mod vendor_templates;
