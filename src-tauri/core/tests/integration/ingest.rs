//! The local ingest endpoint over real HTTP: two matching rules make two deliveries that reach
//! a test server; a wrong token, bad JSON and a huge body are refused and nothing is stored.

use crate::engine_support;
use crate::http_support;

use std::collections::BTreeMap;
use std::time::Duration;

use apidest_core::event_intake::{recent_events, start_ingest};
use apidest_core::rules::{
    create_rule, ConditionMode, ConditionRow, Conditions, InvokeAction, Operator, RuleInput,
};
use apidest_core::secrets::Secret;
use engine_support::harness;
use serde_json::{json, Value};

const TOKEN: &str = "ingest-token-for-tests-0123456789";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ingest_endpoint_turns_an_event_into_deliveries_and_refuses_bad_requests() {
    let h = harness().await;
    let target = http_support::always(http_support::Reply::status(202)).await;
    let crm = h.destination(&target.url("/crm/{email}"), None).await;
    let log = h.destination(&target.url("/log"), None).await;
    for (name, dest, bindings) in [
        (
            "VIP to CRM",
            crm,
            BTreeMap::from([(
                "email".to_owned(),
                "contact.custom_attributes.email".to_owned(),
            )]),
        ),
        ("All to log", log, BTreeMap::new()),
    ] {
        create_rule(
            &h.db.pool,
            &h.cache,
            RuleInput {
                name: name.into(),
                enabled: true,
                trigger: "contact.tag_added".into(),
                conditions: Conditions {
                    mode: ConditionMode::All,
                    rows: vec![ConditionRow {
                        path: "event.data.tag".into(),
                        operator: Operator::Equals,
                        value: "vip".into(),
                    }],
                    expression: String::new(),
                },
                actions: vec![InvokeAction {
                    destination_id: Some(dest),
                    bindings,
                    payload: "{id: contact.id, tag: event.data.tag}".into(),
                }],
                sample_event_data: None,
            },
        )
        .await
        .unwrap();
    }
    let server = start_ingest(
        h.db.pool.clone(),
        Some(h.engine.clone()),
        Secret::new(TOKEN),
        0,
    )
    .await
    .unwrap();
    let client = apidest_core::tls::client_builder().build().expect("client");
    let post = |token: &str, body: Vec<u8>| {
        client
            .post(server.url())
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };

    // A contact sent inline, as a platform would.
    let event = json!({
        "type": "contact.tag_added",
        "contact": {"id": "ct_external_1", "first_name": "Ada", "custom_attributes": {"email": "ada@example.com"}},
        "data": {"tag": "vip"}
    });
    let response = post(TOKEN, serde_json::to_vec(&event).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let receipt: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert!(receipt["event_id"].as_str().unwrap().starts_with("evt_"));
    assert_eq!(receipt["deliveries"].as_array().unwrap().len(), 2);
    let started = std::time::Instant::now();
    while target.request_count() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "deliveries did not arrive"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let requests = target.requests();
    let crm_request = requests
        .iter()
        .find(|r| r.target.starts_with("/crm/"))
        .unwrap();
    assert_eq!(crm_request.target, "/crm/ada%40example.com");
    assert_eq!(
        String::from_utf8_lossy(&crm_request.body),
        r#"{"id":"ct_external_1","tag":"vip"}"#
    );
    assert!(requests.iter().any(|r| r.target == "/log"));
    assert_eq!(recent_events(&h.db.pool, 10).await.unwrap().len(), 1);

    // Wrong token: 401, nothing stored.
    let response = post("wrong", serde_json::to_vec(&event).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    // Malformed JSON: 400 with a message.
    let response = post(TOKEN, b"{\"type\": \"contact.updated\",".to_vec())
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a valid event"),
        "{body}"
    );
    // Missing contact: 422 naming it.
    let response = post(TOKEN, br#"{"type": "contact.updated"}"#.to_vec())
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    // 10 MB: 413. A raw connection, because the server may answer and close before a client
    // finishes uploading, which an HTTP client reports as a broken pipe instead of the answer.
    assert_eq!(post_huge(server.addr, 10 * 1024 * 1024).await, 413);
    // Without the token the answer comes before any of the body: the headers announce a
    // megabyte that is never sent, and 401 arrives at once.
    assert_eq!(
        tokio::time::timeout(
            std::time::Duration::from_secs(3),
            announce_without_sending(server.addr, "wrong-token")
        )
        .await
        .expect("answered without waiting for the body"),
        401
    );
    assert_eq!(
        recent_events(&h.db.pool, 10).await.unwrap().len(),
        1,
        "refused requests store nothing"
    );
    assert_eq!(target.request_count(), 2);
    server.stop();
}

async fn post_huge(addr: std::net::SocketAddr, size: usize) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let head = format!(
        "POST /v1/events HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
    );
    let upload = tokio::spawn(async move {
        write.write_all(head.as_bytes()).await?;
        let chunk = vec![b'x'; 64 * 1024];
        let mut sent = 0;
        while sent < size {
            write.write_all(&chunk).await?;
            sent += chunk.len();
        }
        std::io::Result::Ok(())
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = read.read(&mut buf).await.unwrap();
        assert!(n > 0, "closed without an answer");
        answer.extend_from_slice(&buf[..n]);
    }
    upload.abort();
    let status_line = String::from_utf8_lossy(&answer);
    status_line
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap()
}

/// Sends only the headers of a 1 MiB POST, then waits for the answer.
async fn announce_without_sending(addr: std::net::SocketAddr, token: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /v1/events HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: 1048576\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.unwrap();
        assert!(n > 0, "closed without an answer");
        answer.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&answer)
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap()
}
