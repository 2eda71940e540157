//! The local servers (ingest endpoint, sandbox receiver) under a flood of idle and slow-header
//! connections from another program on this machine, with the process's file handles limited
//! as a desktop session limits them: real requests keep being answered, the engine keeps
//! delivering, and the flood's connections are closed rather than kept. Without the
//! connection cap the flood takes every file handle (EMFILE) and these tests fail; without the
//! header timeout `headers_and_idle_time_are_bounded` fails. A request whose connection is
//! taken by a newer flood connection just as its headers arrive is told 503 "busy" and
//! retried, as any sender retries a 503; the tests print how often that happened.

mod engine_support;
mod http_support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apidest_core::bus::EventBus;
use apidest_core::destinations::{get_destination, update_destination, HeaderEntry};
use apidest_core::event_intake::start_ingest;
use apidest_core::local_server::ServerLimits;
use apidest_core::sandbox::Sandbox;
use apidest_core::secrets::Secret;
use engine_support::harness;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TOKEN: &str = "ingest-token-for-the-flood-test-0123";
/// Flood connections held open at once: 500 that send nothing, 200 that send their headers a
/// byte at a time and never finish. Each reconnects 300 ms after the server closes it.
const IDLE: usize = 500;
const SLOW: usize = 200;
/// Real requests made during the flood, each on a new connection, and how long each may take.
const REAL: usize = 20;
const ANSWER_WITHIN: Duration = Duration::from_secs(2);

/// The two floods take file handles from one process: one at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn open_files() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |dir| dir.count())
}

/// Limits this process to what it has open now plus the connections of `floods` floods plus
/// `headroom`: the servers may hold about `headroom` more, not one per flood connection.
fn limit_open_files(floods: usize, headroom: usize) -> u64 {
    let limit = (open_files() + floods * (IDLE + SLOW) + headroom) as u64;
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain system calls on a struct owned here.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut current), 0);
        let wanted = libc::rlimit {
            rlim_cur: limit.min(current.rlim_max),
            rlim_max: current.rlim_max,
        };
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &wanted), 0);
    }
    limit
}

#[derive(Default)]
struct FloodStats {
    connections: AtomicUsize,
    connect_failures: AtomicUsize,
    /// How long each flood connection stayed open before the server closed it.
    lifetimes: Mutex<Vec<Duration>>,
}

struct Flood {
    stop: Arc<AtomicBool>,
    stats: Arc<FloodStats>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Flood {
    fn start(addr: std::net::SocketAddr, first_line: &'static str) -> Flood {
        let stop = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(FloodStats::default());
        let tasks = (0..IDLE + SLOW)
            .map(|i| {
                let (stop, stats) = (stop.clone(), stats.clone());
                let slow = i >= IDLE;
                tokio::spawn(async move {
                    while !stop.load(Ordering::Relaxed) {
                        let Ok(mut stream) = TcpStream::connect(addr).await else {
                            stats.connect_failures.fetch_add(1, Ordering::Relaxed);
                            tokio::time::sleep(Duration::from_millis(300)).await;
                            continue;
                        };
                        stats.connections.fetch_add(1, Ordering::Relaxed);
                        let opened = Instant::now();
                        if slow {
                            let _ = stream.write_all(first_line.as_bytes()).await;
                        }
                        let waited = if slow {
                            slow_headers(&mut stream, &stop).await
                        } else {
                            let mut buf = [0u8; 512];
                            tokio::select! {
                                // Nothing is ever answered: a read ends only when closed.
                                _ = stream.read(&mut buf) => true,
                                () = wait_for(&stop) => false,
                            }
                        };
                        if waited {
                            stats.lifetimes.lock().unwrap().push(opened.elapsed());
                        }
                        drop(stream);
                        tokio::time::sleep(Duration::from_millis(300)).await;
                    }
                })
            })
            .collect();
        Flood { stop, stats, tasks }
    }

    async fn stop(self) -> Arc<FloodStats> {
        self.stop.store(true, Ordering::Relaxed);
        for task in self.tasks {
            let _ = task.await;
        }
        self.stats
    }
}

/// Sends a header byte every 250 ms until the server closes the connection (true) or the
/// flood stops (false).
async fn slow_headers(stream: &mut TcpStream, stop: &AtomicBool) -> bool {
    loop {
        tokio::select! {
            () = tokio::time::sleep(Duration::from_millis(250)) => {}
            () = wait_for(stop) => return false,
        }
        if stream.write_all(b"x").await.is_err() {
            return true;
        }
        // A closed connection shows on the read side first.
        let mut buf = [0u8; 64];
        match tokio::time::timeout(Duration::from_millis(1), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            _ => {}
        }
    }
}

async fn wait_for(stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

fn report(name: &str, latencies: &[Duration], stats: &FloodStats) {
    let lifetimes = stats.lifetimes.lock().unwrap().clone();
    println!(
        "{name}: {} flood connections ({} connects failed), {} closed by the server after a \
         median {:?} (longest {:?}); {} real requests answered in at most {:?} (median {:?})",
        stats.connections.load(Ordering::Relaxed),
        stats.connect_failures.load(Ordering::Relaxed),
        lifetimes.len(),
        median(lifetimes.clone()),
        lifetimes.iter().max().copied().unwrap_or_default(),
        latencies.len(),
        latencies.iter().max().copied().unwrap_or_default(),
        median(latencies.to_vec()),
    );
}

/// Sends until answered with something other than 503 "busy" (the answer when a request
/// arrives just as a flood connection takes its connection's slot) or a dropped connection,
/// as an HTTP sender retries those; counts the retries in `busy`.
async fn answered<F, Fut>(busy: &mut usize, send: F) -> Result<u16, reqwest::Error>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<reqwest::Response, reqwest::Error>>,
{
    for _ in 0..3 {
        match send().await {
            Ok(answer) if answer.status().as_u16() != 503 => return Ok(answer.status().as_u16()),
            Err(err) if !err.is_connect() && !err.is_request() => return Err(err),
            _ => *busy += 1,
        }
    }
    send().await.map(|a| a.status().as_u16())
}

/// A client that opens a new connection for every request: each must get a slot mid-flood.
fn fresh_connection_client() -> reqwest::Client {
    apidest_core::tls::client_builder()
        .pool_max_idle_per_host(0)
        .timeout(ANSWER_WITHIN * 2)
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ingest_endpoint_answers_and_the_engine_delivers_through_a_flood() {
    let _one = ONE_AT_A_TIME.lock().await;
    let h = harness().await;
    let target = http_support::always(http_support::Reply::status(200)).await;
    let dest = h.destination(&target.url("/hook"), None).await;
    h.rule_to("contact.updated", &dest).await;
    let server = start_ingest(
        h.db.pool.clone(),
        Some(h.engine.clone()),
        Secret::new(TOKEN),
        0,
    )
    .await
    .unwrap();
    let limit = limit_open_files(1, 300);

    let client = fresh_connection_client();
    let flood = Flood::start(server.addr, "POST /v1/events HTTP/1.1\r\nHost: x\r\n");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let event = serde_json::json!({"type": "contact.updated", "contact_id": h.contact.as_str()})
        .to_string();
    let mut latencies = Vec::new();
    let mut busy = 0;
    for i in 0..REAL {
        let started = Instant::now();
        let status = answered(&mut busy, || {
            client
                .post(server.url())
                .header("authorization", format!("Bearer {TOKEN}"))
                .header("content-type", "application/json")
                .body(event.clone())
                .send()
        })
        .await;
        let took = started.elapsed();
        assert_eq!(
            status.as_ref().ok(),
            Some(&202),
            "real request {i} during the flood (file limit {limit}): {status:?}"
        );
        assert!(took < ANSWER_WITHIN, "request {i} took {took:?}");
        latencies.push(took);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Every event's delivery goes out while the flood goes on.
    let started = Instant::now();
    while target.request_count() < REAL {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "only {} of {REAL} deliveries arrived during the flood",
            target.request_count()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let stats = flood.stop().await;
    report("ingest", &latencies, &stats);
    println!("ingest: {busy} real requests were told 503 busy once");
    assert!(
        stats.lifetimes.lock().unwrap().len() >= IDLE + SLOW - ServerLimits::LOCAL.max_connections,
        "the flood's connections beyond the cap are closed by the server"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_answers_and_the_engine_delivers_to_it_through_a_flood() {
    let _one = ONE_AT_A_TIME.lock().await;
    let h = harness().await;
    let sandbox = Sandbox::new(EventBus::new());
    let status = sandbox
        .set_enabled(&h.db.pool, true, Some(0))
        .await
        .unwrap();
    let url = status.url.clone().unwrap();
    let key = sandbox.key_header().await.expect("a key while running");
    let dest = h
        .destination_with(
            &format!("{url}/flood"),
            None,
            engine_support::quick_retries(vec![1]),
            5,
        )
        .await;
    let mut input = get_destination(&h.db.pool, &dest).await.unwrap().input;
    input.headers.push(HeaderEntry {
        name: key.name.clone(),
        value: key.value.clone(),
    });
    update_destination(&h.db.pool, &dest, input).await.unwrap();
    let addr: std::net::SocketAddr = ([127, 0, 0, 1], status.port).into();
    let limit = limit_open_files(1, 300);

    let client = fresh_connection_client();
    let flood = Flood::start(addr, "POST /flood HTTP/1.1\r\nHost: x\r\n");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut latencies = Vec::new();
    let (mut busy, mut redelivered) = (0, 0);
    for i in 0..REAL {
        let started = Instant::now();
        let status = answered(&mut busy, || {
            client
                .post(format!("{url}/real/{i}"))
                .header(key.name.as_str(), key.value.as_str())
                .body("{}")
                .send()
        })
        .await;
        let took = started.elapsed();
        assert_eq!(
            status.as_ref().ok(),
            Some(&200),
            "real request {i} during the flood (file limit {limit}): {status:?}"
        );
        assert!(took < ANSWER_WITHIN, "request {i} took {took:?}");
        latencies.push(took);
        // The engine sends to the sandbox through the same flood (a 503 "busy" is retried
        // after a second, as the destination's policy says).
        let mut detail = h.send(&dest).await;
        if detail.attempts[0].http_status != Some(200) {
            redelivered += 1;
            detail = h
                .wait_for_attempts(&detail, 2, Duration::from_secs(5))
                .await;
        }
        let last = detail
            .attempts
            .iter()
            .rev()
            .find(|a| a.completed_at.is_some());
        assert_eq!(
            last.and_then(|a| a.http_status),
            Some(200),
            "delivery {i} during the flood: {:?}",
            detail.attempts
        );
    }
    println!("sandbox: {busy} real requests and {redelivered} deliveries were told 503 busy once");
    // Long enough for every first connection of the flood to be replaced by a later one.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let stats = flood.stop().await;
    report("sandbox", &latencies, &stats);
    let received = sandbox.requests();
    assert_eq!(
        received.len(),
        2 * REAL,
        "only real requests and deliveries are recorded"
    );
    assert!(
        stats.lifetimes.lock().unwrap().len() >= IDLE + SLOW - ServerLimits::LOCAL.max_connections
    );
    sandbox.stop().await;
}

/// Both servers flooded at once: what the window asks while it happens (the log's first page,
/// a delivery's detail, the live preview) answers quickly, events are taken and delivered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_answers_while_both_servers_are_flooded() {
    let _one = ONE_AT_A_TIME.lock().await;
    let h = harness().await;
    let target = http_support::always(http_support::Reply::status(200)).await;
    let dest = h.destination(&target.url("/hook"), None).await;
    h.rule_to("contact.updated", &dest).await;
    let ingest = start_ingest(
        h.db.pool.clone(),
        Some(h.engine.clone()),
        Secret::new(TOKEN),
        0,
    )
    .await
    .unwrap();
    let sandbox = Sandbox::new(EventBus::new());
    let sandbox_port = sandbox
        .set_enabled(&h.db.pool, true, Some(0))
        .await
        .unwrap()
        .port;
    let limit = limit_open_files(2, 400);
    let floods = [
        Flood::start(ingest.addr, "POST /v1/events HTTP/1.1\r\nHost: x\r\n"),
        Flood::start(
            ([127, 0, 0, 1], sandbox_port).into(),
            "POST /flood HTTP/1.1\r\nHost: x\r\n",
        ),
    ];
    tokio::time::sleep(Duration::from_millis(500)).await;

    const SCREEN_WITHIN: Duration = Duration::from_millis(500);
    let client = fresh_connection_client();
    let event = serde_json::json!({"type": "contact.updated", "contact_id": h.contact.as_str()})
        .to_string();
    let (mut slowest, mut busy) = (Duration::ZERO, 0);
    for i in 0..10 {
        let status = answered(&mut busy, || {
            client
                .post(ingest.url())
                .header("authorization", format!("Bearer {TOKEN}"))
                .header("content-type", "application/json")
                .body(event.clone())
                .send()
        })
        .await;
        assert_eq!(
            status.as_ref().ok(),
            Some(&202),
            "event {i} (file limit {limit}): {status:?}"
        );

        let started = Instant::now();
        let page = apidest_core::delivery_log::list_deliveries(
            &h.db.pool,
            &apidest_core::delivery_log::DeliveryFilter::default(),
            None,
            50,
        )
        .await
        .expect("the log's first page");
        let newest = page.items.first().expect("a delivery").id.clone();
        apidest_core::engine::get_delivery(&h.db.pool, &newest)
            .await
            .expect("a delivery's detail");
        let preview = h
            .preview(&dest, "{name: contact.first_name}", Default::default())
            .await
            .expect("a preview");
        assert!(preview.errors.is_empty(), "{:?}", preview.errors);
        let took = started.elapsed();
        slowest = slowest.max(took);
        assert!(
            took < SCREEN_WITHIN,
            "the screens' reads took {took:?} during the flood"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let started = Instant::now();
    while target.request_count() < 10 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "only {} of 10 deliveries arrived during the floods",
            target.request_count()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let [first, second] = floods;
    let (ingest_stats, sandbox_stats) = (first.stop().await, second.stop().await);
    println!(
        "both floods: {} + {} flood connections; the log page, a detail and a preview took at \
         most {slowest:?} together; {busy} events were told 503 busy once",
        ingest_stats.connections.load(Ordering::Relaxed),
        sandbox_stats.connections.load(Ordering::Relaxed),
    );
    sandbox.stop().await;
}

/// A connection that never finishes its headers, and one that sends nothing, are closed once
/// the header timeout has passed; not long before, and not never.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_and_idle_time_are_bounded() {
    let h = harness().await;
    let server = start_ingest(h.db.pool.clone(), None, Secret::new(TOKEN), 0)
        .await
        .unwrap();
    let timeout = ServerLimits::LOCAL.header_timeout;
    let started = Instant::now();
    let mut idle = TcpStream::connect(server.addr).await.unwrap();
    let mut slow = TcpStream::connect(server.addr).await.unwrap();
    slow.write_all(b"POST /v1/events HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let stop = AtomicBool::new(false);
    let (idle_closed, slow_closed) = tokio::join!(
        async {
            let mut buf = [0u8; 64];
            let _ = tokio::time::timeout(timeout * 3, idle.read(&mut buf)).await;
            started.elapsed()
        },
        async {
            let _ = tokio::time::timeout(timeout * 3, slow_headers(&mut slow, &stop)).await;
            started.elapsed()
        }
    );
    for (what, closed) in [("idle", idle_closed), ("slow headers", slow_closed)] {
        assert!(
            closed >= timeout - Duration::from_millis(500) && closed < timeout * 2,
            "{what}: closed after {closed:?}, the header timeout is {timeout:?}"
        );
    }
}
