//! Matching conditions: each row compares a context field with a value; rows join by all/any;
//! or an advanced JMESPath expression decides. Every outcome says why, in words.

use jmespath::Variable;

use super::model::{ConditionMode, ConditionRow, Conditions, Operator};
use crate::render::{evaluate, ExpressionCache, RenderContext, RenderError};

/// Whether the conditions matched, and if not, the first reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub matched: bool,
    /// Why not (or, for `any`, why none did).
    pub reason: Option<String>,
}

pub fn evaluate_conditions(
    conditions: &Conditions,
    cache: &ExpressionCache,
    context: &RenderContext,
) -> Result<Match, RenderError> {
    match conditions.mode {
        ConditionMode::Advanced => {
            let expression = conditions.expression.trim();
            if expression.is_empty() {
                return Ok(Match {
                    matched: true,
                    reason: None,
                });
            }
            let compiled = cache.get(expression)?;
            let result = evaluate(&compiled, context)?;
            Ok(if result.is_truthy() {
                Match {
                    matched: true,
                    reason: None,
                }
            } else {
                Match {
                    matched: false,
                    reason: Some(format!(
                        "the advanced condition gave {} (not true)",
                        short(&result)
                    )),
                }
            })
        }
        ConditionMode::All => {
            for row in &conditions.rows {
                let (ok, why) = row_matches(row, cache, context)?;
                if !ok {
                    return Ok(Match {
                        matched: false,
                        reason: Some(why),
                    });
                }
            }
            Ok(Match {
                matched: true,
                reason: None,
            })
        }
        ConditionMode::Any => {
            if conditions.rows.is_empty() {
                return Ok(Match {
                    matched: true,
                    reason: None,
                });
            }
            let mut reasons = Vec::new();
            for row in &conditions.rows {
                let (ok, why) = row_matches(row, cache, context)?;
                if ok {
                    return Ok(Match {
                        matched: true,
                        reason: None,
                    });
                }
                reasons.push(why);
            }
            Ok(Match {
                matched: false,
                reason: Some(format!("no condition held: {}", reasons.join("; "))),
            })
        }
    }
}

/// One row: whether it holds, and a sentence saying what was compared.
pub fn row_matches(
    row: &ConditionRow,
    cache: &ExpressionCache,
    context: &RenderContext,
) -> Result<(bool, String), RenderError> {
    let compiled = cache.get(row.path.trim())?;
    let field = evaluate(&compiled, context)?;
    let holds = compare(&field, row.operator, &row.value);
    let what = if row.operator.takes_value() {
        format!(
            "{} {} \"{}\"",
            row.path.trim(),
            row.operator.label(),
            row.value
        )
    } else {
        format!("{} {}", row.path.trim(), row.operator.label())
    };
    let why = if holds {
        format!("{what}: yes")
    } else if field.is_null() {
        format!("{what}: no — the field is missing or null")
    } else {
        format!("{what}: no — the value is {}", short(&field))
    };
    Ok((holds, why))
}

/// The comparison itself. Text comparisons other than equality ignore case; numbers compare
/// as numbers; a list field "contains" a value when one item equals it.
pub fn compare(field: &Variable, operator: Operator, value: &str) -> bool {
    use Operator as O;
    match operator {
        O::Exists => !field.is_null(),
        O::NotExists => field.is_null(),
        O::IsTrue => matches!(field, Variable::Bool(true)),
        O::IsFalse => matches!(field, Variable::Bool(false)),
        O::Equals => equals(field, value),
        O::NotEquals => !equals(field, value),
        O::Contains => contains(field, value),
        O::NotContains => !contains(field, value),
        O::StartsWith => {
            text(field).is_some_and(|t| t.to_lowercase().starts_with(&value.to_lowercase()))
        }
        O::EndsWith => {
            text(field).is_some_and(|t| t.to_lowercase().ends_with(&value.to_lowercase()))
        }
        O::InList => {
            let items: Vec<&str> = value
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            match field {
                Variable::Array(values) => values
                    .iter()
                    .any(|v| items.iter().any(|item| equals(v, item))),
                other => items.iter().any(|item| equals(other, item)),
            }
        }
        O::GreaterThan | O::LessThan => {
            let ordering = match (field, value.trim().parse::<f64>()) {
                (Variable::Number(n), Ok(v)) => n.as_f64().and_then(|n| n.partial_cmp(&v)),
                (Variable::String(s), Ok(v)) => {
                    s.trim().parse::<f64>().ok().and_then(|n| n.partial_cmp(&v))
                }
                // Text such as ISO dates compares in order of its characters.
                (Variable::String(s), Err(_)) => Some(s.as_str().cmp(value.trim())),
                _ => None,
            };
            matches!(
                (operator, ordering),
                (O::GreaterThan, Some(std::cmp::Ordering::Greater))
                    | (O::LessThan, Some(std::cmp::Ordering::Less))
            )
        }
    }
}

fn text(field: &Variable) -> Option<String> {
    match field {
        Variable::String(s) => Some(s.clone()),
        Variable::Number(n) => Some(n.to_string()),
        Variable::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn equals(field: &Variable, value: &str) -> bool {
    let value = value.trim();
    match field {
        Variable::String(s) => s == value,
        Variable::Number(n) => value
            .parse::<f64>()
            .ok()
            .zip(n.as_f64())
            .is_some_and(|(v, n)| v == n),
        Variable::Bool(b) => value.eq_ignore_ascii_case(if *b { "true" } else { "false" }),
        Variable::Null => value.is_empty() || value == "null",
        _ => false,
    }
}

fn contains(field: &Variable, value: &str) -> bool {
    match field {
        Variable::Array(items) => items.iter().any(|item| equals(item, value)),
        Variable::Object(map) => map.contains_key(value.trim()),
        other => text(other).is_some_and(|t| t.to_lowercase().contains(&value.to_lowercase())),
    }
}

fn short(value: &Variable) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "?".into());
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}…")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn var(v: serde_json::Value) -> Variable {
        Variable::try_from(v).unwrap()
    }

    #[test]
    fn every_operator_over_each_kind_of_value() {
        use Operator as O;
        let s = var(json!("Gold Member"));
        let n = var(json!(1280));
        let t = var(json!(true));
        let tags = var(json!(["vip", "newsletter"]));
        let null = Variable::Null;
        assert!(compare(&s, O::Equals, "Gold Member"));
        assert!(!compare(&s, O::Equals, "gold member"));
        assert!(compare(&s, O::NotEquals, "Silver"));
        assert!(compare(&s, O::Contains, "member"));
        assert!(compare(&s, O::NotContains, "silver"));
        assert!(compare(&s, O::StartsWith, "gold"));
        assert!(compare(&s, O::EndsWith, "MEMBER"));
        assert!(compare(&s, O::InList, "Silver, Gold Member"));
        assert!(compare(&n, O::Equals, "1280"));
        assert!(compare(&n, O::Equals, "1280.0"));
        assert!(compare(&n, O::GreaterThan, "1000"));
        assert!(!compare(&n, O::LessThan, "1000"));
        assert!(compare(&n, O::InList, "5, 1280"));
        assert!(compare(&t, O::IsTrue, ""));
        assert!(!compare(&t, O::IsFalse, ""));
        assert!(compare(&t, O::Equals, "true"));
        assert!(compare(&tags, O::Contains, "vip"));
        assert!(!compare(&tags, O::Contains, "vi"));
        assert!(compare(&tags, O::NotContains, "churned"));
        assert!(compare(&tags, O::InList, "churned, newsletter"));
        assert!(compare(&s, O::Exists, ""));
        assert!(compare(&null, O::NotExists, ""));
        assert!(!compare(&null, O::Exists, ""));
        assert!(!compare(&null, O::Contains, "x"));
        assert!(compare(&null, O::NotEquals, "x"));
        assert!(!compare(&null, O::GreaterThan, "1"));
        assert!(!compare(&null, O::IsTrue, ""));
        assert!(compare(
            &var(json!("2026-11-27")),
            O::GreaterThan,
            "2026-01-01"
        ));
    }
}
