//! Classification: every attempt lands in one of the nine categories, with a finer cause and a
//! plain-language hint that says what to change.

use std::error::Error as StdError;

use crate::delivery_store::model::StatusCategory;

/// The finer cause under a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    Redirect,
    RateLimited,
    RequestTimeout,
    Unauthorized,
    Forbidden,
    NotFound,
    ClientStatus,
    ServerStatus,
    ServiceUnavailable,
    Dns,
    Refused,
    Reset,
    Tls,
    /// The target answered with something that is not HTTP (another service on that port, or
    /// TLS where plain HTTP was expected).
    Protocol,
    /// This computer has no working network: "network unreachable", "no route to host", or no
    /// DNS server answers. The delivery is held, not failed, until the network is back.
    Offline,
    Connect,
    ConnectTimeout,
    ResponseTimeout,
    AuthConfigDeleted,
    SecretMissing,
    KeyringUnavailable,
    TokenRequestFailed,
    Interrupted,
    Internal,
}

impl Cause {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Redirect => "redirect",
            Self::RateLimited => "rate_limited",
            Self::RequestTimeout => "request_timeout",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::ClientStatus => "client_status",
            Self::ServerStatus => "server_status",
            Self::ServiceUnavailable => "service_unavailable",
            Self::Dns => "dns",
            Self::Refused => "refused",
            Self::Reset => "reset",
            Self::Tls => "tls",
            Self::Protocol => "protocol",
            Self::Offline => "offline",
            Self::Connect => "connect",
            Self::ConnectTimeout => "connect_timeout",
            Self::ResponseTimeout => "response_timeout",
            Self::AuthConfigDeleted => "auth_config_deleted",
            Self::SecretMissing => "secret_missing",
            Self::KeyringUnavailable => "keyring_unavailable",
            Self::TokenRequestFailed => "token_request_failed",
            Self::Interrupted => "interrupted",
            Self::Internal => "internal",
        }
    }

    /// The category this cause belongs to.
    pub fn category(self) -> StatusCategory {
        use StatusCategory as C;
        match self {
            Self::Redirect => C::RedirectionError,
            Self::RateLimited => C::TooManyRequestsError,
            Self::RequestTimeout
            | Self::Unauthorized
            | Self::Forbidden
            | Self::NotFound
            | Self::ClientStatus => C::ClientError,
            Self::ServerStatus | Self::ServiceUnavailable => C::ServerError,
            Self::Dns
            | Self::Refused
            | Self::Reset
            | Self::Tls
            | Self::Protocol
            | Self::Offline
            | Self::Connect => C::NetworkError,
            Self::ConnectTimeout | Self::ResponseTimeout => C::TimeoutError,
            Self::AuthConfigDeleted
            | Self::SecretMissing
            | Self::KeyringUnavailable
            | Self::TokenRequestFailed => C::AuthConfigError,
            Self::Interrupted | Self::Internal => C::InternalError,
        }
    }

    /// The cause of an HTTP answer that is not a success (`None` for 2xx).
    pub fn of_status(code: u16) -> Option<Self> {
        Some(match code {
            200..=299 => return None,
            300..=399 => Self::Redirect,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 | 410 => Self::NotFound,
            408 => Self::RequestTimeout,
            429 => Self::RateLimited,
            400..=499 => Self::ClientStatus,
            503 => Self::ServiceUnavailable,
            _ => Self::ServerStatus,
        })
    }
}

/// What the hint needs to know about the answer.
pub struct HintContext<'a> {
    pub status: Option<u16>,
    pub location: Option<&'a str>,
    pub retry_after_secs: Option<u64>,
    pub timeout_secs: u32,
    pub host: Option<&'a str>,
}

/// A plain-language sentence: what happened and what to change.
pub fn hint(cause: Cause, ctx: &HintContext<'_>) -> String {
    let host = ctx.host.unwrap_or("the server");
    match cause {
        Cause::Redirect => match ctx.location {
            Some(location) => format!(
                "The server answered {} and asked us to send to {location} instead. Redirects are never followed: \
                 if that address is right, change the destination's endpoint to it (often http → https or a trailing slash).",
                ctx.status.unwrap_or(300)
            ),
            None => format!(
                "The server answered {} (a redirect) without saying where to. Redirects are never followed: \
                 check the endpoint's path and scheme with the API's documentation.",
                ctx.status.unwrap_or(300)
            ),
        },
        Cause::RateLimited => match ctx.retry_after_secs {
            Some(secs) => format!(
                "The server is limiting how often we call it and asked us to wait {secs} s; the retry waits that long. \
                 If this happens often, set a rate limit on the destination."
            ),
            None => "The server is limiting how often we call it; the retry schedule backs off. \
                     If this happens often, set a rate limit on the destination."
                .into(),
        },
        Cause::RequestTimeout => {
            "The server gave up waiting for the request (408); it will be retried.".into()
        }
        Cause::Unauthorized => "The server did not accept the credentials (401). Check the API Auth config: \
             the token or password may be wrong, expired or for another environment."
            .into(),
        Cause::Forbidden => "The credentials were accepted but are not allowed to do this (403). \
             Check the API key's permissions or scopes."
            .into(),
        Cause::NotFound => "The server has nothing at this URL. Check the endpoint path and the values of its \
             {variables} in the rendered URL above."
            .into(),
        Cause::ClientStatus => format!(
            "The server refused the request ({}). Its response body usually says which field is wrong: \
             fix the payload expression or headers, then Replay.",
            ctx.status.unwrap_or(400)
        ),
        Cause::ServerStatus => format!(
            "The server failed while handling the request ({}). This is on their side; it will be retried.",
            ctx.status.unwrap_or(500)
        ),
        Cause::ServiceUnavailable => match ctx.retry_after_secs {
            Some(secs) => format!("The server is unavailable (503) and asked us to come back in {secs} s; the retry waits that long."),
            None => "The server is unavailable (503), often during maintenance; it will be retried.".into(),
        },
        Cause::Dns => format!(
            "The name {host} could not be found (DNS). Check the endpoint's host for typos, or your network connection."
        ),
        Cause::Refused => format!(
            "{host} refused the connection: nothing is listening on that port. Check the endpoint's host and port, \
             or whether the service is running."
        ),
        Cause::Reset => format!(
            "{host} closed the connection in the middle of the exchange. This is usually a crash or a proxy on their side; \
             it will be retried."
        ),
        Cause::Tls => format!(
            "The secure connection to {host} failed (TLS): its certificate is not trusted (self-signed, expired, \
             or for another name). Use the host name the certificate was issued for."
        ),
        Cause::Protocol => format!(
            "{host} answered with something that is not HTTP. Is this the right port and scheme? \
             The port may belong to another service, or expect https:// where the endpoint says http://."
        ),
        Cause::Connect => format!("Could not connect to {host}. Check the endpoint and your network connection."),
        Cause::Offline => "This computer has no working network connection. The delivery waits and is sent \
             once the network is back; no retry is used up while offline."
            .to_owned(),
        Cause::ConnectTimeout => format!(
            "{host} did not accept a connection in time. Check the host, a firewall, or your network connection."
        ),
        Cause::ResponseTimeout => format!(
            "{host} did not finish answering within {} s. Raise the destination's timeout if the API is slow, \
             or ask them why.",
            ctx.timeout_secs
        ),
        Cause::AuthConfigDeleted => "The API Auth config this delivery uses was deleted. Pick another one on the \
             destination, then Replay (Retry now would use the deleted one)."
            .into(),
        Cause::SecretMissing => "The API Auth config's secret is not in the keyring (for example after an import). \
             Open API Auth, enter it again, then Retry now."
            .into(),
        Cause::KeyringUnavailable => "The OS keyring is locked or could not be reached, so the credentials could not \
             be read. The delivery waits, with no retry used up, and is sent once the keyring answers again: \
             unlock it (or start its service)."
            .into(),
        Cause::TokenRequestFailed => "The OAuth token could not be obtained from the token URL. Check the client id, \
             secret, scope and token URL of the API Auth config."
            .into(),
        Cause::Interrupted => "The app stopped during this attempt, so its outcome is unknown; it was scheduled again. \
             The server may have received it twice."
            .into(),
        Cause::Internal => "Something went wrong on our side. The error above says what; the attempt will be retried.".into(),
    }
}

/// A transport failure from reqwest, as category cause and a message built from the whole
/// error chain (reqwest's own text is only "error sending request"). The URL is left out: it
/// can carry an API key in its query, and the attempt shows its (masked) URL anyway.
pub fn transport_failure(err: reqwest::Error) -> (Cause, String) {
    let err = err.without_url();
    let err = &err;
    let message = error_chain(err);
    let cause = if err.is_timeout() {
        if err.is_connect() {
            Cause::ConnectTimeout
        } else {
            Cause::ResponseTimeout
        }
    } else if has_tls_error(err) {
        Cause::Tls
    } else if has_parse_error(err) {
        Cause::Protocol
    } else if let Some(kind) = io_error_kind(err) {
        use std::io::ErrorKind as K;
        match kind {
            K::ConnectionRefused => Cause::Refused,
            K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => {
                Cause::Reset
            }
            _ if means_no_network(Some(kind), &message) => Cause::Offline,
            K::TimedOut => {
                if err.is_connect() {
                    Cause::ConnectTimeout
                } else {
                    Cause::ResponseTimeout
                }
            }
            _ if looks_like_dns(&message) => Cause::Dns,
            _ if err.is_connect() => Cause::Connect,
            _ => Cause::Reset,
        }
    } else if means_no_network(None, &message) {
        Cause::Offline
    } else if looks_like_dns(&message) {
        Cause::Dns
    } else if err.is_connect() {
        Cause::Connect
    } else if err.is_body() || err.is_decode() || message.contains("connection closed") {
        Cause::Reset
    } else if err.is_builder() || err.is_request() && !err.is_connect() {
        // A request that never left: a malformed header or URL slipped through.
        if message.contains("closed") || message.contains("incomplete") {
            Cause::Reset
        } else {
            Cause::Internal
        }
    } else {
        Cause::Internal
    };
    (cause, message)
}

/// Whether a connection failed because this computer has no working network: "network
/// unreachable", "no route to host", "network down", or no DNS server to ask (EAI_AGAIN, unlike
/// a name that does not exist). The attempts' classification and the offline probe share it.
pub(super) fn means_no_network(kind: Option<std::io::ErrorKind>, message: &str) -> bool {
    use std::io::ErrorKind as K;
    matches!(
        kind,
        Some(K::NetworkUnreachable | K::HostUnreachable | K::NetworkDown)
    ) || message
        .to_ascii_lowercase()
        .contains("temporary failure in name resolution")
}

fn looks_like_dns(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    lower.contains("dns error")
        || lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
        || lower.contains("no such host")
}

/// Every message in the chain, joined: "error sending request: client error (Connect): …".
pub fn error_chain(err: &(dyn StdError + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut current = err.source();
    while let Some(e) = current {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

/// Walks `source()` and, for io errors, `get_ref()` too (rustls hides inside io::Error).
fn walk<'a>(
    err: &'a (dyn StdError + 'static),
    visit: &mut dyn FnMut(&'a (dyn StdError + 'static)) -> bool,
) -> bool {
    if visit(err) {
        return true;
    }
    if let Some(io) = err.downcast_ref::<std::io::Error>() {
        if let Some(inner) = io.get_ref() {
            if walk(inner, visit) {
                return true;
            }
        }
    }
    match err.source() {
        Some(next) => walk(next, visit),
        None => false,
    }
}

fn has_tls_error(err: &reqwest::Error) -> bool {
    walk(err, &mut |e| {
        e.downcast_ref::<rustls::Error>().is_some()
            || e.to_string().contains("invalid peer certificate")
    })
}

/// hyper could not read the answer as HTTP (a status line such as `SSH-2.0-OpenSSH`), or the
/// target spoke first, before any request (as SSH and SMTP servers do). hyper has no
/// predicate for the second; its text is fixed in hyper's source.
fn has_parse_error(err: &reqwest::Error) -> bool {
    walk(err, &mut |e| {
        e.downcast_ref::<hyper::Error>().is_some_and(|h| {
            h.is_parse() || h.to_string() == "received unexpected message from connection"
        })
    })
}

fn io_error_kind(err: &reqwest::Error) -> Option<std::io::ErrorKind> {
    let mut kind = None;
    walk(err, &mut |e| match e.downcast_ref::<std::io::Error>() {
        Some(io) if io.get_ref().is_none() || io.kind() != std::io::ErrorKind::Other => {
            kind = Some(io.kind());
            true
        }
        _ => false,
    });
    kind
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_the_help_articles_categories() {
        use StatusCategory as C;
        for (code, category) in [
            (200, C::Success),
            (204, C::Success),
            (299, C::Success),
            (301, C::RedirectionError),
            (399, C::RedirectionError),
            (400, C::ClientError),
            (408, C::ClientError),
            (429, C::TooManyRequestsError),
            (499, C::ClientError),
            (500, C::ServerError),
            (503, C::ServerError),
            (599, C::ServerError),
        ] {
            assert_eq!(StatusCategory::of_status(code), category, "{code}");
            if let Some(cause) = Cause::of_status(code) {
                assert_eq!(cause.category(), category, "{code}");
            }
        }
    }

    #[test]
    fn a_redirect_hint_names_the_location() {
        let text = hint(
            Cause::Redirect,
            &HintContext {
                status: Some(301),
                location: Some("https://api.example.com/v2/hooks"),
                retry_after_secs: None,
                timeout_secs: 15,
                host: Some("api.example.com"),
            },
        );
        assert!(text.contains("https://api.example.com/v2/hooks"), "{text}");
        assert!(text.contains("301"), "{text}");
    }
}
