//! Deliveries: send a test, read the log (pages, counts, health, exports) and one delivery,
//! retry now (one or many), cancel, replay (with a preview), Copy as cURL, retention.

use apidest_core::deliveries::{
    self, BulkRetryResult, DeliveryCounts, DeliveryCursor, DeliveryExportFormat,
    DeliveryExportResult, DeliveryFilter, DeliveryPage, DestinationHealth, HealthWindow,
    ReplayPreview, RetentionSetting,
};
use apidest_core::delivery::{self, DeliveryDetail, DeliverySummary, SendTestRequest};
use apidest_core::export_file::create_export_file;
use apidest_core::ids::{AttemptId, DeliveryId};
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

#[tauri::command]
pub async fn delivery_counts(
    state: State<'_, AppState>,
    filter: DeliveryFilter,
) -> Result<DeliveryCounts, AppError> {
    deliveries::count_by_status(&state.db()?.pool, &filter).await
}

/// "Copy as cURL" for one attempt (or the frozen request): credentials masked.
#[tauri::command]
pub async fn delivery_curl(
    state: State<'_, AppState>,
    id: DeliveryId,
    attempt_id: Option<AttemptId>,
) -> Result<String, AppError> {
    let detail = delivery::get_delivery(&state.db()?.pool, &id).await?;
    let attempt = attempt_id.and_then(|a| detail.attempts.iter().find(|x| x.id == a));
    Ok(deliveries::curl_command(&detail, attempt))
}

#[tauri::command]
pub async fn delivery_replay_preview(
    state: State<'_, AppState>,
    id: DeliveryId,
) -> Result<ReplayPreview, AppError> {
    deliveries::replay_preview(&state.db()?.pool, &state.expressions, &id).await
}

/// Writes the filtered log to the export folder (as `config_export` does).
#[tauri::command]
pub async fn delivery_export(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    filter: DeliveryFilter,
    format: DeliveryExportFormat,
) -> Result<DeliveryExportResult, AppError> {
    let folder = super::transfer::export_folder(&app)?;
    let (path, file) = create_export_file(
        &folder,
        &deliveries::export_file_stem(delivery::now_ms()),
        format.extension(),
    )?;
    let count = deliveries::export_deliveries(&state.db()?.pool, &filter, format, file).await?;
    Ok(DeliveryExportResult {
        path: path.display().to_string(),
        count,
    })
}

/// The failed deliveries of the filter, for a bulk retry the UI runs in batches.
#[tauri::command]
pub async fn delivery_failed_ids(
    state: State<'_, AppState>,
    filter: DeliveryFilter,
) -> Result<Vec<DeliveryId>, AppError> {
    deliveries::failed_ids(&state.db()?.pool, &filter, deliveries::BULK_RETRY_MAX).await
}

/// The current state of deliveries a screen follows (read again after it missed changes).
#[tauri::command]
pub async fn delivery_summaries(
    state: State<'_, AppState>,
    ids: Vec<DeliveryId>,
) -> Result<Vec<DeliverySummary>, AppError> {
    deliveries::summaries_of(&state.db()?.pool, &ids).await
}

#[tauri::command]
pub async fn delivery_retry_many(
    state: State<'_, AppState>,
    ids: Vec<DeliveryId>,
) -> Result<BulkRetryResult, AppError> {
    Ok(deliveries::retry_many(state.engine()?, &ids).await)
}

#[tauri::command]
pub async fn delivery_health(
    state: State<'_, AppState>,
    window: HealthWindow,
) -> Result<Vec<DestinationHealth>, AppError> {
    deliveries::destination_health(&state.db()?.pool, &window).await
}

#[tauri::command]
pub async fn delivery_retention_get(
    state: State<'_, AppState>,
) -> Result<RetentionSetting, AppError> {
    deliveries::get_retention(&state.db()?.pool).await
}

/// Saves the setting and prunes with it at once, in the background.
#[tauri::command]
pub async fn delivery_retention_set(
    state: State<'_, AppState>,
    setting: RetentionSetting,
) -> Result<RetentionSetting, AppError> {
    let pool = state.db()?.pool.clone();
    let saved = deliveries::set_retention(&pool, setting).await?;
    let events = state.events.clone();
    tauri::async_runtime::spawn(async move {
        deliveries::prune_and_tell(&pool, &events).await;
    });
    Ok(saved)
}
