//! Reads a pasted cURL command into the request it describes: method, URL, headers, body,
//! `-u` credentials, and every word it could not use. Splitting into words is done by
//! `shell_words`, which follows POSIX shell quoting (single and double quotes, backslash
//! escapes, `\` + newline continuations), so a command behaves as it would in a terminal.

use serde::Serialize;
use ts_rs::TS;

use super::credentials::is_key_name;
use crate::error::AppError;
use crate::secrets::Secret;

/// Something of the command the import could not turn into the destination, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Unmapped {
    /// The part of the command, as typed (secret values masked).
    pub item: String,
    /// Why it is not part of the destination, and what to do about it.
    pub reason: String,
}

impl Unmapped {
    pub fn new(item: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            item: item.into(),
            reason: reason.into(),
        }
    }
}

/// How a body was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyPart {
    /// `-d`, `--data`, `--data-ascii`: sent as typed minus newlines (curl strips CR/LF).
    Data(String),
    /// `--data-raw`, `--data-binary`, `--json`: sent exactly as typed.
    Raw(String),
    /// `--data-urlencode name=value`: the value is percent-encoded.
    UrlEncoded(String),
}

/// The request a cURL command makes, before any of it becomes a destination.
#[derive(Debug, Clone, Default)]
pub struct CurlRequest {
    /// `-X`/`--request`, upper-cased; `None` when not given.
    pub explicit_method: Option<String>,
    /// `-I`/`--head`.
    pub head: bool,
    /// `-G`/`--get`: the data goes into the query string.
    pub get: bool,
    /// The first URL given (`--url` or a bare word).
    pub url: Option<String>,
    /// `-H` headers in order, name and value trimmed.
    pub headers: Vec<(String, String)>,
    /// Each `-d`-like option in order; joined with `&` as curl does.
    pub body: Vec<BodyPart>,
    /// `--json` was used (it also sets the JSON content type and accept headers).
    pub json_flag: bool,
    /// `-u user:password`: the user and, when given, the password.
    pub user: Option<(String, Option<Secret>)>,
    /// `--oauth2-bearer TOKEN`.
    pub bearer: Option<Secret>,
    /// `-m`/`--max-time` in seconds.
    pub max_time: Option<f64>,
    /// `-F name=value` text fields in order (curl sends them as multipart/form-data).
    pub form_fields: Vec<(String, String)>,
    pub unmapped: Vec<Unmapped>,
}

impl CurlRequest {
    /// The method curl would use.
    pub fn method(&self) -> String {
        if let Some(m) = &self.explicit_method {
            return m.clone();
        }
        if self.head {
            "HEAD".into()
        } else if self.get || (self.body.is_empty() && self.form_fields.is_empty()) {
            "GET".into()
        } else {
            "POST".into()
        }
    }

    /// The body curl would send: every part joined with `&`.
    pub fn body_text(&self) -> Option<String> {
        if self.body.is_empty() || self.get {
            return None;
        }
        Some(
            self.body
                .iter()
                .map(part_text)
                .collect::<Vec<_>>()
                .join("&"),
        )
    }

    /// The data for the query string under `-G`.
    pub fn get_query(&self) -> Option<String> {
        if !self.get || self.body.is_empty() {
            return None;
        }
        Some(
            self.body
                .iter()
                .map(part_text)
                .collect::<Vec<_>>()
                .join("&"),
        )
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn part_text(part: &BodyPart) -> String {
    match part {
        BodyPart::Data(text) => text.replace(['\r', '\n'], ""),
        BodyPart::Raw(text) => text.clone(),
        BodyPart::UrlEncoded(text) => urlencode_field(text),
    }
}

/// `--data-urlencode`: `name=value` encodes only the value; `=value` and `value` encode all.
fn urlencode_field(text: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    const SET: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    match text.split_once('=') {
        Some(("", value)) => utf8_percent_encode(value, SET).to_string(),
        Some((name, value)) => format!("{name}={}", utf8_percent_encode(value, SET)),
        None => utf8_percent_encode(text, SET).to_string(),
    }
}

/// The most text a paste may hold: a cURL command is a few KB; this refuses a stray file.
pub const MAX_COMMAND_BYTES: usize = 256 * 1024;

/// Options that take no value and change nothing a destination could keep.
const IGNORED_FLAGS: &[(&str, &str)] = &[
    ("-s", "--silent"),
    ("-S", "--show-error"),
    ("-v", "--verbose"),
    ("-i", "--include"),
    ("-L", "--location"),
    ("-k", "--insecure"),
    ("-f", "--fail"),
    ("-g", "--globoff"),
    ("-#", "--progress-bar"),
    ("-N", "--no-buffer"),
    ("", "--compressed"),
    ("", "--fail-with-body"),
    ("", "--http1.1"),
    ("", "--http2"),
    ("", "--location-trusted"),
    ("", "--no-progress-meter"),
    ("", "--raw"),
];

/// Options that take a value the destination has no place for.
const IGNORED_WITH_VALUE: &[(&str, &str)] = &[
    ("-o", "--output"),
    ("-w", "--write-out"),
    ("-x", "--proxy"),
    ("-E", "--cert"),
    ("-c", "--cookie-jar"),
    ("-F", "--form"),
    ("-T", "--upload-file"),
    ("-K", "--config"),
    ("-r", "--range"),
    ("", "--connect-timeout"),
    ("", "--retry"),
    ("", "--retry-delay"),
    ("", "--retry-max-time"),
    ("", "--cacert"),
    ("", "--capath"),
    ("", "--key"),
    ("", "--resolve"),
    ("", "--connect-to"),
    ("", "--limit-rate"),
    ("", "--max-redirs"),
    ("", "--interface"),
    ("", "--trace"),
    ("", "--trace-ascii"),
    ("", "--stderr"),
    ("", "--variable"),
];

/// Splits and reads a cURL command. Fails only when the text cannot be read as a command at
/// all; everything else it cannot use ends up in `unmapped`.
pub fn parse_command(text: &str) -> Result<CurlRequest, AppError> {
    if text.len() > MAX_COMMAND_BYTES {
        return Err(AppError::validation(format!(
            "The command is {} KB; a cURL command to import is at most {} KB",
            text.len() / 1024,
            MAX_COMMAND_BYTES / 1024
        )));
    }
    let words = shell_words::split(&normalise_continuations(text)).map_err(|_| {
        AppError::validation(
            "The command has a quote that is never closed: check that every ' and \" has its pair",
        )
    })?;
    let mut words = join_placeholders(words).into_iter().peekable();
    // An optional shell prompt (`$`, `$:`, `%`, `>`, `PS C:\>`) and the program name.
    let mut prompt = Vec::new();
    while let Some(word) =
        words.next_if(|w| !is_curl_program(w) && w.len() <= 6 && w.ends_with(['$', ':', '%', '>']))
    {
        prompt.push(word);
    }
    match words.peek() {
        Some(first) if is_curl_program(first) => {
            words.next();
        }
        Some(_) => {}
        None => {
            return Err(AppError::validation(
                "Paste a cURL command: the text holds none (only blank lines or # comments)",
            ))
        }
    }

    let mut req = CurlRequest::default();
    if !prompt.is_empty() {
        req.unmapped.push(Unmapped::new(
            prompt.join(" "),
            "The shell prompt copied with the example; not part of the command",
        ));
    }
    let mut options_done = false;
    while let Some(word) = words.next() {
        if ["|", "||", "&&", ";", ">", ">>", "2>", "&"].contains(&word.as_str()) {
            let rest: Vec<String> = std::iter::once(word).chain(words.by_ref()).collect();
            req.unmapped.push(Unmapped::new(
                rest.join(" "),
                "What follows the cURL command in the shell (a pipe, redirection or another command) is not part of the request",
            ));
            break;
        }
        if options_done || !word.starts_with('-') || word == "-" {
            set_url(&mut req, word);
            continue;
        }
        if word == "--" {
            options_done = true;
            continue;
        }
        let (flag, attached) = split_flag(&word);
        let mut value = || attached.clone().or_else(|| words.next());
        match flag.as_str() {
            "-X" | "--request" => match value() {
                Some(m) => req.explicit_method = Some(m.trim().to_ascii_uppercase()),
                None => missing(&mut req, &flag),
            },
            "-H" | "--header" => match value() {
                Some(h) => add_header(&mut req, &h),
                None => missing(&mut req, &flag),
            },
            "-d" | "--data" | "--data-ascii" => match value() {
                Some(d) => add_data(&mut req, &flag, d, BodyPart::Data),
                None => missing(&mut req, &flag),
            },
            "--data-raw" => match value() {
                // --data-raw never reads a file: an @ is data.
                Some(d) => req.body.push(BodyPart::Raw(d)),
                None => missing(&mut req, &flag),
            },
            "--data-binary" => match value() {
                Some(d) => add_data(&mut req, &flag, d, BodyPart::Raw),
                None => missing(&mut req, &flag),
            },
            "--data-urlencode" => match value() {
                Some(d) => add_data(&mut req, &flag, d, BodyPart::UrlEncoded),
                None => missing(&mut req, &flag),
            },
            "--json" => match value() {
                Some(d) => {
                    req.json_flag = true;
                    add_data(&mut req, &flag, d, BodyPart::Raw);
                }
                None => missing(&mut req, &flag),
            },
            "-u" | "--user" => match value() {
                Some(u) => {
                    req.user = Some(match u.split_once(':') {
                        Some((user, password)) => (user.to_owned(), Some(Secret::new(password))),
                        None => (u, None),
                    })
                }
                None => missing(&mut req, &flag),
            },
            "--oauth2-bearer" => match value() {
                Some(t) => req.bearer = Some(Secret::new(t)),
                None => missing(&mut req, &flag),
            },
            "--url" => match value() {
                Some(u) => set_url(&mut req, u),
                None => missing(&mut req, &flag),
            },
            "-G" | "--get" => req.get = true,
            "-I" | "--head" => req.head = true,
            "-A" | "--user-agent" => match value() {
                Some(v) => req.headers.push(("User-Agent".into(), v)),
                None => missing(&mut req, &flag),
            },
            "-e" | "--referer" => match value() {
                Some(v) => req.headers.push(("Referer".into(), v)),
                None => missing(&mut req, &flag),
            },
            "-b" | "--cookie" => match value() {
                Some(v) if v.contains('=') => req.headers.push(("Cookie".into(), v)),
                Some(v) => req.unmapped.push(Unmapped::new(
                    format!("{flag} {v}"),
                    "A cookie file cannot be read; add the cookie as a Cookie header instead",
                )),
                None => missing(&mut req, &flag),
            },
            "-m" | "--max-time" => match value() {
                Some(v) => match v.trim().parse::<f64>() {
                    Ok(secs) if secs > 0.0 => req.max_time = Some(secs),
                    _ => req.unmapped.push(Unmapped::new(
                        format!("{flag} {v}"),
                        "Not a number of seconds; the destination keeps its default timeout",
                    )),
                },
                None => missing(&mut req, &flag),
            },
            _ => other_flag(&mut req, &flag, attached, &mut words),
        }
    }
    Ok(req)
}

/// `\r\n` line ends, and the line continuations of Windows `cmd` (`^`) and PowerShell (`` ` ``)
/// turned into the POSIX `\` + newline that the word splitter knows.
fn normalise_continuations(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.lines()
        .map(|line| {
            let trimmed = line.trim_end();
            match trimmed
                .strip_suffix('^')
                .or_else(|| trimmed.strip_suffix('`'))
            {
                Some(rest) if rest.ends_with(' ') || rest.is_empty() => format!("{rest}\\"),
                _ => line.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Docs write values to fill in as `<YOUR WEBHOOK URL>` or `<PIXEL_ID>`. A shell would read
/// `<` as a redirection and split the spaced form into words; the example means one value, so
/// the words of an unclosed `<…` are joined up to the one that closes it.
fn join_placeholders(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut open: Option<String> = None;
    for word in words {
        match open.take() {
            Some(mut joined) => {
                joined.push(' ');
                joined.push_str(&word);
                if word.contains('>') || joined.len() > 80 {
                    out.push(joined);
                } else {
                    open = Some(joined);
                }
            }
            None if unclosed_placeholder(&word) => open = Some(word),
            None => out.push(word),
        }
    }
    out.extend(open);
    out
}

/// `<YOUR` or `https://x/<YOUR`: a `<` that starts the word or a path segment, followed by
/// capitals (the docs' convention) and no `>`.
fn unclosed_placeholder(word: &str) -> bool {
    word.rfind('<').is_some_and(|at| {
        let rest = &word[at + 1..];
        (at == 0 || word[..at].ends_with(['/', '=']))
            && !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    })
}

/// `<ACCESS_TOKEN>`, `<YOUR WEBHOOK URL>`: a whole value to fill in (not curl's `<file`).
pub fn is_placeholder(text: &str) -> bool {
    text.strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .is_some_and(|inner| {
            !inner.is_empty()
                && inner
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' '))
        })
}

fn is_curl_program(word: &str) -> bool {
    let name = word.rsplit(['/', '\\']).next().unwrap_or(word);
    name.eq_ignore_ascii_case("curl") || name.eq_ignore_ascii_case("curl.exe")
}

/// `-XPOST` → (`-X`, `POST`); `--request` → (`--request`, none). Short flags that take a
/// value may carry it attached.
fn split_flag(word: &str) -> (String, Option<String>) {
    if word.starts_with("--") {
        return (word.to_owned(), None);
    }
    let mut chars = word.chars();
    chars.next();
    let Some(letter) = chars.next() else {
        return (word.to_owned(), None);
    };
    let rest: String = chars.collect();
    let flag = format!("-{letter}");
    if rest.is_empty() {
        (flag, None)
    } else {
        (flag, Some(rest))
    }
}

fn missing(req: &mut CurlRequest, flag: &str) {
    req.unmapped.push(Unmapped::new(
        flag,
        "The option is missing its value at the end of the command",
    ));
}

fn set_url(req: &mut CurlRequest, url: String) {
    if req.url.is_none() {
        req.url = Some(url);
    } else {
        req.unmapped.push(Unmapped::new(
            url,
            "A second URL: a destination sends to one endpoint, the first URL is used",
        ));
    }
}

fn add_header(req: &mut CurlRequest, header: &str) {
    match header.split_once(':') {
        Some((name, value)) if !name.trim().is_empty() => {
            let value = value.trim();
            if value.is_empty() {
                // `-H 'X-Foo:'` removes a header curl would add; nothing to send.
                req.unmapped.push(Unmapped::new(
                    format!("-H {header}"),
                    "A header with no value only removes one of curl's own headers",
                ));
            } else {
                req.headers.push((name.trim().to_owned(), value.to_owned()));
            }
        }
        _ => req.unmapped.push(Unmapped::new(
            format!("-H {header}"),
            "Not a header: write it as Name: value",
        )),
    }
}

fn add_data(req: &mut CurlRequest, flag: &str, data: String, kind: fn(String) -> BodyPart) {
    let file = match kind(String::new()) {
        BodyPart::UrlEncoded(_) => data
            .split_once('@')
            .filter(|(name, _)| !name.contains('='))
            .map(|_| ()),
        _ => data.starts_with('@').then_some(()),
    };
    if file.is_some() {
        req.unmapped.push(Unmapped::new(
            format!("{flag} {data}"),
            "The body is read from a file, which the import cannot open: paste the file's JSON with --data-raw instead",
        ));
        return;
    }
    req.body.push(kind(data));
}

fn other_flag(
    req: &mut CurlRequest,
    flag: &str,
    attached: Option<String>,
    words: &mut std::iter::Peekable<std::vec::IntoIter<String>>,
) {
    let short = !flag.starts_with("--");
    if IGNORED_FLAGS
        .iter()
        .any(|(s, l)| (short && *s == flag) || *l == flag)
    {
        req.unmapped.push(Unmapped::new(
            flag,
            "A cURL display or transfer option with no meaning for a destination; left out",
        ));
        // A cluster such as -sSL: every letter is its own flag.
        if let Some(rest) = attached {
            for letter in rest.chars() {
                let f = format!("-{letter}");
                other_flag(req, &f, None, words);
            }
        }
        return;
    }
    if IGNORED_WITH_VALUE
        .iter()
        .any(|(s, l)| (short && *s == flag) || *l == flag)
    {
        let value = attached.or_else(|| words.next()).unwrap_or_default();
        if flag == "-F" || flag == "--form" {
            match value.split_once('=') {
                Some((name, text)) if !text.starts_with(['@', '<']) || is_placeholder(text) => {
                    req.form_fields.push((name.to_owned(), text.to_owned()));
                }
                _ => req.unmapped.push(Unmapped::new(
                    format!("{flag} {}", shorten(&mask_form_secrets(&value))),
                    "A file to upload: a destination's body is made from the contact, not from \
                     files, so it is left out",
                )),
            }
            return;
        }
        let (shown, reason) = if SHOWN_VALUES.contains(&flag) {
            (
                value,
                "A cURL option with no meaning for a destination; left out",
            )
        } else {
            // Certificates, proxies and config files may carry credentials: not repeated.
            (
                "…".to_owned(),
                "A cURL option with no meaning for a destination; left out",
            )
        };
        req.unmapped
            .push(Unmapped::new(format!("{flag} {shown}"), reason));
        return;
    }
    // An unknown option may take a value: a following word that is not a URL or another
    // option is taken as its value (and not repeated, as it may be a secret).
    let takes_value = attached.is_some()
        || words
            .peek()
            .is_some_and(|next| !next.starts_with('-') && !next.contains("://"));
    if takes_value && attached.is_none() {
        words.next();
    }
    req.unmapped.push(Unmapped::new(
        if takes_value {
            format!("{flag} …")
        } else {
            flag.to_owned()
        },
        "An option this import does not know; check whether the request needs it",
    ));
}

/// Options whose value is shown in the report: none of them can hold a credential.
const SHOWN_VALUES: &[&str] = &[
    "-o",
    "--output",
    "-w",
    "--write-out",
    "-r",
    "--range",
    "--connect-timeout",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "--max-redirs",
    "--limit-rate",
];

/// `a=1&api_key=xyz` → `a=1&api_key=••••`: a reported body never repeats a key.
pub(crate) fn mask_form_secrets(text: &str) -> String {
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_key_name(name) => format!("{name}=••••"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// At most 60 characters of `text` on one line, for the report.
pub(crate) fn shorten(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 60 {
        format!("{}…", flat.chars().take(60).collect::<String>())
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> CurlRequest {
        parse_command(text).expect("parses")
    }

    #[test]
    fn placeholders_written_with_angle_brackets_are_one_value() {
        let r = parse("curl -H 'Content-Type: application/json' -d '{}' <YOUR WEBHOOK URL>");
        assert_eq!(r.url.as_deref(), Some("<YOUR WEBHOOK URL>"));
        assert!(r.unmapped.is_empty(), "{:?}", r.unmapped);
        let r = parse(
            "curl -F 'access_token=<ACCESS_TOKEN>' -F 'note=<a' https://x.test/<PIXEL_ID>/events",
        );
        assert_eq!(r.url.as_deref(), Some("https://x.test/<PIXEL_ID>/events"));
        assert_eq!(
            r.form_fields,
            vec![("access_token".to_owned(), "<ACCESS_TOKEN>".to_owned())],
            "a placeholder is a value, `<a` is curl's read-a-file"
        );
        // A `<` inside data is data: nothing after it is swallowed.
        let r = parse("curl -d 'a<B' https://x.test/");
        assert_eq!(r.url.as_deref(), Some("https://x.test/"));
        assert!(is_placeholder("<YOUR WEBHOOK URL>") && !is_placeholder("<file.json"));
    }

    #[test]
    fn continuations_and_quotes() {
        let r = parse(
            "curl -X POST \\\n  'https://x.test/a?b=1' \\\n  -H \"Authorization: Bearer tok\\\"en\" \\\n  --data-raw '{\"it'\\''s\": 1}'",
        );
        assert_eq!(r.method(), "POST");
        assert_eq!(r.url.as_deref(), Some("https://x.test/a?b=1"));
        assert_eq!(r.header("authorization"), Some("Bearer tok\"en"));
        assert_eq!(r.body_text().as_deref(), Some("{\"it's\": 1}"));
        assert!(r.unmapped.is_empty(), "{:?}", r.unmapped);
    }

    #[test]
    fn windows_and_powershell_continuations() {
        let r = parse("curl -X PUT ^\r\n  https://x.test ^\r\n  -d \"a=1\"");
        assert_eq!(r.method(), "PUT");
        assert_eq!(r.url.as_deref(), Some("https://x.test"));
        let r = parse("curl -X PATCH `\n  https://x.test `\n  --json '{}'");
        assert_eq!(r.method(), "PATCH");
        assert!(r.json_flag);
    }

    #[test]
    fn the_curl_prefix_and_prompt_are_optional() {
        assert_eq!(
            parse("https://x.test -d a").url.as_deref(),
            Some("https://x.test")
        );
        assert_eq!(
            parse("$ curl https://x.test").url.as_deref(),
            Some("https://x.test")
        );
        assert_eq!(
            parse("/usr/bin/curl --url https://x.test").url.as_deref(),
            Some("https://x.test")
        );
    }

    #[test]
    fn methods_follow_curl() {
        assert_eq!(parse("curl https://x.test").method(), "GET");
        assert_eq!(parse("curl https://x.test -d a=1").method(), "POST");
        assert_eq!(parse("curl -G https://x.test -d a=1").method(), "GET");
        assert_eq!(parse("curl -I https://x.test").method(), "HEAD");
        assert_eq!(parse("curl -XDELETE https://x.test").method(), "DELETE");
        assert_eq!(
            parse("curl --request patch https://x.test").method(),
            "PATCH"
        );
    }

    #[test]
    fn data_flags_join_and_encode() {
        let r = parse(
            "curl https://x.test -d a=1 --data b=2 --data-urlencode 'c=x y&z' --data-binary $'d'",
        );
        assert_eq!(r.body_text().as_deref(), Some("a=1&b=2&c=x%20y%26z&$d"));
        let r = parse("curl https://x.test -d '{\n\"a\": 1\n}'");
        assert_eq!(r.body_text().as_deref(), Some("{\"a\": 1}"));
        let r = parse("curl -G https://x.test -d a=1 -d b=2");
        assert_eq!(r.body_text(), None);
        assert_eq!(r.get_query().as_deref(), Some("a=1&b=2"));
    }

    #[test]
    fn json_flag_and_user() {
        let r = parse("curl --json '{\"a\":1}' -u 'me:p@ss:word' https://x.test");
        assert!(r.json_flag);
        let (user, password) = r.user.clone().unwrap();
        assert_eq!(user, "me");
        assert_eq!(password.unwrap().expose(), "p@ss:word");
        let r = parse("curl --user sk_test_123: https://x.test");
        assert_eq!(r.user.unwrap().1.unwrap().expose(), "");
    }

    #[test]
    fn agents_referers_cookies_and_timeouts_are_headers_or_settings() {
        let r = parse("curl -A agent/1 -e https://r.test -b 'a=b' -m 30 https://x.test");
        assert_eq!(r.header("user-agent"), Some("agent/1"));
        assert_eq!(r.header("referer"), Some("https://r.test"));
        assert_eq!(r.header("cookie"), Some("a=b"));
        assert_eq!(r.max_time, Some(30.0));
    }

    #[test]
    fn nothing_is_dropped_silently() {
        let r = parse("curl -sSL --compressed -o out.json --frobnicate -F file=@a.png -d @body.json https://x.test https://y.test | jq .");
        let items: Vec<&str> = r.unmapped.iter().map(|u| u.item.as_str()).collect();
        for expected in [
            "-s",
            "-S",
            "-L",
            "--compressed",
            "-o out.json",
            "--frobnicate",
            "-F file=@a.png",
            "-d @body.json",
            "https://y.test",
            "| jq .",
        ] {
            assert!(
                items.contains(&expected),
                "{expected} missing from {items:?}"
            );
        }
    }

    #[test]
    fn reported_options_never_repeat_a_secret() {
        let r = parse(
            "curl --proxy http://u:hunter2@p.test --cert c.pem:hunter2 -F access_token=@hunter2 \\
             --secret-flag hunter2 https://x.test",
        );
        assert_eq!(r.url.as_deref(), Some("https://x.test"));
        let report = format!("{:?}", r.unmapped);
        assert!(!report.contains("hunter2"), "{report}");
        assert!(report.contains("--secret-flag …"), "{report}");
        assert_eq!(mask_form_secrets("a=1&api_key=xyz"), "a=1&api_key=••••");
    }

    #[test]
    fn unclosed_quotes_and_empty_text_are_errors() {
        assert!(parse_command("curl -d '{")
            .unwrap_err()
            .message
            .contains("quote"));
        assert!(parse_command("   ")
            .unwrap_err()
            .message
            .contains("holds none"));
        assert!(parse_command(&"x".repeat(MAX_COMMAND_BYTES + 1)).is_err());
    }

    #[test]
    fn headers_without_a_value_or_colon_are_reported() {
        let r = parse("curl -H 'Expect:' -H 'nonsense' https://x.test");
        assert!(r.headers.is_empty());
        assert_eq!(r.unmapped.len(), 2);
    }
}
