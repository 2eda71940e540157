//! Real local HTTP/1.1 test servers (no mocks) for the integration tests and the benchmark.
//!
//! Every server binds `127.0.0.1:0`, runs as tasks on the current tokio runtime and stops when its
//! [`TestServer`] is dropped. HTTP/1.1 is handled by hand: request line and headers up to the blank
//! line, a `Content-Length` or `Transfer-Encoding: chunked` request body, keep-alive (many requests
//! per connection) unless the client sends `Connection: close` (or speaks HTTP/1.0 without
//! `Connection: keep-alive`).
#![allow(dead_code)] // each test binary uses its own subset

use std::fmt::Write as _;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufStream,
};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::rustls;

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    /// Path and query exactly as sent on the request line.
    pub target: String,
    /// In the order received; names lower-cased, values trimmed.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked when it came with `Transfer-Encoding: chunked`.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as UTF-8 (lossy), handy in assertions.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the server does with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// An ordinary response; Content-Length is added (unless `headers` already has one; never for
    /// 204 and 304, which carry no body).
    Status {
        code: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Reads the request, then never answers (keeps the socket open until the client gives up).
    NeverAnswer,
    /// Sends the status line, headers announcing `Content-Length: 1000` and 10 body bytes, then
    /// resets the connection (SO_LINGER 0, then drop: a TCP RST).
    ResetMidResponse,
    /// Status 200 with a body of `size` bytes streamed in 64 KiB chunks without allocating it all
    /// (Content-Length set).
    LargeBody { size: usize },
}

impl Reply {
    /// That status, no extra headers, empty body.
    pub fn status(code: u16) -> Self {
        Reply::Status {
            code,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// That status with a JSON body (`content-type: application/json`).
    pub fn json(code: u16, body: &str) -> Self {
        Reply::Status {
            code,
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Adds a response header (only meaningful for [`Reply::Status`]; ignored otherwise).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Reply::Status { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// Replaces the body (only meaningful for [`Reply::Status`]; ignored otherwise).
    pub fn with_body(mut self, new_body: impl Into<Vec<u8>>) -> Self {
        if let Reply::Status { body, .. } = &mut self {
            *body = new_body.into();
        }
        self
    }
}

type ReplyFn = dyn Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static;

enum Responder {
    /// Builds a [`RecordedRequest`], asks the function, records the request.
    Custom(Box<ReplyFn>),
    /// The benchmark path: nothing is recorded and nothing is allocated per request.
    FastOk,
}

struct Shared {
    responder: Responder,
    /// Off for the benchmark server: requests are counted, not kept.
    record: bool,
    requests: Mutex<Vec<RecordedRequest>>,
    count: AtomicUsize,
    connections: AtomicUsize,
}

/// A running server; dropping it stops accepting and aborts its open connections.
pub struct TestServer {
    pub addr: SocketAddr,
    base: String,
    shared: Arc<Shared>,
    accept_task: JoinHandle<()>,
}

impl TestServer {
    /// `http://127.0.0.1:PORT` + `path` (`https://localhost:PORT` + `path` for a TLS server).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The requests received so far, in arrival order (always empty when recording is off).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// How many requests arrived (counted even when recording is off).
    pub fn request_count(&self) -> usize {
        self.shared.count.load(Ordering::SeqCst)
    }

    /// How many TCP connections were accepted (shows whether the client reused connections).
    pub fn connection_count(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        // The accept task owns the listener and the JoinSet of connection tasks; aborting it
        // drops both, which closes the port and aborts every connection.
        self.accept_task.abort();
    }
}

/// Serves `reply(request, index)` where index counts requests from 0 across connections.
pub async fn serve<F>(reply: F) -> TestServer
where
    F: Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static,
{
    start(Responder::Custom(Box::new(reply)), true, None).await
}

/// Every request gets the same reply.
pub async fn always(reply: Reply) -> TestServer {
    serve(move |_, _| reply.clone()).await
}

/// The n-th request gets `replies[n]`; requests beyond the list get the last one.
pub async fn sequence(replies: Vec<Reply>) -> TestServer {
    assert!(!replies.is_empty(), "sequence() needs at least one reply");
    serve(move |_, index| replies[index.min(replies.len() - 1)].clone()).await
}

/// Fast 200 OK with body `{"ok":true}`, recording off (request_count still counted): for the
/// benchmark.
pub async fn fast_ok() -> TestServer {
    start(Responder::FastOk, false, None).await
}

/// An address on 127.0.0.1 where nothing listens (an ephemeral port bound, then released).
pub fn closed_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("local address")
}

/// A TLS server on 127.0.0.1 with a freshly generated self-signed certificate for "localhost"
/// that answers 200; `url()` gives `https://localhost:PORT/...`.
pub async fn tls_self_signed() -> TestServer {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
        .expect("generate a self-signed certificate");
    let cert = certified.cert.der().clone();
    let key = rustls::pki_types::PrivatePkcs8KeyDer::from(certified.key_pair.serialize_der());
    // An explicit provider: the server does not depend on the process default being installed.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert], key.into())
        .expect("TLS server configuration");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    start(
        Responder::Custom(Box::new(|_, _| Reply::status(200))),
        true,
        Some(acceptor),
    )
    .await
}

async fn start(
    responder: Responder,
    record: bool,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> TestServer {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    let base = match tls {
        Some(_) => format!("https://localhost:{}", addr.port()),
        None => format!("http://127.0.0.1:{}", addr.port()),
    };
    let shared = Arc::new(Shared {
        responder,
        record,
        requests: Mutex::new(Vec::new()),
        count: AtomicUsize::new(0),
        connections: AtomicUsize::new(0),
    });
    let accept_task = tokio::spawn(accept_loop(listener, Arc::clone(&shared), tls));
    TestServer {
        addr,
        base,
        shared,
        accept_task,
    }
}

async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    tls: Option<tokio_rustls::TlsAcceptor>,
) {
    let mut connections = JoinSet::new();
    loop {
        let (tcp, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(_) => {
                // E.g. out of file descriptors under load: back off instead of spinning.
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
        };
        while connections.try_join_next().is_some() {}
        shared.connections.fetch_add(1, Ordering::SeqCst);
        let _ = tcp.set_nodelay(true);
        let shared = Arc::clone(&shared);
        match &tls {
            None => {
                connections.spawn(async move {
                    let _ = serve_connection(BufStream::new(tcp), &shared).await;
                });
            }
            Some(acceptor) => {
                let acceptor = acceptor.clone();
                connections.spawn(async move {
                    // A client that rejects the certificate aborts the handshake: nothing to do.
                    if let Ok(stream) = acceptor.accept(tcp).await {
                        let _ = serve_connection(BufStream::new(stream), &shared).await;
                    }
                });
            }
        }
    }
}

/// A server-side stream that can reach its TCP socket (to reset it).
trait Conn: AsyncRead + AsyncWrite + Unpin + Send {
    fn tcp(&self) -> &TcpStream;
}

impl Conn for TcpStream {
    fn tcp(&self) -> &TcpStream {
        self
    }
}

impl Conn for tokio_rustls::server::TlsStream<TcpStream> {
    fn tcp(&self) -> &TcpStream {
        self.get_ref().0
    }
}

enum BodyKind {
    None,
    Length(usize),
    Chunked,
}

/// The parsed head of a request. Method, target and headers stay empty (no allocation) when
/// the server does not record.
struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    is_head: bool,
    body: BodyKind,
    keep_alive: bool,
    expect_continue: bool,
}

enum After {
    KeepAlive,
    Close,
}

const FAST_OK: &[u8] =
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{\"ok\":true}";
const FAST_OK_CLOSE: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: close\r\n\r\n{\"ok\":true}";
const CHUNK: usize = 64 * 1024;
static LARGE_CHUNK: [u8; CHUNK] = [b'x'; CHUNK];

async fn serve_connection<S: Conn>(mut stream: BufStream<S>, shared: &Shared) -> io::Result<()> {
    // Reused for every request on this connection.
    let mut line = Vec::with_capacity(256);
    let mut body = Vec::new();
    loop {
        let Some(head) = read_head(&mut stream, &mut line, shared.record).await? else {
            return Ok(()); // the client closed between requests
        };
        if head.expect_continue {
            stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await?;
            stream.flush().await?;
        }
        body.clear();
        match head.body {
            BodyKind::None => {}
            BodyKind::Length(n) => read_exact_into(&mut stream, &mut body, n).await?,
            BodyKind::Chunked => read_chunked(&mut stream, &mut line, &mut body).await?,
        }
        let index = shared.count.fetch_add(1, Ordering::SeqCst);

        let after = match &shared.responder {
            Responder::FastOk => {
                let bytes = if head.keep_alive {
                    FAST_OK
                } else {
                    FAST_OK_CLOSE
                };
                let bytes = if head.is_head {
                    &bytes[..bytes.len() - 11]
                } else {
                    bytes
                };
                stream.write_all(bytes).await?;
                if head.keep_alive {
                    After::KeepAlive
                } else {
                    After::Close
                }
            }
            Responder::Custom(reply_fn) => {
                let request = RecordedRequest {
                    method: head.method,
                    target: head.target,
                    headers: head.headers,
                    body: std::mem::take(&mut body),
                };
                let reply = reply_fn(&request, index);
                if shared.record {
                    // Recorded before answering, so a client that saw the response sees it here.
                    shared
                        .requests
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(request);
                }
                match reply {
                    Reply::Status {
                        code,
                        headers,
                        body: reply_body,
                    } => {
                        write_status(
                            &mut stream,
                            code,
                            &headers,
                            &reply_body,
                            head.is_head,
                            head.keep_alive,
                        )
                        .await?;
                        if head.keep_alive {
                            After::KeepAlive
                        } else {
                            After::Close
                        }
                    }
                    Reply::NeverAnswer => {
                        // Hold the socket until the client gives up (EOF or error).
                        let mut sink = [0u8; 1024];
                        while stream.read(&mut sink).await.unwrap_or(0) > 0 {}
                        return Ok(());
                    }
                    Reply::ResetMidResponse => {
                        stream
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n0123456789")
                            .await?;
                        stream.flush().await?;
                        // Let the partial response reach the client before the RST (some stacks
                        // discard unread data when a reset arrives).
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        stream.get_ref().tcp().set_zero_linger()?;
                        return Ok(()); // dropping the stream now sends the RST
                    }
                    Reply::LargeBody { size } => {
                        let mut out = String::with_capacity(96);
                        out.push_str(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n",
                        );
                        let _ = write!(out, "content-length: {size}\r\n");
                        if !head.keep_alive {
                            out.push_str("connection: close\r\n");
                        }
                        out.push_str("\r\n");
                        stream.write_all(out.as_bytes()).await?;
                        if !head.is_head {
                            let mut remaining = size;
                            while remaining > 0 {
                                let n = remaining.min(CHUNK);
                                stream.write_all(&LARGE_CHUNK[..n]).await?;
                                remaining -= n;
                            }
                        }
                        if head.keep_alive {
                            After::KeepAlive
                        } else {
                            After::Close
                        }
                    }
                }
            }
        };
        stream.flush().await?;
        if let After::Close = after {
            let _ = stream.shutdown().await;
            return Ok(());
        }
    }
}

/// Reads one line (through `\n`) into `line`, without the line ending. `Ok(false)` at EOF.
async fn read_line<R: AsyncBufRead + Unpin>(r: &mut R, line: &mut Vec<u8>) -> io::Result<bool> {
    line.clear();
    if r.read_until(b'\n', line).await? == 0 {
        return Ok(false);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    } else {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed mid-line",
        ));
    }
    Ok(true)
}

fn bad(msg: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t'))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

fn has_token(value: &[u8], token: &[u8]) -> bool {
    value
        .split(|b| *b == b',')
        .any(|t| trim(t).eq_ignore_ascii_case(token))
}

fn parse_usize(bytes: &[u8], radix: u32) -> Option<usize> {
    let text = std::str::from_utf8(bytes).ok()?;
    usize::from_str_radix(text, radix).ok()
}

/// Reads a request line and headers. `Ok(None)` when the client closed before a new request.
async fn read_head<R: AsyncBufRead + Unpin>(
    r: &mut R,
    line: &mut Vec<u8>,
    record: bool,
) -> io::Result<Option<Head>> {
    // Tolerate empty lines before the request line (RFC 9112 §2.2).
    loop {
        if !read_line(r, line).await? {
            return Ok(None);
        }
        if !line.is_empty() {
            break;
        }
    }
    let mut parts = line.splitn(3, |b| *b == b' ');
    let method = parts.next().ok_or_else(|| bad("no method"))?;
    let target = parts.next().ok_or_else(|| bad("no request target"))?;
    let version = parts.next().ok_or_else(|| bad("no HTTP version"))?;
    let http10 = version == b"HTTP/1.0";
    let mut head = Head {
        method: String::new(),
        target: String::new(),
        headers: Vec::new(),
        is_head: method == b"HEAD",
        body: BodyKind::None,
        keep_alive: !http10,
        expect_continue: false,
    };
    if record {
        head.method = String::from_utf8_lossy(method).into_owned();
        head.target = String::from_utf8_lossy(target).into_owned();
    }

    loop {
        if !read_line(r, line).await? {
            return Err(bad("connection closed in the headers"));
        }
        if line.is_empty() {
            break;
        }
        let colon = line
            .iter()
            .position(|b| *b == b':')
            .ok_or_else(|| bad("header without a colon"))?;
        let name = trim(&line[..colon]);
        let value = trim(&line[colon + 1..]);
        if name.eq_ignore_ascii_case(b"content-length") {
            if !matches!(head.body, BodyKind::Chunked) {
                let n = parse_usize(value, 10).ok_or_else(|| bad("bad content-length"))?;
                head.body = BodyKind::Length(n);
            }
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            if has_token(value, b"chunked") {
                head.body = BodyKind::Chunked;
            }
        } else if name.eq_ignore_ascii_case(b"connection") {
            if has_token(value, b"close") {
                head.keep_alive = false;
            } else if has_token(value, b"keep-alive") {
                head.keep_alive = true;
            }
        } else if name.eq_ignore_ascii_case(b"expect") {
            head.expect_continue = value.eq_ignore_ascii_case(b"100-continue");
        }
        if record {
            let mut name = String::from_utf8_lossy(name).into_owned();
            name.make_ascii_lowercase();
            head.headers
                .push((name, String::from_utf8_lossy(value).into_owned()));
        }
    }
    Ok(Some(head))
}

async fn read_exact_into<R: AsyncRead + Unpin>(
    r: &mut R,
    body: &mut Vec<u8>,
    n: usize,
) -> io::Result<()> {
    let start = body.len();
    body.resize(start + n, 0);
    r.read_exact(&mut body[start..]).await?;
    Ok(())
}

async fn read_chunked<R: AsyncBufRead + Unpin>(
    r: &mut R,
    line: &mut Vec<u8>,
    body: &mut Vec<u8>,
) -> io::Result<()> {
    loop {
        if !read_line(r, line).await? {
            return Err(bad("connection closed in a chunked body"));
        }
        let size_part = line.split(|b| *b == b';').next().unwrap_or(&[]);
        let size = parse_usize(trim(size_part), 16).ok_or_else(|| bad("bad chunk size"))?;
        if size == 0 {
            // Trailers, up to the blank line.
            loop {
                if !read_line(r, line).await? {
                    return Err(bad("connection closed in the trailers"));
                }
                if line.is_empty() {
                    return Ok(());
                }
            }
        }
        read_exact_into(r, body, size).await?;
        if !read_line(r, line).await? || !line.is_empty() {
            return Err(bad("chunk not followed by CRLF"));
        }
    }
}

fn reason(code: u16) -> &'static str {
    match code {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

async fn write_status<W: AsyncWrite + Unpin>(
    w: &mut W,
    code: u16,
    headers: &[(String, String)],
    body: &[u8],
    is_head: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let bodiless = code == 204 || code == 304 || (100..200).contains(&code);
    let mut out = String::with_capacity(128);
    let _ = write!(out, "HTTP/1.1 {code} {}\r\n", reason(code));
    let mut has_length = false;
    for (name, value) in headers {
        has_length |= name.eq_ignore_ascii_case("content-length");
        let _ = write!(out, "{name}: {value}\r\n");
    }
    if !has_length && !bodiless {
        let _ = write!(out, "content-length: {}\r\n", body.len());
    }
    if !keep_alive {
        out.push_str("connection: close\r\n");
    }
    out.push_str("\r\n");
    w.write_all(out.as_bytes()).await?;
    if !is_head && !bodiless {
        w.write_all(body).await?;
    }
    Ok(())
}
