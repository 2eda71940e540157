//! What the operating system says of the network, as a watch the engine follows. An attempt
//! that finds the network gone already makes the engine wait (offline.rs); the OS is faster on
//! both edges: "no network" or a captive portal holds what falls due before any attempt is spent
//! finding out (a laptop waking up without Wi-Fi), and "connected" probes at once instead of
//! after the probe's backoff (up to 30 s).
//!
//! The engine follows it in offline.rs. The source is injected (`EngineConfig::connectivity`):
//! the app and `apidest work` read NetworkManager (`network_manager.rs`); without one, or when
//! it says nothing useful, the engine relies on what its attempts and probes find.

use tokio::sync::watch;

/// The network as the OS sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connectivity {
    /// No opinion (no network manager, or it cannot tell): attempts and probes decide.
    Unknown,
    Online,
    /// No network at all, or one behind a login page.
    Offline,
}

impl Connectivity {
    /// NetworkManager's `Connectivity` property (NMConnectivityState): 1 none, 2 portal,
    /// 3 limited, 4 full, 0 unknown. "Limited" still reaches the local network, where a
    /// destination may live, so it decides nothing.
    pub fn from_network_manager(state: u32) -> Self {
        match state {
            1 | 2 => Self::Offline,
            4 => Self::Online,
            _ => Self::Unknown,
        }
    }
}

/// What the OS says, as it changes.
pub type ConnectivityWatch = watch::Receiver<Connectivity>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_manager_states() {
        use Connectivity::*;
        let read: Vec<Connectivity> = (0..=5).map(Connectivity::from_network_manager).collect();
        assert_eq!(read, [Unknown, Offline, Offline, Unknown, Online, Unknown]);
    }
}
