//! Start-up: find the data folder, open the database, check the keyring, wire events.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use apidest_core::bus::{AppEvent, EventBus};
use apidest_core::engine::{Engine, EngineConfig, ENGINE_LOCK_FILE};
use apidest_core::identity::AppIdentity;
use apidest_core::sandbox::Sandbox;
use apidest_core::secrets::{probe_keyring, KeyringStore, SecretStore};
use apidest_core::store::{open_database, DATABASE_FILE_NAME};
use apidest_core::types::APP_EVENT_CHANNEL;
use apidest_core::window_events;
use apidest_core::{AppError, ErrorCode};
use tauri::{App, Emitter, Manager};

use crate::state::AppState;

/// Overrides the data folder (tests and portable installs use it), as an environment
/// variable or as `--data-dir PATH` on the command line.
const DATA_DIR_ENV: &str = "APIDEST_DATA_DIR";
const DATA_DIR_ARG: &str = "--data-dir";

pub fn initialise(app: &mut App) {
    let identity = AppIdentity::for_build(cfg!(debug_assertions));
    let data_dir = resolve_data_dir(app, &identity);
    let database_path = data_dir
        .as_ref()
        .map(|dir| dir.join(DATABASE_FILE_NAME))
        .unwrap_or_default();
    let database = match &data_dir {
        Ok(_) => tauri::async_runtime::block_on(open_database(&database_path)),
        Err(err) => Err(err.clone()),
    };
    let database = database.and_then(|db| {
        tauri::async_runtime::block_on(apidest_core::contacts::seed_samples_once(&db.pool))?;
        Ok(db)
    });
    if let Err(err) = &database {
        tracing::error!("database not opened: {}", err.message);
    }

    let secrets: Arc<dyn SecretStore> = Arc::new(KeyringStore::new(identity.keyring_service()));
    let events = EventBus::new();
    let sandbox = Sandbox::new(events.clone());
    let engine = match (&database, &data_dir) {
        (Ok(db), Ok(dir)) => tauri::async_runtime::block_on(Engine::start(
            db.pool.clone(),
            secrets.clone(),
            events.clone(),
            engine_config(dir),
        )),
        (Err(err), _) | (_, Err(err)) => Err(err.clone()),
    };
    match &engine {
        Ok(_) => tracing::info!("delivery engine started"),
        Err(err) => tracing::warn!("delivery engine not started: {}", err.message),
    }
    let state = AppState {
        identity,
        data_dir: data_dir.unwrap_or_default(),
        database_path,
        database,
        secrets: secrets.clone(),
        keyring: RwLock::new(None),
        events,
        expressions: apidest_core::render::ExpressionCache::default(),
        engine: RwLock::new(engine),
        sandbox,
        ingest: apidest_core::event_intake::IngestControl::new(secrets.clone()),
    };
    if let Ok(db) = &state.database {
        // Retention: old deliveries are pruned in the background, never on the UI's path.
        tauri::async_runtime::spawn(apidest_core::delivery_log::prune_forever(
            db.pool.clone(),
            state.events.clone(),
        ));
        // Writes from `apidest` or any other process show in the window without a reload.
        let (path, events) = (db.path.clone(), state.events.clone());
        tauri::async_runtime::spawn(async move {
            apidest_core::data_watch::watch(&path, events, apidest_core::data_watch::CHECK_EVERY)
                .await;
        });
    }
    let events = state.events.clone();
    let quit_on_close = match &state.database {
        Ok(db) => tauri::async_runtime::block_on(apidest_core::background::quit_on_close(&db.pool))
            .unwrap_or(false),
        Err(_) => false,
    };
    app.manage(state);
    app.manage(crate::window::QuitOnClose::default());
    app.state::<crate::window::QuitOnClose>().set(quit_on_close);
    crate::tray::install(app);
    crate::notify::install(app.handle());

    forward_events(app.handle().clone(), &events);
    take_over_engine_when_free(app.handle().clone());
    start_sandbox_if_enabled(app.handle().clone());
    let handle = app.handle().clone();
    tauri::async_runtime::spawn(async move {
        let status = probe_keyring(secrets).await;
        let state = handle.state::<AppState>();
        state.set_keyring_status(status.clone());
        state
            .events
            .publish(AppEvent::KeyringStatusChanged { status });
    });
}

/// While another process (`apidest work`, another copy of the app) holds the engine lock, this
/// window reads and writes but does not send; it tries the lock every few seconds and starts
/// its own engine as soon as the lock is free, without a restart.
fn take_over_engine_when_free(handle: tauri::AppHandle) {
    let held_elsewhere = {
        let state = handle.state::<AppState>();
        matches!(state.engine(), Err(err) if err.code == ErrorCode::Conflict)
    };
    if !held_elsewhere {
        return;
    }
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(ENGINE_LOCK_RETRY).await;
            let state = handle.state::<AppState>();
            let (Ok(db), false) = (state.db(), state.data_dir.as_os_str().is_empty()) else {
                return;
            };
            let started = Engine::start(
                db.pool.clone(),
                state.secrets.clone(),
                state.events.clone(),
                engine_config(&state.data_dir),
            )
            .await;
            match started {
                Ok(engine) => {
                    state.set_engine(engine.clone());
                    // The ingest endpoint (if on) hands its deliveries to this engine from now on.
                    state.ingest.set_engine(engine.clone()).await;
                    state.events.publish(AppEvent::SendingStatusChanged {
                        status: engine.sending_status(),
                    });
                    return;
                }
                Err(err) if err.code == ErrorCode::Conflict => continue,
                Err(err) => {
                    tracing::warn!("delivery engine not started: {}", err.message);
                    return;
                }
            }
        }
    });
}

/// The app's engine: the defaults, and the lock in the data folder that makes it the one sender.
fn engine_config(data_dir: &std::path::Path) -> EngineConfig {
    EngineConfig {
        lock_file: Some(data_dir.join(ENGINE_LOCK_FILE)),
        lock_program: "app",
        connectivity: os_connectivity(),
        ..EngineConfig::default()
    }
}

/// What the OS says of the network: NetworkManager on Linux; elsewhere the engine finds out
/// from its attempts and probes.
fn os_connectivity() -> Option<apidest_core::engine::ConnectivityWatch> {
    #[cfg(target_os = "linux")]
    return Some(apidest_core::network_manager::watch_network_manager(None));
    #[cfg(not(target_os = "linux"))]
    return None;
}

/// How often a window without the engine tries to take it over.
const ENGINE_LOCK_RETRY: std::time::Duration = std::time::Duration::from_secs(2);

/// The sandbox receiver and the ingest endpoint run again if they were switched on when the
/// app last closed; a busy port is kept in their status for Settings to show.
fn start_sandbox_if_enabled(handle: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        let state = handle.state::<AppState>();
        if let Ok(db) = state.db() {
            let _ = state.sandbox.start_if_enabled(&db.pool).await;
            state
                .ingest
                .start_if_enabled(&db.pool, state.engine().ok())
                .await;
        }
    });
}

/// The data folder given on the command line or in the environment, if one is.
pub fn data_dir_override() -> Option<PathBuf> {
    data_dir_argument(std::env::args()).or_else(|| {
        std::env::var_os(DATA_DIR_ENV)
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
    })
}

fn resolve_data_dir(app: &App, identity: &AppIdentity) -> Result<PathBuf, AppError> {
    if let Some(dir) = data_dir_override() {
        return Ok(dir);
    }
    app.path()
        .data_dir()
        .map(|base| base.join(&identity.app_id))
        .map_err(|err| {
            AppError::new(
                ErrorCode::DatabaseUnavailable,
                format!(
                    "The operating system did not tell where application data goes ({err}). \
                     Set {DATA_DIR_ENV} to a folder you can write to and start again."
                ),
            )
        })
}

fn data_dir_argument(args: impl Iterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.skip(1);
    while let Some(arg) = args.next() {
        if arg == DATA_DIR_ARG {
            return args.next().map(PathBuf::from);
        }
        if let Some(value) = arg.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(value));
        }
    }
    None
}

/// Every core event goes to the window on one channel, delivery changes gathered in batches.
fn forward_events(handle: tauri::AppHandle, events: &EventBus) {
    let rx = events.subscribe();
    tauri::async_runtime::spawn(window_events::forward(rx, move |event| {
        let _ = handle.emit(APP_EVENT_CHANNEL, &event);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn the_data_folder_can_be_given_on_the_command_line() {
        assert_eq!(
            data_dir_argument(args(&["app", "--data-dir", "/tmp/x"])),
            Some(PathBuf::from("/tmp/x"))
        );
        assert_eq!(
            data_dir_argument(args(&["app", "--data-dir=/tmp/y"])),
            Some(PathBuf::from("/tmp/y"))
        );
        assert_eq!(data_dir_argument(args(&["app"])), None);
    }
}
