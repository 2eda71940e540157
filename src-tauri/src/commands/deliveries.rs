//! Deliveries: send a test, read the log and one delivery, retry now, cancel, replay.

use apidest_core::deliveries::{self, DeliveryCursor, DeliveryFilter, DeliveryPage};
use apidest_core::delivery::{self, DeliveryDetail, DeliverySummary, SendTestRequest};
use apidest_core::ids::DeliveryId;
use apidest_core::AppError;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn delivery_send_test(
    state: State<'_, AppState>,
    request: SendTestRequest,
) -> Result<DeliveryDetail, AppError> {
    state
        .engine()?
        .send_and_wait(&state.expressions, request.into_request())
        .await
}

#[tauri::command]
pub async fn delivery_get(
    state: State<'_, AppState>,
    id: DeliveryId,
) -> Result<DeliveryDetail, AppError> {
    delivery::get_delivery(&state.db()?.pool, &id).await
}

#[tauri::command]
pub async fn delivery_list(
    state: State<'_, AppState>,
    filter: DeliveryFilter,
    after: Option<DeliveryCursor>,
    limit: u32,
) -> Result<DeliveryPage, AppError> {
    deliveries::list_deliveries(&state.db()?.pool, &filter, after.as_ref(), limit).await
}

#[tauri::command]
pub async fn delivery_retry_now(
    state: State<'_, AppState>,
    id: DeliveryId,
) -> Result<DeliverySummary, AppError> {
    state.engine()?.retry_now(&id).await
}

#[tauri::command]
pub async fn delivery_cancel(
    state: State<'_, AppState>,
    id: DeliveryId,
) -> Result<DeliverySummary, AppError> {
    state.engine()?.cancel(&id).await
}

#[tauri::command]
pub async fn delivery_replay(
    state: State<'_, AppState>,
    id: DeliveryId,
) -> Result<DeliverySummary, AppError> {
    state.engine()?.replay(&state.expressions, &id).await
}
