//! Published vectors for the hashes (Meta's normalisation examples, Mailchimp's subscriber
//! hash, the standard test strings), E.164 examples and the argument errors.

use serde_json::json;

use crate::render::{render_payload, ExpressionCache, RenderContext};

fn eval(expr: &str) -> serde_json::Value {
    let context = RenderContext::new(
        json!({}),
        json!({"email": "  John_Smith@gmail.com ", "phone": "020 7930 4832", "first_name": "Mary",
               "mc": "Urist.McVankab@freddiesjokes.com", "blank": "  ", "n": 3}),
        json!({"occurred_at": "2026-11-27T10:05:09Z"}),
    )
    .unwrap();
    render_payload(expr, &ExpressionCache::default(), &context)
        .unwrap_or_else(|e| panic!("{expr}: {}", e.message))
        .value
}

fn error(expr: &str) -> String {
    let context = RenderContext::new(json!({}), json!({"n": 3, "s": "x"}), json!({})).unwrap();
    render_payload(expr, &ExpressionCache::default(), &context)
        .unwrap_err()
        .message
}

#[test]
fn meta_conversions_api_normalised_email_hash() {
    // developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters:
    // "John_Smith@gmail.com" → trim, lower-case → SHA-256.
    assert_eq!(
        eval("sha256(lower(trim(contact.email)))"),
        json!("62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f")
    );
    // The same page: first name "Mary" → "mary"; "Valéry" → "valéry"; phone 16505551212.
    assert_eq!(
        eval("sha256(lower(contact.first_name))"),
        json!("6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec")
    );
    assert_eq!(
        eval("sha256(lower('Valéry'))"),
        json!("08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c")
    );
    assert_eq!(
        eval("sha256('16505551212')"),
        json!("e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176")
    );
}

#[test]
fn mailchimp_subscriber_hash_is_md5_of_the_lower_cased_email() {
    // Mailchimp's docs: "The MD5 hash of the lowercase version of the list member's email
    // address", with their sample member Urist.McVankab@freddiesjokes.com.
    assert_eq!(
        eval("md5(lower(contact.mc))"),
        json!("62eeb292278cc15f5817cb78f7790b08")
    );
}

#[test]
fn standard_hash_vectors() {
    // FIPS 180-2 and RFC 1321 test strings.
    assert_eq!(
        eval("sha256('abc')"),
        json!("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    );
    assert_eq!(
        eval("sha256('')"),
        json!("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    );
    assert_eq!(eval("md5('')"), json!("d41d8cd98f00b204e9800998ecf8427e"));
    assert_eq!(
        eval("md5('abc')"),
        json!("900150983cd24fb0d6963f7d28e17f72")
    );
    assert_eq!(
        eval("md5('The quick brown fox jumps over the lazy dog')"),
        json!("9e107d9d372bb6826bd81d3542a419d6")
    );
}

#[test]
fn e164_phone_numbers() {
    assert_eq!(
        eval("phone_e164(contact.phone, 'GB')"),
        json!("+442079304832")
    );
    assert_eq!(
        eval("phone_e164('(650) 253-0000', 'us')"),
        json!("+16502530000")
    );
    assert_eq!(
        eval("phone_e164('+33 1 42 68 53 00')"),
        json!("+33142685300")
    );
    assert_eq!(
        eval("phone_e164('+49 30 901820', 'GB')"),
        json!("+4930901820")
    );
    // Not a number, or no country to read it in: null, for coalesce() to handle.
    assert_eq!(eval("phone_e164('hello', 'GB')"), json!(null));
    assert_eq!(eval("phone_e164('020 7930 4832')"), json!(null));
    assert_eq!(eval("phone_e164(contact.nothing, 'GB')"), json!(null));
}

#[test]
fn text_functions() {
    assert_eq!(
        eval("{l: lower('ÀB'), u: upper('straße'), t: trim('  a b \n')}"),
        json!({"l": "àb", "u": "STRASSE", "t": "a b"})
    );
    assert_eq!(eval("replace('a-b-c', '-', '')"), json!("abc"));
    assert_eq!(eval("split('a,b,,c', ',')"), json!(["a", "b", "", "c"]));
    assert_eq!(eval("split('ab', '')"), json!(["a", "b"]));
    assert_eq!(eval("lower(contact.nothing)"), json!(null));
    assert_eq!(
        eval("coalesce(contact.nothing, contact.blank, '', contact.first_name)"),
        json!("Mary")
    );
    assert_eq!(eval("coalesce(contact.nothing)"), json!(null));
    assert_eq!(eval("coalesce(`0`, 'x')"), json!(0));
}

#[test]
fn dates() {
    assert_eq!(
        eval("format_date(event.occurred_at, '%d/%m/%Y %H:%M')"),
        json!("27/11/2026 10:05")
    );
    assert_eq!(
        eval("format_date(event.occurred_at, 'unix')"),
        json!(1_795_773_909)
    );
    assert_eq!(
        eval("format_date('2026-11-27', 'rfc3339')"),
        json!("2026-11-27T00:00:00Z")
    );
    assert_eq!(eval("format_date(`0`, '%Y-%m-%d')"), json!("1970-01-01"));
    assert_eq!(eval("format_date(contact.nothing, '%Y')"), json!(null));
    let now = eval("now()");
    let now = now.as_str().unwrap();
    assert!(
        time::OffsetDateTime::parse(now, &time::format_description::well_known::Rfc3339).is_ok()
            && now.ends_with('Z'),
        "{now}"
    );
    assert_eq!(eval("length(format_date(now(), '%Y'))"), json!(4));
}

#[test]
fn uuids_are_version_4_and_differ() {
    let a = eval("uuid()");
    let b = eval("uuid()");
    let parsed = uuid::Uuid::parse_str(a.as_str().unwrap()).unwrap();
    assert_eq!(parsed.get_version_num(), 4);
    assert_ne!(a, b);
}

#[test]
fn wrong_arguments_say_what_to_fix() {
    assert_eq!(
        error("lower(contact.n)"),
        "At character 6: lower(): argument 1 should be string|null but is number"
    );
    assert_eq!(
        error("sha256(contact.s, 'x')"),
        "At character 7: sha256(): too many arguments: expected 1, got 2"
    );
    assert_eq!(
        error("phone_e164(contact.s, 'XX')"),
        "At character 11: phone_e164(): argument 2 should be a two-letter region code such as 'GB', 'US' or 'FR' but is 'XX'"
    );
    assert_eq!(
        error("format_date('yesterday', '%Y')"),
        "At character 12: format_date(): argument 1 should be a date such as '2026-11-27T10:00:00Z', '2026-11-27' or Unix seconds but is 'yesterday'"
    );
    assert!(
        error("format_date('2026-01-01', '%Q')").contains("argument 2 should be a format such as"),
        "{}",
        error("format_date('2026-01-01', '%Q')")
    );
    assert_eq!(
        error("replace(contact.s, '', 'y')"),
        "At character 8: replace(): argument 2 should be the text to replace (not empty) but is ''"
    );
    assert!(error("shout(contact.s)").contains("sha256"));
}

#[test]
fn every_registered_extension_is_in_the_catalogue() {
    use super::{CATALOGUE, RUNTIME};
    let sources = [
        include_str!("strings.rs"),
        include_str!("hashes.rs"),
        include_str!("dates.rs"),
        include_str!("identity.rs"),
    ];
    let mut registered = Vec::new();
    for source in sources {
        let lines: Vec<&str> = source.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            if pair[0] == "runtime," {
                registered.push(pair[1].trim_end_matches(',').trim_matches('"').to_owned());
            }
        }
    }
    let mut listed: Vec<String> = CATALOGUE
        .iter()
        .filter(|f| f.extension)
        .map(|f| f.name.to_owned())
        .collect();
    registered.sort();
    listed.sort();
    assert_eq!(registered, listed);
    for name in &listed {
        assert!(RUNTIME.get_function(name).is_some(), "{name}");
    }
}
