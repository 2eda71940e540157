//! Exporting the filtered log as CSV (for a spreadsheet) or NDJSON (one delivery summary per
//! line, for scripts). Read page by page so memory stays flat however long the list is.

use std::io::Write;

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use ts_rs::TS;

use super::cursor::DeliveryCursor;
use super::filter::DeliveryFilter;
use super::list::list_rows;
use crate::engine::DeliverySummary;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryExportFormat {
    Csv,
    Ndjson,
}

impl DeliveryExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Ndjson => "ndjson",
        }
    }
}

/// Where an export of the log was written and how many deliveries it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeliveryExportResult {
    pub path: String,
    #[ts(type = "number")]
    pub count: u64,
}

pub const CSV_COLUMNS: [&str; 18] = [
    "delivery_id",
    "created_at",
    "state",
    "status",
    "http_code",
    "duration_ms",
    "attempts",
    "destination_id",
    "destination",
    "rule_id",
    "rule",
    "event_id",
    "event_type",
    "contact_id",
    "contact",
    "method",
    "url",
    "source",
];

const PAGE: u32 = 1000;

fn rfc3339(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula; a leading
/// quote keeps contact-supplied text inert.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn csv_record(s: &DeliverySummary) -> Vec<String> {
    let opt = |v: &Option<String>| cell(v.as_deref().unwrap_or(""));
    vec![
        s.id.to_string(),
        rfc3339(s.created_at),
        s.state_label().to_owned(),
        s.last_category.map(|c| c.label()).unwrap_or("").to_owned(),
        s.last_http_status
            .map(|c| c.to_string())
            .unwrap_or_default(),
        s.last_duration_ms
            .map(|c| c.to_string())
            .unwrap_or_default(),
        s.attempt_count.to_string(),
        s.destination_id.to_string(),
        cell(&s.destination_name),
        opt(&s.rule_id.as_ref().map(ToString::to_string)),
        opt(&s.rule_name),
        s.event_id.to_string(),
        cell(&s.event_type),
        opt(&s.contact_id),
        opt(&s.contact_name),
        s.method.clone(),
        cell(&s.url),
        serde_json::to_value(s.source)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
    ]
}

fn io_error(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("Could not write the export: {e}"))
}

/// Writes every delivery of the filter, newest first. Returns how many.
pub async fn export_deliveries(
    pool: &SqlitePool,
    filter: &DeliveryFilter,
    format: DeliveryExportFormat,
    out: impl Write,
) -> AppResult<u64> {
    let mut count = 0u64;
    let mut after: Option<DeliveryCursor> = None;
    match format {
        DeliveryExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(CSV_COLUMNS).map_err(io_error)?;
            loop {
                let rows = list_rows(pool, filter, after.as_ref(), PAGE).await?;
                for row in &rows {
                    writer
                        .write_record(csv_record(&row.summary()?))
                        .map_err(io_error)?;
                    count += 1;
                }
                match next_cursor(&rows) {
                    Some(c) => after = Some(c),
                    None => break,
                }
            }
            writer.flush().map_err(io_error)?;
        }
        DeliveryExportFormat::Ndjson => {
            let mut out = std::io::BufWriter::new(out);
            loop {
                let rows = list_rows(pool, filter, after.as_ref(), PAGE).await?;
                for row in &rows {
                    serde_json::to_writer(&mut out, &row.summary()?).map_err(io_error)?;
                    out.write_all(b"\n").map_err(io_error)?;
                    count += 1;
                }
                match next_cursor(&rows) {
                    Some(c) => after = Some(c),
                    None => break,
                }
            }
            out.flush().map_err(io_error)?;
        }
    }
    Ok(count)
}

fn next_cursor(rows: &[crate::engine::DeliveryRow]) -> Option<DeliveryCursor> {
    if rows.len() < PAGE as usize {
        return None;
    }
    rows.last().map(|r| DeliveryCursor {
        created_at: r.created_at,
        id: r.id.to_string(),
    })
}

/// The file name of an export made now, without its extension: `api-deliveries-20261127101500`.
pub fn export_file_stem(now_ms: i64) -> String {
    let stamp: String = rfc3339(now_ms)
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    format!("api-deliveries-{stamp}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_made_inert() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("Zoë"), "Zoë");
    }

    #[test]
    fn file_names_carry_the_time() {
        assert_eq!(export_file_stem(0), "api-deliveries-19700101000000");
    }
}
