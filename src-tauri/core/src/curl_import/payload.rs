//! A JSON body turned into a payload expression: a JMESPath multi-select hash whose values are
//! literals (`'text'`, `` `42` ``), so the expression renders to the same body; and the values
//! that look like a sample contact's email, phone or name, offered for binding to the contact.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::credentials::is_key_name;
use crate::contacts::sample_contacts;

/// A literal of the body that could come from the contact instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BindingSuggestion {
    /// Where the value is in the body, e.g. `data.attributes.email` or `to[0].email`.
    pub path: String,
    /// The value as the command has it.
    pub literal: String,
    /// What to use instead, e.g. `contact.custom_attributes.email`.
    pub expression: String,
    /// Why this is suggested, in words.
    pub reason: String,
    /// True when the payload expression uses `expression` rather than the literal.
    pub applied: bool,
}

/// Writes `value` as an expression; a value whose path is a key of `bound` is replaced by
/// that expression.
pub fn to_expression(value: &Value, bound: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    write(value, "", bound, 0, &mut out);
    out
}

fn write(
    value: &Value,
    path: &str,
    bound: &BTreeMap<String, String>,
    depth: usize,
    out: &mut String,
) {
    if let Some(expression) = bound.get(path) {
        out.push_str(expression);
        return;
    }
    let indent = "  ".repeat(depth + 1);
    let close = "  ".repeat(depth);
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            for (i, (key, item)) in map.iter().enumerate() {
                out.push_str(&indent);
                out.push_str(&key_text(key));
                out.push_str(": ");
                write(item, &join_key(path, key), bound, depth + 1, out);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&close);
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&indent);
                write(item, &format!("{path}[{i}]"), bound, depth + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&close);
            out.push(']');
        }
        other => out.push_str(&literal(other)),
    }
}

/// A literal for one value: a raw string `'…'` where it can be, else a JSON literal.
pub fn literal(value: &Value) -> String {
    match value {
        // Raw strings pass backslashes through, so only strings without one are written raw.
        Value::String(s) if !s.contains('\\') => format!("'{}'", s.replace('\'', "\\'")),
        other => format!("`{}`", other.to_string().replace('`', "\\`")),
    }
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A key of a multi-select hash: bare when it is an identifier, else a quoted identifier
/// (JSON string syntax).
fn key_text(key: &str) -> String {
    if is_identifier(key) {
        key.to_owned()
    } else {
        Value::String(key.to_owned()).to_string()
    }
}

fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key_text(key)
    } else {
        format!("{path}.{}", key_text(key))
    }
}

/// Paths of body fields whose name says they hold a credential (`writeKey`, `api_key`, …).
pub fn credential_paths(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![(value, String::new())];
    while let Some((node, path)) = pending.pop() {
        match node {
            Value::Object(map) => {
                for (k, item) in map {
                    let bare = k.to_ascii_lowercase().replace(['_', '-'], "");
                    let credential = is_key_name(k)
                        || [
                            "writekey",
                            "routingkey",
                            "password",
                            "apikey",
                            "accesstoken",
                        ]
                        .contains(&bare.as_str());
                    if credential && item.is_string() {
                        out.push(join_key(&path, k));
                    } else {
                        pending.push((item, join_key(&path, k)));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    pending.push((item, format!("{path}[{i}]")));
                }
            }
            _ => {}
        }
    }
    out.sort();
    out
}

/// Every string of the body that looks like a contact's email, phone or name.
pub fn suggestions(value: &Value) -> Vec<BindingSuggestion> {
    let samples = SampleValues::new();
    let mut out = Vec::new();
    walk(value, "", "", &samples, &mut out);
    out
}

fn walk(
    value: &Value,
    path: &str,
    key: &str,
    samples: &SampleValues,
    out: &mut Vec<BindingSuggestion>,
) {
    match value {
        Value::Object(map) => {
            for (k, item) in map {
                walk(item, &join_key(path, k), k, samples, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), key, samples, out);
            }
        }
        Value::String(text) => {
            if let Some((expression, reason)) = suggest(text, key, samples) {
                out.push(BindingSuggestion {
                    path: path.to_owned(),
                    literal: text.clone(),
                    expression: expression.to_owned(),
                    reason,
                    applied: false,
                });
            }
        }
        _ => {}
    }
}

const EMAIL: &str = "contact.custom_attributes.email";
const PHONE: &str = "contact.phone";
const FIRST_NAME: &str = "contact.first_name";
const LAST_NAME: &str = "contact.last_name";
const FULL_NAME: &str = "join(' ', [contact.first_name, contact.last_name])";

fn suggest(text: &str, key: &str, samples: &SampleValues) -> Option<(&'static str, String)> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(who) = samples.find(&samples.emails, text) {
        return Some((EMAIL, format!("the email of the sample contact {who}")));
    }
    if let Some(who) = samples.find(&samples.phones, text) {
        return Some((PHONE, format!("the phone of the sample contact {who}")));
    }
    if let Some(who) = samples.find(&samples.first_names, text) {
        return Some((
            FIRST_NAME,
            format!("the first name of the sample contact {who}"),
        ));
    }
    if let Some(who) = samples.find(&samples.last_names, text) {
        return Some((
            LAST_NAME,
            format!("the last name of the sample contact {who}"),
        ));
    }
    if let Some(who) = samples.find(&samples.full_names, text) {
        return Some((FULL_NAME, format!("the name of the sample contact {who}")));
    }
    let key = key.to_ascii_lowercase().replace(['_', '-', ' '], "");
    if looks_like_email(text) {
        return Some((EMAIL, "it looks like an email address".into()));
    }
    if looks_like_phone(text)
        || (key.contains("phone") && text.chars().filter(char::is_ascii_digit).count() >= 7)
    {
        return Some((PHONE, "it looks like a phone number".into()));
    }
    match key.as_str() {
        "firstname" | "fname" | "givenname" | "first" => Some((
            FIRST_NAME,
            format!("the field \"{key}\" holds a first name"),
        )),
        "lastname" | "lname" | "surname" | "familyname" | "last" => {
            Some((LAST_NAME, format!("the field \"{key}\" holds a last name")))
        }
        "name" | "fullname" | "displayname" if text.contains(' ') && !text.contains('{') => Some((
            FULL_NAME,
            format!("the field \"{key}\" holds a person's name"),
        )),
        _ => None,
    }
}

fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !local.contains(char::is_whitespace)
                && domain.contains('.')
                && !domain.contains(['@', ' '])
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

fn looks_like_phone(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('+') else {
        return false;
    };
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    (8..=15).contains(&digits)
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || " -().".contains(c))
}

/// The sample contacts' values, each with the contact's name for the report.
struct SampleValues {
    emails: Vec<(String, String)>,
    phones: Vec<(String, String)>,
    first_names: Vec<(String, String)>,
    last_names: Vec<(String, String)>,
    full_names: Vec<(String, String)>,
}

impl SampleValues {
    fn new() -> Self {
        let mut s = Self {
            emails: Vec::new(),
            phones: Vec::new(),
            first_names: Vec::new(),
            last_names: Vec::new(),
            full_names: Vec::new(),
        };
        for c in sample_contacts() {
            let who = match (&c.first_name, &c.last_name) {
                (Some(f), Some(l)) => format!("{f} {l}"),
                (Some(f), None) => f.clone(),
                _ => c.phone.clone().unwrap_or_default(),
            };
            if let Some(Value::String(email)) = c.custom_attributes.get("email") {
                s.emails.push((email.clone(), who.clone()));
            }
            if let Some(phone) = &c.phone {
                s.phones.push((phone.clone(), who.clone()));
            }
            if let Some(f) = &c.first_name {
                s.first_names.push((f.clone(), who.clone()));
            }
            if let Some(l) = &c.last_name {
                s.last_names.push((l.clone(), who.clone()));
            }
            if c.first_name.is_some() && c.last_name.is_some() {
                s.full_names.push((who.clone(), who.clone()));
            }
        }
        s
    }

    fn find<'a>(&self, list: &'a [(String, String)], text: &str) -> Option<&'a str> {
        list.iter()
            .find(|(value, _)| value.eq_ignore_ascii_case(text))
            .map(|(_, who)| who.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn credentials_in_the_body_are_found() {
        let body = json!({"writeKey": "abc", "routing_key": "r", "data": [{"token": "t"}], "n": 1});
        assert_eq!(
            credential_paths(&body),
            ["data[0].token", "routing_key", "writeKey"]
        );
    }

    #[test]
    fn literals_are_written_so_they_read_back() {
        assert_eq!(literal(&json!("it's")), "'it\\'s'");
        assert_eq!(literal(&json!("a\\b")), "`\"a\\\\b\"`");
        assert_eq!(literal(&json!(42)), "`42`");
        assert_eq!(literal(&json!(null)), "`null`");
        assert_eq!(literal(&json!("tick`")), "'tick`'");
    }

    #[test]
    fn keys_are_quoted_when_not_identifiers() {
        let expr = to_expression(&json!({"a-b": 1, "ok": {"x y": "z"}}), &BTreeMap::new());
        assert_eq!(
            expr,
            "{\n  \"a-b\": `1`,\n  ok: {\n    \"x y\": 'z'\n  }\n}"
        );
    }

    #[test]
    fn bound_paths_use_the_expression() {
        let body = json!({"to": [{"email": "x@y.test"}], "n": 1});
        let sugg = suggestions(&body);
        assert_eq!(sugg.len(), 1);
        assert_eq!(sugg[0].path, "to[0].email");
        let bound = BTreeMap::from([(sugg[0].path.clone(), sugg[0].expression.clone())]);
        assert!(to_expression(&body, &bound).contains("email: contact.custom_attributes.email"));
    }

    #[test]
    fn sample_contact_values_are_recognised() {
        let body = json!({
            "e": "marcus@example.com",
            "p": "+447700900123",
            "first": "Zoë",
            "full": "Marcus O'Neill",
            "FNAME": "Jane",
            "name": "Jane Doe",
            "phone_number": "(555) 123-4567",
            "status": "subscribed"
        });
        let found: BTreeMap<String, String> = suggestions(&body)
            .into_iter()
            .map(|s| (s.path, s.expression))
            .collect();
        assert_eq!(found["e"], EMAIL);
        assert_eq!(found["p"], PHONE);
        assert_eq!(found["first"], FIRST_NAME);
        assert_eq!(found["full"], FULL_NAME);
        assert_eq!(found["FNAME"], FIRST_NAME);
        assert_eq!(found["name"], FULL_NAME);
        assert_eq!(found["phone_number"], PHONE);
        assert!(!found.contains_key("status"));
    }
}
