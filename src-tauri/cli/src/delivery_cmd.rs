//! `send`, `deliveries list|show` and `work`: the delivery engine from the command line.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use apidest_core::bus::EventBus;
use apidest_core::delivery_log::{list_deliveries, DeliveryFilter};
use apidest_core::destinations::list_destinations;
use apidest_core::engine::send_one;
use apidest_core::engine::{
    freeze, get_delivery, AttemptView, DeliveryDetail, DeliveryRequest, DeliverySource,
    DeliverySummary, Engine, EngineConfig, EventInfo, StatusCategory, ENGINE_LOCK_FILE,
};
use apidest_core::identity::AppIdentity;
use apidest_core::ids::DeliveryId;
use apidest_core::render::ExpressionCache;
use apidest_core::secrets::{KeyringStore, SecretStore};
use apidest_core::store::Database;
use apidest_core::AppError;

use crate::args::{DataArgs, ListArgs, SendArgs, ShowArgs, WorkArgs};
use crate::data::{data_dir, fail, open};

pub async fn start_engine(
    args: &DataArgs,
    db: &Database,
    concurrency: usize,
    program: &'static str,
) -> Result<Engine, AppError> {
    let dir = data_dir(args).map_err(AppError::internal)?;
    let identity = AppIdentity::for_build(cfg!(debug_assertions));
    let secrets: Arc<dyn SecretStore> = Arc::new(KeyringStore::new(identity.keyring_service()));
    Engine::start(
        db.pool.clone(),
        secrets,
        EventBus::new(),
        EngineConfig {
            global_concurrency: concurrency.max(1),
            lock_file: Some(dir.join(ENGINE_LOCK_FILE)),
            lock_program: program,
            #[cfg(target_os = "linux")]
            connectivity: Some(apidest_core::network_manager::watch_network_manager(None)),
            ..EngineConfig::default()
        },
    )
    .await
}

async fn destination_id(db: &Database, name_or_id: &str) -> Result<String, String> {
    let all = list_destinations(&db.pool).await.map_err(fail)?;
    all.iter()
        .find(|d| d.id.as_str() == name_or_id || d.input.name.eq_ignore_ascii_case(name_or_id))
        .map(|d| d.id.to_string())
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|d| d.input.name.as_str()).collect();
            format!(
                "apidest: no destination named or with id \"{name_or_id}\"; there are: {}",
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            )
        })
}

pub async fn send(args: &DataArgs, send: SendArgs) -> Result<String, String> {
    let db = open(args).await?;
    let mut bindings = BTreeMap::new();
    for pair in &send.bindings {
        let (name, expr) = pair
            .split_once('=')
            .ok_or_else(|| format!("apidest: --bind {pair}: write it as NAME=EXPRESSION"))?;
        bindings.insert(name.trim().to_owned(), expr.trim().to_owned());
    }
    let request = DeliveryRequest {
        destination_id: destination_id(&db, &send.destination)
            .await?
            .parse()
            .map_err(fail)?,
        contact_id: send.contact.parse().map_err(fail)?,
        event: EventInfo::test(&send.event_type, None),
        payload_expression: send.payload,
        bindings,
        source: DeliverySource::Cli,
        rule: None,
        replay_of: None,
    };
    let cache = ExpressionCache::default();
    // Only the delivery made here is claimed and sent, beside a running app or `apidest work`
    // (no engine lock, no other destination's work); a retry is left to the next engine.
    let delivery = freeze(&db.pool, &cache, request).await.map_err(fail)?;
    let identity = AppIdentity::for_build(cfg!(debug_assertions));
    let secrets: Arc<dyn SecretStore> = Arc::new(KeyringStore::new(identity.keyring_service()));
    let detail = send_one(&db.pool, secrets, &delivery).await.map_err(fail)?;
    if send.json {
        return serde_json::to_string_pretty(&detail).map_err(|e| format!("apidest: {e}"));
    }
    Ok(describe(&detail))
}

pub async fn list(args: &DataArgs, list: ListArgs) -> Result<String, String> {
    let db = open(args).await?;
    let mut filter = DeliveryFilter::default();
    if let Some(dest) = &list.destination {
        filter.destination_id = Some(destination_id(&db, dest).await?);
    }
    for status in &list.status {
        let category = StatusCategory::parse(status.trim()).ok_or_else(|| {
            let known: Vec<&str> = StatusCategory::ALL.iter().map(|c| c.as_str()).collect();
            format!(
                "apidest: unknown status \"{status}\"; use one of {}",
                known.join(", ")
            )
        })?;
        filter.categories.push(category);
    }
    let page = list_deliveries(&db.pool, &filter, None, list.limit)
        .await
        .map_err(fail)?;
    if list.json {
        return serde_json::to_string_pretty(&page.items).map_err(|e| format!("apidest: {e}"));
    }
    if page.items.is_empty() {
        return Ok("No deliveries.".into());
    }
    Ok(page.items.iter().map(line).collect::<Vec<_>>().join("\n"))
}

pub async fn show(args: &DataArgs, show: ShowArgs) -> Result<String, String> {
    let db = open(args).await?;
    let id: DeliveryId = show.id.parse().map_err(fail)?;
    let detail = get_delivery(&db.pool, &id).await.map_err(fail)?;
    if show.json {
        return serde_json::to_string_pretty(&detail).map_err(|e| format!("apidest: {e}"));
    }
    Ok(describe(&detail))
}

pub async fn work(args: &DataArgs, work: WorkArgs) -> Result<String, String> {
    let db = open(args).await?;
    let engine = start_engine(args, &db, work.concurrency, "apidest work")
        .await
        .map_err(fail)?;
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if work.until_idle {
            let open: i64 = sqlx_count(&db).await?;
            if open == 0 {
                break;
            }
        }
    }
    engine.shutdown().await;
    Ok("Nothing left to send.".into())
}

async fn sqlx_count(db: &Database) -> Result<i64, String> {
    apidest_core::engine::open_count(&db.pool)
        .await
        .map_err(fail)
}

fn line(d: &DeliverySummary) -> String {
    format!(
        "{}  {:<10} {:<24} {:>4}  {:>2} attempt(s)  {}  {}",
        d.id,
        d.state_label(),
        d.last_category.map(|c| c.label()).unwrap_or("—"),
        d.last_http_status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "—".into()),
        d.attempt_count,
        d.destination_name,
        d.url
    )
}

pub fn describe(d: &DeliveryDetail) -> String {
    let s = &d.summary;
    let mut out = vec![
        format!("Delivery {}  ({})", s.id, s.state_label()),
        format!("  {} {}", s.method, s.url),
        format!(
            "  destination {}  event {} {}",
            s.destination_name, s.event_type, s.event_id
        ),
    ];
    for a in &d.attempts {
        out.push(attempt_line(a));
    }
    out.join("\n")
}

fn attempt_line(a: &AttemptView) -> String {
    let mut text = format!(
        "  attempt {} {} ({:?}): {}{}{}",
        a.number,
        a.id,
        a.trigger,
        a.category.map(|c| c.label()).unwrap_or("in flight"),
        a.http_status.map(|s| format!(" {s}")).unwrap_or_default(),
        a.duration_ms
            .map(|ms| format!(" in {ms} ms"))
            .unwrap_or_default(),
    );
    if let Some(error) = &a.error {
        text.push_str(&format!("\n    error: {error}"));
    }
    if let Some(hint) = &a.hint {
        text.push_str(&format!("\n    hint: {hint}"));
    }
    text
}
