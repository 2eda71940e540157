//! Endpoint URL templates: `https://api.example.com/contacts/{contact_email}?list={list}`.
//!
//! Placeholders are allowed in the path and the query only. Never in the scheme, host or port
//! (a contact's data must not choose where credentials go) and never in the fragment (it is
//! not sent). Positions are character offsets into the template, 0-based.

use serde::Serialize;
use ts_rs::TS;

/// One `{name}` in the template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TemplatePlaceholder {
    pub name: String,
    /// Character offset of `{`.
    pub start: usize,
    /// Character offset just past `}`.
    pub end: usize,
}

/// A template that parsed: its placeholders in order, and the distinct variable names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ParsedTemplate {
    pub placeholders: Vec<TemplatePlaceholder>,
    /// Distinct names in order of first appearance.
    pub variables: Vec<String>,
}

/// Why a template is refused, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct TemplateError {
    pub message: String,
    /// Character offset the problem starts at, when it has one.
    pub position: Option<usize>,
}

const MAX_TEMPLATE_CHARS: usize = 2048;

impl TemplateError {
    fn at(position: usize, message: impl Into<String>) -> Self {
        let message = format!("{} (at character {})", message.into(), position + 1);
        Self {
            message,
            position: Some(position),
        }
    }

    fn whole(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            position: None,
        }
    }
}

/// Parses and checks a template.
pub fn parse_template(template: &str) -> Result<ParsedTemplate, TemplateError> {
    let chars: Vec<char> = template.chars().collect();
    if template.trim().is_empty() {
        return Err(TemplateError::whole("The endpoint URL is required"));
    }
    if chars.len() > MAX_TEMPLATE_CHARS {
        return Err(TemplateError::whole(format!(
            "The endpoint URL is too long: at most {MAX_TEMPLATE_CHARS} characters"
        )));
    }
    if let Some(i) = chars
        .iter()
        .position(|c| c.is_whitespace() || c.is_control())
    {
        return Err(TemplateError::at(
            i,
            "The endpoint URL may not contain spaces or control characters; encode a space as %20",
        ));
    }

    let scheme_end = scheme_length(&chars).ok_or_else(|| {
        TemplateError::at(0, "The endpoint URL must start with https:// or http://")
    })?;
    let authority_end = chars[scheme_end..]
        .iter()
        .position(|c| matches!(c, '/' | '?' | '#'))
        .map_or(chars.len(), |i| scheme_end + i);
    if authority_end == scheme_end {
        return Err(TemplateError::at(
            scheme_end,
            "The endpoint URL needs a host name",
        ));
    }
    let fragment_start = chars.iter().position(|c| *c == '#');

    let placeholders = scan_placeholders(&chars)?;
    for p in &placeholders {
        if p.start < authority_end {
            return Err(TemplateError::at(
                p.start,
                format!(
                    "{{{}}} is in the scheme, host or port; placeholders are only allowed in the \
                     path and query, so that a contact's data can never choose the server",
                    p.name
                ),
            ));
        }
        if fragment_start.is_some_and(|f| p.start > f) {
            return Err(TemplateError::at(
                p.start,
                format!(
                    "{{{}}} is in the #fragment, which is never sent to the server; \
                     put it in the path or the query",
                    p.name
                ),
            ));
        }
    }

    check_filled_url(&chars, &placeholders)?;

    let mut variables: Vec<String> = Vec::new();
    for p in &placeholders {
        if !variables.contains(&p.name) {
            variables.push(p.name.clone());
        }
    }
    Ok(ParsedTemplate {
        placeholders,
        variables,
    })
}

/// Length of `http://` or `https://` (any case) at the start, or `None`.
fn scheme_length(chars: &[char]) -> Option<usize> {
    let head: String = chars
        .iter()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("https://") {
        Some(8)
    } else if head.starts_with("http://") {
        Some(7)
    } else {
        None
    }
}

fn scan_placeholders(chars: &[char]) -> Result<Vec<TemplatePlaceholder>, TemplateError> {
    let mut found = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in chars.iter().enumerate() {
        match (c, open) {
            ('{', None) => open = Some(i),
            ('{', Some(outer)) => {
                return Err(TemplateError::at(
                    i,
                    format!(
                    "Placeholders cannot be nested: a {{ opened at character {} is not closed yet",
                    outer + 1
                ),
                ))
            }
            ('}', None) => {
                return Err(TemplateError::at(
                    i,
                    "This } closes no placeholder; remove it or add the matching {",
                ))
            }
            ('}', Some(start)) => {
                let name: String = chars[start + 1..i].iter().collect();
                check_name(&name, start)?;
                found.push(TemplatePlaceholder {
                    name,
                    start,
                    end: i + 1,
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        return Err(TemplateError::at(
            start,
            "This { is never closed; add } after the variable name",
        ));
    }
    Ok(found)
}

fn check_name(name: &str, start: usize) -> Result<(), TemplateError> {
    if name.is_empty() {
        return Err(TemplateError::at(
            start,
            "Empty placeholder {}: write a variable name between the braces, e.g. {contact_id}",
        ));
    }
    if let Some((offset, bad)) = name
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Err(TemplateError::at(
            start + 1 + offset,
            format!("\"{bad}\" is not allowed in a variable name; use letters, digits, _ - or ."),
        ));
    }
    Ok(())
}

/// Fills every placeholder with a plain sample value and checks the result is an http(s) URL.
fn check_filled_url(
    chars: &[char],
    placeholders: &[TemplatePlaceholder],
) -> Result<(), TemplateError> {
    let mut filled = String::with_capacity(chars.len());
    let mut next = 0;
    for p in placeholders {
        filled.extend(&chars[next..p.start]);
        filled.push('1');
        next = p.end;
    }
    filled.extend(&chars[next..]);
    let url = url::Url::parse(&filled)
        .map_err(|err| TemplateError::whole(format!("The endpoint is not a valid URL: {err}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(TemplateError::whole(
            "The endpoint must be an http:// or https:// URL with a host",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(TemplateError::whole(
            "Put credentials in an API Auth config, not in the URL (user:password@host)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(t: &str) -> Vec<String> {
        parse_template(t).unwrap().variables
    }

    fn err(t: &str) -> TemplateError {
        parse_template(t).unwrap_err()
    }

    #[test]
    fn valid_templates_list_their_variables_in_order() {
        assert_eq!(
            vars("https://api.example.com/contacts"),
            Vec::<String>::new()
        );
        assert_eq!(
            vars("https://api.example.com/contacts/{contact_email}"),
            ["contact_email"]
        );
        assert_eq!(
            vars("https://api.example.com/{list}/members/{id}?src={source}&again={id}"),
            ["list", "id", "source"]
        );
        assert_eq!(
            vars("HTTP://localhost:8080/hook/{team.id}/{a-b}"),
            ["team.id", "a-b"]
        );
    }

    #[test]
    fn placeholder_positions_are_character_offsets() {
        let parsed = parse_template("https://ü.example/ä/{name}").unwrap();
        let p = &parsed.placeholders[0];
        assert_eq!((p.start, p.end), (20, 26));
        let chars: Vec<char> = "https://ü.example/ä/{name}".chars().collect();
        assert_eq!(chars[p.start], '{');
    }

    #[test]
    fn query_only_placeholders_are_fine() {
        assert_eq!(
            vars("https://hooks.example.com?email={email}&tag={tag}"),
            ["email", "tag"]
        );
    }

    #[test]
    fn unicode_paths_and_names_are_accepted() {
        assert_eq!(
            vars("https://api.example.com/größe/{straße}/日本/{名前}"),
            ["straße", "名前"]
        );
    }

    #[test]
    fn percent_escapes_already_in_the_template_are_kept() {
        assert_eq!(
            vars("https://api.example.com/a%20b/{id}?q=100%25&x=%2F"),
            ["id"]
        );
    }

    #[test]
    fn placeholders_in_the_host_scheme_or_port_are_rejected_with_their_position() {
        let e = err("https://{tenant}.example.com/contacts");
        assert_eq!(e.position, Some(8));
        assert!(e.message.contains("host"), "{}", e.message);
        let e = err("https://api.example.com:{port}/x");
        assert_eq!(e.position, Some(24));
        let e = err("{scheme}://api.example.com/");
        assert_eq!(e.position, Some(0));
        let e = err("https://user{x}@api.example.com/");
        assert_eq!(e.position, Some(12));
    }

    #[test]
    fn placeholders_in_the_fragment_are_rejected() {
        let e = err("https://api.example.com/x#{section}");
        assert_eq!(e.position, Some(26));
        assert!(e.message.contains("fragment"));
    }

    #[test]
    fn unbalanced_nested_and_empty_braces_are_named() {
        let e = err("https://api.example.com/{id");
        assert_eq!(e.position, Some(24));
        assert!(e.message.contains("never closed"));
        let e = err("https://api.example.com/id}");
        assert_eq!(e.position, Some(26));
        assert!(e.message.contains("closes no placeholder"));
        let e = err("https://api.example.com/{a{b}}");
        assert_eq!(e.position, Some(26));
        assert!(e.message.contains("nested"));
        let e = err("https://api.example.com/{}");
        assert_eq!(e.position, Some(24));
        assert!(e.message.contains("Empty placeholder"));
        let e = err("https://api.example.com/{first name}");
        assert_eq!(e.position, Some(30));
    }

    #[test]
    fn not_http_urls_are_rejected() {
        assert!(err("ftp://example.com/{x}").message.contains("https://"));
        assert!(err("api.example.com/{x}").message.contains("https://"));
        assert!(err("https:///path").message.contains("host"));
        assert!(err("").message.contains("required"));
        assert!(err("https://exa mple.com").message.contains("spaces"));
        assert!(err("https://[::1/{x}").message.contains("not a valid URL"));
        assert!(err("https://me:pw@example.com/")
            .message
            .contains("API Auth"));
    }

    #[test]
    fn error_messages_carry_a_one_based_character_number() {
        let e = err("https://api.example.com/{}");
        assert!(e.message.ends_with("(at character 25)"), "{}", e.message);
    }
}
