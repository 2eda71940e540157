//! The IPC commands, each a few lines over the core. Registered in one list so the set of
//! names can be checked against the generated TypeScript `Commands` interface.

mod auth;
mod contacts;
mod deliveries;
mod destinations;
mod events;
mod ingest;
mod render;
mod rules;
mod sandbox;
mod status;
mod transfer;

macro_rules! register_commands {
    ($($module:ident :: $name:ident),* $(,)?) => {
        /// The names of every registered command.
        pub const REGISTERED_COMMANDS: &[&str] = &[$(stringify!($name)),*];

        pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::$name),*]
        }
    };
}

register_commands![
    status::app_status,
    status::keyring_check,
    auth::auth_list,
    auth::auth_create,
    auth::auth_get,
    auth::auth_update,
    auth::auth_delete,
    destinations::auth_usage,
    destinations::destination_list,
    destinations::destination_get,
    destinations::destination_create,
    destinations::destination_update,
    destinations::destination_delete,
    destinations::destination_duplicate,
    destinations::destination_set_enabled,
    destinations::destination_check,
    transfer::config_export,
    transfer::config_import,
    contacts::contact_list,
    contacts::contact_create,
    contacts::contact_update,
    contacts::contact_delete,
    contacts::contact_import,
    contacts::team_get,
    contacts::team_update,
    render::preview,
    sandbox::sandbox_status,
    sandbox::sandbox_set_enabled,
    sandbox::sandbox_requests,
    sandbox::sandbox_clear,
    rules::rule_list,
    rules::rule_get,
    rules::rule_create,
    rules::rule_update,
    rules::rule_delete,
    rules::rule_duplicate,
    rules::rule_set_enabled,
    rules::rule_check,
    events::event_send_test,
    events::event_get,
    events::event_recent,
    ingest::ingest_status,
    ingest::ingest_set_enabled,
    ingest::ingest_rotate_token,
    deliveries::delivery_send_test,
    deliveries::delivery_get,
    deliveries::delivery_list,
    deliveries::delivery_retry_now,
    deliveries::delivery_cancel,
    deliveries::delivery_replay,
    deliveries::delivery_counts,
    deliveries::delivery_curl,
    deliveries::delivery_replay_preview,
    deliveries::delivery_export,
    deliveries::delivery_failed_ids,
    deliveries::delivery_summaries,
    deliveries::delivery_retry_many,
    deliveries::delivery_health,
    deliveries::delivery_retention_get,
    deliveries::delivery_retention_set,
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    #[test]
    fn every_registered_command_has_a_generated_signature_and_back() {
        let registered: BTreeSet<&str> = super::REGISTERED_COMMANDS.iter().copied().collect();
        let typed: BTreeSet<&str> = apidest_core::types::COMMANDS
            .iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(registered, typed);
    }
}
