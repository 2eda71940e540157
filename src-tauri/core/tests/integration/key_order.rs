//! Object keys come out in the order they were typed in each multi-select hash — in the body
//! sent, the preview's pretty text and form bodies — at any depth, through projections, pipes
//! and filters, and never alphabetically unless typed so.

use apidest_core::destinations::BodyFormat;
use apidest_core::render::{
    render_body, render_body_as, render_payload, ExpressionCache, RenderContext,
};
use serde_json::json;

fn context() -> RenderContext {
    RenderContext::new(
        json!({"name": "Bloom"}),
        json!({"id": "ct_1", "first_name": "Zoë", "email": "zoe@example.com",
               "orders": [{"id": "o1", "total": 10, "sku": "A"}, {"id": "o2", "total": 25, "sku": "B"}],
               "attrs": {"zeta": 1, "alpha": 2}}),
        json!({"type": "contact.updated"}),
    )
    .unwrap()
}

fn body(expr: &str) -> String {
    render_body(expr, &ExpressionCache::default(), &context())
        .unwrap()
        .unwrap()
}

#[test]
fn top_level_keys_keep_the_typed_order() {
    assert_eq!(
        body("{zip: 'z', email: contact.email, name: contact.first_name, age: `3`}"),
        r#"{"zip":"z","email":"zoe@example.com","name":"Zoë","age":3}"#
    );
}

#[test]
fn nested_hashes_keep_their_order_at_every_depth() {
    assert_eq!(
        body("{user: {z: `1`, m: {y: `2`, b: `3`, x: {q: `4`, a: `5`}}, a: `6`}, data: [{k: `1`, c: `2`}]}"),
        r#"{"user":{"z":1,"m":{"y":2,"b":3,"x":{"q":4,"a":5}},"a":6},"data":[{"k":1,"c":2}]}"#
    );
}

#[test]
fn projections_filters_and_pipes_producing_hashes() {
    assert_eq!(
        body("contact.orders[*].{total: total, id: id}"),
        r#"[{"total":10,"id":"o1"},{"total":25,"id":"o2"}]"#
    );
    assert_eq!(
        body("contact.orders[?total > `15`].{sku: sku, id: id}"),
        r#"[{"sku":"B","id":"o2"}]"#
    );
    assert_eq!(
        body("contact | {team: `null`, id: id} | {wrapped: @, at: 'x'}"),
        r#"{"wrapped":{"team":null,"id":"ct_1"},"at":"x"}"#
    );
    assert_eq!(
        body("{items: contact.orders[].{total: total, id: id}, count: length(contact.orders)}"),
        r#"{"items":[{"total":10,"id":"o1"},{"total":25,"id":"o2"}],"count":2}"#
    );
    // Made by a function or `||`: matched by the hash with the same keys.
    assert_eq!(
        body("sort_by(contact.orders[*].{total: total, id: id}, &total)[0] || {x: `1`}"),
        r#"{"total":10,"id":"o1"}"#
    );
}

#[test]
fn data_and_merged_objects_keep_sorted_order_and_repeated_keys_keep_their_first_place() {
    assert_eq!(body("contact.attrs"), r#"{"alpha":2,"zeta":1}"#);
    assert_eq!(body("{b: `1`, a: `2`, b: `3`}"), r#"{"b":3,"a":2}"#);
}

#[test]
fn the_preview_text_and_form_bodies_use_the_same_order() {
    let cache = ExpressionCache::default();
    let expr =
        "{zip: 'z', customer: {name: contact.first_name, email: contact.email}, items: [`1`, `2`]}";
    let preview = render_payload(expr, &cache, &context()).unwrap();
    let display = preview.display.unwrap();
    assert!(
        display.find("zip").unwrap() < display.find("customer").unwrap()
            && display.find("name").unwrap() < display.find("email").unwrap(),
        "{display}"
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&display).unwrap(),
        serde_json::from_str::<serde_json::Value>(&preview.body.unwrap()).unwrap()
    );
    let form = render_body_as(expr, BodyFormat::Form, &cache, &context())
        .unwrap()
        .unwrap();
    assert_eq!(
        form,
        "zip=z&customer%5Bname%5D=Zo%C3%AB&customer%5Bemail%5D=zoe%40example.com&items=1&items=2"
    );
}

/// Lists in form bodies: a list of values repeats its field (as Twilio and Mailgun read it, and
/// as Stripe does when the field is named `expand[]`); inside an object it takes `[]`; a list of
/// objects is numbered so each item's fields stay together.
#[test]
fn form_bodies_write_lists_the_way_form_apis_read_them() {
    let expr = "{to: ['a@x.test', 'b@x.test'], \"expand[]\": ['customer'], \
                customer: {tags: ['vip', 'beta']}, items: contact.orders[*].{price: sku, quantity: total}}";
    let form = render_body_as(
        expr,
        BodyFormat::Form,
        &ExpressionCache::default(),
        &context(),
    )
    .unwrap()
    .unwrap();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(form.as_bytes())
        .into_owned()
        .collect();
    let expected: Vec<(String, String)> = [
        ("to", "a@x.test"),
        ("to", "b@x.test"),
        ("expand[]", "customer"),
        ("customer[tags][]", "vip"),
        ("customer[tags][]", "beta"),
        ("items[0][price]", "A"),
        ("items[0][quantity]", "10"),
        ("items[1][price]", "B"),
        ("items[1][quantity]", "25"),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(pairs, expected, "{form}");
}
