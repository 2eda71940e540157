//! Offline for real: a test runs again inside a network namespace of its own, whose loopback
//! is down, so every connection fails with "network unreachable" as on a laptop with no
//! network, until `loopback_up()`. Needs root for the namespace, as CI has.

use std::process::Command;

const INSIDE: &str = "APIDEST_TEST_IN_OWN_NETNS";

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// True inside the namespace: go on with the test. Outside it runs the test `name` of this
/// binary again in a new namespace, asserts it passed and returns false (as it does, with a
/// note, when not root).
pub fn in_own_network_namespace(name: &str) -> bool {
    if std::env::var_os(INSIDE).is_some() {
        return true;
    }
    if !is_root() {
        eprintln!("skipped: a network namespace of its own needs root (CI runs as root)");
        return false;
    }
    let status = Command::new("unshare")
        .args(["--net", "--"])
        .arg(std::env::current_exe().expect("test binary"))
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(INSIDE, "1")
        .status()
        .expect("unshare runs");
    assert!(status.success(), "the test inside the namespace failed");
    false
}

/// Runs the async test `body` inside a network namespace of its own (see
/// `in_own_network_namespace`), on a runtime with two workers like the app's.
pub fn run_offline<F: std::future::Future<Output = ()>>(name: &str, body: impl FnOnce() -> F) {
    if !in_own_network_namespace(name) {
        return;
    }
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(body());
}

/// The network comes back.
pub fn loopback_up() {
    let up = Command::new("ip")
        .args(["link", "set", "lo", "up"])
        .status()
        .expect("ip runs");
    assert!(up.success(), "could not bring the loopback up");
}
