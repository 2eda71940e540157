//! JMESPath expressions: guarded compilation (length and nesting are bounded before the
//! parser sees the text, since the `jmespath` crate recurses without limit and a deep enough
//! expression overflows the stack), a cache of compiled expressions, and evaluation on a
//! converted context with errors mapped to precise messages.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jmespath::{ErrorReason, Expression, JmespathError, RuntimeError};

use super::context::RenderContext;
use super::error::{RenderError, RenderErrorKind};
use crate::destinations::template::{parse_template, ParsedTemplate, TemplateError};

pub const MAX_EXPRESSION_CHARS: usize = 16 * 1024;
/// Brackets, parentheses and braces open at once.
pub const MAX_NESTING: usize = 64;
/// Chained operators (`.`, `|`, `[`, `&&`, `||`): each adds a level to the parser's and the
/// interpreter's recursion.
pub const MAX_OPERATORS: usize = 1_000;

pub type CompiledExpression = Arc<Expression<'static>>;

/// The names of JMESPath's built-in functions, for the "unknown function" message.
pub const FUNCTIONS: &[&str] = &[
    "abs",
    "avg",
    "ceil",
    "contains",
    "ends_with",
    "floor",
    "join",
    "keys",
    "length",
    "map",
    "max",
    "max_by",
    "merge",
    "min",
    "min_by",
    "not_null",
    "reverse",
    "sort",
    "sort_by",
    "starts_with",
    "sum",
    "to_array",
    "to_number",
    "to_string",
    "type",
    "values",
];

/// Compiles after checking the bounds.
pub fn compile(text: &str) -> Result<CompiledExpression, RenderError> {
    check_bounds(text)?;
    jmespath::compile(text)
        .map(Arc::new)
        .map_err(|e| map_error(&e))
}

/// Evaluates on a context, mapping failures to precise errors.
pub fn evaluate(
    expression: &Expression<'static>,
    context: &RenderContext,
) -> Result<jmespath::Rcvar, RenderError> {
    let mut ctx = jmespath::Context::new(expression.as_str(), &jmespath::DEFAULT_RUNTIME);
    jmespath::interpret(&context.value, expression.as_ast(), &mut ctx).map_err(|e| map_error(&e))
}

fn check_bounds(text: &str) -> Result<(), RenderError> {
    let chars = text.chars().count();
    if chars > MAX_EXPRESSION_CHARS {
        return Err(RenderError::new(
            RenderErrorKind::TooComplex,
            format!(
                "The expression is {chars} characters long; the most the app accepts is {MAX_EXPRESSION_CHARS}"
            ),
        ));
    }
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut previous = '\0';
    for (i, c) in text.chars().enumerate() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => quote = Some(c),
            '(' | '[' | '{' => {
                depth += 1;
                if c == '[' {
                    operators += 1;
                }
                if depth > MAX_NESTING {
                    return Err(RenderError::new(
                        RenderErrorKind::TooComplex,
                        format!(
                            "The expression nests brackets more than {MAX_NESTING} levels deep (at character {}); simplify it",
                            i + 1
                        ),
                    )
                    .at(i));
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '.' | '|' => operators += 1,
            '&' if previous == '&' => operators += 1,
            _ => {}
        }
        if operators > MAX_OPERATORS {
            return Err(RenderError::new(
                RenderErrorKind::TooComplex,
                format!(
                    "The expression chains more than {MAX_OPERATORS} operators (at character {}); simplify it",
                    i + 1
                ),
            )
            .at(i));
        }
        previous = c;
    }
    Ok(())
}

/// Turns the crate's error into ours, with a 1-based character number in the message.
fn map_error(err: &JmespathError) -> RenderError {
    let at = err.offset;
    match &err.reason {
        ErrorReason::Parse(reason) => RenderError::new(
            RenderErrorKind::Syntax,
            format!("Syntax error at character {}: {}", at + 1, tidy(reason)),
        )
        .at(at),
        ErrorReason::Runtime(RuntimeError::UnknownFunction(name)) => RenderError::new(
            RenderErrorKind::UnknownFunction,
            format!(
                "Unknown function {name}() at character {}. JMESPath's functions are: {}",
                at + 1,
                FUNCTIONS.join(", ")
            ),
        )
        .at(at)
        .about(name.clone()),
        ErrorReason::Runtime(runtime) => RenderError::new(
            RenderErrorKind::Evaluation,
            format!("At character {}: {}", at + 1, describe_runtime(runtime)),
        )
        .at(at),
    }
}

fn describe_runtime(err: &RuntimeError) -> String {
    match err {
        RuntimeError::InvalidType {
            expected,
            actual,
            position,
        } => format!(
            "argument {} should be {expected} but is {actual}",
            position + 1
        ),
        RuntimeError::TooManyArguments { expected, actual } => {
            format!("too many arguments: expected {expected}, got {actual}")
        }
        RuntimeError::NotEnoughArguments { expected, actual } => {
            format!("not enough arguments: expected {expected}, got {actual}")
        }
        other => other.to_string(),
    }
}

/// The parser's reasons sometimes end with a full stop or a newline; keep one sentence.
fn tidy(reason: &str) -> String {
    reason.trim().trim_end_matches('.').to_owned()
}

type TemplateResult = Result<Arc<ParsedTemplate>, TemplateError>;

/// Compiled expressions and parsed endpoint templates by text. Editors re-render on every
/// keystroke and deliveries repeat the same few texts, so each is compiled once.
pub struct ExpressionCache {
    entries: Mutex<HashMap<String, Result<CompiledExpression, RenderError>>>,
    templates: Mutex<HashMap<String, TemplateResult>>,
    capacity: usize,
}

impl Default for ExpressionCache {
    fn default() -> Self {
        Self::new(1024)
    }
}

impl ExpressionCache {
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            templates: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// The compiled expression (or its compile error) for `text`.
    pub fn get(&self, text: &str) -> Result<CompiledExpression, RenderError> {
        if let Some(hit) = self.lock().get(text) {
            return hit.clone();
        }
        let compiled = compile(text);
        let mut entries = self.lock();
        if entries.len() >= self.capacity {
            // Simple and bounded: start over rather than track recency.
            entries.clear();
        }
        entries.insert(text.to_owned(), compiled.clone());
        compiled
    }

    /// The parsed endpoint template (or why it is refused) for `template`.
    pub fn template(&self, template: &str) -> TemplateResult {
        let mut templates = self.templates.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(hit) = templates.get(template) {
            return hit.clone();
        }
        let parsed = parse_template(template).map(Arc::new);
        if templates.len() >= self.capacity {
            templates.clear();
        }
        templates.insert(template.to_owned(), parsed.clone());
        parsed
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<String, Result<CompiledExpression, RenderError>>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}
