//! A contact and the team, as stored and as they appear in the render context.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::error::AppError;
use crate::ids::ContactId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionState {
    Subscribed,
    Unsubscribed,
    #[default]
    NeverSubscribed,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Subscriptions {
    #[serde(default)]
    pub transactional: SubscriptionState,
    #[serde(default)]
    pub marketing: SubscriptionState,
}

/// A contact's fields, as the form and the importers send them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
pub struct ContactInput {
    /// E.164, e.g. `+447700900123`.
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub entry_point: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    #[ts(type = "Record<string, unknown>")]
    pub custom_attributes: Map<String, Value>,
    #[serde(default)]
    pub subscriptions: Subscriptions,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Contact {
    pub id: ContactId,
    #[serde(flatten)]
    #[ts(flatten)]
    pub fields: ContactInput,
}

/// The workspace profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Team {
    pub id: String,
    pub name: String,
    #[serde(default)]
    #[ts(type = "Record<string, unknown>")]
    pub custom_attributes: Map<String, Value>,
}

pub const MAX_TAGS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 200;
pub const MAX_ATTRIBUTES_BYTES: usize = 256 * 1024;

impl ContactInput {
    /// Trims text fields, drops empty ones, and checks every field; the message names it.
    pub fn normalised(mut self) -> Result<Self, AppError> {
        for (label, field) in [
            ("First name", &mut self.first_name),
            ("Last name", &mut self.last_name),
            ("Entry point", &mut self.entry_point),
            ("Phone", &mut self.phone),
        ] {
            if let Some(text) = field.take() {
                let text = text.trim().to_owned();
                if text.chars().count() > MAX_TEXT_CHARS {
                    return Err(AppError::validation(format!(
                        "{label} is too long: at most {MAX_TEXT_CHARS} characters"
                    )));
                }
                if text.chars().any(char::is_control) {
                    return Err(AppError::validation(format!(
                        "{label} may not contain control characters"
                    )));
                }
                *field = (!text.is_empty()).then_some(text);
            }
        }
        if let Some(phone) = &self.phone {
            if !is_e164(phone) {
                return Err(AppError::validation(format!(
                    "Phone \"{phone}\" is not in E.164 form: a + then the country code and number, 8 to 15 digits, e.g. +447700900123"
                )));
            }
        }
        let mut tags: Vec<String> = Vec::new();
        for tag in self.tags.drain(..) {
            let tag = tag.trim().to_owned();
            if tag.is_empty() || tags.contains(&tag) {
                continue;
            }
            if tag.chars().count() > 100 || tag.chars().any(char::is_control) {
                return Err(AppError::validation(format!(
                    "Tag \"{tag}\" is too long or has control characters"
                )));
            }
            tags.push(tag);
        }
        if tags.len() > MAX_TAGS {
            return Err(AppError::validation(format!("At most {MAX_TAGS} tags")));
        }
        self.tags = tags;
        let size = serde_json::to_vec(&self.custom_attributes)
            .map(|v| v.len())
            .unwrap_or(usize::MAX);
        if size > MAX_ATTRIBUTES_BYTES {
            return Err(AppError::validation(format!(
                "Custom attributes are {} KB; at most {} KB",
                size / 1024,
                MAX_ATTRIBUTES_BYTES / 1024
            )));
        }
        Ok(self)
    }
}

impl Contact {
    /// The contact as expressions see it: every documented field present (null when unset).
    pub fn to_context(&self) -> Value {
        serde_json::json!({
            "id": self.id.as_str(),
            "phone": self.fields.phone,
            "first_name": self.fields.first_name,
            "last_name": self.fields.last_name,
            "entry_point": self.fields.entry_point,
            "tags": self.fields.tags,
            "custom_attributes": self.fields.custom_attributes,
            "subscriptions": self.fields.subscriptions,
        })
    }
}

impl Team {
    pub fn to_context(&self) -> Value {
        serde_json::json!({
            "id": self.id,
            "name": self.name,
            "custom_attributes": self.custom_attributes,
        })
    }
}

pub fn is_e164(phone: &str) -> bool {
    let Some(digits) = phone.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_must_be_e164() {
        assert!(is_e164("+447700900123"));
        assert!(is_e164("+14155550100"));
        assert!(!is_e164("07700900123"));
        assert!(!is_e164("+44 7700 900123"));
        assert!(!is_e164("+0123456789"));
        assert!(!is_e164("+1234567"));
    }

    #[test]
    fn normalising_trims_dedupes_and_names_bad_fields() {
        let input = ContactInput {
            first_name: Some("  Zoë ".into()),
            last_name: Some("   ".into()),
            tags: vec!["vip".into(), " vip ".into(), "".into(), "new".into()],
            ..ContactInput::default()
        }
        .normalised()
        .unwrap();
        assert_eq!(input.first_name.as_deref(), Some("Zoë"));
        assert_eq!(input.last_name, None);
        assert_eq!(input.tags, ["vip", "new"]);

        let err = ContactInput {
            phone: Some("0770".into()),
            ..ContactInput::default()
        }
        .normalised()
        .unwrap_err();
        assert!(err.message.contains("E.164"), "{}", err.message);
    }
}
