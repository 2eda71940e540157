//! How a delivery's state changes: pure functions from the row as it is and an input to the
//! row as it becomes. `None` (or an error) says the change does not apply to a row in that
//! state; nothing here reads or writes the database.
//!
//! Every change goes through [`touched`], so `updated_at` and `revision` (what lets a screen
//! keep the newest of events that crossed) move together, in one place.

use super::model::{AttemptTrigger, DeliveryState, HoldReason, StatusCategory};
use super::row::DeliveryRow;

/// How an attempt ended, as the delivery keeps it: the answer's summary and what comes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptEnd {
    pub category: StatusCategory,
    pub http_status: Option<u16>,
    /// `None` when the attempt has no duration of its own (it was interrupted).
    pub duration_ms: Option<i64>,
    pub finished_at: i64,
    pub next_state: DeliveryState,
    /// When the next attempt is due, if `next_state` is scheduled and nothing holds it.
    pub next_attempt_at: Option<i64>,
    /// Held after this attempt (the network, the keyring): waits with no due time.
    pub hold: Option<HoldReason>,
    /// The attempt could not be made at all (offline): it does not count against the retry
    /// policy.
    pub uncounted: bool,
}

fn touched(mut row: DeliveryRow, now: i64) -> DeliveryRow {
    row.updated_at = now;
    row.revision += 1;
    row
}

fn state_of(row: &DeliveryRow) -> Option<DeliveryState> {
    DeliveryState::parse(&row.state)
}

fn set_state(row: &mut DeliveryRow, state: DeliveryState) {
    row.state = state.as_str().to_owned();
}

fn is_scheduled(row: &DeliveryRow) -> bool {
    state_of(row) == Some(DeliveryState::Scheduled)
}

/// The engine takes a due delivery for an attempt: in flight, one more attempt, and counted
/// against the retry policy unless a person asked for it.
pub fn claim(row: &DeliveryRow, now: i64) -> Option<(DeliveryRow, AttemptTrigger)> {
    if !is_scheduled(row) || row.hold_reason.is_some() {
        return None;
    }
    let trigger = if row.manual_pending != 0 {
        AttemptTrigger::Manual
    } else {
        AttemptTrigger::Scheduled
    };
    let mut next = row.clone();
    set_state(&mut next, DeliveryState::InFlight);
    next.attempt_count += 1;
    if trigger == AttemptTrigger::Scheduled {
        next.scheduled_attempts += 1;
    }
    next.manual_pending = 0;
    next.next_attempt_at = None;
    Some((touched(next, now), trigger))
}

/// An attempt ended (answered, failed, or interrupted by a crash). A retry of a destination
/// paused meanwhile is held by that pause.
pub fn finish_attempt(
    row: &DeliveryRow,
    end: &AttemptEnd,
    destination_paused: bool,
) -> DeliveryRow {
    let mut next = row.clone();
    set_state(&mut next, end.next_state);
    next.last_category = Some(end.category.as_str().to_owned());
    next.last_http_status = end.http_status.map(i64::from);
    next.last_duration_ms = end.duration_ms;
    if end.uncounted {
        next.scheduled_attempts -= 1;
    }
    let scheduled = end.next_state == DeliveryState::Scheduled;
    let hold = if scheduled && destination_paused {
        Some(HoldReason::DestinationPaused)
    } else {
        end.hold
    };
    next.next_attempt_at = if scheduled && hold.is_some() {
        None
    } else {
        end.next_attempt_at
    };
    next.hold_reason = hold.map(|h| h.as_str().to_owned());
    touched(next, end.finished_at)
}

/// Why a person's change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// An attempt is running now.
    InFlight,
    /// It has no scheduled retry to cancel.
    NotScheduled,
}

/// "Retry now": the next attempt is due at once and marked manual; a hold is released by it
/// (the person asked for this attempt).
pub fn retry_now(row: &DeliveryRow, now: i64) -> Result<DeliveryRow, Refused> {
    if state_of(row) == Some(DeliveryState::InFlight) {
        return Err(Refused::InFlight);
    }
    let mut next = row.clone();
    set_state(&mut next, DeliveryState::Scheduled);
    next.next_attempt_at = Some(now);
    next.manual_pending = 1;
    next.hold_reason = None;
    Ok(touched(next, now))
}

/// Cancels the scheduled retries of a delivery (held or not).
pub fn cancel(row: &DeliveryRow, now: i64) -> Result<DeliveryRow, Refused> {
    match state_of(row) {
        Some(DeliveryState::Scheduled) => {}
        Some(DeliveryState::InFlight) => return Err(Refused::InFlight),
        _ => return Err(Refused::NotScheduled),
    }
    let mut next = row.clone();
    set_state(&mut next, DeliveryState::Cancelled);
    next.next_attempt_at = None;
    next.manual_pending = 0;
    next.hold_reason = None;
    Ok(touched(next, now))
}

/// Holds a scheduled delivery that nothing holds yet: no due time, so no claim takes it and
/// no attempt is counted. A pending manual retry is dropped with the due time.
pub fn hold(row: &DeliveryRow, reason: HoldReason, now: i64) -> Option<DeliveryRow> {
    if !is_scheduled(row) || row.hold_reason.is_some() {
        return None;
    }
    let mut next = row.clone();
    next.hold_reason = Some(reason.as_str().to_owned());
    next.next_attempt_at = None;
    if reason == HoldReason::DestinationPaused {
        next.manual_pending = 0;
    }
    Some(touched(next, now))
}

/// Releases a delivery held for `reason`, due at `due_at`; one whose destination is paused
/// stays held, for that pause instead.
pub fn release(
    row: &DeliveryRow,
    reason: HoldReason,
    due_at: i64,
    destination_paused: bool,
    now: i64,
) -> Option<DeliveryRow> {
    if !is_scheduled(row) || row.hold_reason.as_deref() != Some(reason.as_str()) {
        return None;
    }
    let mut next = row.clone();
    if destination_paused {
        next.hold_reason = Some(HoldReason::DestinationPaused.as_str().to_owned());
        next.next_attempt_at = None;
    } else {
        next.hold_reason = None;
        next.next_attempt_at = Some(due_at);
    }
    Some(touched(next, now))
}

/// Moves the due time of a scheduled delivery that nothing holds (spreading a backlog out).
pub fn reschedule(row: &DeliveryRow, due_at: i64, now: i64) -> Option<DeliveryRow> {
    if !is_scheduled(row) || row.hold_reason.is_some() {
        return None;
    }
    let mut next = row.clone();
    next.next_attempt_at = Some(due_at);
    Some(touched(next, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheduled() -> DeliveryRow {
        DeliveryRow {
            id: crate::ids::DeliveryId::generate(),
            state: "scheduled".into(),
            source: "rule".into(),
            destination_id: crate::ids::DestinationId::generate(),
            destination_name: "Shop".into(),
            rule_id: None,
            rule_name: None,
            action_index: None,
            event_id: crate::ids::EventId::generate(),
            event_type: "contact.updated".into(),
            contact_id: None,
            contact_name: None,
            auth_id: None,
            auth_kind: None,
            auth_name: None,
            replay_of: None,
            method: "POST".into(),
            url: "https://example.com".into(),
            headers: "[]".into(),
            body: None,
            timeout_secs: 10,
            retry_policy: "{}".into(),
            payload_expression: "@".into(),
            bindings: "{}".into(),
            event_data: "{}".into(),
            attempt_count: 0,
            scheduled_attempts: 0,
            manual_pending: 0,
            next_attempt_at: Some(100),
            last_category: None,
            last_http_status: None,
            last_duration_ms: None,
            created_at: 100,
            updated_at: 100,
            revision: 0,
            hold_reason: None,
        }
    }

    fn end(next_state: DeliveryState, next_attempt_at: Option<i64>) -> AttemptEnd {
        AttemptEnd {
            category: StatusCategory::ServerError,
            http_status: Some(503),
            duration_ms: Some(12),
            finished_at: 300,
            next_state,
            next_attempt_at,
            hold: None,
            uncounted: false,
        }
    }

    #[test]
    fn a_claim_counts_a_scheduled_attempt_and_a_manual_one_apart() {
        let (claimed, trigger) = claim(&scheduled(), 200).expect("claimable");
        assert_eq!(trigger, AttemptTrigger::Scheduled);
        assert_eq!(claimed.state, "in_flight");
        assert_eq!((claimed.attempt_count, claimed.scheduled_attempts), (1, 1));
        assert_eq!(claimed.next_attempt_at, None);
        assert_eq!((claimed.updated_at, claimed.revision), (200, 1));

        let manual = retry_now(&scheduled(), 150).expect("retry");
        let (claimed, trigger) = claim(&manual, 200).expect("claimable");
        assert_eq!(trigger, AttemptTrigger::Manual);
        assert_eq!((claimed.attempt_count, claimed.scheduled_attempts), (1, 0));
        assert_eq!(claimed.manual_pending, 0);
        assert_eq!(claimed.revision, 2);
    }

    #[test]
    fn only_a_scheduled_unheld_delivery_is_claimed() {
        let held = hold(&scheduled(), HoldReason::Offline, 150).expect("held");
        assert!(claim(&held, 200).is_none());
        let (in_flight, _) = claim(&scheduled(), 200).expect("claimable");
        assert!(claim(&in_flight, 201).is_none());
    }

    #[test]
    fn a_retry_of_a_paused_destination_is_held_by_the_pause() {
        let (in_flight, _) = claim(&scheduled(), 200).expect("claimable");
        let next = finish_attempt(&in_flight, &end(DeliveryState::Scheduled, Some(900)), true);
        assert_eq!(next.state, "scheduled");
        assert_eq!(next.next_attempt_at, None);
        assert_eq!(next.hold_reason.as_deref(), Some("destination_paused"));
        assert_eq!(next.last_category.as_deref(), Some("server_error"));
        assert_eq!((next.updated_at, next.revision), (300, 2));

        let free = finish_attempt(&in_flight, &end(DeliveryState::Scheduled, Some(900)), false);
        assert_eq!((free.next_attempt_at, free.hold_reason), (Some(900), None));
        // A final state is not held by a pause.
        let done = finish_attempt(&in_flight, &end(DeliveryState::Exhausted, None), true);
        assert_eq!((done.state.as_str(), done.hold_reason), ("exhausted", None));
    }

    #[test]
    fn an_attempt_made_offline_is_held_and_given_back() {
        let (in_flight, _) = claim(&scheduled(), 200).expect("claimable");
        let mut offline = end(DeliveryState::Scheduled, None);
        offline.hold = Some(HoldReason::Offline);
        offline.uncounted = true;
        let next = finish_attempt(&in_flight, &offline, false);
        assert_eq!(next.scheduled_attempts, 0);
        assert_eq!(next.hold_reason.as_deref(), Some("offline"));
        assert_eq!(next.next_attempt_at, None);
    }

    #[test]
    fn people_cannot_retry_or_cancel_an_attempt_in_flight() {
        let (in_flight, _) = claim(&scheduled(), 200).expect("claimable");
        assert_eq!(retry_now(&in_flight, 300).err(), Some(Refused::InFlight));
        assert_eq!(cancel(&in_flight, 300).err(), Some(Refused::InFlight));
        let done = finish_attempt(&in_flight, &end(DeliveryState::Failed, None), false);
        assert_eq!(cancel(&done, 400).err(), Some(Refused::NotScheduled));
        let again = retry_now(&done, 400).expect("a finished delivery can be retried");
        assert_eq!(again.state, "scheduled");
        assert_eq!(again.next_attempt_at, Some(400));
    }

    #[test]
    fn retry_now_and_cancel_release_a_hold() {
        let held = hold(&scheduled(), HoldReason::DestinationPaused, 150).expect("held");
        assert_eq!(retry_now(&held, 200).expect("retry").hold_reason, None);
        let cancelled = cancel(&held, 200).expect("cancel");
        assert_eq!(cancelled.state, "cancelled");
        assert_eq!(cancelled.hold_reason, None);
    }

    #[test]
    fn a_release_keeps_a_paused_destinations_delivery_held_for_the_pause() {
        let held = hold(&scheduled(), HoldReason::Offline, 150).expect("held");
        let paused = release(&held, HoldReason::Offline, 500, true, 200).expect("released");
        assert_eq!(paused.hold_reason.as_deref(), Some("destination_paused"));
        assert_eq!(paused.next_attempt_at, None);
        let due = release(&held, HoldReason::Offline, 500, false, 200).expect("released");
        assert_eq!((due.hold_reason, due.next_attempt_at), (None, Some(500)));
        assert!(release(&held, HoldReason::KeyringLocked, 500, false, 200).is_none());
    }

    #[test]
    fn a_pause_drops_a_pending_manual_retry() {
        let manual = retry_now(&scheduled(), 150).expect("retry");
        let held = hold(&manual, HoldReason::DestinationPaused, 200).expect("held");
        assert_eq!(held.manual_pending, 0);
        let offline = hold(&manual, HoldReason::Offline, 200).expect("held");
        assert_eq!(offline.manual_pending, 1);
    }
}
