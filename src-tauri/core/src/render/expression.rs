//! JMESPath expressions: guarded compilation (length and nesting are bounded before the
//! parser sees the text, since the `jmespath` crate recurses without limit and a deep enough
//! expression overflows the stack), a bound on how large a result can grow (checked from the
//! syntax tree before evaluating, since the interpreter cannot be interrupted), a cache of
//! compiled expressions, and evaluation on a converted context with errors mapped to precise
//! messages.

use super::key_order::children;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jmespath::ast::Ast;
use jmespath::{ErrorReason, Expression, JmespathError, RuntimeError};

use super::context::RenderContext;
use super::error::{RenderError, RenderErrorKind};
use super::functions::{
    budget_grown, budget_stopped_at, start_budget, weigh, CATALOGUE, MAX_BUILT_BYTES, RUNTIME,
};
use super::key_order::KeyOrders;
use crate::destinations::template::{parse_template, ParsedTemplate, TemplateError};

pub const MAX_EXPRESSION_CHARS: usize = 16 * 1024;
/// Brackets, parentheses and braces open at once.
pub const MAX_NESTING: usize = 64;
/// The recursion an expression may cost, in units of about 512 bytes of stack. Every construct
/// that nests or recurses in the parser, the interpreter or the tree's drop counts, weighted by
/// the stack it was measured to take per level in jmespath 0.5 (see [`construct_cost`]). The
/// smallest stack expressions run on is a tokio worker's 2 MiB (the preview, rules, the engine);
/// at this budget the worst construct takes under 400 KiB, and the tests run each one at the
/// budget on a 512 KiB stack (a margin of four) in a debug build.
pub const MAX_RECURSION_COST: usize = 768;
/// The functions that take an expression reference (`&field`); anywhere else one is refused.
const EXPREF_FUNCTIONS: [&str; 4] = ["sort_by", "min_by", "max_by", "map"];

pub type CompiledExpression = Arc<GuardedExpression>;

/// A compiled expression that passed the guard, with its fan-out and key orders worked out
/// once (the walks would otherwise cost a fifth of a render).
pub struct GuardedExpression {
    expression: Expression<'static>,
    fan_out: u64,
    /// The key order typed in each multi-select hash, for writing results as typed.
    pub(crate) key_orders: KeyOrders,
}

impl std::ops::Deref for GuardedExpression {
    type Target = Expression<'static>;

    fn deref(&self) -> &Expression<'static> {
        &self.expression
    }
}

impl std::fmt::Debug for GuardedExpression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.expression.as_str())
    }
}

/// Compiles after checking the bounds.
pub fn compile(text: &str) -> Result<CompiledExpression, RenderError> {
    check_bounds(text)?;
    let expression = RUNTIME.compile(text).map_err(|e| map_error(&e))?;
    check_exprefs(expression.as_ast())?;
    let fan_out = fan_out(expression.as_ast());
    let key_orders = KeyOrders::of(expression.as_ast());
    Ok(Arc::new(GuardedExpression {
        expression,
        fan_out,
        key_orders,
    }))
}

/// Evaluates on a context, mapping failures to precise errors.
pub fn evaluate(
    expression: &GuardedExpression,
    context: &RenderContext,
) -> Result<jmespath::Rcvar, RenderError> {
    check_result_size(expression.fan_out, context)?;
    let mut ctx = jmespath::Context::new(expression.as_str(), &RUNTIME);
    start_budget();
    let result = jmespath::interpret(&context.value, expression.as_ast(), &mut ctx);
    if let Some(function) = budget_stopped_at() {
        return Err(too_large(&format!(
            "{function}() would take the text it builds past {} MB",
            MAX_BUILT_BYTES / (1024 * 1024)
        )));
    }
    let result = result.map_err(|e| map_error(&e))?;
    // Copies of one value cost nothing until the result is written out, once per copy. The
    // fan-out check above bounds copies of the input; what functions built on top of it is
    // weighed only when copies of it could pass the limit.
    let could_pass = expression
        .fan_out
        .saturating_mul((context.bytes as u64).saturating_add(budget_grown()))
        > MAX_BUILT_BYTES;
    if could_pass && weigh(&result, MAX_BUILT_BYTES) > MAX_BUILT_BYTES {
        return Err(too_large(&format!(
            "written out, it would be over {} MB",
            MAX_BUILT_BYTES / (1024 * 1024)
        )));
    }
    Ok(result)
}

fn too_large(why: &str) -> RenderError {
    RenderError::new(
        RenderErrorKind::TooComplex,
        format!(
            "The result is too large: {why}. Build it from fewer copies, or replace or join less text"
        ),
    )
}

/// An expression reference is a value only a few functions can use; anywhere else it would
/// reach a payload or URL as the interpreter's debug text. (These walks keep their own stack:
/// the tree can be as deep as the guard allows, and a recursive walk would add its frames to
/// the interpreter's.)
fn check_exprefs(root: &Ast) -> Result<(), RenderError> {
    let mut pending: Vec<(&Ast, bool)> = vec![(root, false)];
    while let Some((node, may_be_expref)) = pending.pop() {
        match node {
            Ast::Expref { offset, .. } if !may_be_expref => {
                return Err(RenderError::new(
                    RenderErrorKind::Evaluation,
                    format!(
                        "At character {}: & makes an expression reference, which only {} accept as an argument; \
                         it cannot be a value. Remove the &",
                        offset + 1,
                        EXPREF_FUNCTIONS.join(", ")
                    ),
                )
                .at(*offset));
            }
            Ast::Function { name, args, .. } => {
                let takes_expref = EXPREF_FUNCTIONS.contains(&name.as_str());
                pending.extend(args.iter().map(|a| (a, takes_expref)));
            }
            other => children(other, |c| pending.push((c, false))),
        }
    }
    Ok(())
}

/// How many times its input a result can be, at most: a multi-select of n items makes n
/// references, and a projection or flatten applies its right side to every element of its
/// left, so fan-outs multiply (`[@,@][].[@,@][]` is 4 times its input). An upper bound:
/// every item is counted as if it were the whole input, both sides of a sub-expression
/// multiply, and a function's arguments multiply (`map`).
fn fan_out(root: &Ast) -> u64 {
    enum Step<'a> {
        Enter(&'a Ast),
        Exit(&'a Ast, usize),
    }
    let mut steps = vec![Step::Enter(root)];
    let mut values: Vec<u64> = Vec::new();
    while let Some(step) = steps.pop() {
        match step {
            Step::Enter(node) => {
                let at = steps.len();
                steps.push(Step::Exit(node, 0));
                let mut count = 0;
                children(node, |c| {
                    steps.push(Step::Enter(c));
                    count += 1;
                });
                steps[at] = Step::Exit(node, count);
            }
            Step::Exit(node, count) => {
                let from = values.len() - count;
                let multiplies = matches!(
                    node,
                    Ast::Projection { .. } | Ast::Subexpr { .. } | Ast::Function { .. }
                );
                let value = if multiplies {
                    values[from..]
                        .iter()
                        .fold(1u64, |acc, v| acc.saturating_mul(*v))
                } else {
                    // Both sides are evaluated, and a multi-select keeps every item.
                    values[from..]
                        .iter()
                        .fold(0u64, |acc, v| acc.saturating_add(*v))
                        .max(1)
                };
                values.truncate(from);
                values.push(value);
            }
        }
    }
    values.pop().unwrap_or(1)
}

/// Refuses, before evaluating, an expression whose result could grow past
/// [`MAX_BUILT_BYTES`]: the interpreter cannot be stopped once it runs, and
/// `[@,@,@,@,@,@,@,@][]` chained ten times would build a billion references.
fn check_result_size(fan_out: u64, context: &RenderContext) -> Result<(), RenderError> {
    let input = (context.bytes as u64).max(1024);
    let estimate = fan_out.saturating_mul(input);
    if estimate > MAX_BUILT_BYTES {
        return Err(RenderError::new(
            RenderErrorKind::TooComplex,
            format!(
                "The result is too large: the expression repeats its input up to {} times ({} KB of data here), \
                 which could make a result of {} MB; the most the app builds is {} MB. \
                 Select fewer copies or flatten fewer times",
                if fan_out == u64::MAX { "billions of".to_owned() } else { fan_out.to_string() },
                input / 1024,
                estimate / (1024 * 1024),
                MAX_BUILT_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(())
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
    let text: Vec<char> = text.chars().collect();
    let mut depth = 0usize;
    let mut cost = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut i = 0usize;
    while i < text.len() {
        let at = i;
        let c = text[i];
        let next = text.get(i + 1).copied();
        i += 1;
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
        if matches!(c, '\'' | '"' | '`') {
            quote = Some(c);
            continue;
        }
        // Two-character operators are one construct.
        if matches!(
            (c, next),
            ('|', Some('|'))
                | ('&', Some('&'))
                | ('=', Some('='))
                | ('!', Some('='))
                | ('<' | '>', Some('='))
        ) {
            i += 1;
        }
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(RenderError::new(
                        RenderErrorKind::TooComplex,
                        format!(
                            "The expression nests brackets more than {MAX_NESTING} levels deep (at character {}); simplify it",
                            at + 1
                        ),
                    )
                    .at(at));
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        cost += construct_cost(c, next);
        if cost > MAX_RECURSION_COST {
            return Err(RenderError::new(
                RenderErrorKind::TooComplex,
                format!(
                    "The expression chains or nests too many operators (at character {}); the parser \
                     and interpreter go one level deeper for each !, &, |, ., [ ], ( ), {{ }}, * and comparison. \
                     Simplify it",
                    at + 1
                ),
            )
            .at(at));
        }
    }
    Ok(())
}

/// The stack a construct costs per level, in units of about 512 bytes, as measured in
/// jmespath 0.5 (parse, evaluate and drop on a thread of a given stack size, then the deepest
/// chain that did not overflow): a chain of `.`, `|`, `||`, `&&` or comparisons about 513 bytes
/// a level, `!`, `&`, `(` and `{` about 700, `[]` and `[*]` about 1,000, `[?` 1,200, `*` about
/// 750 beyond its `.`, a function call 1,800.
fn construct_cost(c: char, next: Option<char>) -> usize {
    match (c, next) {
        ('.' | '|' | '=' | '<' | '>', _) | ('&', Some('&')) | ('!', Some('=')) => 1,
        ('!' | '&' | '{' | '*', _) => 2,
        ('[', _) => 3,
        ('(', _) => 4,
        _ => 0,
    }
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
                "Unknown function {name}() at character {}. The functions are: {}",
                at + 1,
                CATALOGUE
                    .iter()
                    .map(|f| f.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .at(at)
        .about(name.clone()),
        ErrorReason::Runtime(runtime) => RenderError::new(
            RenderErrorKind::Evaluation,
            format!(
                "At character {}: {}{}",
                at + 1,
                function_at(&err.expression, at),
                describe_runtime(runtime)
            ),
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

/// "name(): " when the error is about a function call (the offset is its opening
/// parenthesis), so that a message names what to fix.
fn function_at(expression: &str, offset: usize) -> String {
    let Some(before) = expression
        .char_indices()
        .nth(offset)
        .map(|(i, _)| &expression[..i])
    else {
        return String::new();
    };
    if !expression[before.len()..].starts_with('(') {
        return String::new();
    }
    let before = before.trim_end();
    let start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let name = &before[start..];
    if name.is_empty() {
        String::new()
    } else {
        format!("{name}(): ")
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
