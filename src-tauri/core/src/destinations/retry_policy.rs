//! Retry policy as data: when to try again after a failed attempt. The delivery engine
//! reads it; the destination form edits it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::AppError;

/// Delays before each retry, the jitter applied to them, and the cap on a server's
/// `Retry-After`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RetryPolicy {
    /// Seconds to wait before retry 1, 2, …; the first attempt is immediate, so there are
    /// `retry_delays_secs.len() + 1` attempts in all.
    pub retry_delays_secs: Vec<u32>,
    /// Each delay is moved by up to ± this percentage, so retries of many deliveries spread out.
    pub jitter_percent: u8,
    /// A `Retry-After` longer than this is clamped to it.
    pub retry_after_cap_secs: u32,
    /// When the destination pauses itself because its target keeps failing.
    #[serde(default)]
    pub circuit_breaker: CircuitBreaker,
}

/// A destination pauses itself (its deliveries are held, no retry is used up) once `failures`
/// attempts in a row failed as a failing vendor fails (server error, 429, timeout, network
/// error) and the first of them was at least `period_secs` ago; any other answer starts the
/// count again. It resumes only when a person says so. `failures` 0 turns it off.
///
/// The default, 10 in a row over at least 2 minutes, lets a blip or a burst of errors pass
/// (retries handle those) and stops a vendor that is down from using up every delivery's
/// retries for hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CircuitBreaker {
    pub failures: u32,
    pub period_secs: u32,
}

impl Default for CircuitBreaker {
    fn default() -> Self {
        Self {
            failures: 10,
            period_secs: 120,
        }
    }
}

/// At most this many failures in a row before the breaker opens.
pub const MAX_BREAKER_FAILURES: u32 = 1000;

pub const MAX_RETRIES: usize = 20;
pub const MAX_DELAY_SECS: u32 = 24 * 3600;

impl Default for RetryPolicy {
    /// Immediately, then 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h: 8 attempts, ±20 %.
    fn default() -> Self {
        Self {
            retry_delays_secs: vec![5, 30, 120, 600, 1800, 3600, 7200],
            jitter_percent: 20,
            retry_after_cap_secs: 3600,
            circuit_breaker: CircuitBreaker::default(),
        }
    }
}

impl RetryPolicy {
    pub fn max_attempts(&self) -> usize {
        self.retry_delays_secs.len() + 1
    }

    pub fn validate(&self) -> Result<(), AppError> {
        if self.retry_delays_secs.len() > MAX_RETRIES {
            return Err(AppError::validation(format!(
                "Retry schedule: at most {MAX_RETRIES} retries"
            )));
        }
        if let Some((i, d)) = self
            .retry_delays_secs
            .iter()
            .enumerate()
            .find(|(_, d)| **d > MAX_DELAY_SECS)
        {
            return Err(AppError::validation(format!(
                "Retry schedule: retry {} waits {d} s; the longest wait is 24 h ({MAX_DELAY_SECS} s)",
                i + 1
            )));
        }
        if self.jitter_percent > 50 {
            return Err(AppError::validation(
                "Retry schedule: jitter is at most 50 %",
            ));
        }
        if self.retry_after_cap_secs == 0 || self.retry_after_cap_secs > MAX_DELAY_SECS {
            return Err(AppError::validation(
                "Retry schedule: the Retry-After cap must be between 1 s and 24 h",
            ));
        }
        if self.circuit_breaker.failures > MAX_BREAKER_FAILURES {
            return Err(AppError::validation(format!(
                "Circuit breaker: at most {MAX_BREAKER_FAILURES} failures in a row (0 turns it off)"
            )));
        }
        if self.circuit_breaker.period_secs > MAX_DELAY_SECS {
            return Err(AppError::validation(
                "Circuit breaker: the period is at most 24 h",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_documented_schedule() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_attempts(), 8);
        assert_eq!(policy.jitter_percent, 20);
        assert_eq!(policy.retry_after_cap_secs, 3600);
        policy.validate().unwrap();
    }

    #[test]
    fn out_of_range_schedules_are_explained() {
        let mut p = RetryPolicy {
            retry_delays_secs: vec![5, 90_000],
            ..RetryPolicy::default()
        };
        assert!(p.validate().unwrap_err().message.contains("retry 2"));
        p.retry_delays_secs = vec![1; 21];
        assert!(p.validate().unwrap_err().message.contains("at most 20"));
        p.retry_delays_secs = vec![];
        p.validate().unwrap();
        p.jitter_percent = 80;
        assert!(p.validate().unwrap_err().message.contains("jitter"));
    }
}
