//! The last requests the sandbox received, in memory only: a test tool, not a record.

use std::collections::VecDeque;
use std::sync::Mutex;

use super::model::SandboxRequest;

/// How many requests are kept; older ones are dropped.
pub const LOG_CAPACITY: usize = 200;

#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Mutex<VecDeque<SandboxRequest>>,
}

impl RequestLog {
    pub fn push(&self, request: SandboxRequest) {
        let mut entries = self.lock();
        if entries.len() == LOG_CAPACITY {
            entries.pop_front();
        }
        entries.push_back(request);
    }

    /// Newest first, as the list shows them.
    pub fn newest_first(&self) -> Vec<SandboxRequest> {
        self.lock().iter().rev().cloned().collect()
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<SandboxRequest>> {
        // A panic while holding the lock cannot leave the deque half-written: keep using it.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(n: usize) -> SandboxRequest {
        SandboxRequest {
            id: format!("sbx_{n}"),
            method: "POST".into(),
            path: "/".into(),
            headers: Vec::new(),
            body: String::new(),
            body_size: 0,
            body_truncated: false,
            received_at: n as i64,
            status: 200,
        }
    }

    #[test]
    fn keeps_the_newest_requests_newest_first() {
        let log = RequestLog::default();
        for n in 0..LOG_CAPACITY + 5 {
            log.push(request(n));
        }
        let listed = log.newest_first();
        assert_eq!(listed.len(), LOG_CAPACITY);
        assert_eq!(listed[0].id, format!("sbx_{}", LOG_CAPACITY + 4));
        assert_eq!(listed[LOG_CAPACITY - 1].id, "sbx_5");
        log.clear();
        assert!(log.newest_first().is_empty());
    }
}
