//! One attempt, end to end: credentials, the HTTP exchange (with one OAuth refresh on 401),
//! classification, the retry decision, and the record to write — with every secret value used
//! masked in it.

use std::sync::Arc;

use sqlx::SqlitePool;

use super::classify::{hint, Cause, HintContext};
use super::credentials::{Applied, CredentialCache, Credentials};
use super::http::{exchange, HttpClients, HttpOutcome, OutgoingRequest};
use super::mask_secrets::SecretSet;
use super::queue::{now_ms, Claimed, Completion};
use super::retry::{decide, RetryDecision};
use crate::auth::url_with_masked_query;
use crate::delivery_store::model::{AttemptTrigger, DeliveryState, HoldReason, StatusCategory};
use crate::destinations::static_secrets::{fill, needs_filling};
use crate::destinations::{get_destination, HeaderEntry};

/// Runs the claimed attempt and says how it ended. Never fails: our own failures are
/// Internal Errors in the record. Every secret value used for the attempt is masked in every
/// text and byte of the record, whatever repeated it (an echoing target, a redirect, an error).
pub async fn run_attempt(
    pool: &SqlitePool,
    clients: &HttpClients,
    credentials: &CredentialCache,
    claimed: &Claimed,
) -> Completion {
    let mut secrets = SecretSet::default();
    let mut completion = attempt(pool, clients, credentials, claimed, &mut secrets).await;
    mask_completion(&mut completion, &secrets);
    completion
}

async fn attempt(
    pool: &SqlitePool,
    clients: &HttpClients,
    credentials: &CredentialCache,
    claimed: &Claimed,
    secrets: &mut SecretSet,
) -> Completion {
    let row = &claimed.row;
    let timeout_secs = row.timeout_secs.clamp(1, 120) as u32;
    let host = reqwest::Url::parse(&row.url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned));
    let mut completion = Completion {
        attempt_id: claimed.attempt_id.clone(),
        completed_at: 0,
        duration_ms: 0,
        category: StatusCategory::InternalError,
        cause: None,
        http_status: None,
        request_url: row.url.clone(),
        request_headers: row.headers.clone(),
        response_headers: "[]".into(),
        response_body: None,
        response_body_size: None,
        error: None,
        hint: None,
        next_state: DeliveryState::Failed,
        next_attempt_at: None,
        hold_reason: None,
        uncounted: false,
    };

    let sent = prepare_and_send(pool, clients, credentials, claimed, timeout_secs, secrets).await;
    let outcome = match sent {
        Ok((mut outcome, masked_url, masked_headers)) => {
            completion.request_url = masked_url;
            completion.request_headers = masked_headers;
            // Before anything is derived from the answer: the hint quotes `Location`.
            mask_outcome(&mut outcome, secrets);
            Some(outcome)
        }
        Err((cause, message)) => {
            completion.cause = Some(cause);
            completion.category = cause.category();
            completion.error = Some(message);
            None
        }
    };

    let mut retry_after = None;
    if let Some(outcome) = &outcome {
        completion.duration_ms = outcome.duration.as_millis() as i64;
        completion.http_status = outcome.status;
        completion.response_headers = encode_pairs(&outcome.headers);
        if outcome.status.is_some() {
            completion.response_body = Some(outcome.body_kept.clone());
            completion.response_body_size = Some(outcome.body_size as i64);
        }
        retry_after = outcome.retry_after;
        match (&outcome.failure, outcome.status) {
            (Some((cause, message)), _) => {
                completion.category = cause.category();
                completion.cause = Some(*cause);
                completion.error = Some(message.clone());
            }
            (None, Some(status)) => {
                completion.category = StatusCategory::of_status(status);
                completion.cause = Cause::of_status(status);
                completion.error = outcome.note.clone();
            }
            (None, None) => {
                completion.category = StatusCategory::InternalError;
                completion.cause = Some(Cause::Internal);
                completion.error = Some("no answer and no error: this is a bug".into());
            }
        }
    }
    completion.hint = completion.cause.map(|cause| {
        hint(
            cause,
            &HintContext {
                status: completion.http_status,
                location: outcome.as_ref().and_then(|o| o.header("location")),
                retry_after_secs: retry_after.map(|d| d.as_secs()),
                timeout_secs,
                host: host.as_deref(),
            },
        )
    });

    let policy = row.retry_policy().unwrap_or_default();
    let now = now_ms();
    completion.completed_at = now;
    if outcome.is_none() {
        completion.duration_ms = now - claimed.started_at;
    }
    if completion.cause == Some(Cause::Offline) {
        // Not the target's fault and not a try it had: held until the network is back, and
        // the retry policy gets this attempt back.
        completion.next_state = DeliveryState::Scheduled;
        completion.hold_reason = Some(HoldReason::Offline);
        completion.uncounted = claimed.trigger == AttemptTrigger::Scheduled;
        return completion;
    }
    if completion.cause == Some(Cause::KeyringUnavailable) {
        // The keyring is locked or unreachable: not the target's fault either. Held, with the
        // try given back, until the keyring answers again.
        completion.next_state = DeliveryState::Scheduled;
        completion.hold_reason = Some(HoldReason::KeyringLocked);
        completion.uncounted = claimed.trigger == AttemptTrigger::Scheduled;
        return completion;
    }
    match decide(
        &policy,
        completion.category,
        completion.http_status,
        retry_after,
        row.scheduled_attempts.max(0) as usize,
    ) {
        RetryDecision::RetryIn(ms) => {
            completion.next_state = DeliveryState::Scheduled;
            completion.next_attempt_at = Some(now + ms as i64);
        }
        RetryDecision::Stop(state) => completion.next_state = state,
    }
    completion
}

type Prepared = (HttpOutcome, String, String);

async fn prepare_and_send(
    pool: &SqlitePool,
    clients: &HttpClients,
    credentials: &CredentialCache,
    claimed: &Claimed,
    timeout_secs: u32,
    secrets: &mut SecretSet,
) -> Result<Prepared, (Cause, String)> {
    let row = &claimed.row;
    let frozen: Vec<HeaderEntry> = row.headers().map_err(|e| (Cause::Internal, e.message))?;
    let statics = static_secrets(pool, row, &frozen).await;
    let (url, shown_url, headers, shown_headers) = match statics {
        Some(filled) => {
            filled.secrets.iter().for_each(|s| secrets.add(s));
            (
                filled.url,
                filled.shown_url,
                filled.headers,
                filled.shown_headers,
            )
        }
        None => (row.url.clone(), row.url.clone(), frozen.clone(), frozen),
    };
    let client = clients
        .for_timeout(timeout_secs)
        .map_err(|e| (Cause::Internal, e))?;
    let body = row.body.as_deref();
    let creds: Option<Arc<Credentials>> = match &row.auth_id {
        Some(id) => Some(
            credentials
                .resolve(pool, id)
                .await
                .map_err(|e| (e.cause, e.message))?,
        ),
        None => None,
    };
    let request = OutgoingRequest {
        method: &row.method,
        url: &url,
        headers: &headers,
        body,
        timeout_secs,
    };
    let body_bytes = body.unwrap_or("").as_bytes();
    let apply = |force: bool| {
        let creds = creds.clone();
        let client = client.clone();
        async move {
            match creds {
                Some(c) => c
                    .apply(&client, row.id.as_str(), body_bytes, force)
                    .await
                    .map_err(|e| (e.cause, e.message)),
                None => Ok(Applied::default()),
            }
        }
    };
    let mut applied = apply(false).await?;
    applied.secret_values().for_each(|s| secrets.add(s));
    let mut outcome = exchange(&client, &request, &applied).await;
    if outcome.status == Some(401) && creds.as_ref().is_some_and(|c| c.is_oauth()) {
        // The cached token may have been revoked: fetch a new one and try once more.
        applied = apply(true).await?;
        applied.secret_values().for_each(|s| secrets.add(s));
        outcome = exchange(&client, &request, &applied).await;
    }

    let masked_url = match &applied.query {
        Some((name, _)) => url_with_masked_query(&shown_url, name),
        None => shown_url,
    };
    let mut sent: Vec<(String, String)> = shown_headers
        .iter()
        .map(|h| (h.name.clone(), h.value.clone()))
        .collect();
    sent.extend(applied.masked_headers.iter().cloned());
    Ok((outcome, masked_url, encode_pairs(&sent)))
}

/// The frozen request with the secrets typed into its destination's endpoint query and static
/// headers put back (they are frozen masked), or `None` when it has none. The destination is
/// read only then, as it is now: a secret since moved to API Auth is no longer sent.
async fn static_secrets(
    pool: &SqlitePool,
    row: &crate::delivery_store::row::DeliveryRow,
    frozen: &[HeaderEntry],
) -> Option<crate::destinations::static_secrets::Filled> {
    if !needs_filling(&row.url, frozen) {
        return None;
    }
    let destination = get_destination(pool, &row.destination_id).await.ok();
    let (endpoint, current) = destination
        .map(|d| (d.input.endpoint, d.input.headers))
        .unwrap_or_default();
    Some(fill(&row.url, frozen, &endpoint, &current))
}

/// The answer with every secret masked: response headers, the kept body (a secret cut by the
/// kept size included), the failure text and the note.
fn mask_outcome(outcome: &mut HttpOutcome, secrets: &SecretSet) {
    if secrets.is_empty() {
        return;
    }
    for (_, value) in &mut outcome.headers {
        *value = secrets.mask(value);
    }
    outcome.body_kept = if (outcome.body_kept.len() as u64) < outcome.body_size {
        secrets.mask_truncated(&outcome.body_kept)
    } else {
        secrets.mask_bytes(&outcome.body_kept)
    };
    if let Some((_, message)) = &mut outcome.failure {
        *message = secrets.mask(message);
    }
    if let Some(note) = &mut outcome.note {
        *note = secrets.mask(note);
    }
}

/// The last pass over what is written: every text of the record, whatever it was built from.
fn mask_completion(completion: &mut Completion, secrets: &SecretSet) {
    if secrets.is_empty() {
        return;
    }
    let texts = [
        Some(&mut completion.request_url),
        Some(&mut completion.request_headers),
        Some(&mut completion.response_headers),
        completion.error.as_mut(),
        completion.hint.as_mut(),
    ];
    for text in texts.into_iter().flatten() {
        *text = secrets.mask(text);
    }
    if let Some(body) = &mut completion.response_body {
        *body = secrets.mask_bytes(body);
    }
}

fn encode_pairs(pairs: &[(String, String)]) -> String {
    let entries: Vec<HeaderEntry> = pairs
        .iter()
        .map(|(name, value)| HeaderEntry {
            name: name.clone(),
            value: value.clone(),
        })
        .collect();
    serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into())
}
