//! Object keys in the order the marketer typed them. The `jmespath` crate keeps objects in
//! sorted maps, so a result is written by walking it beside the syntax tree that made it: an
//! object made by a multi-select hash (`{b: …, a: …}`) takes that hash's key order, at any
//! depth and through projections, pipes and filters. An object whose maker the tree cannot
//! tell (the result of `||`, `not_null()`, `sort_by()`, a flatten…) takes the order of the
//! hash in the expression with exactly its keys (the first one typed, if several have the
//! same keys in different orders); any other object — data read from the contact, `merge()`
//! results — keeps the sorted order it has.

use std::collections::BTreeMap;

use jmespath::ast::Ast;
use jmespath::{Rcvar, Variable};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// The typed key order of each multi-select hash whose order is not already sorted, by key set.
#[derive(Debug, Default)]
pub(crate) struct KeyOrders {
    /// (the keys sorted, the keys as typed), distinct keys only.
    by_set: Vec<(Vec<String>, Vec<String>)>,
    /// How to write the object each multi-select hash node makes, by the node's address (the
    /// tree lives as long as the compiled expression that holds this).
    plans: Vec<(usize, Plan)>,
}

/// For each key in typed order: its index among the object's sorted keys, and the element whose
/// expression made its value (a repeated key keeps its first place and its last value).
#[derive(Debug)]
struct Plan {
    sorted_index: Vec<usize>,
    element: Vec<usize>,
}

impl Plan {
    fn of(elements: &[jmespath::ast::KeyValuePair]) -> Self {
        let typed = distinct_keys(elements);
        let mut sorted: Vec<&String> = typed.iter().collect();
        sorted.sort();
        Self {
            sorted_index: typed
                .iter()
                .map(|k| sorted.iter().position(|s| *s == k).unwrap_or(0))
                .collect(),
            element: typed
                .iter()
                .map(|k| elements.iter().rposition(|e| &e.key == k).unwrap_or(0))
                .collect(),
        }
    }
}

impl KeyOrders {
    pub(crate) fn of(root: &Ast) -> Self {
        let mut by_set: Vec<(Vec<String>, Vec<String>)> = Vec::new();
        let mut plans = Vec::new();
        let mut pending = vec![root];
        // The tree can be as deep as the guard allows: keep our own stack.
        while let Some(node) = pending.pop() {
            if let Ast::MultiHash { elements, .. } = node {
                plans.push((node as *const Ast as usize, Plan::of(elements)));
                let typed = distinct_keys(elements);
                let mut sorted = typed.clone();
                sorted.sort();
                if sorted != typed && !by_set.iter().any(|(s, _)| *s == sorted) {
                    by_set.push((sorted, typed));
                }
            }
            children(node, |c| pending.push(c));
        }
        // Depth-first with a stack visits later siblings first; the first typed must win.
        by_set.reverse();
        dedupe_first(&mut by_set);
        Self { by_set, plans }
    }

    fn plan(&self, node: &Ast) -> Option<&Plan> {
        let at = node as *const Ast as usize;
        self.plans.iter().find(|(a, _)| *a == at).map(|(_, p)| p)
    }

    fn typed_for(&self, object: &BTreeMap<String, Rcvar>) -> Option<&[String]> {
        self.by_set
            .iter()
            .find(|(sorted, _)| {
                sorted.len() == object.len()
                    && sorted.iter().zip(object.keys()).all(|(a, b)| a == b)
            })
            .map(|(_, typed)| typed.as_slice())
    }
}

fn dedupe_first(by_set: &mut Vec<(Vec<String>, Vec<String>)>) {
    let mut seen: Vec<Vec<String>> = Vec::new();
    by_set.retain(|(sorted, _)| {
        if seen.contains(sorted) {
            false
        } else {
            seen.push(sorted.clone());
            true
        }
    });
}

fn distinct_keys(elements: &[jmespath::ast::KeyValuePair]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(elements.len());
    for kv in elements {
        if !keys.contains(&kv.key) {
            keys.push(kv.key.clone());
        }
    }
    keys
}

/// Calls `visit` with each direct child of a node.
pub(crate) fn children<'a>(ast: &'a Ast, mut visit: impl FnMut(&'a Ast)) {
    match ast {
        Ast::Comparison { lhs, rhs, .. }
        | Ast::Projection { lhs, rhs, .. }
        | Ast::And { lhs, rhs, .. }
        | Ast::Or { lhs, rhs, .. }
        | Ast::Subexpr { lhs, rhs, .. } => {
            visit(lhs);
            visit(rhs);
        }
        Ast::Condition {
            predicate, then, ..
        } => {
            visit(predicate);
            visit(then);
        }
        Ast::Expref { ast: node, .. }
        | Ast::Flatten { node, .. }
        | Ast::Not { node, .. }
        | Ast::ObjectValues { node, .. } => visit(node),
        Ast::Function { args, .. } => args.iter().for_each(visit),
        Ast::MultiList { elements, .. } => elements.iter().for_each(visit),
        Ast::MultiHash { elements, .. } => elements.iter().for_each(|kv| visit(&kv.value)),
        Ast::Identity { .. }
        | Ast::Field { .. }
        | Ast::Index { .. }
        | Ast::Literal { .. }
        | Ast::Slice { .. } => {}
    }
}

/// The node that made a value: through the right side of `.` and `|` and a filter's `then`.
fn maker(mut ast: &Ast) -> &Ast {
    loop {
        match ast {
            Ast::Subexpr { rhs, .. } => ast = rhs,
            Ast::Condition { then, .. } => ast = then,
            other => return other,
        }
    }
}

/// A result with the expression that made it (when known), written with keys as typed.
#[derive(Clone, Copy)]
pub(crate) struct Typed<'a> {
    pub value: &'a Variable,
    pub made_by: Option<&'a Ast>,
    pub orders: &'a KeyOrders,
}

impl<'a> Typed<'a> {
    pub(crate) fn new(value: &'a Variable, made_by: &'a Ast, orders: &'a KeyOrders) -> Self {
        Self {
            value,
            made_by: Some(made_by),
            orders,
        }
    }

    fn child(&self, value: &'a Variable, made_by: Option<&'a Ast>) -> Self {
        Self {
            value,
            made_by,
            orders: self.orders,
        }
    }

    /// An object's entries in the order they are written.
    pub(crate) fn entries(
        &self,
        object: &'a BTreeMap<String, Rcvar>,
        mut f: impl FnMut(&'a str, Typed<'a>),
    ) {
        if let Some(node @ Ast::MultiHash { elements, .. }) = self.made_by.map(maker) {
            if let Some(plan) = self.orders.plan(node) {
                if plan.sorted_index.len() == object.len() {
                    // The object has exactly the hash's keys: its sorted entries, re-ordered.
                    let sorted: Vec<(&'a String, &'a Rcvar)> = object.iter().collect();
                    for (&i, &e) in plan.sorted_index.iter().zip(&plan.element) {
                        let (key, value) = sorted[i];
                        f(key, self.child(value, Some(&elements[e].value)));
                    }
                    return;
                }
            }
        }
        match self.orders.typed_for(object) {
            Some(typed) => {
                for key in typed {
                    if let Some((key, value)) = object.get_key_value(key) {
                        f(key, self.child(value, None));
                    }
                }
            }
            None => {
                for (key, value) in object {
                    f(key, self.child(value, None));
                }
            }
        }
    }

    /// An array's items, each with the node that made it when the tree tells.
    pub(crate) fn items(&self, array: &'a [Rcvar], mut f: impl FnMut(Typed<'a>)) {
        let made_by = self.made_by.map(maker);
        for (i, item) in array.iter().enumerate() {
            let item_maker = match made_by {
                Some(Ast::MultiList { elements, .. }) if elements.len() == array.len() => {
                    Some(&elements[i])
                }
                Some(Ast::Projection { rhs, .. }) => Some(&**rhs),
                _ => None,
            };
            f(self.child(item, item_maker));
        }
    }
}

impl Serialize for Typed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Variable::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                let mut result = Ok(());
                self.items(items, |item| {
                    if result.is_ok() {
                        result = seq.serialize_element(&item);
                    }
                });
                result?;
                seq.end()
            }
            Variable::Object(object) => {
                let mut map = serializer.serialize_map(Some(object.len()))?;
                let mut result = Ok(());
                self.entries(object, |key, value| {
                    if result.is_ok() {
                        result = map.serialize_entry(key, &value);
                    }
                });
                result?;
                map.end()
            }
            other => other.serialize(serializer),
        }
    }
}
