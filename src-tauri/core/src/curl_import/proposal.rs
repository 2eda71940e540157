//! From a parsed cURL command to what the import proposes: the destination (name, endpoint,
//! method, static headers), its credential moved into a new API Auth config, the JSON body as
//! a payload expression, and a list of everything that could not be mapped.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::command::{
    is_placeholder, mask_form_secrets, parse_command, shorten, CurlRequest, Unmapped,
};
use super::credentials::{self, is_key_name, FoundCredential};
use super::payload::{self, BindingSuggestion};
use super::vendor::{auth_name, destination_name};
use crate::auth::AuthSettings;
use crate::destinations::template::parse_template;
use crate::destinations::{
    validate_destination, BodyFormat, DestinationInput, DestinationTest, FieldIssue, HeaderEntry,
    HttpMethod,
};
use crate::error::AppError;
use crate::render::{compile, evaluate, RenderContext, MAX_EXPRESSION_CHARS};
use crate::secrets::Secret;

/// The API Auth config the import would create. Its secret stays on the Rust side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuthProposal {
    pub name: String,
    pub settings: AuthSettings,
    /// Where the credential was in the command, e.g. "the Authorization header".
    pub found_in: String,
    /// `••••` and the last 4 characters of long secrets; `None` when the command has no value
    /// (it must be entered in the API Auth config).
    pub secret_mask: Option<String>,
}

/// What the import proposes, for the dialog, the CLI's `--dry-run` and the create step.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CurlProposal {
    /// The destination's form values (`auth_id` is set once the auth config exists). Its
    /// `test.payload` is the body written as an expression (empty when the command has no
    /// body the import can write), its `test.bindings` the URL variables it could recognise.
    pub destination: DestinationInput,
    pub auth: Option<AuthProposal>,
    /// Body values that look like a sample contact's: bind them instead of the literal.
    pub suggestions: Vec<BindingSuggestion>,
    /// Everything of the command that is not part of the proposal, and why.
    pub unmapped: Vec<Unmapped>,
    /// What the destination form would refuse as it stands (e.g. a placeholder in the host).
    pub issues: Vec<FieldIssue>,
}

/// A proposal and the secret it found, which never leaves the Rust side.
pub struct CurlImport {
    pub proposal: CurlProposal,
    pub secret: Option<Secret>,
}

impl fmt::Debug for CurlImport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CurlImport")
            .field("proposal", &self.proposal)
            .field("secret", &self.secret)
            .finish()
    }
}

/// Headers the app sets itself; a command's value for them is not kept.
const COMPUTED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "upgrade",
    "te",
    "trailer",
    "keep-alive",
    "proxy-connection",
    "expect",
];

/// Parses `text` and proposes a destination. `apply` lists the suggestion paths to bind to
/// the contact rather than keep as literals.
pub fn import_curl(text: &str, apply: &[String]) -> Result<CurlImport, AppError> {
    let req = parse_command(text)?;
    propose(req, apply)
}

fn propose(mut req: CurlRequest, apply: &[String]) -> Result<CurlImport, AppError> {
    let mut unmapped = std::mem::take(&mut req.unmapped);
    let raw_url = req.url.clone().ok_or_else(|| {
        AppError::validation(
            "The command has no URL: paste the whole cURL command, with the https://… address",
        )
    })?;

    let method_text = req.method();
    let method = HttpMethod::parse(&method_text).unwrap_or_else(|| {
        unmapped.push(Unmapped::new(
            format!("method {method_text}"),
            "Destinations send POST, PUT, PATCH or DELETE; the proposal uses POST. Check which \
             method the vendor documents for sending data",
        ));
        HttpMethod::Post
    });

    let mut credentials: Vec<FoundCredential> = Vec::new();
    let endpoint = endpoint_of(&raw_url, &req, &mut credentials, &mut unmapped);

    let mut headers = Vec::new();
    for (name, value) in &req.headers {
        let lower = name.to_ascii_lowercase();
        if lower == "authorization" {
            credentials.push(credentials::from_authorization(value));
        } else if credentials::is_key_name(name) {
            credentials.push(credentials::header_key(
                name,
                value,
                format!("the {name} header"),
            ));
        } else if COMPUTED_HEADERS.contains(&lower.as_str()) {
            unmapped.push(Unmapped::new(
                format!("-H {name}: {value}"),
                "The app sets this header itself when it sends",
            ));
        } else {
            headers.push(HeaderEntry {
                name: name.clone(),
                value: value.clone(),
            });
        }
    }
    if req.json_flag {
        for (name, value) in [
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
        ] {
            if !headers.iter().any(|h| h.name.eq_ignore_ascii_case(name)) {
                headers.push(HeaderEntry {
                    name: name.into(),
                    value: value.into(),
                });
            }
        }
    }
    if let Some((user, password)) = &req.user {
        credentials.push(credentials::from_user(user, password.as_ref()));
    }
    if let Some(token) = &req.bearer {
        credentials.push(FoundCredential {
            settings: AuthSettings::Bearer,
            secret: token.clone(),
            found_in: "--oauth2-bearer".into(),
        });
    }

    let mut credentials = credentials.into_iter();
    let found = credentials.next();
    for extra in credentials {
        unmapped.push(Unmapped::new(
            format!("a second credential in {}", extra.found_in),
            "A destination sends one API Auth config; this credential is left out (its value \
             is not kept). Add it as a static header if the vendor needs both",
        ));
    }

    let mut destination = DestinationInput::blank();
    destination.name = destination_name(&endpoint);
    destination.endpoint = endpoint;
    destination.method = method;
    destination.headers = headers;
    if let Some(secs) = req.max_time {
        destination.timeout_secs = (secs.ceil() as u32).clamp(1, 120);
    }

    let (payload, suggestions, body_format) = payload_of(&req, method, apply, &mut unmapped);
    destination.body_format = body_format;
    let bindings = bindings_of(&destination.endpoint, &mut unmapped);
    destination.test = DestinationTest {
        bindings,
        payload: payload.unwrap_or_default(),
    };
    let issues = validate_destination(&destination);

    // `$NAME` left in the text: the example expects the shell to fill it in.
    let mut seen = Vec::new();
    let body_text = req.body_text().unwrap_or_default();
    let header_text: Vec<&str> = destination
        .headers
        .iter()
        .map(|h| h.value.as_str())
        .collect();
    for text in [destination.endpoint.as_str(), body_text.as_str()]
        .into_iter()
        .chain(header_text)
    {
        for name in shell_variables(text) {
            if !seen.contains(&name) {
                unmapped.push(Unmapped::new(
                    format!("${name}"),
                    "A shell variable of the example, taken here as written: replace it with the \
                     value it stands for (in the form, or bind it in Test payload)",
                ));
                seen.push(name);
            }
        }
    }
    if let Some(found) = &found {
        if !shell_variables(found.secret.expose()).is_empty() {
            unmapped.push(Unmapped::new(
                "the credential",
                "It is a shell variable of the example, not the secret itself: set the real \
                 secret in the API Auth config before sending",
            ));
        }
    }

    let (auth, secret) = match found {
        Some(found) => {
            let secret_mask = (!found.secret.is_empty()).then(|| found.secret.mask());
            if secret_mask.is_none() {
                unmapped.push(Unmapped::new(
                    format!("the password of {}", found.found_in),
                    "The command has no password (curl would ask for it): enter it in the API \
                     Auth config before sending",
                ));
            }
            let proposal = AuthProposal {
                name: auth_name(&destination.endpoint, &found.settings),
                settings: found.settings,
                found_in: found.found_in,
                secret_mask,
            };
            let secret = (!found.secret.is_empty()).then_some(found.secret);
            (Some(proposal), secret)
        }
        None => (None, None),
    };

    Ok(CurlImport {
        proposal: CurlProposal {
            destination,
            auth,
            suggestions,
            unmapped,
            issues,
        },
        secret,
    })
}

/// The endpoint: the URL with a scheme, the `-G` data in its query, and any query parameter
/// that carries a key taken out (into `credentials`). The text is kept as typed otherwise,
/// so `{placeholders}` stay URL variables.
fn endpoint_of(
    raw: &str,
    req: &CurlRequest,
    credentials: &mut Vec<FoundCredential>,
    unmapped: &mut Vec<Unmapped>,
) -> String {
    if is_placeholder(raw.trim()) {
        unmapped.push(Unmapped::new(
            raw,
            "A placeholder for the address the vendor gives you (a webhook's URL is shown when \
             you create the webhook): enter it as the endpoint",
        ));
        return String::new();
    }
    if let Some(path) = leading_placeholder(raw.trim()) {
        unmapped.push(Unmapped::new(
            raw,
            format!(
                "The address starts with a placeholder for the host the vendor gives you (for \
                 your account or region): enter the whole URL, ending in {path}, as the endpoint"
            ),
        ));
        return String::new();
    }
    let mut url = placeholders_to_variables(raw.trim());
    if let Some((before, fragment)) = url.split_once('#') {
        unmapped.push(Unmapped::new(
            format!("#{fragment}"),
            "A URL fragment is never sent to the server",
        ));
        url = before.to_owned();
    }
    if !url.contains("://") {
        unmapped.push(Unmapped::new(
            raw,
            "The URL has no scheme; curl uses http://, and so does the proposal. Use https:// if \
             the vendor supports it",
        ));
        url = format!("http://{url}");
    }
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b.to_owned(), q.to_owned()),
        None => (url.clone(), String::new()),
    };
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(extra) = req.get_query() {
        pairs.extend(
            extra
                .split('&')
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
        );
    }
    let mut kept = Vec::new();
    for pair in pairs {
        let (name, value) = pair.split_once('=').unwrap_or((pair.as_str(), ""));
        let name_decoded = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
        if credentials::is_key_name(&name_decoded) && !value.is_empty() && !value.contains('{') {
            let value = percent_encoding::percent_decode_str(&value.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned();
            credentials.push(credentials::query_key(&name_decoded, &value));
        } else {
            kept.push(pair.clone());
        }
    }
    if kept.is_empty() {
        base
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

/// The payload expression from a JSON or form body (and the body format it needs), or a
/// report of why there is none.
fn payload_of(
    req: &CurlRequest,
    method: HttpMethod,
    apply: &[String],
    unmapped: &mut Vec<Unmapped>,
) -> (Option<String>, Vec<BindingSuggestion>, BodyFormat) {
    let none = (None, Vec::new(), BodyFormat::Json);
    let (value, format) = if !req.form_fields.is_empty() && req.body.is_empty() {
        unmapped.push(Unmapped::new(
            "-F (multipart/form-data)",
            "The fields are sent form-encoded (application/x-www-form-urlencoded) rather than \
             as multipart; APIs that take text fields as multipart (Mailgun, the Graph API) \
             take them form-encoded too",
        ));
        (
            form_object(req.form_fields.iter().cloned()),
            BodyFormat::Form,
        )
    } else {
        for (name, value) in &req.form_fields {
            let shown = if is_key_name(name) {
                "••••"
            } else {
                value.as_str()
            };
            unmapped.push(Unmapped::new(
                format!("-F {name}={}", shorten(shown)),
                "A multipart field beside a -d body (curl refuses the two together): left out",
            ));
        }
        let Some(body) = req.body_text() else {
            if method != HttpMethod::Delete {
                unmapped.push(Unmapped::new(
                    "(no body)",
                    "The command sends no body; a destination's request needs one, so the \
                     payload starts from the form's default",
                ));
            }
            return none;
        };
        let strict = serde_json::from_str::<Value>(&body).ok();
        // Read loosely only when it is not strict JSON, and once.
        let loose = strict.is_none().then(|| relaxed_json(&body)).flatten();
        match (strict, loose) {
            (Some(value), _) => (value, BodyFormat::Json),
            (None, Some(value)) => {
                unmapped.push(Unmapped::new(
                    "the body's quoting",
                    "The body is written loosely (single quotes or names without quotes), as the \
                     vendor's example does; the payload sends the same values as standard JSON",
                ));
                (value, BodyFormat::Json)
            }
            (None, None) if looks_like_form(&body, req) => {
                let pairs = form_urlencoded::parse(body.as_bytes()).into_owned();
                (form_object(pairs), BodyFormat::Form)
            }
            (None, None) => {
                unmapped.push(Unmapped::new(
                    format!("the body {}", shorten(&mask_form_secrets(&body))),
                    "The body is neither JSON nor form fields (name=value&…): it is not part of \
                     the payload; write it as JSON to import it",
                ));
                return none;
            }
        }
    };
    for path in payload::credential_paths(&value) {
        unmapped.push(Unmapped::new(
            format!("{path} in the body"),
            "It looks like a credential: it stays in the payload as a literal, stored with the \
             destination rather than in the keyring. Bind it to a value you keep elsewhere if \
             the vendor allows a header instead",
        ));
    }
    let mut suggestions = payload::suggestions(&value);
    let mut bound = BTreeMap::new();
    for s in &mut suggestions {
        if apply.contains(&s.path) {
            s.applied = true;
            bound.insert(s.path.clone(), s.expression.clone());
        }
    }
    let expression = payload::to_expression(&value, &bound);
    // The expression must give back the body (bound values aside); when it cannot (too big,
    // too deep), the whole body is kept as one JSON literal.
    if bound.is_empty() && !reads_back(&expression, &value) {
        let whole = payload::literal(&value);
        unmapped.push(Unmapped::new(
            "the body's structure",
            "The body is too large or deep to write field by field; the payload is the whole \
             body as one literal",
        ));
        if whole.chars().count() > MAX_EXPRESSION_CHARS {
            unmapped.push(Unmapped::new(
                "the body".to_owned(),
                "The body is larger than a payload expression may be (16 KB)",
            ));
            return none;
        }
        return (Some(whole), Vec::new(), format);
    }
    (Some(expression), suggestions, format)
}

/// `$NAME` and `${NAME}` in `text`, for names in capitals (the convention for shell and
/// environment variables; a JSON key such as `$insert_id` is not one).
fn shell_variables(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let braced = rest.starts_with('{');
        let start = usize::from(braced);
        let len = rest[start..]
            .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(rest.len() - start);
        let name = &rest[start..start + len];
        let closed = !braced || rest[start + len..].starts_with('}');
        if closed
            && name.chars().any(|c| c.is_ascii_uppercase())
            && !name.starts_with(|c: char| c.is_ascii_digit())
        {
            out.push(name.to_owned());
        }
    }
    out
}

/// A `-d` body that reads as form fields: `name=value` pairs joined by `&`, and no content
/// type saying otherwise.
fn looks_like_form(body: &str, req: &CurlRequest) -> bool {
    let content_type = req
        .header("content-type")
        .unwrap_or("application/x-www-form-urlencoded");
    content_type
        .to_ascii_lowercase()
        .contains("x-www-form-urlencoded")
        && !body.trim().is_empty()
        && body.split('&').all(|pair| {
            pair.split_once('=')
                .is_some_and(|(name, _)| !name.is_empty() && !name.contains(char::is_whitespace))
        })
}

/// Form fields as an object of texts; a field given more than once becomes a list of them.
fn form_object(pairs: impl IntoIterator<Item = (String, String)>) -> Value {
    let mut object = serde_json::Map::new();
    for (name, value) in pairs {
        match object.get_mut(&name) {
            Some(Value::Array(values)) => values.push(Value::String(value)),
            Some(first) => *first = Value::Array(vec![first.take(), Value::String(value)]),
            None => {
                object.insert(name, Value::String(value));
            }
        }
    }
    Value::Object(object)
}

fn reads_back(expression: &str, value: &Value) -> bool {
    let Ok(context) = RenderContext::new(Value::Null, Value::Null, Value::Null) else {
        return false;
    };
    compile(expression)
        .and_then(|compiled| evaluate(&compiled, &context))
        .ok()
        .and_then(|result| serde_json::to_value(&*result).ok())
        .is_some_and(|result| &result == value)
}

/// An object or list in JSON5 (JSON with single quotes, bare names, trailing commas), the
/// way some vendors' examples write their bodies.
fn relaxed_json(body: &str) -> Option<Value> {
    json5::from_str::<Value>(body)
        .ok()
        .filter(|v| v.is_object() || v.is_array())
}

/// `<api_host>/capture/` → `/capture/`: a URL whose host is left to fill in.
fn leading_placeholder(url: &str) -> Option<&str> {
    let close = url.find('>')?;
    is_placeholder(&url[..=close]).then(|| &url[close + 1..])
}

/// `https://x/v21.0/<PIXEL_ID>/events` → `https://x/v21.0/{pixel_id}/events`: what the docs
/// mark as a value to fill in becomes a URL variable, bound (or reported) like any other.
fn placeholders_to_variables(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|c| open + c) else {
            break;
        };
        let inside = &rest[open..=close];
        out.push_str(&rest[..open]);
        if is_placeholder(inside) {
            let name: String = inside[1..inside.len() - 1]
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            out.push('{');
            out.push_str(&name);
            out.push('}');
        } else {
            out.push_str(inside);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Bindings for URL variables whose name says what they hold; the others are reported.
fn bindings_of(endpoint: &str, unmapped: &mut Vec<Unmapped>) -> BTreeMap<String, String> {
    let mut bindings = BTreeMap::new();
    let Ok(parsed) = parse_template(endpoint) else {
        return bindings;
    };
    for variable in parsed.variables {
        let lower = variable.to_ascii_lowercase();
        if lower.contains("email") {
            bindings.insert(variable, "contact.custom_attributes.email".into());
        } else if lower.contains("phone") {
            bindings.insert(variable, "contact.phone".into());
        } else {
            unmapped.push(Unmapped::new(
                format!("{{{variable}}} in the URL"),
                "A placeholder of the vendor's example: bind it in Test payload to a contact \
                 attribute or a fixed value (e.g. 'abc123')",
            ));
        }
    }
    bindings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::ApiKeyPlacement;

    fn import(text: &str) -> CurlImport {
        import_curl(text, &[]).expect("imports")
    }

    #[test]
    fn bearer_header_becomes_an_auth_config() {
        let i = import(
            "curl -X POST https://api.hubapi.com/crm/v3/objects/contacts \
             -H 'Authorization: Bearer pat-na1-0123456789abcdef' -H 'Content-Type: application/json' \
             -d '{\"properties\": {\"email\": \"zoe.angstrom@example.com\", \"firstname\": \"Zoë\"}}'",
        );
        let p = &i.proposal;
        assert_eq!(
            p.destination.endpoint,
            "https://api.hubapi.com/crm/v3/objects/contacts"
        );
        assert_eq!(p.destination.method, HttpMethod::Post);
        assert_eq!(p.destination.headers.len(), 1);
        let auth = p.auth.as_ref().unwrap();
        assert_eq!(auth.settings, AuthSettings::Bearer);
        assert_eq!(auth.secret_mask.as_deref(), Some("••••cdef"));
        assert_eq!(
            i.secret.as_ref().unwrap().expose(),
            "pat-na1-0123456789abcdef"
        );
        assert!(
            p.destination.name.starts_with("HubSpot"),
            "{}",
            p.destination.name
        );
        assert_eq!(p.suggestions.len(), 2);
        assert!(p
            .destination
            .test
            .payload
            .contains("email: 'zoe.angstrom@example.com'"));
        assert!(p.issues.is_empty(), "{:?}", p.issues);
        let printed = format!("{i:?}") + &serde_json::to_string(p).unwrap();
        assert!(!printed.contains("0123456789abcdef"), "{printed}");
    }

    #[test]
    fn shell_variables_are_reported() {
        let i = import(
            "curl -X POST \"https://api.twilio.com/2010-04-01/Accounts/$TWILIO_ACCOUNT_SID/Messages.json\" \\
             --data-urlencode 'Body=Hi' -u $TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN \\
             -H 'X-Trace: ${TRACE_ID}'",
        );
        let items: Vec<&str> = i
            .proposal
            .unmapped
            .iter()
            .map(|u| u.item.as_str())
            .collect();
        assert!(items.contains(&"$TWILIO_ACCOUNT_SID"), "{items:?}");
        assert!(items.contains(&"$TRACE_ID"), "{items:?}");
        assert!(items.contains(&"the credential"), "{items:?}");
        assert_eq!(
            shell_variables("{\"$insert_id\": 1, \"a\": \"$5\"}"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn applied_suggestions_bind_the_contact() {
        let text = "curl https://x.test/v1 --json '{\"email\": \"marcus@example.com\"}'";
        let i = import_curl(text, &["email".into()]).unwrap();
        assert_eq!(
            i.proposal.destination.test.payload,
            "{\n  email: contact.custom_attributes.email\n}"
        );
        assert!(i.proposal.suggestions[0].applied);
    }

    #[test]
    fn query_keys_and_get_data_move_out() {
        let i = import("curl -X POST 'https://x.test/a?api_key=abc&list=1' -d '{}'");
        assert_eq!(i.proposal.destination.endpoint, "https://x.test/a?list=1");
        assert_eq!(
            i.proposal.auth.as_ref().unwrap().settings,
            AuthSettings::ApiKey {
                placement: ApiKeyPlacement::Query,
                name: "api_key".into()
            }
        );
    }

    #[test]
    fn second_credentials_and_get_are_reported() {
        let i = import("curl https://x.test -H 'X-API-Key: a' -H 'X-Auth-Token: b'");
        let items: Vec<&str> = i
            .proposal
            .unmapped
            .iter()
            .map(|u| u.item.as_str())
            .collect();
        assert!(
            items.iter().any(|s| s.starts_with("a second credential")),
            "{items:?}"
        );
        assert!(items.contains(&"method GET"));
        assert!(items.contains(&"(no body)"));
        assert!(i.proposal.destination.headers.is_empty());
    }

    #[test]
    fn form_bodies_become_form_payloads() {
        let i = import(
            "curl https://api.stripe.com/v1/customers -u sk_test_abc: -d email=a@b.test \\
             --data-urlencode 'description=Jenny & co'",
        );
        let p = &i.proposal;
        assert_eq!(p.destination.body_format, BodyFormat::Form);
        assert_eq!(
            p.destination.test.payload,
            "{\n  description: 'Jenny & co',\n  email: 'a@b.test'\n}"
        );
        assert!(matches!(
            p.auth.as_ref().unwrap().settings,
            AuthSettings::ApiKey { .. }
        ));
        // A repeated field is a list, which the form body repeats the same way.
        let i = import("curl https://x.test -d to=a -d to=b -d 'expand[]=c'");
        assert_eq!(
            i.proposal.destination.test.payload,
            "{\n  \"expand[]\": 'c',\n  to: [\n    'a',\n    'b'\n  ]\n}"
        );
        // Plain text is reported, not guessed at.
        let i = import("curl https://x.test -H 'Content-Type: text/plain' -d 'hello there'");
        assert!(i
            .proposal
            .unmapped
            .iter()
            .any(|u| u.item.starts_with("the body hello")));
    }

    #[test]
    fn url_variables_are_bound_or_reported() {
        let i = import("curl -X PUT 'https://x.test/lists/{list_id}/members/{email}' --json '{}'");
        assert_eq!(
            i.proposal.destination.test.bindings["email"],
            "contact.custom_attributes.email"
        );
        assert!(i
            .proposal
            .unmapped
            .iter()
            .any(|u| u.item == "{list_id} in the URL"));
    }

    #[test]
    fn a_command_without_url_is_an_error() {
        let err = import_curl("curl -X POST -d '{}'", &[]).unwrap_err();
        assert!(err.message.contains("no URL"));
    }
}
