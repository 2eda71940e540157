//! Switching the ingest endpoint on and off, with its port in settings and its bearer token in
//! the keyring. The token is shown once, when it is made; after that only whether one is set.

use base64::Engine as _;
use serde::Serialize;
use sqlx::SqlitePool;
use std::sync::Arc;
use tokio::sync::Mutex;
use ts_rs::TS;

use super::ingest::{start_ingest, IngestServer};
use crate::engine::Engine;
use crate::error::{AppError, AppResult};
use crate::secrets::{Secret, SecretKey, SecretStore};
use crate::store::settings;

pub const DEFAULT_INGEST_PORT: u16 = 47812;
const SETTING_ENABLED: &str = "ingest_enabled";
const SETTING_PORT: &str = "ingest_port";
const TOKEN_ACCOUNT: &str = "ingest/token";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IngestStatus {
    pub enabled: bool,
    pub running: bool,
    pub port: u16,
    /// `http://127.0.0.1:PORT/v1/events` while running.
    pub url: Option<String>,
    pub token_set: bool,
    /// Why it is not running although enabled.
    pub error: Option<String>,
}

/// A new token, returned this once so it can be copied to the sender.
#[derive(Serialize, TS)]
pub struct IngestToken {
    pub token: String,
}

pub struct IngestControl {
    secrets: Arc<dyn SecretStore>,
    server: Mutex<Option<IngestServer>>,
    last_error: std::sync::Mutex<Option<String>>,
}

fn generate_token() -> AppResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::internal(format!("no secure random source: {e}")))?;
    Ok(format!(
        "apd_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    ))
}

impl IngestControl {
    pub fn new(secrets: Arc<dyn SecretStore>) -> Self {
        Self {
            secrets,
            server: Mutex::new(None),
            last_error: std::sync::Mutex::new(None),
        }
    }

    async fn read_token(&self) -> AppResult<Option<Secret>> {
        let secrets = self.secrets.clone();
        Ok(
            tokio::task::spawn_blocking(move || secrets.get(&SecretKey::new(TOKEN_ACCOUNT)))
                .await
                .map_err(|e| AppError::internal(format!("keyring task failed: {e}")))??,
        )
    }

    async fn write_token(&self, token: &Secret) -> AppResult<()> {
        let secrets = self.secrets.clone();
        let token = token.clone();
        Ok(
            tokio::task::spawn_blocking(move || {
                secrets.set(&SecretKey::new(TOKEN_ACCOUNT), &token)
            })
            .await
            .map_err(|e| AppError::internal(format!("keyring task failed: {e}")))??,
        )
    }

    fn set_error(&self, error: Option<String>) {
        *self.last_error.lock().unwrap_or_else(|p| p.into_inner()) = error;
    }

    pub async fn status(&self, pool: &SqlitePool) -> AppResult<IngestStatus> {
        let enabled = settings::get(pool, SETTING_ENABLED).await?.as_deref() == Some("true");
        let port = port_setting(pool).await?;
        let server = self.server.lock().await;
        let token_set = self
            .read_token()
            .await
            .map(|t| t.is_some())
            .unwrap_or(false);
        Ok(IngestStatus {
            enabled,
            running: server.is_some(),
            port,
            url: server.as_ref().map(IngestServer::url),
            token_set,
            error: self
                .last_error
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone(),
        })
    }

    async fn start_locked(
        &self,
        slot: &mut Option<IngestServer>,
        pool: &SqlitePool,
        engine: Option<Engine>,
        port: u16,
    ) -> AppResult<()> {
        if let Some(running) = slot.take() {
            running.stop();
        }
        let token = match self.read_token().await? {
            Some(token) => token,
            None => {
                let token = Secret::new(generate_token()?);
                self.write_token(&token).await?;
                token
            }
        };
        match start_ingest(pool.clone(), engine, token, port).await {
            Ok(server) => {
                *slot = Some(server);
                self.set_error(None);
                Ok(())
            }
            Err(err) => {
                self.set_error(Some(err.message.clone()));
                Err(err)
            }
        }
    }

    /// At start-up: runs the endpoint when the settings say so; a failure is kept for the
    /// status rather than stopping the app.
    pub async fn start_if_enabled(&self, pool: &SqlitePool, engine: Option<Engine>) {
        let enabled =
            matches!(settings::get(pool, SETTING_ENABLED).await, Ok(Some(v)) if v == "true");
        if !enabled {
            return;
        }
        let Ok(port) = port_setting(pool).await else {
            return;
        };
        let mut slot = self.server.lock().await;
        if let Err(err) = self.start_locked(&mut slot, pool, engine, port).await {
            tracing::warn!("ingest endpoint not started: {}", err.message);
        }
    }

    pub async fn set_enabled(
        &self,
        pool: &SqlitePool,
        engine: Option<Engine>,
        enabled: bool,
        port: Option<u16>,
    ) -> AppResult<IngestStatus> {
        {
            let mut slot = self.server.lock().await;
            if enabled {
                let port = match port {
                    Some(p) => p,
                    None => port_setting(pool).await?,
                };
                self.start_locked(&mut slot, pool, engine, port).await?;
                settings::set(pool, SETTING_PORT, &port.to_string()).await?;
            } else if let Some(running) = slot.take() {
                running.stop();
                self.set_error(None);
            }
            settings::set(
                pool,
                SETTING_ENABLED,
                if enabled { "true" } else { "false" },
            )
            .await?;
        }
        self.status(pool).await
    }

    /// The app's engine has taken over sending from another process: the running endpoint
    /// tells it about new deliveries at once instead of leaving them to its poll.
    pub async fn set_engine(&self, engine: Engine) {
        if let Some(running) = self.server.lock().await.as_ref() {
            running.set_engine(engine);
        }
    }

    /// Replaces the token (the old one stops working at once) and returns the new one.
    pub async fn rotate_token(&self) -> AppResult<IngestToken> {
        let token = generate_token()?;
        self.write_token(&Secret::new(token.clone())).await?;
        if let Some(running) = self.server.lock().await.as_ref() {
            running.set_token(Secret::new(token.clone()));
        }
        Ok(IngestToken { token })
    }
}

async fn port_setting(pool: &SqlitePool) -> AppResult<u16> {
    Ok(settings::get(pool, SETTING_PORT)
        .await?
        .and_then(|p| p.parse().ok())
        .unwrap_or(DEFAULT_INGEST_PORT))
}
