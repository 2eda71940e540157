//! Sample event data per trigger type, shipped as data (`sample_events.json`): what the rule
//! editor's preview renders `event.data` with until the user edits it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{json, Value};
use ts_rs::TS;

const SAMPLES_JSON: &str = include_str!("sample_events.json");

/// Every catalog event type's sample data.
pub fn sample_events() -> &'static BTreeMap<String, Value> {
    static SAMPLES: OnceLock<BTreeMap<String, Value>> = OnceLock::new();
    // The file is part of the build and checked by a test, so an unreadable one is a bug
    // caught before release; an empty map keeps the editor working regardless.
    SAMPLES.get_or_init(|| serde_json::from_str(SAMPLES_JSON).unwrap_or_default())
}

/// One trigger type's sample data, as the rule editor receives it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SampleEvent {
    pub event_type: String,
    #[ts(type = "unknown")]
    pub data: Value,
}

/// Every sample, for the editor.
pub fn sample_event_list() -> Vec<SampleEvent> {
    sample_events()
        .iter()
        .map(|(event_type, data)| SampleEvent {
            event_type: event_type.clone(),
            data: data.clone(),
        })
        .collect()
}

/// The sample data for `trigger`; `{}` for a custom event type.
pub fn sample_event_data(trigger: &str) -> Value {
    sample_events()
        .get(trigger)
        .cloned()
        .unwrap_or_else(|| json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::EVENT_TYPES;

    #[test]
    fn every_catalog_event_type_has_an_object_of_sample_data() {
        let parsed: BTreeMap<String, Value> =
            serde_json::from_str(SAMPLES_JSON).expect("sample_events.json parses");
        for event_type in EVENT_TYPES {
            let data = parsed
                .get(event_type)
                .unwrap_or_else(|| panic!("sample_events.json has no sample for {event_type}"));
            assert!(data.is_object(), "{event_type}: {data}");
        }
        assert_eq!(
            parsed.len(),
            EVENT_TYPES.len(),
            "no samples for unknown types"
        );
    }

    #[test]
    fn a_custom_event_type_previews_with_empty_data() {
        assert_eq!(sample_event_data("order.shipped"), json!({}));
        assert_eq!(sample_event_data("contact.tag_added")["tag"], "vip");
    }
}
