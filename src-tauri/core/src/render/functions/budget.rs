//! What one evaluation may build. The syntax tree's fan-out bounds how often an expression
//! copies its input, but a function can build more text than it reads (`replace` writes its
//! replacement at every match, `join` its separator between every item, `split` makes a value
//! per character) and functions feed each other, so a short expression could otherwise grow
//! without end (four nested `replace` calls reach gigabytes). Every call of a function that
//! builds text ([`BUILDERS`]) is charged, before it runs, what it reads and what it will add;
//! an evaluation that passes [`MAX_BUILT_BYTES`] stops with a "too large" error instead of
//! exhausting memory. The interpreter cannot carry state of its own into functions, and one
//! evaluation runs on one thread, so the account is a thread-local reset at the start of each
//! evaluation.

use std::cell::Cell;

use jmespath::functions::Function;
use jmespath::{Context, ErrorReason, JmespathError, Rcvar, RuntimeError, Variable};

/// The most one evaluation may read into functions and build with them, and the most its
/// result may weigh.
pub const MAX_BUILT_BYTES: u64 = 64 * 1024 * 1024;

/// What a value made by `split` costs besides its text: the shared pointer, the variable and
/// the string's own allocation.
const VALUE_OVERHEAD: u64 = 64;

thread_local! {
    static SPENT: Cell<u64> = const { Cell::new(0) };
    static STOPPED_AT: Cell<Option<&'static str>> = const { Cell::new(None) };
    static GROWN: Cell<u64> = const { Cell::new(0) };
}

/// Starts a new account for the evaluation about to run on this thread.
pub fn start() {
    SPENT.set(0);
    STOPPED_AT.set(None);
    GROWN.set(0);
}

/// How much more than they read the calls of this thread's last evaluation built. Copies of a
/// built text can make the result outweigh what the expression's fan-out allows for its input,
/// by at most this much per copy.
pub fn grown() -> u64 {
    GROWN.get()
}

/// The function whose call went past the budget in this thread's last evaluation, if one did.
pub fn stopped_at() -> Option<&'static str> {
    STOPPED_AT.get()
}

/// About the size of a value as JSON text, counting a value reached twice twice (it is
/// written twice), and giving up once past `limit`. Walks with a stack of its own: results can
/// be as deep as the expression guard allows.
pub fn weigh(value: &Variable, limit: u64) -> u64 {
    // Most arguments are texts, numbers and lists of them: no walk, no allocation.
    match value {
        Variable::Array(items) if items.iter().all(is_leaf) => {
            return items.iter().fold(items.len() as u64 + 2, |sum, i| {
                sum.saturating_add(leaf_weight(i))
            });
        }
        Variable::Array(_) | Variable::Object(_) => {}
        leaf => return leaf_weight(leaf),
    }
    let mut total = 0u64;
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        total = total.saturating_add(match value {
            Variable::Array(items) => {
                pending.extend(items.iter().map(|item| &**item));
                items.len() as u64 + 2
            }
            Variable::Object(map) => {
                for (key, item) in map {
                    total = total.saturating_add(key.len() as u64 + 4);
                    pending.push(&**item);
                }
                2
            }
            leaf => leaf_weight(leaf),
        });
        if total > limit {
            break;
        }
    }
    total
}

fn is_leaf(value: &Rcvar) -> bool {
    !matches!(**value, Variable::Array(_) | Variable::Object(_))
}

/// A text, number, boolean or null.
fn leaf_weight(value: &Variable) -> u64 {
    match value {
        Variable::String(s) => s.len() as u64 + 2,
        _ => 8,
    }
}

/// The functions that build text from what they read, so that copies of a large value fed to
/// them make new large values (`[x,x,x,x][].upper(@)`). The others answer with a number, a
/// boolean, a fixed-size text or references to what they read.
pub const BUILDERS: [&str; 8] = [
    "join",
    "to_string",
    "lower",
    "upper",
    "trim",
    "replace",
    "split",
    "reverse",
];

/// A function whose calls are charged to the evaluation's account.
pub struct Charged {
    name: &'static str,
    inner: Box<dyn Function>,
}

impl Charged {
    pub fn new(name: &'static str, inner: Box<dyn Function>) -> Self {
        Self { name, inner }
    }
}

impl Function for Charged {
    fn evaluate(&self, args: &[Rcvar], ctx: &mut Context<'_>) -> Result<Rcvar, JmespathError> {
        let left = MAX_BUILT_BYTES.saturating_sub(SPENT.get());
        let mut cost = args
            .iter()
            .fold(0u64, |sum, arg| sum.saturating_add(weigh(arg, left)));
        let grows = growth(self.name, args);
        GROWN.set(GROWN.get().saturating_add(grows));
        cost = cost.saturating_add(grows);
        if cost > left {
            STOPPED_AT.set(Some(self.name));
            return Err(JmespathError::from_ctx(
                ctx,
                ErrorReason::Runtime(RuntimeError::InvalidReturnType {
                    expected: format!("a result under {} MB", MAX_BUILT_BYTES / (1024 * 1024)),
                    actual: "more".to_owned(),
                    position: 0,
                    invocation: 0,
                }),
            ));
        }
        SPENT.set(SPENT.get() + cost);
        self.inner.evaluate(args, ctx)
    }
}

/// What a call adds beyond what it reads.
fn growth(name: &str, args: &[Rcvar]) -> u64 {
    match name {
        "replace" => match (text_at(args, 0), text_at(args, 1), text_at(args, 2)) {
            (Some(text), Some(from), Some(to)) if !from.is_empty() => {
                (text.matches(from.as_str()).count() as u64).saturating_mul(to.len() as u64)
            }
            _ => 0,
        },
        "join" => match (text_at(args, 0), args.get(1).and_then(|a| a.as_array())) {
            (Some(glue), Some(items)) => (glue.len() as u64).saturating_mul(items.len() as u64),
            _ => 0,
        },
        "split" => match (text_at(args, 0), text_at(args, 1)) {
            (Some(text), Some(separator)) => {
                let parts = if separator.is_empty() {
                    text.chars().count()
                } else {
                    text.matches(separator.as_str()).count() + 1
                };
                (parts as u64).saturating_mul(VALUE_OVERHEAD)
            }
            _ => 0,
        },
        _ => 0,
    }
}

/// The argument at `index` if it is text (arguments are charged before their types are
/// checked, so one may be missing or of another type).
fn text_at(args: &[Rcvar], index: usize) -> Option<&String> {
    args.get(index).and_then(|a| a.as_string())
}

#[cfg(test)]
mod tests {
    use super::weigh;
    use jmespath::Variable;

    #[test]
    fn a_shared_value_weighs_once_per_place_it_is_written() {
        let text = jmespath::Rcvar::new(Variable::String("x".repeat(100)));
        let array = Variable::Array(vec![text.clone(), text.clone(), text]);
        assert_eq!(weigh(&array, u64::MAX), 3 * 102 + 5);
        let array = jmespath::Rcvar::new(array);
        let nested = Variable::Array(vec![array.clone(), array.clone(), array]);
        assert_eq!(weigh(&nested, u64::MAX), 3 * 311 + 5);
        assert!(weigh(&nested, 50) <= 50 + 311, "stops soon after the limit");
    }

    #[test]
    fn every_builder_is_a_function_of_the_runtime() {
        for name in super::BUILDERS {
            assert!(
                super::super::CATALOGUE.iter().any(|doc| doc.name == name),
                "{name}"
            );
        }
    }
}
