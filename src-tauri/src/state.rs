//! What every command can reach: the core's services, or why the database could not open.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use apidest_core::bus::EventBus;
use apidest_core::engine::Engine;
use apidest_core::identity::AppIdentity;
use apidest_core::render::ExpressionCache;
use apidest_core::sandbox::Sandbox;
use apidest_core::secrets::{KeyringStatus, SecretStore};
use apidest_core::store::Database;
use apidest_core::AppError;

pub struct AppState {
    pub identity: AppIdentity,
    pub data_dir: PathBuf,
    pub database_path: PathBuf,
    /// The open database, or the error the UI shows on its error screen.
    pub database: Result<Database, AppError>,
    pub secrets: Arc<dyn SecretStore>,
    pub keyring: RwLock<Option<KeyringStatus>>,
    pub events: EventBus,
    /// Compiled JMESPath expressions, shared by every preview and render.
    pub expressions: ExpressionCache,
    /// The delivery engine, or why it is not running. Replaced when the app takes the engine
    /// over from another process (`apidest work`) that let its lock go.
    pub engine: RwLock<Result<Engine, AppError>>,
    /// The local echo endpoint of Settings › Sandbox receiver (off unless switched on).
    pub sandbox: Sandbox,
    /// The local event-ingest endpoint of Settings (off unless switched on).
    pub ingest: apidest_core::event_intake::IngestControl,
}

impl AppState {
    /// The database for a command that needs one; its error when it could not be opened.
    pub fn db(&self) -> Result<&Database, AppError> {
        self.database.as_ref().map_err(Clone::clone)
    }

    /// The running delivery engine (a cheap handle), or the reason there is none.
    pub fn engine(&self) -> Result<Engine, AppError> {
        self.engine
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The engine took over: commands reach it from now on.
    pub fn set_engine(&self, engine: Engine) {
        *self.engine.write().unwrap_or_else(|p| p.into_inner()) = Ok(engine);
    }

    /// Forgets cached credentials of a config that was edited or deleted.
    pub fn invalidate_auth(&self, id: &apidest_core::ids::AuthId) {
        if let Ok(engine) = self.engine() {
            engine.invalidate_auth(id);
        }
    }

    pub fn keyring_status(&self) -> Option<KeyringStatus> {
        self.keyring
            .read()
            .map(|guard| guard.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    pub fn set_keyring_status(&self, status: KeyringStatus) {
        match self.keyring.write() {
            Ok(mut guard) => *guard = Some(status),
            Err(poisoned) => *poisoned.into_inner() = Some(status),
        }
    }
}
