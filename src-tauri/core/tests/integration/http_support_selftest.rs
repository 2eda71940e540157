//! Proves the local HTTP test servers in `http_support` behave like real servers.

use crate::http_support;

use std::time::{Duration, Instant};

use http_support::{Reply, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn client() -> reqwest::Client {
    apidest_core::tls::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client")
}

/// Writes `raw` on a fresh connection and reads until the server closes it.
async fn raw_exchange(server: &TestServer, raw: &[u8]) -> String {
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    stream.write_all(raw).await.expect("write request");
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut out))
        .await
        .expect("the server closes the connection")
        .expect("read response");
    String::from_utf8(out).expect("UTF-8 response")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_reply_and_recorded_request() {
    let server =
        http_support::always(Reply::json(201, r#"{"id":7}"#).with_header("X-Reply", "yes")).await;
    let response = client()
        .post(server.url("/hooks/new?a=1&b=two%20words"))
        .header("X-Custom", "Value 1")
        .header("content-type", "application/json")
        .body(r#"{"hello":"world"}"#)
        .send()
        .await
        .expect("response");
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.headers()["x-reply"], "yes");
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["content-length"], "8");
    assert_eq!(response.text().await.expect("body"), r#"{"id":7}"#);

    assert_eq!(server.request_count(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/hooks/new?a=1&b=two%20words");
    assert_eq!(request.header("x-custom"), Some("Value 1"));
    assert_eq!(request.header("X-CUSTOM"), Some("Value 1"));
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(request.header("absent"), None);
    assert!(request
        .headers
        .iter()
        .all(|(name, _)| *name == name.to_ascii_lowercase()));
    assert_eq!(request.body, br#"{"hello":"world"}"#);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sequence_replies_in_order_then_repeats_the_last() {
    let server = http_support::sequence(vec![
        Reply::status(500),
        Reply::status(429).with_header("Retry-After", "3"),
        Reply::json(200, "{}"),
    ])
    .await;
    let client = client();
    let mut seen = Vec::new();
    for _ in 0..4 {
        let response = client.get(server.url("/")).send().await.expect("response");
        let retry_after = response
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        seen.push((response.status().as_u16(), retry_after));
    }
    assert_eq!(
        seen,
        vec![
            (500, None),
            (429, Some("3".to_owned())),
            (200, None),
            (200, None)
        ]
    );
    assert_eq!(server.request_count(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_passes_the_request_and_its_index() {
    let server = http_support::serve(|request, index| {
        Reply::status(200).with_body(format!("{index}:{}", request.target))
    })
    .await;
    let client = client();
    for i in 0..3 {
        let body = client
            .get(server.url(&format!("/n/{i}")))
            .send()
            .await
            .expect("response")
            .text()
            .await
            .expect("body");
        assert_eq!(body, format!("{i}:/n/{i}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_alive_serves_many_requests_per_connection() {
    // One socket, the second request sent only after the first answer is read: through
    // reqwest, whether its pool has the connection back in time is a race.
    let server = http_support::always(Reply::status(204)).await;
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    stream
        .write_all(b"POST /k HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx")
        .await
        .expect("first request");
    let mut first = Vec::new();
    let mut buf = [0u8; 1024];
    while !first.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf))
            .await
            .expect("the first answer comes")
            .expect("read");
        assert!(read > 0, "the server closed the kept-alive connection");
        first.extend_from_slice(&buf[..read]);
    }
    assert!(
        first.starts_with(b"HTTP/1.1 204"),
        "{}",
        String::from_utf8_lossy(&first)
    );
    stream
        .write_all(
            b"POST /k HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nConnection: close\r\n\r\ny",
        )
        .await
        .expect("second request on the same connection");
    let mut second = Vec::new();
    tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut second))
        .await
        .expect("the server closes after the second answer")
        .expect("read");
    assert!(
        second.starts_with(b"HTTP/1.1 204"),
        "{}",
        String::from_utf8_lossy(&second)
    );
    assert_eq!(server.request_count(), 2);
    assert_eq!(server.connection_count(), 1, "the connection was reused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_chunked_body_keep_alive_and_connection_close() {
    let server = http_support::always(Reply::status(200).with_body("done")).await;
    // Two pipelined requests on one connection: a chunked body (with an extension and a
    // trailer), then a Content-Length body asking to close.
    let raw = b"POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\
                5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n\
                PUT /plain?q=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc";
    let text = raw_exchange(&server, raw).await;
    assert_eq!(text.matches("HTTP/1.1 200 OK\r\n").count(), 2, "{text}");
    assert!(text.ends_with("connection: close\r\n\r\ndone"), "{text}");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].target, "/chunked");
    assert_eq!(requests[0].body, b"hello, world");
    assert_eq!(requests[1].method, "PUT");
    assert_eq!(requests[1].target, "/plain?q=1");
    assert_eq!(requests[1].header("connection"), Some("close"));
    assert_eq!(requests[1].body, b"abc");
    assert_eq!(server.connection_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn never_answer_times_out() {
    let server = http_support::always(Reply::NeverAnswer).await;
    let client = apidest_core::tls::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_millis(300))
        .build()
        .expect("reqwest client");
    let started = Instant::now();
    let error = client
        .post(server.url("/slow"))
        .body("payload")
        .send()
        .await
        .expect_err("no answer");
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(290));
    assert_eq!(server.request_count(), 1);
    assert_eq!(server.requests()[0].body, b"payload");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_mid_response_fails_the_body() {
    let server = http_support::always(Reply::ResetMidResponse).await;
    let response = client()
        .get(server.url("/reset"))
        .send()
        .await
        .expect("the head arrives");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.content_length(), Some(1000));
    let error = response.bytes().await.expect_err("the body is cut short");
    assert!(error.is_body() || error.is_decode(), "{error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_body_streams() {
    let server = http_support::always(Reply::LargeBody { size: 10_000_000 }).await;
    let mut response = client()
        .get(server.url("/big"))
        .send()
        .await
        .expect("response");
    assert_eq!(response.content_length(), Some(10_000_000));
    let mut total = 0usize;
    while let Some(chunk) = response.chunk().await.expect("chunk") {
        total += chunk.len();
    }
    assert_eq!(total, 10_000_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_self_signed_is_rejected_by_default() {
    let server = http_support::tls_self_signed().await;
    assert!(server.url("/t").starts_with("https://localhost:"));
    let error = client()
        .get(server.url("/t"))
        .send()
        .await
        .expect_err("untrusted certificate");
    assert!(error.is_connect(), "{error:?}");

    // The server itself works: a client that accepts any certificate gets its 200.
    let lenient = apidest_core::tls::client_builder()
        .tls_danger_accept_invalid_certs(true)
        .build()
        .expect("reqwest client");
    let response = lenient
        .get(server.url("/t"))
        .send()
        .await
        .expect("response");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(server.requests()[0].target, "/t");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_port_refuses() {
    let addr = http_support::closed_port();
    let error = client()
        .get(format!("http://{addr}/"))
        .send()
        .await
        .expect_err("nothing listens");
    assert!(error.is_connect(), "{error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fast_ok_counts_without_recording() {
    let server = http_support::fast_ok().await;
    let client = client();
    let calls = (0..50).map(|_| {
        let client = client.clone();
        let url = server.url("/bench");
        tokio::spawn(async move {
            let response = client.post(url).body("{}").send().await.expect("response");
            assert_eq!(response.status().as_u16(), 200);
            response.text().await.expect("body")
        })
    });
    for call in calls.collect::<Vec<_>>() {
        assert_eq!(call.await.expect("task"), r#"{"ok":true}"#);
    }
    assert_eq!(server.request_count(), 50);
    assert!(server.requests().is_empty());

    let text = raw_exchange(
        &server,
        b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.ends_with("\r\n\r\n{\"ok\":true}"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_the_server_closes_the_port() {
    let server = http_support::always(Reply::status(200)).await;
    let addr = server.addr;
    drop(server);
    let deadline = Instant::now() + Duration::from_secs(1);
    while TcpStream::connect(addr).await.is_ok() {
        assert!(Instant::now() < deadline, "still accepting after drop");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
