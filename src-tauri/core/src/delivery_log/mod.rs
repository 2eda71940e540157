//! The API Deliveries log: filtered, newest-first pages of deliveries (keyset pagination),
//! counts per status, text search, exports, bulk retry, Copy as cURL, replay preview, health
//! pictures and retention.

mod bulk;
mod counts;
mod curl;
mod cursor;
mod export;
mod filter;
mod health;
mod list;
mod replay;
mod retention;
mod search;

pub use bulk::{failed_ids, retry_many, BulkRetryResult, BulkRetrySkip, BULK_RETRY_MAX};
pub use counts::{count_by_status, CategoryCount, DeliveryCounts};
pub use curl::{curl_command, curl_for};
pub use cursor::DeliveryCursor;
pub use export::{
    export_deliveries, export_file_stem, DeliveryExportFormat, DeliveryExportResult, CSV_COLUMNS,
};
pub use filter::DeliveryFilter;
pub use health::{destination_health, DestinationHealth, HealthBucket, HealthWindow};
pub use list::{list_deliveries, summaries_of, DeliveryPage, MAX_PAGE, MAX_SUMMARIES};
pub use replay::{replay_preview, ReplayPreview, RequestSnapshot};
pub use retention::{
    get_retention, prune_and_tell, prune_before, prune_forever, prune_now, set_retention,
    RetentionSetting, DEFAULT_RETENTION_DAYS,
};
