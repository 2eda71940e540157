//! The data that starts a destination or a rule: the template gallery and the sample event
//! data per trigger type.

use apidest_core::gallery::{self, DestinationTemplate};
use apidest_core::rules::{self, SampleEvent};
use apidest_core::AppError;

use super::declare::command;

command! {
    pub fn destination_templates() -> Result<Vec<DestinationTemplate>, AppError> {
        Ok(gallery::destination_templates().to_vec())
    }
}

command! {
    pub fn rule_sample_events() -> Result<Vec<SampleEvent>, AppError> {
        Ok(rules::sample_event_list())
    }
}
