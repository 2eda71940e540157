//! Rendering: the context `{team, contact, event}`, JMESPath payloads, URL templates with
//! RFC 3986-encoded variables, and header checks — with precise errors and null warnings.

mod context;
mod error;
mod event;
mod expression;
mod form;
mod functions;
mod headers;
mod key_order;
mod payload;
mod preview;
mod request;
mod url;
mod warnings;

pub use context::{RenderContext, CONTEXT_ROOTS};
pub use error::{RenderError, RenderErrorKind, RenderWarning};
pub use event::EventInfo;
pub use expression::{
    compile, evaluate, CompiledExpression, ExpressionCache, GuardedExpression,
    MAX_EXPRESSION_CHARS, MAX_NESTING,
};
pub use functions::{FunctionDoc, CATALOGUE, VOLATILE_FUNCTIONS};
pub use headers::check_header_value;
pub use payload::{
    render_body, render_body_as, render_payload, render_payload_as, RenderedPayload,
};
pub use preview::{preview, PreviewHeader, PreviewRequest, PreviewResult};
pub use request::{
    render_request, FrozenRequest, HeaderSource, RenderedHeader, RenderedRequest, RequestTemplate,
};
pub use url::{encode_component, render_url, RenderedUrl, UrlSpan};
pub use warnings::null_path_warnings;
