//! The local servers' checks: the ingest endpoint and the sandbox receiver. Both run inside the
//! app while it is open; the check reads their switch and port from the settings and asks the
//! port whether it is them that answers.

use std::collections::BTreeMap;
use std::time::Duration;

use apidest_core::event_intake::DEFAULT_INGEST_PORT;
use apidest_core::sandbox::{DEFAULT_PORT as SANDBOX_DEFAULT_PORT, KEY_HEADER};
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::report::Check;

#[derive(Debug, Serialize)]
pub struct ServerDetails {
    /// The switch in Settings; `null` when the database could not be read.
    pub enabled: Option<bool>,
    pub port: u16,
    /// What answers on 127.0.0.1:port now: "app" (this server), "other" (another program),
    /// "nothing".
    pub answering: &'static str,
}

/// Which of the two servers.
#[derive(Clone, Copy)]
pub enum Server {
    Ingest,
    Sandbox,
}

impl Server {
    fn name(self) -> &'static str {
        match self {
            Server::Ingest => "The ingest endpoint",
            Server::Sandbox => "The sandbox receiver",
        }
    }

    fn settings(self) -> (&'static str, &'static str, u16) {
        match self {
            Server::Ingest => ("ingest_enabled", "ingest_port", DEFAULT_INGEST_PORT),
            Server::Sandbox => ("sandbox_enabled", "sandbox_port", SANDBOX_DEFAULT_PORT),
        }
    }

    fn settings_place(self) -> &'static str {
        match self {
            Server::Ingest => "Settings › Ingest endpoint",
            Server::Sandbox => "Settings › Sandbox receiver",
        }
    }

    /// A request only this server answers in its own way: the ingest endpoint's health
    /// route, and the sandbox's refusal naming its key header.
    fn probe(self) -> (&'static str, &'static str) {
        match self {
            Server::Ingest => ("GET /v1/health", r#"{"ok":true}"#),
            Server::Sandbox => ("GET /doctor", KEY_HEADER),
        }
    }
}

/// `settings` is the app's settings table (`None` when the database could not be read);
/// `app_running` whether the engine lock is held (the app or `apidest work` is open).
pub async fn check(
    server: Server,
    settings: Option<&BTreeMap<String, String>>,
    app_running: bool,
) -> Check<ServerDetails> {
    let (enabled_key, port_key, default_port) = server.settings();
    let enabled = settings.map(|s| s.get(enabled_key).map(String::as_str) == Some("true"));
    let port = settings
        .and_then(|s| s.get(port_key))
        .and_then(|p| p.parse().ok())
        .unwrap_or(default_port);
    let answering = answering(server, port).await;
    let details = ServerDetails {
        enabled,
        port,
        answering,
    };
    let name = server.name();
    let place = server.settings_place();
    match (enabled, answering) {
        (None, _) => Check::warning(
            format!("{name}: its setting could not be read (see the database check)."),
            "Fix the database problem first.",
            details,
        ),
        (Some(false), "other") => Check::ok(
            format!("{name} is off; port {port} is used by another program."),
            details,
        ),
        (Some(false), _) => Check::ok(format!("{name} is off."), details),
        (Some(true), "app") => Check::ok(
            format!("{name} is on and answers at http://127.0.0.1:{port}."),
            details,
        ),
        (Some(true), "other") => Check::problem(
            format!("{name} is on, but another program answers on port {port}."),
            format!("Stop that program, or enter another port in {place} and switch it on again."),
            details,
        ),
        (Some(true), _) if app_running => Check::problem(
            format!("{name} is on, but nothing answers on port {port}."),
            format!("Open {place} in the app to see why it is not running (a busy port?) and switch it on again."),
            details,
        ),
        (Some(true), _) => Check::warning(
            format!("{name} is on, but the app is not open, so nothing answers on port {port}."),
            "Open the app: it runs only while the app is open.",
            details,
        ),
    }
}

/// Who answers on 127.0.0.1:port, within a second.
async fn answering(server: Server, port: u16) -> &'static str {
    let exchange = async {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
        let (request, mark) = server.probe();
        let sent = format!("{request} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        if stream.write_all(sent.as_bytes()).await.is_err() {
            return Some("other");
        }
        let mut answer = Vec::new();
        let _ = stream.take(64 * 1024).read_to_end(&mut answer).await;
        let answer = String::from_utf8_lossy(&answer);
        Some(if answer.contains(mark) {
            "app"
        } else {
            "other"
        })
    };
    match tokio::time::timeout(Duration::from_secs(1), exchange).await {
        Ok(Some(who)) => who,
        Ok(None) => "nothing",
        // Connected but silent: not ours (ours answer at once).
        Err(_) => "other",
    }
}
