//! The IPC commands, each a few lines over the core, declared once with `command!` and named
//! once in the list below, from which both the handler and the TypeScript signatures come.

mod auth;
mod background;
mod contacts;
mod curl_import;
mod declare;
mod deliveries;
mod destinations;
mod events;
mod gallery;
mod ingest;
mod logs;
mod render;
mod rules;
mod sandbox;
mod status;
mod transfer;

macro_rules! register_commands {
    ($($module:ident :: $name:ident),* $(,)?) => {
        /// Every registered command's TypeScript signature, in the order registered.
        pub fn command_signatures() -> Vec<apidest_core::types::CommandSignature> {
            vec![$($module::$name::signature()),*]
        }

        pub fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::$name),*]
        }
    };
}

register_commands![
    status::app_status,
    logs::log_folder,
    logs::log_folder_open,
    status::keyring_check,
    status::sending_status,
    auth::auth_list,
    curl_import::curl_import_parse,
    curl_import::curl_import_create_auth,
    background::background_settings_get,
    background::background_settings_set,
    background::sending_set_paused,
    background::destination_waiting,
    background::destination_settle_waiting,
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
    destinations::destination_pause,
    destinations::destination_resume,
    destinations::destination_check,
    destinations::destination_secret_fields,
    gallery::destination_templates,
    gallery::rule_sample_events,
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
    events::event_list,
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
    fn each_command_is_registered_once_with_its_arguments_camel_cased() {
        let signatures = super::command_signatures();
        let names: BTreeSet<&str> = signatures.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), signatures.len(), "a command is listed twice");
        let curl = signatures
            .iter()
            .find(|c| c.name == "delivery_curl")
            .unwrap();
        assert_eq!(curl.args, "{ id: DeliveryId; attemptId: AttemptId | null }");
        assert_eq!(curl.result, "string");
        let status = signatures.iter().find(|c| c.name == "app_status").unwrap();
        assert_eq!(
            status.args,
            apidest_core::types::NO_ARGS,
            "state is not an argument"
        );
    }
}
