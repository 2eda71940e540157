//! Every construct that nests or recurses in jmespath's parser and interpreter, as a chain
//! of any length: the expression guard's tests and the tests of the paths expressions take
//! (preview, rule conditions) build their inputs from this one list.
#![allow(dead_code)] // each test binary uses its own subset

use apidest_core::render::MAX_EXPRESSION_CHARS;

/// Each construct that recurses, as a chain of `n`.
pub fn construct(kind: &str, n: usize) -> String {
    match kind {
        "not" => format!("{}@", "!".repeat(n)),
        "expref" => format!("sort_by(contact.tags, {}@)", "& ".repeat(n)),
        "eq" => format!("@{}", " == @".repeat(n)),
        "lt" => format!("@{}", " < @".repeat(n)),
        "ne" => format!("@{}", "!=@".repeat(n)),
        "pipe" => format!("@{}", " | @".repeat(n)),
        "or" => format!("@{}", " || @".repeat(n)),
        "and" => format!("@{}", " && @".repeat(n)),
        "dot" => format!("@{}", ".a".repeat(n)),
        "paren" => format!("{}@{}", "(".repeat(n), ")".repeat(n)),
        "list" => format!("{}@{}", "[".repeat(n), "]".repeat(n)),
        "brace" => format!("{}@{}", "{a:".repeat(n), "}".repeat(n)),
        "func" => format!("{}`1`{}", "abs(".repeat(n), ")".repeat(n)),
        "index" => format!("@{}", "[0]".repeat(n)),
        "flatten" => format!("@{}", "[]".repeat(n)),
        "projection" => format!("contact.tags{}", "[*].a".repeat(n)),
        "filter" => format!("contact.tags{}", "[?@]".repeat(n)),
        "wildcard" => format!("@{}", ".*".repeat(n)),
        _ => unreachable!("{kind}"),
    }
}

pub const KINDS: [&str; 18] = [
    "not",
    "expref",
    "eq",
    "lt",
    "ne",
    "pipe",
    "or",
    "and",
    "dot",
    "paren",
    "list",
    "brace",
    "func",
    "index",
    "flatten",
    "projection",
    "filter",
    "wildcard",
];

/// The longest chain of `kind` within the character limit.
pub fn longest(kind: &str) -> String {
    let unit = construct(kind, 1).len() - construct(kind, 0).len();
    construct(
        kind,
        (MAX_EXPRESSION_CHARS - construct(kind, 0).len()) / unit,
    )
}
