//! The API Deliveries log at scale: 1,000,000 deliveries and 2,500,000 attempts, generated with
//! `INSERT … SELECT` from recursive CTEs, then the first page under each single filter, the
//! delivery detail with its attempts, and the counts per status (medians of repeated runs).
//!
//! Run: `cargo bench -p apidest-core --bench deliveries_log` (APIDEST_BENCH_DELIVERIES to change
//! the count; APIDEST_BENCH_KEEP=1 keeps the database folder and prints where it is;
//! APIDEST_BENCH_DB=path reuses the database at path, generating it there the first time).

use std::time::{Duration, Instant};

use apidest_core::delivery_log::{count_by_status, list_deliveries, DeliveryFilter};
use apidest_core::engine::{get_delivery, StatusCategory};
use apidest_core::ids::DeliveryId;
use apidest_core::store::open_database;
use sqlx::SqlitePool;

const DESTINATIONS: i64 = 20;
const RULES: i64 = 50;
const DAY_MS: i64 = 86_400_000;
const ROUNDS: usize = 21;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let n: i64 = std::env::var("APIDEST_BENCH_DELIVERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    // APIDEST_BENCH_DB reuses a database an earlier run generated (and keeps a new one there).
    let reuse = std::env::var_os("APIDEST_BENCH_DB").map(std::path::PathBuf::from);
    let path = reuse
        .clone()
        .unwrap_or_else(|| dir.path().join("bench.sqlite3"));
    let existed = path.exists();
    let db = open_database(&path).await.expect("db");
    let pool = &db.pool;
    let now = if existed {
        sqlx::query_scalar("SELECT MAX(created_at) + 1 FROM deliveries")
            .fetch_one(pool)
            .await
            .expect("newest")
    } else {
        apidest_core::engine::now_ms()
    };

    let t = Instant::now();
    if !existed {
        generate(pool, n, now).await;
    }
    let attempts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attempts")
        .fetch_one(pool)
        .await
        .expect("count");
    println!(
        "generated {n} deliveries and {attempts} attempts (with search index) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(pool)
        .await
        .expect("checkpoint");
    sqlx::query("ANALYZE").execute(pool).await.expect("analyze");
    let folder = path.parent().expect("folder").to_owned();
    let size: u64 = std::fs::read_dir(&folder)
        .expect("dir")
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!("database size: {:.0} MiB", size as f64 / 1_048_576.0);
    let parts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 14",
    )
    .fetch_all(pool)
    .await
    .unwrap_or_default();
    for (name, bytes) in parts {
        println!("  {name}: {:.0} MiB", bytes as f64 / 1_048_576.0);
    }

    let filters: Vec<(&str, DeliveryFilter)> = vec![
        ("no filter", DeliveryFilter::default()),
        ("status Success (81 %)", status(StatusCategory::Success)),
        (
            "status Server Error (8 %)",
            status(StatusCategory::ServerError),
        ),
        (
            "status Internal Error (0.2 %)",
            status(StatusCategory::InternalError),
        ),
        (
            "status Server + Timeout + Network",
            DeliveryFilter {
                categories: vec![
                    StatusCategory::ServerError,
                    StatusCategory::TimeoutError,
                    StatusCategory::NetworkError,
                ],
                ..Default::default()
            },
        ),
        (
            "destination (1 of 20)",
            DeliveryFilter {
                destination_id: Some(destination_id(7)),
                ..Default::default()
            },
        ),
        (
            "rule (1 of 50)",
            DeliveryFilter {
                rule_id: Some(rule_id(11)),
                ..Default::default()
            },
        ),
        (
            "time range: last 24 h",
            DeliveryFilter {
                since: Some(now - DAY_MS),
                ..Default::default()
            },
        ),
        (
            "time range: a day 20 days ago",
            DeliveryFilter {
                since: Some(now - 21 * DAY_MS),
                until: Some(now - 20 * DAY_MS),
                ..Default::default()
            },
        ),
        ("text: one contact's phone (rare)", text("+447700912345")),
        ("text: word in every payload", text("newsletter")),
        ("text: word in 8 % of responses", text("warming")),
        ("text: order id in URL (1 row)", text("ord_777777")),
    ];

    println!("\n| filter | first page (50) | counts per status |");
    println!("|---|---|---|");
    for (label, filter) in &filters {
        let page = median(|| async {
            list_deliveries(pool, filter, None, 50).await.expect("list");
        })
        .await;
        let counts = median(|| async {
            count_by_status(pool, filter).await.expect("counts");
        })
        .await;
        println!("| {label} | {} | {} |", ms(page), ms(counts));
    }

    // Detail: ids spread over the table (and so over the file).
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM deliveries WHERE rowid % 49999 = 7 LIMIT 21")
            .fetch_all(pool)
            .await
            .expect("ids");
    let ids: Vec<DeliveryId> = ids.iter().map(|i| i.parse().expect("id")).collect();
    let mut times = Vec::new();
    for id in &ids {
        let t = Instant::now();
        let d = get_delivery(pool, id).await.expect("detail");
        times.push(t.elapsed());
        assert!(!d.attempts.is_empty());
    }
    times.sort();
    println!(
        "\ndelivery detail with its attempts: median {} (max {}) over {} deliveries",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        times.len()
    );

    if std::env::var_os("APIDEST_BENCH_KEEP").is_some() {
        println!("kept: {}", dir.keep().display());
    }
}

fn status(c: StatusCategory) -> DeliveryFilter {
    DeliveryFilter {
        categories: vec![c],
        ..Default::default()
    }
}

fn text(t: &str) -> DeliveryFilter {
    DeliveryFilter {
        text: Some(t.into()),
        ..Default::default()
    }
}

fn destination_id(i: i64) -> String {
    format!("dst_{i:026}")
}

fn rule_id(i: i64) -> String {
    format!("rule_{i:026}")
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn median<F, Fut>(f: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    f().await; // warm the page cache
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        f().await;
        times.push(t.elapsed());
    }
    times.sort();
    times[ROUNDS / 2]
}

/// 1M deliveries over the last 30 days; each gets 2 or 3 attempts, written in delivery order as
/// the engine does (an attempt is inserted when it starts, seconds after its delivery) (2.5 per delivery on average).
/// Categories: 81 % Success, 8 % Server, 5 % Client, 3 % Timeout, 2 % Network, 0.5 % each of
/// Too Many Requests and Redirection, 0.2 % Internal (rowid-derived, so deterministic).
async fn generate(pool: &SqlitePool, n: i64, now: i64) {
    let span = 30 * DAY_MS;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {n}), \
         gen AS (SELECT i, (i * 7919) % 1000 AS r FROM seq) \
         INSERT INTO deliveries (id, state, source, destination_id, destination_name, rule_id, rule_name, \
           event_id, event_type, contact_id, contact_name, method, url, headers, body, timeout_secs, \
           retry_policy, payload_expression, bindings, event_data, attempt_count, scheduled_attempts, \
           last_category, last_http_status, last_duration_ms, created_at, updated_at) \
         SELECT 'dlv_' || printf('%026d', i), \
           CASE WHEN r < 810 THEN 'succeeded' WHEN r < 860 THEN 'failed' ELSE 'exhausted' END, \
           'rule', 'dst_' || printf('%026d', i % {DESTINATIONS}), 'Destination ' || (i % {DESTINATIONS}), \
           CASE WHEN i % 10 < 7 THEN 'rule_' || printf('%026d', i % {RULES}) END, \
           CASE WHEN i % 10 < 7 THEN 'Rule ' || (i % {RULES}) END, \
           'evt_' || printf('%026d', i), 'contact.updated', 'ct_' || (i % 5000), 'Contact ' || (i % 5000), \
           'POST', 'https://api.example.com/contacts/c' || i || '/orders/ord_' || i, \
           '[{{\"name\":\"Content-Type\",\"value\":\"application/json\"}}]', \
           '{{\"name\":\"Contact ' || (i % 5000) || '\",\"phone\":\"+4477009' || printf('%05d', i % 100000) || \
             '\",\"tags\":[\"vip\",\"newsletter\"],\"points\":' || (i % 997) || '}}', \
           15, '{{\"retry_delays_secs\":[5,30],\"jitter_percent\":20,\"retry_after_cap_secs\":3600}}', \
           'contact', '{{}}', '{{}}', 2 + (i % 2), 2 + (i % 2), \
           CASE WHEN r < 810 THEN 'success' WHEN r < 890 THEN 'server_error' WHEN r < 940 THEN 'client_error' \
             WHEN r < 970 THEN 'timeout_error' WHEN r < 990 THEN 'network_error' \
             WHEN r < 995 THEN 'too_many_requests_error' WHEN r < 998 THEN 'redirection_error' \
             ELSE 'internal_error' END, \
           CASE WHEN r < 810 THEN 200 WHEN r < 890 THEN 503 WHEN r < 940 THEN 404 WHEN r < 990 THEN NULL \
             WHEN r < 995 THEN 429 WHEN r < 998 THEN 301 ELSE NULL END, \
           20 + (i % 400), {now} - {span} + (i * {span}) / {n}, {now} - {span} + (i * {span}) / {n} \
         FROM gen"
    )))
    .execute(pool)
    .await
    .expect("deliveries");
    // Attempts 1..attempt_count of each delivery; the last one carries its category.
    sqlx::query(
        "INSERT INTO attempts (id, delivery_id, number, trigger, started_at, completed_at, duration_ms, \
           category, http_status, request_url, request_headers, response_headers, response_body, \
           response_body_size, next_attempt_at) \
         SELECT 'att_' || printf('%024d', d.rowid) || printf('%02d', k.n), d.id, k.n, 'scheduled', \
           d.created_at + k.n * 5000, d.created_at + k.n * 5000 + 40, 40, \
           CASE WHEN k.n = d.attempt_count THEN d.last_category ELSE 'server_error' END, \
           CASE WHEN k.n = d.attempt_count THEN d.last_http_status ELSE 503 END, \
           d.url, '[{\"name\":\"Authorization\",\"value\":\"Bearer ••••\"}]', \
           '[{\"name\":\"content-type\",\"value\":\"application/json\"}]', \
           CAST(CASE WHEN k.n = d.attempt_count AND d.last_category = 'success' \
             THEN '{\"id\":\"lead_' || d.rowid || '\",\"status\":\"created\"}' \
             ELSE '{\"error\":\"upstream warming up\",\"retry\":true}' END AS BLOB), 48, NULL \
         FROM deliveries d JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) k \
           ON k.n <= d.attempt_count ORDER BY d.rowid, k.n",
    )
    .execute(pool)
    .await
    .expect("attempts");
    // The engine writes response bodies with an UPDATE (which the trigger indexes); a bulk
    // INSERT does not, so index them here the way the migration does for older rows.
    sqlx::query(
        "INSERT INTO attempts_text (rowid, response) \
         SELECT rowid, CAST(response_body AS TEXT) FROM attempts WHERE response_body IS NOT NULL",
    )
    .execute(pool)
    .await
    .expect("search index");
}
