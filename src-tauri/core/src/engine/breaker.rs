//! The circuit breaker: counts each destination's failures in a row and says when the
//! destination should pause itself (the policy is `destinations::CircuitBreaker`).

use std::collections::HashMap;
use std::sync::Mutex;

use crate::delivery_store::model::StatusCategory;
use crate::destinations::CircuitBreaker;

/// Failures of the kind a failing vendor makes: it is down, overloaded or unreachable. A
/// client error or a redirect is an answer about the request, not a sign the vendor is down.
pub fn counts_against_vendor(category: StatusCategory) -> bool {
    matches!(
        category,
        StatusCategory::ServerError
            | StatusCategory::TooManyRequestsError
            | StatusCategory::TimeoutError
            | StatusCategory::NetworkError
    )
}

#[derive(Debug, Clone, Copy)]
struct Run {
    failures: u32,
    /// When the first failure of the run finished (Unix ms).
    since: i64,
}

/// The current run of failures of each destination, in memory: after a restart a vendor that
/// is still down trips the breaker again after one more run.
#[derive(Default)]
pub struct Breakers {
    runs: Mutex<HashMap<String, Run>>,
}

impl Breakers {
    /// Records how an attempt of `destination` ended at `at`; true when the breaker opens
    /// now (the run then starts over, so it opens once per run).
    pub fn record(
        &self,
        destination: &str,
        category: StatusCategory,
        at: i64,
        policy: CircuitBreaker,
    ) -> bool {
        let mut runs = self.runs.lock().unwrap_or_else(|p| p.into_inner());
        if !counts_against_vendor(category) || policy.failures == 0 {
            runs.remove(destination);
            return false;
        }
        let run = runs.entry(destination.to_owned()).or_insert(Run {
            failures: 0,
            since: at,
        });
        run.failures += 1;
        let open = run.failures >= policy.failures
            && at - run.since >= i64::from(policy.period_secs) * 1000;
        if open {
            runs.remove(destination);
        }
        open
    }

    /// A success (or any answer that does not count) ends the run.
    pub fn reset(&self, destination: &str) {
        self.runs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(destination);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: CircuitBreaker = CircuitBreaker {
        failures: 3,
        period_secs: 60,
    };

    #[test]
    fn opens_after_the_run_is_long_enough_in_count_and_in_time() {
        let b = Breakers::default();
        let fail = StatusCategory::ServerError;
        assert!(!b.record("d", fail, 0, POLICY));
        assert!(!b.record("d", fail, 1_000, POLICY));
        assert!(
            !b.record("d", fail, 2_000, POLICY),
            "3 failures, but within 2 s"
        );
        assert!(b.record("d", fail, 60_000, POLICY), "4 failures over 60 s");
        assert!(
            !b.record("d", fail, 61_000, POLICY),
            "the run starts over once open"
        );
    }

    #[test]
    fn any_answer_that_does_not_count_ends_the_run() {
        let b = Breakers::default();
        for at in [0, 30_000] {
            b.record("d", StatusCategory::TimeoutError, at, POLICY);
        }
        b.record("d", StatusCategory::ClientError, 40_000, POLICY);
        assert!(!b.record("d", StatusCategory::NetworkError, 61_000, POLICY));
        assert!(!b.record("other", StatusCategory::NetworkError, 61_000, POLICY));
    }

    #[test]
    fn zero_failures_turns_it_off() {
        let b = Breakers::default();
        let off = CircuitBreaker {
            failures: 0,
            period_secs: 0,
        };
        for at in 0..50 {
            assert!(!b.record("d", StatusCategory::ServerError, at * 10_000, off));
        }
    }
}
