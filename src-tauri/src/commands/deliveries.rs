//! Deliveries: send a test, read the log (pages, counts, health, exports) and one delivery,
//! retry now (one or many), cancel, replay (with a preview), Copy as cURL, retention.

use apidest_core::delivery_log::{
    self, BulkRetryResult, DeliveryCounts, DeliveryCursor, DeliveryExportFormat,
    DeliveryExportResult, DeliveryFilter, DeliveryPage, DestinationHealth, HealthWindow,
    ReplayPreview, RetentionSetting,
};
use apidest_core::engine::{self, DeliveryDetail, DeliverySummary, SendTestRequest};
use apidest_core::export_file::create_export_file;
use apidest_core::ids::{AttemptId, DeliveryId};
use apidest_core::AppError;
use tauri::State;

use super::declare::command;
use crate::state::AppState;

command! {
    pub async fn delivery_send_test(
        state: State<'_, AppState>,
        request: SendTestRequest,
    ) -> Result<DeliveryDetail, AppError> {
        state
            .engine()?
            .send_and_wait(&state.expressions, request.into_request())
            .await
    }
}

command! {
    pub async fn delivery_get(
        state: State<'_, AppState>,
        id: DeliveryId,
    ) -> Result<DeliveryDetail, AppError> {
        engine::get_delivery(&state.db()?.pool, &id).await
    }
}

command! {
    pub async fn delivery_list(
        state: State<'_, AppState>,
        filter: DeliveryFilter,
        after: Option<DeliveryCursor>,
        limit: u32,
    ) -> Result<DeliveryPage, AppError> {
        delivery_log::list_deliveries(&state.db()?.pool, &filter, after.as_ref(), limit).await
    }
}

command! {
    pub async fn delivery_retry_now(
        state: State<'_, AppState>,
        id: DeliveryId,
    ) -> Result<DeliverySummary, AppError> {
        state.engine()?.retry_now(&id).await
    }
}

command! {
    pub async fn delivery_cancel(
        state: State<'_, AppState>,
        id: DeliveryId,
    ) -> Result<DeliverySummary, AppError> {
        state.engine()?.cancel(&id).await
    }
}

command! {
    pub async fn delivery_replay(
        state: State<'_, AppState>,
        id: DeliveryId,
    ) -> Result<DeliverySummary, AppError> {
        state.engine()?.replay(&state.expressions, &id).await
    }
}

command! {
    pub async fn delivery_counts(
        state: State<'_, AppState>,
        filter: DeliveryFilter,
    ) -> Result<DeliveryCounts, AppError> {
        delivery_log::count_by_status(&state.db()?.pool, &filter).await
    }
}

command! {
    /// "Copy as cURL" for one attempt (or the frozen request): credentials masked.
    pub async fn delivery_curl(
        state: State<'_, AppState>,
        id: DeliveryId,
        attempt_id: Option<AttemptId>,
    ) -> Result<String, AppError> {
        let detail = engine::get_delivery(&state.db()?.pool, &id).await?;
        let attempt = attempt_id.and_then(|a| detail.attempts.iter().find(|x| x.id == a));
        Ok(delivery_log::curl_command(&detail, attempt))
    }
}

command! {
    pub async fn delivery_replay_preview(
        state: State<'_, AppState>,
        id: DeliveryId,
    ) -> Result<ReplayPreview, AppError> {
        delivery_log::replay_preview(&state.db()?.pool, &state.expressions, &id).await
    }
}

command! {
    /// Writes the filtered log to the export folder (as `config_export` does).
    pub async fn delivery_export(
        app: tauri::AppHandle,
        state: State<'_, AppState>,
        filter: DeliveryFilter,
        format: DeliveryExportFormat,
    ) -> Result<DeliveryExportResult, AppError> {
        let folder = super::transfer::export_folder(&app)?;
        let (path, file) = create_export_file(
            &folder,
            &delivery_log::export_file_stem(engine::now_ms()),
            format.extension(),
        )?;
        let count = delivery_log::export_deliveries(&state.db()?.pool, &filter, format, file).await?;
        Ok(DeliveryExportResult {
            path: path.display().to_string(),
            count,
        })
    }
}

command! {
    /// The failed deliveries of the filter, for a bulk retry the UI runs in batches.
    pub async fn delivery_failed_ids(
        state: State<'_, AppState>,
        filter: DeliveryFilter,
    ) -> Result<Vec<DeliveryId>, AppError> {
        delivery_log::failed_ids(&state.db()?.pool, &filter, delivery_log::BULK_RETRY_MAX).await
    }
}

command! {
    /// The current state of deliveries a screen follows (read again after it missed changes).
    pub async fn delivery_summaries(
        state: State<'_, AppState>,
        ids: Vec<DeliveryId>,
    ) -> Result<Vec<DeliverySummary>, AppError> {
        delivery_log::summaries_of(&state.db()?.pool, &ids).await
    }
}

command! {
    pub async fn delivery_retry_many(
        state: State<'_, AppState>,
        ids: Vec<DeliveryId>,
    ) -> Result<BulkRetryResult, AppError> {
        Ok(delivery_log::retry_many(&state.engine()?, &ids).await)
    }
}

command! {
    pub async fn delivery_health(
        state: State<'_, AppState>,
        window: HealthWindow,
    ) -> Result<Vec<DestinationHealth>, AppError> {
        delivery_log::destination_health(&state.db()?.pool, &window).await
    }
}

command! {
    pub async fn delivery_retention_get(
        state: State<'_, AppState>,
    ) -> Result<RetentionSetting, AppError> {
        delivery_log::get_retention(&state.db()?.pool).await
    }
}

command! {
    /// Saves the setting and prunes with it at once, in the background.
    pub async fn delivery_retention_set(
        state: State<'_, AppState>,
        setting: RetentionSetting,
    ) -> Result<RetentionSetting, AppError> {
        let pool = state.db()?.pool.clone();
        let saved = delivery_log::set_retention(&pool, setting).await?;
        let events = state.events.clone();
        tauri::async_runtime::spawn(async move {
            delivery_log::prune_and_tell(&pool, &events).await;
        });
        Ok(saved)
    }
}
