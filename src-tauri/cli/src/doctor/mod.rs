//! `apidest doctor`: checks the data folder, database, keyring, engine lock, delivery queue and
//! the local servers (ingest endpoint, sandbox receiver), says where the logs are and what to do
//! about each problem, and exits 0 only when nothing is a problem.
//!
//! Every check ends as `ok`, `warning` (worth knowing, nothing is broken: the exit status stays
//! 0) or `problem` (something does not work until someone acts: exit status 1). The doctor
//! writes nothing to the database and creates no file (the keyring check stores and removes
//! one throw-away entry, as the app's own check does).

mod database;
mod folder;
mod keyring;
mod lock;
mod logs;
mod report;
mod servers;

use crate::args::{DataArgs, DoctorArgs};
use crate::data::data_dir;

use report::{Report, Servers};

/// Runs every check; the text (or JSON) report and whether all is well.
pub async fn run(args: &DataArgs, doctor: DoctorArgs) -> Result<(String, bool), String> {
    let dir = data_dir(args)?;
    let data_folder = folder::check(&dir);
    let (database, db_facts) = database::check(&dir).await;
    let engine_lock = lock::check(&dir);
    let engine_running = engine_lock.details.held == Some(true);
    let keyring = keyring::check(db_facts.as_ref().map(|f| f.auth_configs)).await;
    let deliveries = database::deliveries_check(db_facts.as_ref(), engine_running);
    let settings = db_facts.as_ref().map(|f| &f.settings);
    let ingest = servers::check(servers::Server::Ingest, settings, engine_running).await;
    let sandbox = servers::check(servers::Server::Sandbox, settings, engine_running).await;
    let logs = logs::check(crate::logging::log_dir(args).as_deref());
    let report = Report::new(
        data_folder,
        database,
        keyring,
        engine_lock,
        deliveries,
        Servers { ingest, sandbox },
        logs,
    );
    let ok = report.ok;
    let text = if doctor.json {
        serde_json::to_string_pretty(&report).map_err(|e| format!("apidest: {e}"))?
    } else {
        report.to_text()
    };
    Ok((text, ok))
}
