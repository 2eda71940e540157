//! The retry decision: whether a failed attempt is tried again and when, read from the
//! destination's retry policy (data, frozen with the delivery).

use std::time::{Duration, SystemTime};

use crate::delivery_store::model::{DeliveryState, StatusCategory};
use crate::destinations::RetryPolicy;

/// What happens after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Try again after this many milliseconds.
    RetryIn(u64),
    /// Stop here, in this final state.
    Stop(DeliveryState),
}

/// Whether an attempt of this category (and HTTP status) is worth repeating.
pub fn is_retryable(category: StatusCategory, http_status: Option<u16>) -> bool {
    match category {
        StatusCategory::TooManyRequestsError
        | StatusCategory::ServerError
        | StatusCategory::NetworkError
        | StatusCategory::TimeoutError
        | StatusCategory::InternalError => true,
        StatusCategory::ClientError => http_status == Some(408),
        StatusCategory::Success
        | StatusCategory::RedirectionError
        | StatusCategory::AuthConfigError => false,
    }
}

/// Decides after the `scheduled_attempts_done`-th scheduled attempt (manual attempts are not
/// counted). `retry_after` is the server's `Retry-After`, honoured on 429 and 503 only.
pub fn decide(
    policy: &RetryPolicy,
    category: StatusCategory,
    http_status: Option<u16>,
    retry_after: Option<Duration>,
    scheduled_attempts_done: usize,
) -> RetryDecision {
    if category == StatusCategory::Success {
        return RetryDecision::Stop(DeliveryState::Succeeded);
    }
    if !is_retryable(category, http_status) {
        return RetryDecision::Stop(DeliveryState::Failed);
    }
    let Some(base_secs) = policy
        .retry_delays_secs
        .get(scheduled_attempts_done.saturating_sub(1))
    else {
        return RetryDecision::Stop(DeliveryState::Exhausted);
    };
    let honoured = matches!(http_status, Some(429) | Some(503))
        .then_some(retry_after)
        .flatten();
    let delay_ms = match honoured {
        Some(wait) => wait
            .as_millis()
            .min(u128::from(policy.retry_after_cap_secs) * 1000) as u64,
        None => jittered_ms(*base_secs, policy.jitter_percent),
    };
    RetryDecision::RetryIn(delay_ms)
}

/// `secs` moved by a random amount of up to ± `percent` %.
pub fn jittered_ms(secs: u32, percent: u8) -> u64 {
    let base = f64::from(secs) * 1000.0;
    let spread = f64::from(percent) / 100.0;
    let factor = 1.0 + spread * (fastrand::f64() * 2.0 - 1.0);
    (base * factor).round().max(0.0) as u64
}

/// A `Retry-After` value: delay seconds or an HTTP date (a date in the past means now).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy::default()
    }

    #[test]
    fn retried_and_not_retried_categories() {
        use StatusCategory as C;
        assert!(is_retryable(C::ServerError, Some(500)));
        assert!(is_retryable(C::TooManyRequestsError, Some(429)));
        assert!(is_retryable(C::ClientError, Some(408)));
        assert!(is_retryable(C::NetworkError, None));
        assert!(is_retryable(C::TimeoutError, None));
        assert!(is_retryable(C::InternalError, None));
        assert!(!is_retryable(C::ClientError, Some(404)));
        assert!(!is_retryable(C::RedirectionError, Some(301)));
        assert!(!is_retryable(C::AuthConfigError, None));
    }

    #[test]
    fn the_schedule_is_followed_with_jitter_and_then_exhausted() {
        for (done, secs) in [(1, 5u64), (2, 30), (3, 120), (7, 7200)] {
            let RetryDecision::RetryIn(ms) = decide(
                &policy(),
                StatusCategory::ServerError,
                Some(500),
                None,
                done,
            ) else {
                panic!("attempt {done} should be retried");
            };
            let base = secs * 1000;
            assert!(ms >= base * 8 / 10 && ms <= base * 12 / 10, "{done}: {ms}");
        }
        assert_eq!(
            decide(&policy(), StatusCategory::ServerError, Some(500), None, 8),
            RetryDecision::Stop(DeliveryState::Exhausted)
        );
        assert_eq!(
            decide(&policy(), StatusCategory::ClientError, Some(422), None, 1),
            RetryDecision::Stop(DeliveryState::Failed)
        );
    }

    #[test]
    fn retry_after_is_honoured_on_429_and_503_and_capped() {
        let wait = Some(Duration::from_secs(42));
        assert_eq!(
            decide(
                &policy(),
                StatusCategory::TooManyRequestsError,
                Some(429),
                wait,
                1
            ),
            RetryDecision::RetryIn(42_000)
        );
        assert_eq!(
            decide(
                &policy(),
                StatusCategory::ServerError,
                Some(503),
                Some(Duration::from_secs(86_400)),
                1
            ),
            RetryDecision::RetryIn(3_600_000)
        );
        // Ignored on a 500.
        let RetryDecision::RetryIn(ms) =
            decide(&policy(), StatusCategory::ServerError, Some(500), wait, 1)
        else {
            panic!()
        };
        assert!(ms <= 6000);
    }

    #[test]
    fn retry_after_parses_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(90))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(90));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
