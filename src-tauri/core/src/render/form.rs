//! Form-encoded bodies (`application/x-www-form-urlencoded`): the result must be an object;
//! text is written as is, numbers and booleans as their JSON text, and null fields, empty lists
//! and empty objects are left out (a form has no null). Nesting follows what form APIs read:
//! - a list of values repeats its field, `to=a&to=b`, as HTML forms, Twilio and Mailgun read
//!   it; where an API wants brackets the field is named so (`"expand[]": […]`, as Stripe
//!   documents it);
//! - inside an object, fields are bracketed, `customer[name]=Zoë`, and a list of values is
//!   `customer[tags][]=vip` (Stripe, Rails and PHP);
//! - a list of objects or lists is numbered, so each item's fields stay together:
//!   `items[0][price]=p1&items[0][quantity]=2`.

use jmespath::Variable;

use super::error::{RenderError, RenderErrorKind};
use super::key_order::Typed;

pub(crate) fn encode_form(result: Typed<'_>) -> Result<String, RenderError> {
    let Variable::Object(object) = result.value else {
        return Err(RenderError::new(
            RenderErrorKind::Evaluation,
            format!(
                "A form-encoded body is made of named fields, so the payload must give an object \
                 ({{name: value, …}}); this one gives {}. Wrap it in {{…}} or choose the JSON body format",
                describe(result.value)
            ),
        ));
    };
    let mut pairs: Vec<(String, String)> = Vec::with_capacity(object.len());
    result.entries(object, |key, value| {
        flatten(key.to_owned(), value, true, &mut pairs)
    });
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in &pairs {
        form.append_pair(name, value);
    }
    Ok(form.finish())
}

/// `top`: a field of the body itself, whose name is used as written.
fn flatten(name: String, value: Typed<'_>, top: bool, pairs: &mut Vec<(String, String)>) {
    match value.value {
        Variable::Null | Variable::Expref(_) => {}
        Variable::Bool(b) => pairs.push((name, b.to_string())),
        Variable::Number(n) => pairs.push((name, n.to_string())),
        Variable::String(s) => pairs.push((name, s.clone())),
        Variable::Array(items) => {
            let mut i = 0usize;
            value.items(items, |item| {
                let item_name = match item.value {
                    Variable::Array(_) | Variable::Object(_) => format!("{name}[{i}]"),
                    _ if top => name.clone(),
                    _ => format!("{name}[]"),
                };
                flatten(item_name, item, false, pairs);
                i += 1;
            });
        }
        Variable::Object(object) => {
            value.entries(object, |key, item| {
                flatten(format!("{name}[{key}]"), item, false, pairs)
            });
        }
    }
}

fn describe(value: &Variable) -> &'static str {
    match value {
        Variable::Null => "null",
        Variable::Bool(_) => "a boolean",
        Variable::Number(_) => "a number",
        Variable::String(_) => "a text",
        Variable::Array(_) => "a list",
        Variable::Object(_) => "an object",
        Variable::Expref(_) => "an expression reference",
    }
}
