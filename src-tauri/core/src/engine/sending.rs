//! What the window is told about whether the engine can send now: offline (with how many
//! deliveries wait for the network) or unable to save answered attempts.

use super::dispatcher::{Shared, Wake};
use crate::delivery_store::model::SendingStatus;

impl Shared {
    /// Changes the sending status and tells the window when it changed.
    pub(super) fn update_sending_status(&self, change: impl FnOnce(&mut SendingStatus)) {
        let mut current = self.sending.lock().unwrap_or_else(|p| p.into_inner());
        let before = current.clone();
        change(&mut current);
        if *current != before {
            self.events.sending_status_changed(current.clone());
        }
    }

    pub(super) fn has_storage_problem(&self) -> bool {
        self.sending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .storage_problem
            .is_some()
    }

    /// Sets or clears why answered attempts cannot be saved; clearing it lets the dispatcher
    /// claim again.
    pub(super) fn set_storage_problem(&self, problem: Option<String>) {
        let cleared = problem.is_none();
        self.update_sending_status(|s| s.storage_problem = problem);
        if cleared {
            let _ = self.wake.send(Wake::Resume);
        }
    }
}
