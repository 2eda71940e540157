//! Events: "Send test event", and an event's detail (which rules matched and why not).

use apidest_core::event_intake::{
    self, EventContact, EventFilter, EventPage, EventReceipt, EventRecord, EventSource,
    IncomingEvent, TestEventInput,
};
use apidest_core::ids::EventId;
use apidest_core::AppError;
use tauri::State;

use super::declare::command;
use crate::state::AppState;

command! {
    pub async fn event_send_test(
        state: State<'_, AppState>,
        input: TestEventInput,
    ) -> Result<EventReceipt, AppError> {
        let data = event_intake::parse_event_data(&input.data)?;
        let engine = state.engine().ok();
        event_intake::receive_event(
            &state.db()?.pool,
            &state.expressions,
            engine.as_ref(),
            IncomingEvent {
                event_type: input.event_type,
                occurred_at: None,
                contact: EventContact::Stored(input.contact_id),
                data,
                source: EventSource::Test,
            },
        )
        .await
    }
}

command! {
    pub async fn event_get(state: State<'_, AppState>, id: EventId) -> Result<EventRecord, AppError> {
        event_intake::get_event(&state.db()?.pool, &id).await
    }
}

command! {
    pub async fn event_recent(
        state: State<'_, AppState>,
        limit: u32,
    ) -> Result<Vec<EventRecord>, AppError> {
        event_intake::recent_events(&state.db()?.pool, limit).await
    }
}

command! {
    pub async fn event_list(
        state: State<'_, AppState>,
        filter: EventFilter,
    ) -> Result<EventPage, AppError> {
        event_intake::list_events(&state.db()?.pool, &filter).await
    }
}
