//! OS notifications: the core's `Notifier` decides from the app's events; this shows them
//! through the notification plugin and opens the screen a clicked one names.

use apidest_core::notices::{Notice, Notifier};
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::Mutex;

use crate::state::AppState;
use crate::window;

/// The extra field of a notification that carries the route a click opens.
const ROUTE: &str = "route";

/// The app's notifier, so Settings can change what it shows.
pub struct Notifications(pub Mutex<Notifier>);

pub fn install(app: &AppHandle) {
    let notifier = {
        let state = app.state::<AppState>();
        let settings = match state.db() {
            Ok(db) => {
                tauri::async_runtime::block_on(apidest_core::notices::load_settings(&db.pool))
                    .unwrap_or_default()
            }
            Err(_) => Default::default(),
        };
        Notifier::new(settings)
    };
    app.manage(Notifications(Mutex::new(notifier)));
    let handle = app.clone();
    let _ = app.notification().on_action(move |performed| {
        let route = performed.notification().and_then(|n| {
            n.extra()
                .get(ROUTE)
                .and_then(|r| r.as_str())
                .map(str::to_owned)
        });
        if let Some(route) = route {
            window::open_route(&handle, &route);
        } else {
            window::show(&handle);
        }
    });
    let handle = app.clone();
    let mut events = app.state::<AppState>().events.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let next_digest = {
                let notifications = handle.state::<Notifications>();
                let notifier = notifications.0.lock().await;
                notifier.next_due()
            };
            let wait = next_digest
                .map(|at| (at - apidest_core::time::now_ms()).max(0) as u64)
                .unwrap_or(3_600_000);
            let received = tokio::select! {
                received = events.recv() => Some(received),
                _ = tokio::time::sleep(std::time::Duration::from_millis(wait)) => None,
            };
            let now = apidest_core::time::now_ms();
            let notices = {
                let notifications = handle.state::<Notifications>();
                let mut notifier = notifications.0.lock().await;
                match received {
                    Some(Ok(event)) => notifier.observe(&event, now),
                    Some(Err(RecvError::Lagged(_))) => Vec::new(),
                    Some(Err(RecvError::Closed)) => return,
                    None => notifier.due_digests(now),
                }
            };
            for notice in notices {
                show(&handle, &notice);
            }
        }
    });
}

fn show(app: &AppHandle, notice: &Notice) {
    let shown = app
        .notification()
        .builder()
        .title(&notice.title)
        .body(&notice.body)
        .extra(ROUTE, &notice.route)
        .show();
    if let Err(err) = shown {
        tracing::warn!("notification not shown: {err}");
    }
}
