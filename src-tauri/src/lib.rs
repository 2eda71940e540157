//! The desktop shell: opens the core's database and keyring, registers the IPC commands and
//! forwards the core's events to the window. Everything else lives in `apidest-core`.

mod commands;
mod setup;
mod state;

pub use commands::REGISTERED_COMMANDS;

/// Starts the app and blocks until its last window closes.
pub fn run() {
    let result = tauri::Builder::default()
        .setup(|app| {
            setup::initialise(app);
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(err) = result {
        // The window system itself failed (no display, webkit missing): nothing to show it in.
        eprintln!("API Destinations could not start: {err}");
        std::process::exit(1);
    }
}
