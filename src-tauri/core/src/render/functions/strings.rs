//! Text clean-up: `lower`, `upper`, `trim`, `replace`, `split`, `coalesce`.

use jmespath::functions::ArgumentType;
use jmespath::{Rcvar, Runtime, Variable};

use super::{bad_value, null, register, string, text_or_null};

pub(super) fn register_all(runtime: &mut Runtime) {
    register(
        runtime,
        "lower",
        vec![text_or_null()],
        None,
        Box::new(|args, _| Ok(map_text(&args[0], str::to_lowercase))),
    );
    register(
        runtime,
        "upper",
        vec![text_or_null()],
        None,
        Box::new(|args, _| Ok(map_text(&args[0], str::to_uppercase))),
    );
    register(
        runtime,
        "trim",
        vec![text_or_null()],
        None,
        Box::new(|args, _| Ok(map_text(&args[0], |s| s.trim().to_owned()))),
    );
    register(
        runtime,
        "replace",
        vec![text_or_null(), ArgumentType::String, ArgumentType::String],
        None,
        Box::new(|args, ctx| {
            let (Some(from), Some(to)) = (args[1].as_string(), args[2].as_string()) else {
                return Ok(null());
            };
            if from.is_empty() {
                return Err(bad_value(
                    ctx,
                    1,
                    "the text to replace (not empty)",
                    &args[1],
                ));
            }
            Ok(map_text(&args[0], |s| s.replace(from.as_str(), to)))
        }),
    );
    register(
        runtime,
        "split",
        vec![text_or_null(), ArgumentType::String],
        None,
        Box::new(|args, _| {
            let (Some(text), Some(separator)) = (args[0].as_string(), args[1].as_string()) else {
                return Ok(null());
            };
            let parts: Vec<Rcvar> = if separator.is_empty() {
                text.chars().map(|c| super::string(c.to_string())).collect()
            } else {
                text.split(separator.as_str())
                    .map(|p| super::string(p.to_owned()))
                    .collect()
            };
            Ok(Rcvar::new(Variable::Array(parts)))
        }),
    );
    register(
        runtime,
        "coalesce",
        vec![ArgumentType::Any],
        Some(ArgumentType::Any),
        Box::new(|args, _| {
            Ok(args
                .iter()
                .find(|a| match &***a {
                    Variable::Null => false,
                    Variable::String(s) => !s.trim().is_empty(),
                    _ => true,
                })
                .cloned()
                .unwrap_or_else(null))
        }),
    );
}

/// Applies `f` to a string; null stays null.
fn map_text(value: &Rcvar, f: impl Fn(&str) -> String) -> Rcvar {
    match value.as_string() {
        Some(text) => string(f(text)),
        None => null(),
    }
}
