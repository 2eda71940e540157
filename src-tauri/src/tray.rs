//! The tray icon: open the window, pause or resume all sending, what waits (a line that follows
//! the engine's sending status), and quit. Where the desktop has no tray (or no indicator
//! library) the app runs without one; the window's banners say the same.

use apidest_core::background::tray_status;
use apidest_core::bus::AppEvent;
use apidest_core::engine::SendingStatus;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{App, AppHandle, Manager, Wry};

use crate::state::AppState;
use crate::window;

const OPEN: &str = "open";
const STATUS: &str = "status";
const PAUSE: &str = "pause";
const QUIT: &str = "quit";

/// The menu items that change with the sending status.
struct TrayItems {
    status: MenuItem<Wry>,
    pause: MenuItem<Wry>,
}

/// Builds the tray and keeps it in step with the engine's sending status.
pub fn install(app: &mut App) {
    // The indicator library is loaded at run time and panics where it is missing: the app
    // then runs without a tray rather than not at all.
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(app)));
    match built {
        Ok(Ok(())) => follow_status(app.handle().clone()),
        Ok(Err(err)) => tracing::warn!("tray icon not shown: {err}"),
        Err(_) => tracing::warn!("tray icon not shown: no tray support (libayatana-appindicator3)"),
    }
}

fn build(app: &mut App) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, OPEN, "Open API Destinations", true, None::<&str>)?;
    let status = MenuItem::with_id(app, STATUS, "Sending normally", false, None::<&str>)?;
    let pause = MenuItem::with_id(app, PAUSE, "Pause all sending", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &open,
            &PredefinedMenuItem::separator(app)?,
            &status,
            &pause,
            &PredefinedMenuItem::separator(app)?,
            &quit,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id("main")
        .tooltip("API Destinations")
        .menu(&menu)
        .on_menu_event(on_menu_event);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(TrayItems { status, pause });
    Ok(())
}

fn on_menu_event(app: &AppHandle, event: MenuEvent) {
    match event.id.as_ref() {
        OPEN => {
            window::show(app);
        }
        PAUSE => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move { toggle_pause(&app).await });
        }
        QUIT => app.exit(0),
        _ => {}
    }
}

async fn toggle_pause(app: &AppHandle) {
    let state = app.state::<AppState>();
    let Ok(engine) = state.engine() else {
        return; // another program sends; the status line says so
    };
    let result = if engine.is_paused_all() {
        engine.resume_all().await.map(|_| ())
    } else {
        engine.pause_all().await
    };
    if let Err(err) = result {
        tracing::warn!("pausing or resuming all sending failed: {}", err.message);
    }
}

/// Updates the status line and the pause item from every sending status the engine sends.
fn follow_status(app: AppHandle) {
    let (initial, mut events) = {
        let state = app.state::<AppState>();
        let initial = state
            .engine()
            .map(|e| e.sending_status())
            .unwrap_or(SendingStatus {
                sent_elsewhere: true,
                ..SendingStatus::default()
            });
        (initial, state.events.subscribe())
    };
    show_status(&app, &initial);
    tauri::async_runtime::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match events.recv().await {
                Ok(AppEvent::SendingStatusChanged { status }) => show_status(&app, &status),
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            }
        }
    });
}

fn show_status(app: &AppHandle, status: &SendingStatus) {
    let Some(items) = app.try_state::<TrayItems>() else {
        return;
    };
    let _ = items.status.set_text(tray_status(status));
    let _ = items.pause.set_text(if status.paused {
        "Resume all sending"
    } else {
        "Pause all sending"
    });
    let _ = items.pause.set_enabled(!status.sent_elsewhere);
}
