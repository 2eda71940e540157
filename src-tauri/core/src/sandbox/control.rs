//! Switching the sandbox on and off at runtime, with the switch and port kept in settings.

use std::sync::{Arc, Mutex};

use sqlx::SqlitePool;
use tokio::sync::Mutex as AsyncMutex;

use super::listener::SandboxListener;
use super::log::RequestLog;
use super::model::{SandboxRequest, SandboxStatus};
use super::server::{self, RunningServer, Shared, KEY_HEADER};
use super::{destination, DEFAULT_PORT, SETTING_ENABLED, SETTING_PORT};
use crate::destinations::HeaderEntry;
use crate::error::{AppError, AppResult};
use crate::store::settings;

/// The sandbox of one app: at most one server, and the log it writes to (kept across
/// restarts of the server, so changing the port does not lose what was received).
pub struct Sandbox {
    shared: Shared,
    /// Held for a whole switch, so two clicks cannot start two servers.
    server: AsyncMutex<Option<RunningServer>>,
    /// Why the last start failed; cleared by the next start or stop.
    last_error: Mutex<Option<AppError>>,
}

impl Sandbox {
    pub fn new(events: impl SandboxListener) -> Self {
        Self {
            shared: Shared {
                log: Arc::new(RequestLog::default()),
                events: Arc::new(events),
            },
            server: AsyncMutex::new(None),
            last_error: Mutex::new(None),
        }
    }

    /// At start-up: runs the sandbox when the settings say so. A failure (a busy port) is
    /// kept for [`Sandbox::status`] rather than stopping the app.
    pub async fn start_if_enabled(&self, pool: &SqlitePool) -> AppResult<SandboxStatus> {
        if enabled_setting(pool).await? {
            let port = port_setting(pool).await?;
            let mut server = self.server.lock().await;
            if let Err(err) = self.start_locked(&mut server, pool, port).await {
                tracing::warn!("sandbox receiver not started: {}", err.message);
            }
        }
        self.status(pool).await
    }

    /// Switches the sandbox on (on `port`, or the saved one) or off, and remembers it.
    /// Switching on creates the Sandbox destination if needed; a port that cannot be used
    /// is an error and changes nothing in the settings.
    pub async fn set_enabled(
        &self,
        pool: &SqlitePool,
        enabled: bool,
        port: Option<u16>,
    ) -> AppResult<SandboxStatus> {
        let mut server = self.server.lock().await;
        if enabled {
            let port = match port {
                Some(port) => port,
                None => port_setting(pool).await?,
            };
            self.start_locked(&mut server, pool, port).await?;
            settings::set(pool, SETTING_PORT, &port.to_string()).await?;
        } else {
            if let Some(running) = server.take() {
                running.stop().await;
            }
            self.set_error(None);
            if let Some(port) = port {
                settings::set(pool, SETTING_PORT, &port.to_string()).await?;
            }
        }
        settings::set(
            pool,
            SETTING_ENABLED,
            if enabled { "true" } else { "false" },
        )
        .await?;
        drop(server);
        self.status(pool).await
    }

    /// Stops the server (the app is closing, or a test is done); the settings stay.
    pub async fn stop(&self) {
        if let Some(running) = self.server.lock().await.take() {
            running.stop().await;
        }
    }

    pub async fn status(&self, pool: &SqlitePool) -> AppResult<SandboxStatus> {
        let running_port = self.server.lock().await.as_ref().map(|s| s.port);
        let port = match running_port {
            Some(port) => port,
            None => port_setting(pool).await?,
        };
        Ok(SandboxStatus {
            enabled: enabled_setting(pool).await?,
            running: running_port.is_some(),
            port,
            url: running_port.map(|port| format!("http://127.0.0.1:{port}")),
            destination_id: destination::existing(pool).await?.map(|d| d.id),
            error: self.error(),
        })
    }

    /// The header a request needs to be accepted by the running sandbox (the Sandbox
    /// destination carries it); `None` while it is off.
    pub async fn key_header(&self) -> Option<HeaderEntry> {
        self.server
            .lock()
            .await
            .as_ref()
            .map(|running| HeaderEntry {
                name: KEY_HEADER.to_owned(),
                value: running.key.clone(),
            })
    }

    /// What was received, newest first.
    pub fn requests(&self) -> Vec<SandboxRequest> {
        self.shared.log.newest_first()
    }

    pub fn clear(&self) {
        self.shared.log.clear();
    }

    /// (Re)starts on `port` unless already listening there, then points the Sandbox
    /// destination at the port actually bound (port 0 binds a free one).
    async fn start_locked(
        &self,
        server: &mut Option<RunningServer>,
        pool: &SqlitePool,
        port: u16,
    ) -> AppResult<()> {
        let same_port = server.as_ref().is_some_and(|s| port != 0 && s.port == port);
        if !same_port {
            // Bind the new port before stopping the old one: a busy port leaves it running.
            match server::start(port, self.shared.clone()).await {
                Ok(running) => {
                    if let Some(old) = server.replace(running) {
                        old.stop().await;
                    }
                }
                Err(err) => {
                    self.set_error(Some(err.clone()));
                    return Err(err);
                }
            }
        }
        self.set_error(None);
        if let Some(running) = server.as_ref() {
            destination::ensure(pool, running.port, &running.key).await?;
        }
        Ok(())
    }

    fn error(&self) -> Option<AppError> {
        self.last_error
            .lock()
            .map(|e| e.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    fn set_error(&self, error: Option<AppError>) {
        match self.last_error.lock() {
            Ok(mut guard) => *guard = error,
            Err(poisoned) => *poisoned.into_inner() = error,
        }
    }
}

async fn enabled_setting(pool: &SqlitePool) -> AppResult<bool> {
    Ok(settings::get(pool, SETTING_ENABLED).await?.as_deref() == Some("true"))
}

/// The saved port; the default when none was saved or the value is not a port.
async fn port_setting(pool: &SqlitePool) -> AppResult<u16> {
    Ok(settings::get(pool, SETTING_PORT)
        .await?
        .and_then(|p| p.parse().ok())
        .unwrap_or(DEFAULT_PORT))
}
