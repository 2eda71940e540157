//! What the management commands share: JSON input from a file or stdin laid over a starting
//! value (so a file may hold the app's whole IPC shape or only the fields to change), secrets
//! read from stdin or a prompt, and output as text or stable JSON.

use std::io::{IsTerminal, Read};
use std::path::Path;

use apidest_core::secrets::Secret;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The text of `--from FILE`, or of stdin for `-`.
pub fn read_text(from: &Path) -> Result<String, String> {
    if from.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("apidest: cannot read stdin: {e}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(from).map_err(|e| format!("apidest: {}: {e}", from.display()))
}

/// `--from`'s JSON object; anything else is refused with where it went wrong.
pub fn read_object(from: &Path) -> Result<Value, String> {
    let text = read_text(from)?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| format!("apidest: {}: not JSON: {e}", shown(from)))?;
    if !value.is_object() {
        return Err(format!(
            "apidest: {}: expected a JSON object {{…}}",
            shown(from)
        ));
    }
    Ok(value)
}

fn shown(from: &Path) -> String {
    if from.as_os_str() == "-" {
        "stdin".to_owned()
    } else {
        from.display().to_string()
    }
}

/// Lays `patch` over `base`: objects merge key by key, anything else (arrays too) replaces.
pub fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(base), Value::Object(patch)) => {
            for (key, value) in patch {
                match base.get_mut(&key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (slot, value) => *slot = value,
    }
}

/// The starting value with `--from`'s object and then the flags' object laid over it, read
/// as the app's input type; a field of the wrong shape is named.
pub fn build<T: DeserializeOwned>(
    start: Value,
    from: Option<&Path>,
    flags: Value,
    what: &str,
) -> Result<T, String> {
    build_then(start, from, flags, what, |_| {})
}

/// [`build`], with `complete` filling in what the result still lacks before it is read.
pub fn build_then<T: DeserializeOwned>(
    start: Value,
    from: Option<&Path>,
    flags: Value,
    what: &str,
    complete: impl FnOnce(&mut Value),
) -> Result<T, String> {
    let mut value = start;
    if let Some(from) = from {
        merge(&mut value, read_object(from)?);
    }
    merge(&mut value, flags);
    complete(&mut value);
    serde_json::from_value(value).map_err(|e| format!("apidest: the {what} is not valid: {e}"))
}

/// A value as JSON, for `start` values and `--json` output.
pub fn to_value(value: &impl Serialize) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| format!("apidest: internal error: {e}"))
}

pub fn pretty(value: &impl Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| format!("apidest: internal error: {e}"))
}

/// An object of the flags that were given (`None`s left out).
pub fn flags(pairs: Vec<(&str, Option<Value>)>) -> Value {
    Value::Object(
        pairs
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
            .collect(),
    )
}

/// A secret: from the variable named by `--from-env` when asked, else typed at a prompt
/// without echo when stdin is a terminal, else all of stdin (one trailing newline dropped).
/// Never from argv: every process on the machine can read another's arguments.
pub fn read_secret(prompt: &str, from_env: Option<&str>) -> Result<Secret, String> {
    let value = match from_env {
        Some(var) => std::env::var(var).map_err(|_| {
            format!("apidest: the environment variable {var} is not set (or not UTF-8)")
        })?,
        None if std::io::stdin().is_terminal() => rpassword::prompt_password(prompt)
            .map_err(|e| format!("apidest: cannot read the secret from the terminal: {e}"))?,
        None => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("apidest: cannot read the secret from stdin: {e}"))?;
            let trimmed = text
                .strip_suffix("\r\n")
                .or_else(|| text.strip_suffix('\n'))
                .unwrap_or(&text)
                .len();
            text.truncate(trimmed);
            text
        }
    };
    if value.is_empty() {
        return Err(match from_env {
            Some(var) => format!("apidest: the environment variable {var} is empty"),
            None => "apidest: the secret is empty: write it to stdin (e.g. `printf %s \"$TOKEN\" | apidest auth set-secret …`)".to_owned(),
        });
    }
    Ok(Secret::new(value))
}

/// A one-of-many lookup by name or id, with the choices named when nothing matches.
pub fn pick<'a, T>(
    items: &'a [T],
    wanted: &str,
    what: &str,
    id: impl Fn(&T) -> &str,
    names: impl Fn(&T) -> Vec<String>,
) -> Result<&'a T, String> {
    if let Some(found) = items.iter().find(|i| id(i) == wanted) {
        return Ok(found);
    }
    let matches: Vec<&T> = items
        .iter()
        .filter(|i| {
            names(i)
                .iter()
                .any(|n| n.eq_ignore_ascii_case(wanted.trim()))
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => {
            let known: Vec<String> = items
                .iter()
                .filter_map(|i| names(i).into_iter().next())
                .collect();
            Err(format!(
                "apidest: no {what} named or with id \"{wanted}\"; there are: {}",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ))
        }
        many => Err(format!(
            "apidest: {} {what}s match \"{wanted}\"; give the id instead: {}",
            many.len(),
            many.iter().map(|i| id(i)).collect::<Vec<_>>().join(", ")
        )),
    }
}
