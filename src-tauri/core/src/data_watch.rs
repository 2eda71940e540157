//! Tells the window when another process changed what it shows: `apidest destinations create`
//! while the app is open appears without a reload.
//!
//! SQLite has no cross-process change notification, but `PRAGMA data_version` on a connection
//! of our own moves whenever any other connection commits, and reading it costs a few
//! microseconds. So the watcher asks every half second, and only when it moved compares a
//! fingerprint per kind of data (destinations, API Auth, rules, contacts, deliveries) to say
//! which lists to read again. A file watcher would miss writes that stay in the WAL until a
//! checkpoint; routing the CLI through the running app would leave other writers (scripts,
//! a second copy) unseen.

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use tokio::sync::broadcast::error::RecvError;

use crate::bus::{AppEvent, EventBus};
use crate::store::{data_version, fingerprints, DataKind};

/// How often the database is asked: changes show within this, and asking costs nothing.
pub const CHECK_EVERY: Duration = Duration::from_millis(500);

/// Watches the database at `path` for as long as the app runs, announcing
/// [`AppEvent::DataChanged`] with the kinds whose rows changed. New deliveries the engine
/// already announced in the same half second are not announced again.
pub async fn watch(path: &Path, bus: EventBus, every: Duration) {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .busy_timeout(Duration::from_millis(200));
    let Ok(mut conn) = SqliteConnection::connect_with(&options).await else {
        // Without its own connection the window still sees its own changes; nothing to do.
        return;
    };
    let mut events = bus.subscribe();
    let (Ok(mut version), Ok(mut seen)) =
        (data_version(&mut conn).await, fingerprints(&mut conn).await)
    else {
        return;
    };
    let mut engine_announced = false;
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            received = events.recv() => match received {
                Ok(AppEvent::DeliveryChanged { .. }) | Err(RecvError::Lagged(_)) => {
                    engine_announced = true;
                }
                Ok(_) => {}
                // Only the watcher's own sender is left: no one can listen any more.
                Err(RecvError::Closed) => return,
            },
            _ = tick.tick() => {
                // A busy or locked database is asked again at the next tick.
                let Ok(now) = data_version(&mut conn).await else { continue };
                if now == version {
                    engine_announced = false;
                    continue;
                }
                let Ok(current) = fingerprints(&mut conn).await else { continue };
                version = now;
                let kinds: Vec<DataKind> = DataKind::ALL
                    .iter()
                    .zip(seen.iter().zip(&current))
                    .filter(|(_, (before, after))| before != after)
                    .map(|(kind, _)| *kind)
                    .filter(|kind| !(*kind == DataKind::Deliveries && engine_announced))
                    .collect();
                seen = current;
                engine_announced = false;
                if !kinds.is_empty() {
                    bus.publish(AppEvent::DataChanged { kinds });
                }
            }
        }
    }
}
