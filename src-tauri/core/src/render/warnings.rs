//! Null warnings: every plain path in an expression (`contact.custom_attributes.email`) that
//! resolves to null for this context is named, with its position, so the preview can say
//! which value is missing rather than only that something is.

use jmespath::ast::Ast;

use super::context::RenderContext;
use super::error::RenderWarning;
use super::expression::{evaluate, ExpressionCache};

pub fn null_path_warnings(
    ast: &Ast,
    cache: &ExpressionCache,
    context: &RenderContext,
) -> Vec<RenderWarning> {
    let mut paths: Vec<(String, usize)> = Vec::new();
    collect_root_paths(ast, &mut paths);
    let mut seen = std::collections::BTreeSet::new();
    let mut warnings = Vec::new();
    for (path, offset) in paths {
        if !seen.insert(path.clone()) {
            continue;
        }
        let Ok(compiled) = cache.get(&path) else {
            continue;
        };
        if let Ok(value) = evaluate(&compiled, context) {
            if value.is_null() {
                warnings.push(RenderWarning {
                    message: format!("{path} is null for this contact"),
                    path: Some(path),
                    position: Some(offset),
                });
            }
        }
    }
    warnings
}

/// Paths evaluated against the root context. Inside projections and `&expr` references the
/// current node is something else, so those are left out.
fn collect_root_paths(ast: &Ast, out: &mut Vec<(String, usize)>) {
    if let Some((path, offset)) = plain_path(ast) {
        out.push((path, offset));
        return;
    }
    match ast {
        Ast::Subexpr { lhs, .. } | Ast::Projection { lhs, .. } => collect_root_paths(lhs, out),
        Ast::Flatten { node, .. } | Ast::ObjectValues { node, .. } | Ast::Not { node, .. } => {
            collect_root_paths(node, out)
        }
        Ast::Comparison { lhs, rhs, .. } | Ast::And { lhs, rhs, .. } | Ast::Or { lhs, rhs, .. } => {
            collect_root_paths(lhs, out);
            collect_root_paths(rhs, out);
        }
        Ast::Condition {
            predicate, then, ..
        } => {
            collect_root_paths(predicate, out);
            collect_root_paths(then, out);
        }
        Ast::Function { args, .. } => args.iter().for_each(|a| collect_root_paths(a, out)),
        Ast::MultiList { elements, .. } => elements.iter().for_each(|a| collect_root_paths(a, out)),
        Ast::MultiHash { elements, .. } => elements
            .iter()
            .for_each(|kv| collect_root_paths(&kv.value, out)),
        _ => {}
    }
}

/// `a.b.c` made only of field names: its text and the offset of its first field.
fn plain_path(ast: &Ast) -> Option<(String, usize)> {
    match ast {
        Ast::Field { name, offset } => Some((quote_if_needed(name), *offset)),
        Ast::Subexpr { lhs, rhs, .. } => {
            let (left, offset) = plain_path(lhs)?;
            match rhs.as_ref() {
                Ast::Field { name, .. } => {
                    Some((format!("{left}.{}", quote_if_needed(name)), offset))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn quote_if_needed(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        name.to_owned()
    } else {
        serde_json::to_string(name).unwrap_or_else(|_| format!("\"{name}\""))
    }
}
