//! NetworkManager's view of the network, read over D-Bus: its `Connectivity` property now, and
//! each change it announces (`PropertiesChanged`), as a watch for the delivery engine. Most
//! Linux desktops run NetworkManager; where none answers (a server, a container, CI) there is
//! no watch and the engine relies on its own attempts and probes.

use std::sync::Arc;
use std::time::Duration;

use dbus::arg::RefArg;
use dbus::blocking::stdintf::org_freedesktop_dbus::{Properties, PropertiesPropertiesChanged};
use dbus::blocking::Connection;
use dbus::message::SignalArgs;
use tokio::sync::watch;

use crate::engine::{Connectivity, ConnectivityWatch};

const SERVICE: &str = "org.freedesktop.NetworkManager";
const PATH: &str = "/org/freedesktop/NetworkManager";
const PROPERTY: &str = "Connectivity";
/// How long reading the property may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);

/// Follows NetworkManager on the system bus, or on the bus at `address` (tests run their own).
/// The watch says `Unknown` until NetworkManager answers, and ends (its sender dropped) when
/// none does: nothing here waits, so starting the engine never does either.
pub fn watch_network_manager(address: Option<String>) -> ConnectivityWatch {
    let (tx, rx) = watch::channel(Connectivity::Unknown);
    let started = std::thread::Builder::new()
        .name("network-manager".into())
        .spawn(move || follow(address, Arc::new(tx)));
    if let Err(err) = started {
        tracing::warn!("NetworkManager is not followed: {err}");
    }
    rx
}

/// Runs on its own thread: reads the property, then serves its changes until the engine drops
/// the watch.
fn follow(address: Option<String>, tx: Arc<watch::Sender<Connectivity>>) {
    let Some(conn) = connect(address) else {
        return;
    };
    let proxy = conn.with_proxy(SERVICE, PATH, CALL_TIMEOUT);
    let state: u32 = match proxy.get(SERVICE, PROPERTY) {
        Ok(state) => state,
        Err(err) => {
            tracing::info!("NetworkManager does not answer ({err}); offline is found by attempts");
            return;
        }
    };
    tracing::info!("NetworkManager: connectivity {state}");
    tx.send_replace(Connectivity::from_network_manager(state));
    let (service, path) = (SERVICE.into(), PATH.into());
    let rule = PropertiesPropertiesChanged::match_rule(Some(&service), Some(&path)).static_clone();
    let sender = tx.clone();
    let matched = conn.add_match(rule, move |changed: PropertiesPropertiesChanged, _, _| {
        if changed.interface_name == SERVICE {
            if let Some(state) = changed
                .changed_properties
                .get(PROPERTY)
                .and_then(|value| value.0.as_u64())
            {
                let now = Connectivity::from_network_manager(state as u32);
                tracing::info!("NetworkManager: connectivity {state} ({now:?})");
                sender.send_replace(now);
            }
        }
        true
    });
    if let Err(err) = matched {
        tracing::warn!("NetworkManager's changes cannot be followed ({err})");
        return;
    }
    while !tx.is_closed() {
        if let Err(err) = conn.process(Duration::from_secs(5)) {
            tracing::warn!("NetworkManager: the bus connection ended ({err})");
            return;
        }
    }
}

fn connect(address: Option<String>) -> Option<Connection> {
    let connected = match address {
        Some(address) => dbus::channel::Channel::open_private(&address).and_then(|mut channel| {
            channel.register()?;
            Ok(Connection::from(channel))
        }),
        None => Connection::new_system(),
    };
    connected
        .map_err(|err| tracing::info!("no system bus for NetworkManager ({err})"))
        .ok()
}
