//! Settings › Background and notifications, pausing all sending, and what to do with a
//! destination's waiting deliveries before it is disabled or deleted.

use apidest_core::background::{self, BackgroundSettings};
use apidest_core::engine::{waiting_count, WaitingChoice};
use apidest_core::ids::DestinationId;
use apidest_core::notices;
use apidest_core::{AppError, ErrorCode};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_autostart::ManagerExt;

use super::declare::command;
use crate::notify::Notifications;
use crate::state::AppState;
use crate::window::QuitOnClose;

fn autostart_error(err: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Internal,
        format!("Starting at login could not be changed or read: {err}"),
    )
}

command! {
    pub async fn background_settings_get(
        app: AppHandle,
        state: State<'_, AppState>,
    ) -> Result<BackgroundSettings, AppError> {
        let pool = &state.db()?.pool;
        Ok(BackgroundSettings {
            quit_on_close: background::quit_on_close(pool).await?,
            start_at_login: app.autolaunch().is_enabled().map_err(autostart_error)?,
            notices: notices::load_settings(pool).await?,
        })
    }
}

command! {
    /// Saves the choices and applies them at once (the login entry is the OS's own).
    pub async fn background_settings_set(
        app: AppHandle,
        state: State<'_, AppState>,
        settings: BackgroundSettings,
    ) -> Result<BackgroundSettings, AppError> {
        let pool = &state.db()?.pool;
        background::set_quit_on_close(pool, settings.quit_on_close).await?;
        notices::save_settings(pool, settings.notices).await?;
        app.state::<QuitOnClose>().set(settings.quit_on_close);
        if let Some(notifications) = app.try_state::<Notifications>() {
            notifications.0.lock().await.set_settings(settings.notices);
        }
        let autolaunch = app.autolaunch();
        if autolaunch.is_enabled().map_err(autostart_error)? != settings.start_at_login {
            let changed = if settings.start_at_login {
                autolaunch.enable()
            } else {
                autolaunch.disable()
            };
            changed.map_err(autostart_error)?;
        }
        Ok(settings)
    }
}

command! {
    /// Pauses (true) or resumes all sending, as the tray's menu does.
    pub async fn sending_set_paused(
        state: State<'_, AppState>,
        paused: bool,
    ) -> Result<(), AppError> {
        let engine = state.engine()?;
        if paused {
            engine.pause_all().await
        } else {
            engine.resume_all().await.map(|_| ())
        }
    }
}

command! {
    /// How many deliveries of a destination wait to be sent (asked before disabling or
    /// deleting it).
    pub async fn destination_waiting(
        state: State<'_, AppState>,
        id: DestinationId,
    ) -> Result<u32, AppError> {
        let n = waiting_count(&state.db()?.pool, &id).await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

command! {
    /// Holds (pauses the destination) or cancels its waiting deliveries; returns how many.
    pub async fn destination_settle_waiting(
        state: State<'_, AppState>,
        id: DestinationId,
        choice: WaitingChoice,
    ) -> Result<u32, AppError> {
        let settled = state.engine()?.settle_waiting(&id, choice).await?;
        Ok(u32::try_from(settled.len()).unwrap_or(u32::MAX))
    }
}
