//! Checks a destination before it is saved. Returns every problem at once, each tied to the
//! form field it belongs to, so the form can show them inline as the user types.

use serde::Serialize;
use ts_rs::TS;

use super::template::parse_template;
use super::DestinationInput;
use crate::error::AppError;
use crate::http_token::is_token;

/// One problem with one field: `name`, `endpoint`, `headers.2.value`, `retry`, ….
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldIssue {
    pub field: String,
    pub message: String,
    /// For the endpoint: the character offset the problem starts at.
    pub position: Option<usize>,
}

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_HEADERS: usize = 50;
pub const MAX_TEST_BINDINGS: usize = 50;
/// The renderer's own limit on an expression (render depends on destinations, not back).
const MAX_EXPRESSION_CHARS: usize = 16 * 1024;
const FORBIDDEN_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "upgrade",
    "te",
    "trailer",
    "keep-alive",
    "proxy-connection",
];

pub fn validate_destination(input: &DestinationInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let mut push = |field: String, message: String, position: Option<usize>| {
        issues.push(FieldIssue {
            field,
            message,
            position,
        })
    };

    if let Err(message) = check_name(&input.name) {
        push("name".into(), message, None);
    }
    if let Err(err) = parse_template(&input.endpoint) {
        push("endpoint".into(), err.message, err.position);
    }
    if !(1..=120).contains(&input.timeout_secs) {
        push(
            "timeout_secs".into(),
            format!(
                "Timeout must be between 1 and 120 seconds (it is {})",
                input.timeout_secs
            ),
            None,
        );
    }
    if let Err(err) = input.retry.validate() {
        push("retry".into(), err.message, None);
    }
    if let Some(rate) = input.rate_limit_per_sec {
        if !(1..=10_000).contains(&rate) {
            push(
                "rate_limit_per_sec".into(),
                "Rate limit must be between 1 and 10,000 requests per second, or empty for none"
                    .into(),
                None,
            );
        }
    }
    if let Some(limit) = input.concurrency_limit {
        if !(1..=64).contains(&limit) {
            push(
                "concurrency_limit".into(),
                "Concurrency must be between 1 and 64 requests at once, or empty for the default"
                    .into(),
                None,
            );
        }
    }
    if input.headers.len() > MAX_HEADERS {
        push(
            "headers".into(),
            format!("At most {MAX_HEADERS} headers"),
            None,
        );
    }
    check_test(input, &mut push);
    let mut seen: Vec<String> = Vec::new();
    for (i, header) in input.headers.iter().enumerate() {
        let name = header.name.trim();
        let lower = name.to_ascii_lowercase();
        if name.is_empty() {
            push(
                format!("headers.{i}.name"),
                "Header name is required".into(),
                None,
            );
        } else if !is_token(name) {
            push(
                format!("headers.{i}.name"),
                format!("\"{name}\" is not a valid header name: use letters, digits and - _ ."),
                None,
            );
        } else if FORBIDDEN_HEADERS.contains(&lower.as_str()) {
            push(
                format!("headers.{i}.name"),
                format!("{name} is set by the app itself and cannot be a static header"),
                None,
            );
        } else if seen.contains(&lower) {
            push(
                format!("headers.{i}.name"),
                format!("{name} is already in the list; keep one"),
                None,
            );
        }
        seen.push(lower);
        if let Some(offset) = header
            .value
            .chars()
            .position(|c| c.is_control() && c != '\t')
        {
            push(
                format!("headers.{i}.value"),
                format!(
                    "The value of {name} contains a line break or control character at character {}; remove it",
                    offset + 1
                ),
                Some(offset),
            );
        }
    }
    issues
}

/// The Test payload is kept as typed, even when it does not render yet; only its size is bounded.
fn check_test(input: &DestinationInput, push: &mut impl FnMut(String, String, Option<usize>)) {
    if input.test.bindings.len() > MAX_TEST_BINDINGS {
        push(
            "test.bindings".into(),
            format!("At most {MAX_TEST_BINDINGS} URL variable bindings"),
            None,
        );
    }
    for (name, expression) in &input.test.bindings {
        if expression.chars().count() > MAX_EXPRESSION_CHARS {
            push(
                format!("test.bindings.{name}"),
                format!(
                    "The binding of {{{name}}} is too long: at most {MAX_EXPRESSION_CHARS} characters"
                ),
                None,
            );
        }
    }
    if input.test.payload.chars().count() > MAX_EXPRESSION_CHARS {
        push(
            "test.payload".into(),
            format!("The test payload is too long: at most {MAX_EXPRESSION_CHARS} characters"),
            None,
        );
    }
}

/// The first problem as an error for commands that save.
pub fn first_issue_as_error(issues: &[FieldIssue]) -> Option<AppError> {
    issues.first().map(|issue| {
        let more = match issues.len() {
            1 => String::new(),
            n => format!(" ({} more problems)", n - 1),
        };
        AppError::validation(format!("{}{more}", issue.message))
    })
}

fn check_name(name: &str) -> Result<(), String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err("Name is required".into());
    }
    if trimmed.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "Name is too long: at most {MAX_NAME_CHARS} characters"
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err("Name may not contain control characters".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::destinations::HeaderEntry;

    fn valid() -> DestinationInput {
        DestinationInput {
            name: "CRM".into(),
            endpoint: "https://api.example.com/contacts/{id}".into(),
            ..DestinationInput::blank()
        }
    }

    fn fields(input: &DestinationInput) -> Vec<String> {
        validate_destination(input)
            .into_iter()
            .map(|i| i.field)
            .collect()
    }

    #[test]
    fn a_complete_destination_has_no_issues() {
        assert!(validate_destination(&valid()).is_empty());
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let input = DestinationInput {
            name: " ".into(),
            endpoint: "https://{host}/x".into(),
            timeout_secs: 0,
            rate_limit_per_sec: Some(0),
            concurrency_limit: Some(100),
            headers: vec![
                HeaderEntry {
                    name: "X-Source".into(),
                    value: "ok".into(),
                },
                HeaderEntry {
                    name: "x-source".into(),
                    value: "a\r\nInjected: yes".into(),
                },
                HeaderEntry {
                    name: "Content-Length".into(),
                    value: "1".into(),
                },
                HeaderEntry {
                    name: "Bad Name".into(),
                    value: "1".into(),
                },
            ],
            ..valid()
        };
        assert_eq!(
            fields(&input),
            [
                "name",
                "endpoint",
                "timeout_secs",
                "rate_limit_per_sec",
                "concurrency_limit",
                "headers.1.name",
                "headers.1.value",
                "headers.2.name",
                "headers.3.name"
            ]
        );
        let issues = validate_destination(&input);
        let endpoint = issues.iter().find(|i| i.field == "endpoint").unwrap();
        assert_eq!(endpoint.position, Some(8));
        let err = first_issue_as_error(&issues).unwrap();
        assert!(err.message.contains("8 more problems"), "{}", err.message);
    }

    #[test]
    fn timeout_bounds_are_inclusive() {
        for (timeout, ok) in [(1, true), (120, true), (121, false), (0, false)] {
            let input = DestinationInput {
                timeout_secs: timeout,
                ..valid()
            };
            assert_eq!(validate_destination(&input).is_empty(), ok, "{timeout}");
        }
    }
}
