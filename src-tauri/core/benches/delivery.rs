//! Delivery engine benchmark against a local 200-OK server on 127.0.0.1.
//!
//! 1. Throughput: N deliveries queued, then sent by the engine with every attempt persisted
//!    (global and destination concurrency 64): deliveries/s. In the same run, raw reqwest
//!    requests/s to the same server with 64 concurrent callers and no persistence, and the ratio.
//!    Beside them, the floor (delivery/floor.rs): the same raw callers plus only the writes
//!    the issue cannot do without, so the ratio the engine is held to can be read against the
//!    ratio reachable on this machine at all.
//! 2. Memory: 100,000 deliveries queued against a target answering 1 MB bodies; the engine runs
//!    for a while and the process's peak RSS (VmHWM) is printed.
//!
//! Each phase also prints the CPU time it used per request (all threads of the process, the
//! test server included), which moves less than throughput with this machine's speed, and the
//! bytes it wrote per request (files and sockets: the WAL, checkpoints, HTTP both ways).
//!
//! Run: `cargo bench -p apidest-core --bench delivery` (APIDEST_BENCH_N to change N,
//! APIDEST_BENCH_ROUNDS the engine runs (3), APIDEST_BENCH_ONLY=throughput or memory to run one
//! part). The machine's speed drifts, so raw reqwest runs right before and after each engine
//! run, each round's ratio is against the mean of the two, and the medians are printed.

#[path = "delivery/floor.rs"]
mod floor;
#[path = "../tests/http_support/mod.rs"]
mod http_support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use apidest_core::bus::EventBus;
use apidest_core::contacts::{list_contacts, seed_samples_once};
use apidest_core::destinations::{create_destination, DestinationInput};
use apidest_core::engine::{
    freeze, insert_delivery, now_ms, open_count, DeliveryRequest, DeliverySource, Engine,
    EngineConfig, EventInfo, NewDelivery,
};
use apidest_core::ids::DeliveryId;
use apidest_core::render::ExpressionCache;
use apidest_core::secrets::MemorySecretStore;
use apidest_core::store::{open_database, Database};
use floor::Floor;

const CONCURRENCY: usize = 64;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let n: usize = std::env::var("APIDEST_BENCH_N")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(30_000);
        // APIDEST_BENCH_ONLY=throughput or =memory runs one part (for profiling).
        let only = std::env::var("APIDEST_BENCH_ONLY").unwrap_or_default();
        if only == "engine" {
            // For a profiler: engine runs alone, nothing beside them.
            let server = http_support::fast_ok().await;
            for _ in 0..3 {
                let (run, _) = engine_run(&server, &server.url("/hook"), n).await;
                println!(
                    "  engine alone: {:.0}/s, CPU per delivery {:.0} µs ({:.0} on the database \
                     thread), written per delivery {:.1} KB",
                    run.rate,
                    run.cpu_us(),
                    run.used.queue_thread * 1e6 / run.requests,
                    run.used.bytes_written / 1024.0 / run.requests,
                );
            }
            return;
        }
        if only != "memory" {
            throughput(n).await;
        }
        if only != "throughput" {
            memory(100_000, Duration::from_secs(20)).await;
        }
    });
}

async fn setup(endpoint: &str) -> (tempfile::TempDir, Database, NewDelivery) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = open_database(&dir.path().join("bench.sqlite3"))
        .await
        .expect("db");
    seed_samples_once(&db.pool).await.expect("samples");
    let contact = list_contacts(&db.pool).await.expect("contacts")[0]
        .id
        .clone();
    let mut input = DestinationInput::blank();
    input.name = "Bench".into();
    input.endpoint = endpoint.to_owned();
    input.concurrency_limit = Some(CONCURRENCY as u32);
    let destination = create_destination(&db.pool, input)
        .await
        .expect("destination");
    let template = freeze(
        &db.pool,
        &ExpressionCache::default(),
        DeliveryRequest {
            destination_id: destination.id.clone(),
            contact_id: contact,
            event: EventInfo::test("contact.updated", None),
            payload_expression:
                "{name: join(' ', [contact.first_name, contact.last_name]), \
                phone: contact.phone, tags: contact.tags, store: team.custom_attributes.store_name}"
                    .into(),
            bindings: BTreeMap::new(),
            source: DeliverySource::Cli,
            rule: None,
            replay_of: None,
        },
    )
    .await
    .expect("freeze");
    (dir, db, template)
}

/// Queues `n` copies of the frozen request (new ids), 1,000 per transaction.
async fn queue(db: &Database, template: &NewDelivery, n: usize) -> Duration {
    let started = Instant::now();
    let mut left = n;
    while left > 0 {
        let mut tx = db.pool.begin().await.expect("begin");
        let now = now_ms();
        for _ in 0..left.min(1000) {
            let mut delivery = template.clone();
            delivery.id = DeliveryId::generate();
            insert_delivery(&mut tx, &delivery, now)
                .await
                .expect("insert");
        }
        tx.commit().await.expect("commit");
        left = left.saturating_sub(1000);
    }
    started.elapsed()
}

/// The writer's settings can be tried from the command line: APIDEST_BENCH_GATHER_MS (how long
/// finished attempts are gathered before a write), APIDEST_BENCH_BACKLOG (how many may wait).
fn tuned(mut config: EngineConfig) -> EngineConfig {
    let number = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    if let Some(ms) = number("APIDEST_BENCH_GATHER_MS") {
        config.write_gather = std::time::Duration::from_millis(ms);
    }
    if let Some(n) = number("APIDEST_BENCH_BACKLOG") {
        config.write_backlog = n as usize;
        config.write_batch = n as usize;
    }
    config
}

async fn start(db: &Database) -> Engine {
    Engine::start(
        db.pool.clone(),
        Arc::new(MemorySecretStore::new()),
        EventBus::new(),
        tuned(EngineConfig {
            global_concurrency: CONCURRENCY,
            ..EngineConfig::default()
        }),
    )
    .await
    .expect("engine")
}

/// One raw or engine run: requests per second and what the process used for them.
struct Run {
    rate: f64,
    requests: f64,
    used: ProcessUse,
}

impl Run {
    fn cpu_us(&self) -> f64 {
        self.used.total * 1e6 / self.requests
    }
}

async fn throughput(n: usize) {
    let server = http_support::fast_ok().await;
    let url = server.url("/hook");
    let rounds: usize = std::env::var("APIDEST_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    println!(
        "delivery throughput ({n} deliveries, concurrency {CONCURRENCY}, attempts persisted; \
         {rounds} rounds, raw reqwest run just before and after each engine run)"
    );
    let mut raw_before = raw(&url, n).await;
    let mut ratios = Vec::new();
    let mut engines = Vec::new();
    let mut raws = vec![raw_before.rate];
    let mut floor_ratios = [Vec::new(), Vec::new()];
    let mut against = [Vec::new(), Vec::new()];
    for round in 1..=rounds {
        let (engine, queued) = engine_run(&server, &url, n).await;
        let answer_only = floor::run(&url, n, Floor::AnswerOnly).await;
        let at_least_once = floor::run(&url, n, Floor::AtLeastOnce).await;
        let raw_after = raw(&url, n).await;
        raws.push(raw_after.rate);
        let raw_rate = (raw_before.rate + raw_after.rate) / 2.0;
        let raw_cpu = (raw_before.cpu_us() + raw_after.cpu_us()) / 2.0;
        let ratio = engine.rate / raw_rate;
        println!(
            "  round {round}: engine {:>6.0}/s, raw {:>6.0}/s, ratio {ratio:.2} | CPU per delivery {:.0} µs \
             ({:.0} on the database thread), per raw request {raw_cpu:.0} µs | written per delivery \
             {:.1} KB (raw {:.1} KB) | queued at {:.0}/s",
            engine.rate,
            raw_rate,
            engine.cpu_us(),
            engine.used.queue_thread * 1e6 / engine.requests,
            engine.used.bytes_written / 1024.0 / engine.requests,
            raw_after.used.bytes_written / 1024.0 / raw_after.requests,
            n as f64 / queued.as_secs_f64(),
        );
        let floors = [
            ("answer only", &answer_only),
            ("at least once", &at_least_once),
        ];
        for ((name, run), ratios) in floors.into_iter().zip(floor_ratios.iter_mut()) {
            let ratio = run.rate / raw_rate;
            println!(
                "           floor, {name:<13} {:>6.0}/s, ratio {ratio:.2} | CPU per request {:.0} µs | \
                 written per request {:.1} KB",
                run.rate,
                run.cpu_us(),
                run.used.bytes_written / 1024.0 / run.requests,
            );
            ratios.push(ratio);
        }
        // The two figures the engine is held to.
        let to_floor = engine.rate / at_least_once.rate;
        let cpu_to_raw = engine.cpu_us() / raw_cpu;
        println!(
            "           engine / at-least-once floor {to_floor:.2}, engine CPU / raw CPU {cpu_to_raw:.1}"
        );
        against[0].push(to_floor);
        against[1].push(cpu_to_raw);
        ratios.push(ratio);
        engines.push(engine.rate);
        raw_before = raw_after;
    }
    println!(
        "  median:  engine {:>6.0} deliveries/s, raw reqwest {:>6.0} requests/s, ratio engine / raw {:.2}",
        median(&mut engines),
        median(&mut raws),
        median(&mut ratios)
    );
    println!(
        "           the floor's ratio: answer only {:.2}, at least once {:.2} (bare queue and attempt \
         rows, none of the log: about the most a persisting engine reaches here)",
        median(&mut floor_ratios[0]),
        median(&mut floor_ratios[1]),
    );
    println!(
        "           engine / at-least-once floor {:.2}, engine CPU / raw CPU {:.1}",
        median(&mut against[0]),
        median(&mut against[1]),
    );
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

/// Raw reqwest with 64 concurrent callers, nothing persisted.
async fn raw(url: &str, n: usize) -> Run {
    let client = apidest_core::tls::client_builder().build().expect("client");
    let before = ProcessUse::now();
    let started = Instant::now();
    let per_task = n / CONCURRENCY;
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let client = client.clone();
        let url = url.to_owned();
        tasks.push(tokio::spawn(async move {
            for _ in 0..per_task {
                let response = post(&client, &url).await;
                let _ = response.bytes().await.expect("raw body");
            }
        }));
    }
    for task in tasks {
        task.await.expect("raw task");
    }
    let requests = (per_task * CONCURRENCY) as f64;
    Run {
        rate: requests / started.elapsed().as_secs_f64(),
        requests,
        used: ProcessUse::now().since(&before),
    }
}

/// The request raw reqwest and the floor send: a small JSON body, as the engine's deliveries.
async fn post(client: &reqwest::Client, url: &str) -> reqwest::Response {
    client
        .post(url)
        .header("content-type", "application/json")
        .body(r#"{"name":"Zoë Ångström"}"#)
        .send()
        .await
        .expect("raw request")
}

/// `n` deliveries queued in a new database, then sent by the engine with every attempt
/// persisted. Returns the engine's run and how long queueing took.
async fn engine_run(server: &http_support::TestServer, url: &str, n: usize) -> (Run, Duration) {
    let (_dir, db, template) = setup(url).await;
    let queued = queue(&db, &template, n).await;
    let sent_before = server.request_count();
    let before = ProcessUse::now();
    let started = Instant::now();
    let engine = start(&db).await;
    let mut done = engine.subscribe_attempts();
    let mut finished = 0usize;
    while finished < n {
        match done.recv().await {
            Ok(attempt) if attempt.next_state.is_final() => finished += 1,
            Ok(_) => {}
            Err(tokio::sync::broadcast::error::RecvError::Lagged(missed)) => {
                finished += missed as usize
            }
            Err(err) => panic!("engine stopped: {err}"),
        }
    }
    let elapsed = started.elapsed();
    let used = ProcessUse::now().since(&before);
    assert_eq!(open_count(&db.pool).await.expect("count"), 0);
    engine.shutdown().await;
    assert_eq!(
        server.request_count() - sent_before,
        n,
        "every delivery sent once"
    );
    let run = Run {
        rate: n as f64 / elapsed.as_secs_f64(),
        requests: n as f64,
        used,
    };
    (run, queued)
}

/// CPU seconds this process has used, in all (threads that ended included) and on the
/// engine's database thread, and the bytes it has passed to write calls. Linux only, from
/// /proc; clock ticks are 1/100 s there.
struct ProcessUse {
    total: f64,
    queue_thread: f64,
    bytes_written: f64,
}

impl ProcessUse {
    fn now() -> Self {
        let total = std::fs::read_to_string("/proc/self/stat")
            .map(|stat| cpu_seconds(&stat).1)
            .unwrap_or(0.0);
        let queue_thread = std::fs::read_dir("/proc/self/task")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|task| std::fs::read_to_string(task.path().join("stat")).ok())
            .map(|stat| cpu_seconds(&stat))
            .filter(|(name, _)| name.starts_with("delivery-queue"))
            .map(|(_, seconds)| seconds)
            .sum();
        let bytes_written = std::fs::read_to_string("/proc/self/io")
            .ok()
            .and_then(|io| {
                io.lines()
                    .find_map(|line| line.strip_prefix("wchar:"))
                    .and_then(|v| v.trim().parse().ok())
            })
            .unwrap_or(0.0);
        Self {
            total,
            queue_thread,
            bytes_written,
        }
    }

    fn since(&self, earlier: &Self) -> Self {
        Self {
            total: self.total - earlier.total,
            queue_thread: self.queue_thread - earlier.queue_thread,
            bytes_written: self.bytes_written - earlier.bytes_written,
        }
    }
}

/// The name and user + system CPU seconds in a `stat` line. The name is in parentheses and
/// may hold spaces, so fields are counted from the last `)`: utime and stime are 14 and 15.
fn cpu_seconds(stat: &str) -> (String, f64) {
    let open = stat.find('(').unwrap_or(0);
    let close = stat.rfind(')').unwrap_or(open);
    let name = stat.get(open + 1..close).unwrap_or("").to_owned();
    let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (name, (ticks(11) + ticks(12)) / 100.0)
}

async fn memory(n: usize, run_for: Duration) {
    let server = http_support::always(http_support::Reply::LargeBody { size: 1 << 20 }).await;
    let (_dir, db, template) = setup(&server.url("/big")).await;
    queue(&db, &template, n).await;
    let rss_queued = rss_kb("VmRSS");
    let engine = start(&db).await;
    let started = Instant::now();
    tokio::time::sleep(run_for).await;
    let open = open_count(&db.pool).await.expect("count");
    let elapsed = started.elapsed();
    engine.shutdown().await;
    let sent = n as i64 - open;
    println!("memory ({n} deliveries queued, target answers 1 MB bodies)");
    println!(
        "  sent in {:.0} s:        {sent} ({:.0} MB received, {:.0} deliveries/s)",
        elapsed.as_secs_f64(),
        sent as f64,
        sent as f64 / elapsed.as_secs_f64()
    );
    println!("  RSS once queued:      {:>6.1} MB", rss_queued / 1024.0);
    println!(
        "  peak RSS (VmHWM):     {:>6.1} MB",
        rss_kb("VmHWM") / 1024.0
    );
}

fn rss_kb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0.0)
}
