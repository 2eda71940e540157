//! The JMESPath runtime payloads, URL bindings and rule conditions run on: the 26 standard
//! functions plus extensions marketers need (text clean-up, hashes for matching APIs, dates,
//! ids, phone numbers). Every function is described in [`catalogue::CATALOGUE`], which the
//! editor's completion is generated from.

mod budget;
mod catalogue;
mod dates;
mod hashes;
mod identity;
mod strings;

use std::sync::LazyLock;

use jmespath::functions::{ArgumentType, CustomFunction, Signature};
use jmespath::{Context, ErrorReason, JmespathError, Rcvar, Runtime, RuntimeError, Variable};

pub use budget::{
    grown as budget_grown, start as start_budget, stopped_at as budget_stopped_at, weigh,
    MAX_BUILT_BYTES,
};
use budget::{Charged, BUILDERS};
pub use catalogue::{FunctionDoc, CATALOGUE};

/// The standard functions and the extensions.
pub static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    let mut runtime = Runtime::new();
    runtime.register_builtin_functions();
    strings::register_all(&mut runtime);
    hashes::register_all(&mut runtime);
    dates::register_all(&mut runtime);
    identity::register_all(&mut runtime);
    // The functions that build text are charged to the evaluation's budget (budget.rs).
    for name in BUILDERS {
        if let Some(function) = runtime.deregister_function(name) {
            runtime.register_function(name, Box::new(Charged::new(name, function)));
        }
    }
    runtime
});

/// Functions whose result changes from one render to the next: the preview says so, and a
/// delivery keeps the value computed when it was queued.
pub const VOLATILE_FUNCTIONS: [&str; 2] = ["now", "uuid"];

type Body = dyn Fn(&[Rcvar], &mut Context<'_>) -> Result<Rcvar, JmespathError> + Sync + Send;

/// Registers `f` under `name` with its argument types checked first (the crate's own
/// "argument N should be string but is number" errors).
fn register(
    runtime: &mut Runtime,
    name: &str,
    inputs: Vec<ArgumentType>,
    variadic: Option<ArgumentType>,
    f: Box<Body>,
) {
    runtime.register_function(
        name,
        Box::new(CustomFunction::new(Signature::new(inputs, variadic), f)),
    );
}

/// A string, or null (null in, null out: a missing attribute stays missing rather than failing
/// the whole request).
fn text_or_null() -> ArgumentType {
    ArgumentType::Union(vec![ArgumentType::String, ArgumentType::Null])
}

fn string(text: String) -> Rcvar {
    Rcvar::new(Variable::String(text))
}

fn null() -> Rcvar {
    Rcvar::new(Variable::Null)
}

/// An argument that has the right type but a value the function cannot use, in the form
/// "argument N should be <what> but is <value>".
fn bad_value(ctx: &Context<'_>, position: usize, expected: &str, actual: &Rcvar) -> JmespathError {
    let shown = match &**actual {
        Variable::String(s) if s.chars().count() > 40 => {
            format!("'{}…'", s.chars().take(40).collect::<String>())
        }
        Variable::String(s) => format!("'{s}'"),
        other => other.to_string(),
    };
    JmespathError::from_ctx(
        ctx,
        ErrorReason::Runtime(RuntimeError::InvalidType {
            expected: expected.to_owned(),
            actual: shown,
            position,
        }),
    )
}

#[cfg(test)]
mod tests;
