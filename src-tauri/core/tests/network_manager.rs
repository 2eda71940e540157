#![cfg(target_os = "linux")]
//! The engine follows what the OS says of the network, for real: a private D-Bus daemon carries
//! a stand-in for NetworkManager (its object, its `Connectivity` property and the
//! `PropertiesChanged` signal NetworkManager sends), read by the same code the app uses; the
//! engine runs in a network namespace whose loopback is down.
//!
//! "No network" holds what falls due before any attempt is spent finding out (a laptop waking
//! up without Wi-Fi), and "connected" sends at once rather than at the offline probe's next
//! try, which by then is seconds away.

mod engine_support;
mod http_support;
mod netns_support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use apidest_core::engine::{
    get_delivery, Connectivity, DeliverySource, DeliveryState, EngineConfig, HoldReason,
};
use apidest_core::network_manager::watch_network_manager;
use dbus::arg::{RefArg, Variant};
use dbus::blocking::stdintf::org_freedesktop_dbus::PropertiesPropertiesChanged;
use dbus::blocking::Connection;
use dbus::channel::MatchingReceiver;
use dbus::message::{MatchRule, SignalArgs};
use dbus::Message;
use engine_support::{harness_with, quick_retries};
use http_support::{always, Reply};
use netns_support::{loopback_up, run_offline};

const SERVICE: &str = "org.freedesktop.NetworkManager";
const PATH: &str = "/org/freedesktop/NetworkManager";
const NONE: u32 = 1;
const FULL: u32 = 4;

/// A D-Bus daemon of the test's own, and on it an object answering as NetworkManager does.
struct FakeNetworkManager {
    address: String,
    set: mpsc::Sender<u32>,
    daemon: Child,
}

impl FakeNetworkManager {
    fn start(dir: &std::path::Path, state: u32) -> Self {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .arg(format!("--address=unix:path={}", dir.join("bus").display()))
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon runs");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().expect("its output"))
            .read_line(&mut address)
            .expect("the bus address");
        let address = address.trim().to_owned();
        let (set, changes) = mpsc::channel();
        let (ready, is_ready) = mpsc::channel();
        let bus = address.clone();
        std::thread::spawn(move || serve(&bus, state, changes, ready));
        is_ready
            .recv_timeout(Duration::from_secs(10))
            .expect("the stand-in owns NetworkManager's name");
        Self {
            address,
            set,
            daemon,
        }
    }

    /// NetworkManager's connectivity changes: the property, and the signal announcing it.
    fn says(&self, state: u32) {
        self.set.send(state).expect("the stand-in runs");
    }
}

impl Drop for FakeNetworkManager {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

fn serve(address: &str, state: u32, changes: mpsc::Receiver<u32>, ready: mpsc::Sender<()>) {
    let mut channel = dbus::channel::Channel::open_private(address).expect("bus");
    channel.register().expect("hello");
    let conn = Connection::from(channel);
    conn.request_name(SERVICE, false, true, false)
        .expect("NetworkManager's name");
    let current = Arc::new(AtomicU32::new(state));
    let answer = current.clone();
    conn.start_receive(
        MatchRule::new_method_call(),
        Box::new(move |call: Message, conn: &Connection| {
            let (interface, property): (Option<String>, Option<String>) = call.get2();
            let reply = if call.member().as_deref() == Some("Get")
                && interface.as_deref() == Some(SERVICE)
                && property.as_deref() == Some("Connectivity")
            {
                call.method_return()
                    .append1(Variant(answer.load(Ordering::SeqCst)))
            } else {
                call.error(
                    &"org.freedesktop.DBus.Error.UnknownProperty".into(),
                    c"only Connectivity is known here",
                )
            };
            let _ = dbus::channel::Sender::send(conn, reply);
            true
        }),
    );
    let _ = ready.send(());
    loop {
        if conn.process(Duration::from_millis(50)).is_err() {
            return;
        }
        while let Ok(state) = changes.try_recv() {
            current.store(state, Ordering::SeqCst);
            let mut changed: HashMap<String, Variant<Box<dyn RefArg>>> = HashMap::new();
            changed.insert("Connectivity".into(), Variant(Box::new(state)));
            let signal = PropertiesPropertiesChanged {
                interface_name: SERVICE.into(),
                changed_properties: changed,
                invalidated_properties: Vec::new(),
            }
            .to_emit_message(&PATH.into());
            let _ = dbus::channel::Sender::send(&conn, signal);
        }
    }
}

const TEST: &str = "the_engine_holds_when_the_os_says_offline_and_sends_when_it_says_connected";

#[test]
fn the_engine_holds_when_the_os_says_offline_and_sends_when_it_says_connected() {
    run_offline(TEST, follows_the_os);
}

async fn follows_the_os() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let network = FakeNetworkManager::start(dir.path(), NONE);
    let os = watch_network_manager(Some(network.address.clone()));
    let mut seen = os.clone();
    tokio::time::timeout(
        Duration::from_secs(10),
        seen.wait_for(|c| *c == Connectivity::Offline),
    )
    .await
    .expect("the property is read")
    .expect("the watch lives");

    let h = harness_with(EngineConfig {
        connectivity: Some(os),
        ..EngineConfig::default()
    })
    .await;
    let server = always(Reply::status(200)).await;
    let dest = h
        .destination_with(
            &server.url("/hooks"),
            None,
            quick_retries(vec![1, 1, 1, 1, 1]),
            5,
        )
        .await;
    wait_until("the engine takes the OS's word", || {
        h.engine.sending_status().offline
    })
    .await;
    let offline_since = Instant::now();
    let mut ids = Vec::new();
    for _ in 0..3 {
        let mut request = h.request(&dest);
        request.source = DeliverySource::Rule;
        ids.push(h.engine.send(&h.cache, request).await.expect("queued").id);
    }

    // Held for the network with no attempt spent: the OS said so before any try.
    tokio::time::sleep(Duration::from_secs(3)).await;
    for id in &ids {
        let s = get_delivery(&h.db.pool, id).await.unwrap().summary;
        assert_eq!(s.state, DeliveryState::Scheduled, "{s:#?}");
        assert_eq!(s.hold_reason, Some(HoldReason::Offline), "{s:#?}");
        assert_eq!(s.attempt_count, 0, "no attempt was spent finding out");
    }

    // The probe's tries are 1, 2, 4, 8 s apart: after the one at 7 s the next is at 15 s.
    // The network comes back at 8 s, and NetworkManager says so.
    let back_at = Duration::from_secs(8);
    tokio::time::sleep(back_at.saturating_sub(offline_since.elapsed())).await;
    loopback_up();
    let told = Instant::now();
    network.says(FULL);
    for id in &ids {
        loop {
            let s = get_delivery(&h.db.pool, id).await.unwrap().summary;
            if s.state == DeliveryState::Succeeded {
                assert_eq!(s.attempt_count, 1, "one attempt, and it went");
                break;
            }
            assert!(
                told.elapsed() < Duration::from_secs(30),
                "not sent after the network came back: {s:#?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let took = told.elapsed();
    println!(
        "sent {} ms after NetworkManager said connected (the probe alone: at {} s)",
        took.as_millis(),
        15 - back_at.as_secs()
    );
    assert!(
        took < Duration::from_secs(3),
        "sent {took:?} after the OS said connected; the probe alone would take about 7 s"
    );
    assert_eq!(server.request_count(), 3);
    assert!(!h.engine.sending_status().offline, "back online");
}

async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(10), "{what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
