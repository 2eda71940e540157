//! What can go wrong while rendering, said precisely enough to point at the cause.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RenderErrorKind {
    /// The expression does not parse; `position` says where.
    Syntax,
    /// The expression calls a function JMESPath does not have.
    UnknownFunction,
    /// The expression parsed but failed on this data (wrong argument type, …).
    Evaluation,
    /// The expression is longer or more deeply nested than the app accepts.
    TooComplex,
    /// A URL `{variable}` has no binding.
    UnboundVariable,
    /// A URL variable's value is null, an object or an array.
    InvalidVariableValue,
    /// The filled-in URL is not a valid http(s) URL.
    InvalidUrl,
    /// A header value holds a line break or another control character.
    InvalidHeader,
    /// The method needs a body but the payload rendered to null.
    MissingBody,
}

/// One rendering problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct RenderError {
    pub kind: RenderErrorKind,
    pub message: String,
    /// Character offset in the expression (or template) the problem starts at.
    pub position: Option<usize>,
    /// The URL variable or header the problem belongs to.
    pub subject: Option<String>,
}

impl RenderError {
    pub fn new(kind: RenderErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            position: None,
            subject: None,
        }
    }

    pub fn at(mut self, position: usize) -> Self {
        self.position = Some(position);
        self
    }

    pub fn about(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }
}

/// Not an error, but worth a look: e.g. a path that resolved to null.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RenderWarning {
    pub message: String,
    /// The path, e.g. `contact.custom_attributes.email`.
    pub path: Option<String>,
    /// Character offset of the path in the expression.
    pub position: Option<usize>,
}
