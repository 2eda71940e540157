//! The desktop shell: opens the core's database and keyring, registers the IPC commands and
//! forwards the core's events to the window. Everything else lives in `apidest-core`.

mod commands;
mod compositing;
mod setup;
mod state;

pub use commands::command_signatures;

/// Starts the app and blocks until its last window closes.
pub fn run() {
    compositing::choose_compositing_mode();
    let result = tauri::Builder::default()
        .setup(|app| {
            setup::initialise(app);
            Ok(())
        })
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
            eprintln!("API Destinations could not start: {err}");
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
