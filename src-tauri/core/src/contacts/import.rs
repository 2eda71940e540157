//! Importing sample contacts from CSV or JSON. Every row is checked first; one bad row means
//! nothing is imported, and every problem is reported with its row (or item) number.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::SqlitePool;
use ts_rs::TS;

use super::model::{ContactInput, SubscriptionState};
use crate::error::{AppError, AppResult};
use crate::ids::ContactId;
use crate::time::now_rfc3339;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ContactFileFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ContactImportReport {
    pub imported: usize,
}

const MAX_ROWS: usize = 10_000;

/// Parses and checks the whole file, then imports every contact in one transaction.
pub async fn import_contacts(
    pool: &SqlitePool,
    format: ContactFileFormat,
    text: &str,
) -> AppResult<ContactImportReport> {
    let parsed = match format {
        ContactFileFormat::Csv => parse_csv(text),
        ContactFileFormat::Json => parse_json(text),
    };
    let contacts = match parsed {
        Ok(contacts) => contacts,
        Err(problems) => {
            return Err(AppError::validation(format!(
                "Nothing was imported. Fix these problems and try again:\n- {}",
                problems.join("\n- ")
            )))
        }
    };
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let now = now_rfc3339();
    for contact in &contacts {
        let doc = serde_json::to_string(contact)
            .map_err(|e| AppError::internal(format!("cannot encode a contact: {e}")))?;
        sqlx::query(
            "INSERT INTO contacts (id, document, created_at, updated_at) VALUES (?, ?, ?, ?)",
        )
        .bind(ContactId::generate().as_str())
        .bind(doc)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(ContactImportReport {
        imported: contacts.len(),
    })
}

/// CSV with a header row. Columns: phone, first_name, last_name, entry_point, tags (separated
/// by `;`), subscriptions.transactional, subscriptions.marketing, custom_attributes.<key>
/// (dots nest: custom_attributes.loyalty.tier). Row numbers are the file's line numbers.
pub fn parse_csv(text: &str) -> Result<Vec<ContactInput>, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![format!("The header row cannot be read: {e}")]),
    };
    let mut problems = Vec::new();
    for name in headers.iter() {
        if column_kind(name).is_none() {
            problems.push(format!(
                "Unknown column \"{name}\". Use phone, first_name, last_name, entry_point, tags, \
                 subscriptions.transactional, subscriptions.marketing or custom_attributes.<key>"
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut contacts = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        if index >= MAX_ROWS {
            problems.push(format!("More than {MAX_ROWS} rows: split the file"));
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("Row {row}: {e}"));
                continue;
            }
        };
        match row_to_contact(&headers, &record) {
            Ok(contact) => match contact.normalised() {
                Ok(c) => contacts.push(c),
                Err(e) => problems.push(format!("Row {row}: {}", e.message)),
            },
            Err(message) => problems.push(format!("Row {row}: {message}")),
        }
    }
    if contacts.is_empty() && problems.is_empty() {
        problems.push("The file has a header row but no contacts".into());
    }
    if problems.is_empty() {
        Ok(contacts)
    } else {
        Err(problems)
    }
}

enum Column<'a> {
    Phone,
    FirstName,
    LastName,
    EntryPoint,
    Tags,
    Transactional,
    Marketing,
    Attribute(Vec<&'a str>),
}

fn column_kind(name: &str) -> Option<Column<'_>> {
    Some(match name {
        "phone" => Column::Phone,
        "first_name" => Column::FirstName,
        "last_name" => Column::LastName,
        "entry_point" => Column::EntryPoint,
        "tags" => Column::Tags,
        "subscriptions.transactional" => Column::Transactional,
        "subscriptions.marketing" => Column::Marketing,
        other => {
            let path: Vec<&str> = other
                .strip_prefix("custom_attributes.")?
                .split('.')
                .collect();
            if path.iter().any(|p| p.is_empty()) {
                return None;
            }
            Column::Attribute(path)
        }
    })
}

fn row_to_contact(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
) -> Result<ContactInput, String> {
    let mut contact = ContactInput::default();
    for (name, value) in headers.iter().zip(record.iter()) {
        let text = || (!value.is_empty()).then(|| value.to_owned());
        match column_kind(name) {
            Some(Column::Phone) => contact.phone = text(),
            Some(Column::FirstName) => contact.first_name = text(),
            Some(Column::LastName) => contact.last_name = text(),
            Some(Column::EntryPoint) => contact.entry_point = text(),
            Some(Column::Tags) => {
                contact.tags = value.split(';').map(|t| t.trim().to_owned()).collect()
            }
            Some(Column::Transactional) => {
                contact.subscriptions.transactional = subscription(name, value)?
            }
            Some(Column::Marketing) => contact.subscriptions.marketing = subscription(name, value)?,
            Some(Column::Attribute(path)) if !value.is_empty() => {
                insert_path(&mut contact.custom_attributes, &path, typed(value)).map_err(|()| {
                    format!("column {name} clashes with another custom attribute column")
                })?;
            }
            Some(Column::Attribute(_)) | None => {}
        }
    }
    Ok(contact)
}

fn subscription(column: &str, value: &str) -> Result<SubscriptionState, String> {
    match value {
        "" | "never_subscribed" => Ok(SubscriptionState::NeverSubscribed),
        "subscribed" => Ok(SubscriptionState::Subscribed),
        "unsubscribed" => Ok(SubscriptionState::Unsubscribed),
        other => Err(format!(
            "{column} is \"{other}\"; use subscribed, unsubscribed or never_subscribed"
        )),
    }
}

/// Numbers and booleans keep their type, so `points` compares as a number in rules.
fn typed(value: &str) -> Value {
    match value {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => value
            .parse::<i64>()
            .map(Value::from)
            .ok()
            .or_else(|| {
                value
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite() && value.contains('.'))
                    .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
            })
            .unwrap_or_else(|| Value::String(value.to_owned())),
    }
}

fn insert_path(map: &mut Map<String, Value>, path: &[&str], value: Value) -> Result<(), ()> {
    match path {
        [] => Err(()),
        [last] => {
            map.insert((*last).to_owned(), value);
            Ok(())
        }
        [first, rest @ ..] => {
            let entry = map
                .entry((*first).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            match entry {
                Value::Object(inner) => insert_path(inner, rest, value),
                _ => Err(()),
            }
        }
    }
}

/// A JSON array of contacts with the same fields as the form.
pub fn parse_json(text: &str) -> Result<Vec<ContactInput>, Vec<String>> {
    let items: Vec<Value> = match serde_json::from_str(text) {
        Ok(Value::Array(items)) => items,
        Ok(_) => {
            return Err(vec![
                "The file must hold a JSON array of contacts: [ {…}, {…} ]".into(),
            ])
        }
        Err(e) => {
            return Err(vec![format!(
                "The file is not valid JSON: {e} (line {}, column {})",
                e.line(),
                e.column()
            )])
        }
    };
    if items.is_empty() {
        return Err(vec!["The file holds no contacts".into()]);
    }
    if items.len() > MAX_ROWS {
        return Err(vec![format!(
            "More than {MAX_ROWS} contacts: split the file"
        )]);
    }
    const FIELDS: [&str; 8] = [
        "id",
        "phone",
        "first_name",
        "last_name",
        "entry_point",
        "tags",
        "custom_attributes",
        "subscriptions",
    ];
    let mut problems = Vec::new();
    let mut contacts = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let n = index + 1;
        if let Some(unknown) = item
            .as_object()
            .and_then(|o| o.keys().find(|k| !FIELDS.contains(&k.as_str())).cloned())
        {
            problems.push(format!("Contact {n}: unknown field \"{unknown}\""));
            continue;
        }
        match serde_json::from_value::<ContactInput>(item) {
            Ok(contact) => match contact.normalised() {
                Ok(c) => contacts.push(c),
                Err(e) => problems.push(format!("Contact {n}: {}", e.message)),
            },
            Err(e) => problems.push(format!("Contact {n}: {e}")),
        }
    }
    if problems.is_empty() {
        Ok(contacts)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_columns_map_to_fields_with_nested_typed_attributes() {
        let csv = "phone,first_name,tags,custom_attributes.email,custom_attributes.loyalty.tier,custom_attributes.loyalty.points,subscriptions.marketing\n\
                   +447700900123,Zoë,vip; newsletter ,zoe@example.com,gold,1280,subscribed\n\
                   +14155550100,,,,,,\n";
        let contacts = parse_csv(csv).unwrap();
        assert_eq!(contacts.len(), 2);
        assert_eq!(contacts[0].tags, ["vip", "newsletter"]);
        assert_eq!(
            Value::Object(contacts[0].custom_attributes.clone()),
            serde_json::json!({"email": "zoe@example.com", "loyalty": {"tier": "gold", "points": 1280}})
        );
        assert_eq!(
            contacts[0].subscriptions.marketing,
            SubscriptionState::Subscribed
        );
        assert_eq!(contacts[1].first_name, None);
        assert!(contacts[1].custom_attributes.is_empty());
    }

    #[test]
    fn every_bad_row_is_named_by_its_line() {
        let csv = "phone,first_name,subscriptions.marketing\n\
                   +447700900123,Ann,subscribed\n\
                   07700,Bob,subscribed\n\
                   +14155550100,Cy,maybe\n";
        let problems = parse_csv(csv).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("Row 3:") && problems[0].contains("E.164"),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].starts_with("Row 4:") && problems[1].contains("maybe"),
            "{}",
            problems[1]
        );
    }

    #[test]
    fn unknown_columns_and_ragged_rows_are_refused() {
        assert!(
            parse_csv("phone,email\n+447700900123,a@b.c\n").unwrap_err()[0].contains("\"email\"")
        );
        let problems = parse_csv("phone,first_name\n+447700900123\n").unwrap_err();
        assert!(problems[0].starts_with("Row 2:"), "{problems:?}");
    }

    #[test]
    fn json_items_are_checked_one_by_one() {
        let ok =
            parse_json(r#"[{"first_name": "Ann", "tags": ["a"]}, {"phone": "+447700900123"}]"#)
                .unwrap();
        assert_eq!(ok.len(), 2);
        let problems =
            parse_json(r#"[{"first_name": "Ann"}, {"phone": "123"}, {"nick": "x"}]"#).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert!(problems[0].starts_with("Contact 2:"));
        assert!(problems[1].contains("\"nick\""));
        assert!(parse_json("{}").unwrap_err()[0].contains("array"));
        assert!(parse_json("[{").unwrap_err()[0].contains("line 1"));
    }
}
