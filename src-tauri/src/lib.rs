//! The desktop shell: opens the core's database and keyring, registers the IPC commands and
//! forwards the core's events to the window. Everything else lives in `apidest-core`.

mod commands;
mod compositing;
mod logging;
mod notify;
mod setup;
mod state;
mod tray;
mod window;

pub use commands::command_signatures;

/// Starts the app and blocks until it quits (from the tray, or when its window closes if the
/// user chose that).
pub fn run() {
    let log = logging::start();
    compositing::choose_compositing_mode();
    let identity = apidest_core::identity::AppIdentity::for_build(cfg!(debug_assertions));
    let data_dir = setup::data_dir_override();
    let instance = identity.instance_id(data_dir.as_deref());
    // Started at login with the same data folder it was set up from.
    let login_args: Vec<String> = data_dir
        .iter()
        .flat_map(|dir| ["--data-dir".to_owned(), dir.display().to_string()])
        .collect();
    let result = tauri::Builder::default()
        // First, so a second launch hands over before anything else starts.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance.clone())
                .callback(|app, _args, _cwd| {
                    window::show(app);
                })
                .build(),
        )
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .app_name(instance)
                .args(login_args)
                .build(),
        )
        .plugin(tauri_plugin_notification::init())
        // Opens the log folder from Settings (commands/logs.rs).
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            setup::initialise(app);
            Ok(())
        })
        .on_window_event(window::on_window_event)
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!());
    match result {
        Ok(app) => app.run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                shut_down(handle);
            }
        }),
        Err(err) => {
            // The window system itself failed (no display, webkit missing): nothing to show it in.
            tracing::error!("API Destinations could not start: {err}");
            drop(log); // exit skips destructors: write the log out first
            std::process::exit(1);
        }
    }
}

/// Lets attempts in flight finish and be saved (up to the engine's grace period); any still
/// running are recorded as interrupted at the next start.
fn shut_down(handle: &tauri::AppHandle) {
    use tauri::Manager;
    if let Some(state) = handle.try_state::<state::AppState>() {
        if let Ok(engine) = state.engine() {
            tauri::async_runtime::block_on(engine.shutdown());
        }
    }
}
