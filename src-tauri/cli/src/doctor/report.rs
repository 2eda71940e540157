//! The doctor's report: one check per part, as stable JSON and as lines for a person.

use serde::Serialize;

use super::database::{DatabaseDetails, DeliveryCounts};
use super::folder::FolderDetails;
use super::keyring::KeyringDetails;
use super::lock::LockDetails;
use super::logs::LogDetails;
use super::servers::ServerDetails;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Warning,
    Problem,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Warning => "WARNING",
            Status::Problem => "PROBLEM",
        }
    }
}

/// One check: its verdict, one sentence about it, what to do (for a warning or problem), and
/// the facts it found (flattened into the same JSON object).
#[derive(Debug, Serialize)]
pub struct Check<T: Serialize> {
    pub status: Status,
    pub message: String,
    pub fix: Option<String>,
    #[serde(flatten)]
    pub details: T,
}

impl<T: Serialize> Check<T> {
    pub fn ok(message: impl Into<String>, details: T) -> Self {
        Self {
            status: Status::Ok,
            message: message.into(),
            fix: None,
            details,
        }
    }

    pub fn warning(message: impl Into<String>, fix: impl Into<String>, details: T) -> Self {
        Self {
            status: Status::Warning,
            message: message.into(),
            fix: Some(fix.into()),
            details,
        }
    }

    pub fn problem(message: impl Into<String>, fix: impl Into<String>, details: T) -> Self {
        Self {
            status: Status::Problem,
            message: message.into(),
            fix: Some(fix.into()),
            details,
        }
    }
}

/// The whole report. Its JSON shape is documented in the README and kept stable: fields may be
/// added, none renamed or removed.
#[derive(Debug, Serialize)]
pub struct Report {
    /// True when no check is a problem (the exit status is then 0).
    pub ok: bool,
    pub version: &'static str,
    pub data_folder: Check<FolderDetails>,
    pub database: Check<DatabaseDetails>,
    pub keyring: Check<KeyringDetails>,
    pub engine_lock: Check<LockDetails>,
    pub deliveries: Check<DeliveryCounts>,
    pub ingest_endpoint: Check<ServerDetails>,
    pub sandbox: Check<ServerDetails>,
    pub logs: Check<LogDetails>,
}

/// The two local servers' checks.
pub struct Servers {
    pub ingest: Check<ServerDetails>,
    pub sandbox: Check<ServerDetails>,
}

impl Report {
    pub fn new(
        data_folder: Check<FolderDetails>,
        database: Check<DatabaseDetails>,
        keyring: Check<KeyringDetails>,
        engine_lock: Check<LockDetails>,
        deliveries: Check<DeliveryCounts>,
        servers: Servers,
        logs: Check<LogDetails>,
    ) -> Self {
        let worst = [
            data_folder.status,
            database.status,
            keyring.status,
            engine_lock.status,
            deliveries.status,
            servers.ingest.status,
            servers.sandbox.status,
            logs.status,
        ]
        .into_iter()
        .max()
        .unwrap_or(Status::Ok);
        Self {
            ok: worst < Status::Problem,
            version: env!("CARGO_PKG_VERSION"),
            data_folder,
            database,
            keyring,
            engine_lock,
            deliveries,
            ingest_endpoint: servers.ingest,
            sandbox: servers.sandbox,
            logs,
        }
    }

    fn lines(&self) -> [(&'static str, Status, &str, Option<&str>); 8] {
        [
            line("data folder", &self.data_folder),
            line("database", &self.database),
            line("keyring", &self.keyring),
            line("engine lock", &self.engine_lock),
            line("deliveries", &self.deliveries),
            line("ingest", &self.ingest_endpoint),
            line("sandbox", &self.sandbox),
            line("logs", &self.logs),
        ]
    }

    pub fn to_text(&self) -> String {
        let mut out = Vec::new();
        let (mut problems, mut warnings) = (0, 0);
        for (name, status, message, fix) in self.lines() {
            out.push(format!("{:<8} {:<12} {message}", status.label(), name));
            if let Some(fix) = fix {
                out.push(format!("{:<8} {:<12} fix: {fix}", "", ""));
            }
            match status {
                Status::Problem => problems += 1,
                Status::Warning => warnings += 1,
                Status::Ok => {}
            }
        }
        out.push(match (problems, warnings) {
            (0, 0) => "All is well.".to_owned(),
            (0, w) => format!("No problems; {w} warning(s)."),
            (p, w) => format!("{p} problem(s), {w} warning(s)."),
        });
        out.join("\n")
    }
}

fn line<'a, T: Serialize>(
    name: &'static str,
    check: &'a Check<T>,
) -> (&'static str, Status, &'a str, Option<&'a str>) {
    (name, check.status, &check.message, check.fix.as_deref())
}
