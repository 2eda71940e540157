//! The main window in a background app: closing it hides it (the app keeps sending from the
//! tray) unless the user chose "quit when the window closes"; the tray, a second launch and a
//! clicked notification bring it back, on the screen they ask for.

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::{AppHandle, Manager, Runtime, WebviewWindow, Window, WindowEvent};

const MAIN: &str = "main";

/// "Quit when the window closes", as last saved (read when the window is closed).
#[derive(Default)]
pub struct QuitOnClose(pub AtomicBool);

impl QuitOnClose {
    pub fn set(&self, quit: bool) {
        self.0.store(quit, Ordering::Release);
    }
}

/// Hides the window instead of closing it, unless the user chose to quit.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let quit = window
        .try_state::<QuitOnClose>()
        .is_some_and(|q| q.0.load(Ordering::Acquire));
    if !quit && window.label() == MAIN {
        api.prevent_close();
        let _ = window.hide();
    }
}

/// Shows the main window in front (after it was hidden or minimised).
pub fn show<R: Runtime>(app: &AppHandle<R>) -> Option<WebviewWindow<R>> {
    let window = app.get_webview_window(MAIN)?;
    let _ = window.show();
    let _ = window.unminimize();
    let _ = window.set_focus();
    Some(window)
}

/// Shows the window on a screen of the app, e.g. `/destinations/dst_…`.
pub fn open_route<R: Runtime>(app: &AppHandle<R>, route: &str) {
    let Some(window) = show(app) else {
        return;
    };
    // The UI routes on the URL's hash; a route is ours (never user text), quoted as JSON.
    if let Ok(quoted) = serde_json::to_string(&format!("#{route}")) {
        let _ = window.eval(format!("window.location.hash = {quoted};"));
    }
}
