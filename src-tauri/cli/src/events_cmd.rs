//! `events send`: an event through the rules, as from the messaging platform.

use std::time::Duration;

use apidest_core::engine::get_delivery;
use apidest_core::event_intake::{
    parse_event_data, receive_event, EventContact, EventSource, IncomingEvent,
};
use apidest_core::render::ExpressionCache;
use apidest_core::ErrorCode;
use serde_json::json;

use crate::args::{DataArgs, EventSendArgs};
use crate::data::{fail, open};
use crate::delivery_cmd::{describe, start_engine};
use crate::manage_io::pretty;

pub async fn send(args: &DataArgs, send: EventSendArgs) -> Result<String, String> {
    let db = open(args).await?;
    let contact = match (&send.contact, &send.contact_file) {
        (Some(id), None) => EventContact::Stored(id.parse().map_err(fail)?),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("apidest: {}: {e}", path.display()))?;
            EventContact::Inline(
                serde_json::from_str(&text)
                    .map_err(|e| format!("apidest: {}: not JSON: {e}", path.display()))?,
            )
        }
        _ => {
            return Err(
                "apidest: give the contact with --contact ct_… or --contact-file FILE".into(),
            )
        }
    };
    let data = parse_event_data(&send.data).map_err(fail)?;
    // Send the deliveries here when no app is running; otherwise the app's engine sends them.
    let engine = match start_engine(args, &db, 16, "apidest events send").await {
        Ok(engine) => Some(engine),
        Err(err) if err.code == ErrorCode::Conflict => None,
        Err(err) => return Err(fail(err)),
    };
    let receipt = receive_event(
        &db.pool,
        &ExpressionCache::default(),
        engine.as_ref(),
        IncomingEvent {
            event_type: send.event_type,
            occurred_at: None,
            contact,
            data,
            source: EventSource::Cli,
        },
    )
    .await
    .map_err(fail)?;

    // Sent here (or asked to wait): each delivery once its first attempt finished.
    let waited = send.wait || engine.is_some();
    let deadline = std::time::Instant::now() + Duration::from_secs(150);
    let mut details = Vec::with_capacity(receipt.deliveries.len());
    // Read only when printed: text output without waiting lists none.
    let printed: &[_] = if waited || send.json {
        &receipt.deliveries
    } else {
        &[]
    };
    for id in printed {
        loop {
            let detail = get_delivery(&db.pool, id).await.map_err(fail)?;
            // A held delivery (its destination paused, offline…) has no attempt to wait for.
            if !waited
                || detail.summary.hold_reason.is_some()
                || detail.attempts.iter().any(|a| a.completed_at.is_some())
                || std::time::Instant::now() > deadline
            {
                details.push(detail);
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    if let Some(engine) = engine {
        engine.shutdown().await;
    }
    if send.json {
        return pretty(&json!({
            "event_id": receipt.event_id,
            "matched_rules": receipt.matched_rules,
            "waited": waited,
            "deliveries": details,
        }));
    }
    let mut lines = vec![format!(
        "Event {}: {} rule(s) matched, {} delivery(ies) queued",
        receipt.event_id,
        receipt.matched_rules,
        receipt.deliveries.len()
    )];
    if waited {
        lines.extend(details.iter().map(describe));
    }
    Ok(lines.join("\n"))
}
