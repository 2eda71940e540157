//! The live preview shows exactly what is frozen and sent: for every auth kind, every method,
//! a URL variable and a static header, the preview (of the saved destination and of the same
//! destination still in the form) is compared with the delivery's attempt record and with
//! what a real local server received — for JSON bodies and for form-encoded ones.

use crate::engine_support;
use crate::http_support;

use std::collections::BTreeMap;

use apidest_core::auth::{ApiKeyPlacement, AuthSettings, SET_WHEN_SENT};
use apidest_core::destinations::{
    create_destination, BodyFormat, DestinationInput, HeaderEntry, HttpMethod,
};
use apidest_core::engine::{DeliveryRequest, DeliverySource, EventInfo, StatusCategory};
use apidest_core::ids::AuthId;
use apidest_core::render::{preview, PreviewRequest, PreviewResult};
use engine_support::{harness, Harness};
use http_support::{serve, Reply};

const PAYLOAD: &str = "{name: contact.first_name, tags: contact.tags, source: 'preview-test'}";

async fn auth_kinds(h: &Harness, token_url: &str) -> Vec<(&'static str, Option<AuthId>)> {
    vec![
        ("none", None),
        (
            "basic",
            Some(
                h.auth(
                    AuthSettings::Basic {
                        username: "alice".into(),
                    },
                    "basic-pw-1",
                )
                .await,
            ),
        ),
        (
            "bearer",
            Some(h.auth(AuthSettings::Bearer, "bearer-tok-1").await),
        ),
        (
            "api key header",
            Some(
                h.auth(
                    AuthSettings::ApiKey {
                        placement: ApiKeyPlacement::Header,
                        name: "X-Api-Key".into(),
                    },
                    "hdr-key-1",
                )
                .await,
            ),
        ),
        (
            "api key query",
            Some(
                h.auth(
                    AuthSettings::ApiKey {
                        placement: ApiKeyPlacement::Query,
                        name: "api_key".into(),
                    },
                    "qry-key-1",
                )
                .await,
            ),
        ),
        (
            "oauth",
            Some(
                h.auth(
                    AuthSettings::OAuth2ClientCredentials {
                        token_url: token_url.to_owned(),
                        client_id: "client-1".into(),
                        scope: None,
                        audience: None,
                    },
                    "oauth-secret-1",
                )
                .await,
            ),
        ),
        (
            "hmac",
            Some(
                h.auth(
                    AuthSettings::Hmac {
                        id_header: "webhook-id".into(),
                        timestamp_header: "webhook-timestamp".into(),
                        signature_header: "webhook-signature".into(),
                    },
                    "hmac-secret-1",
                )
                .await,
            ),
        ),
    ]
}

fn headers_of(result: &PreviewResult) -> Vec<(String, String)> {
    result
        .headers
        .iter()
        .map(|h| (h.name.to_ascii_lowercase(), h.value.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_equals_what_is_frozen_and_sent() {
    let h = harness().await;
    let target = serve(|_, _| Reply::json(200, r#"{"ok":true}"#)).await;
    let token_server =
        serve(|_, _| Reply::json(200, r#"{"access_token":"oauth-tok-1","expires_in":3600}"#)).await;
    let bindings = BTreeMap::from([("who".to_owned(), "contact.first_name".to_owned())]);
    let static_headers = vec![HeaderEntry {
        name: "X-Source".into(),
        value: "apidest".into(),
    }];
    let mut cases = 0;
    for (kind, auth_id) in auth_kinds(&h, &token_server.url("/token")).await {
        for method in [
            HttpMethod::Post,
            HttpMethod::Put,
            HttpMethod::Patch,
            HttpMethod::Delete,
        ] {
            let endpoint = target.url("/contacts/{who}/notes?list=a%20b");
            let input = DestinationInput {
                name: format!("{kind} {}", method.as_str()),
                endpoint: endpoint.clone(),
                method,
                auth_id: auth_id.clone(),
                headers: static_headers.clone(),
                ..DestinationInput::blank()
            };
            let dest = create_destination(&h.db.pool, input).await.unwrap();
            let ask = |destination_id| PreviewRequest {
                destination_id,
                endpoint: Some(endpoint.clone()),
                method: Some(method),
                headers: static_headers.clone(),
                auth_id: auth_id.clone(),
                body_format: None,
                bindings: bindings.clone(),
                payload: PAYLOAD.into(),
                contact_id: h.contact.clone(),
                event_type: "contact.updated".into(),
                event_data: None,
            };
            let saved = preview(&h.db.pool, &h.cache, ask(Some(dest.id.clone())))
                .await
                .unwrap();
            let draft = preview(&h.db.pool, &h.cache, ask(None)).await.unwrap();
            let case = format!("{kind} {}", method.as_str());
            assert!(saved.errors.is_empty(), "{case}: {:?}", saved.errors);
            assert_eq!(saved.url, draft.url, "{case}: saved and draft URL");
            assert_eq!(
                saved.headers, draft.headers,
                "{case}: saved and draft headers"
            );
            assert_eq!(saved.body, draft.body, "{case}: saved and draft body");

            let received_before = target.request_count();
            let detail = h
                .engine
                .send_and_wait(
                    &h.cache,
                    DeliveryRequest {
                        destination_id: dest.id.clone(),
                        contact_id: h.contact.clone(),
                        event: EventInfo::test("contact.updated", None),
                        payload_expression: PAYLOAD.into(),
                        bindings: bindings.clone(),
                        source: DeliverySource::Test,
                        rule: None,
                        replay_of: None,
                    },
                )
                .await
                .unwrap();
            let attempt = &detail.attempts[0];
            assert_eq!(
                attempt.category,
                Some(StatusCategory::Success),
                "{case}: {attempt:#?}"
            );

            // The record of the attempt shows what the preview showed.
            assert_eq!(saved.method.as_str(), detail.summary.method, "{case}");
            assert_eq!(
                saved.url.as_ref().map(|u| u.url.as_str()),
                attempt.request_url.as_deref(),
                "{case}: URL"
            );
            let recorded: Vec<(String, String)> = attempt
                .request_headers
                .iter()
                .map(|h| (h.name.to_ascii_lowercase(), h.value.clone()))
                .collect();
            let previewed = headers_of(&saved);
            assert_eq!(
                previewed.iter().map(|(n, _)| n).collect::<Vec<_>>(),
                recorded.iter().map(|(n, _)| n).collect::<Vec<_>>(),
                "{case}: header names and order"
            );
            for ((name, shown), (_, stored)) in previewed.iter().zip(&recorded) {
                if shown != SET_WHEN_SENT {
                    assert_eq!(shown, stored, "{case}: header {name}");
                }
            }
            let frozen_body: Option<serde_json::Value> = detail
                .body
                .as_deref()
                .map(|b| serde_json::from_str(b).unwrap());
            let previewed_body: Option<serde_json::Value> = saved
                .body
                .as_deref()
                .map(|b| serde_json::from_str(b).unwrap());
            assert_eq!(previewed_body, frozen_body, "{case}: body");

            // And the server received it: method, path and query, headers, body bytes.
            let received = &target.requests()[received_before..];
            let last = received.last().expect("the target got the request");
            assert_eq!(last.method, saved.method.as_str(), "{case}");
            let shown = url::Url::parse(&saved.url.as_ref().unwrap().url).unwrap();
            let (path, query) = last.target.split_once('?').unwrap_or((&last.target, ""));
            assert_eq!(path, shown.path(), "{case}: path");
            let query_names: Vec<String> = url::form_urlencoded::parse(query.as_bytes())
                .map(|(n, _)| n.into_owned())
                .collect();
            let shown_names: Vec<String> =
                shown.query_pairs().map(|(n, _)| n.into_owned()).collect();
            assert_eq!(query_names, shown_names, "{case}: query parameters");
            for (name, _) in &previewed {
                assert!(last.header(name).is_some(), "{case}: {name} was not sent");
            }
            assert_eq!(
                last.body,
                detail.body.clone().unwrap_or_default().into_bytes(),
                "{case}: body bytes"
            );
            cases += 1;
        }
    }
    assert_eq!(cases, 28);
}

/// A form-encoded destination: the preview shows the very bytes the server receives, with the
/// fields in the order typed, nested fields in brackets and a hashed, normalised email.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_body_previewed_is_the_bytes_received() {
    const FORM_PAYLOAD: &str = "{email_hash: sha256(lower(trim(contact.custom_attributes.email))), \
        name: contact.first_name, customer: {tags: contact.tags, loyalty: contact.custom_attributes.loyalty.tier}}";
    let h = harness().await;
    let target = serve(|_, _| Reply::json(200, r#"{"ok":true}"#)).await;
    let endpoint = target.url("/v1/customers");
    let input = DestinationInput {
        name: "Form API".into(),
        endpoint: endpoint.clone(),
        body_format: BodyFormat::Form,
        ..DestinationInput::blank()
    };
    let dest = create_destination(&h.db.pool, input).await.unwrap();
    let ask = |destination_id| PreviewRequest {
        destination_id,
        endpoint: Some(endpoint.clone()),
        method: Some(HttpMethod::Post),
        headers: Vec::new(),
        auth_id: None,
        body_format: Some(BodyFormat::Form),
        bindings: BTreeMap::new(),
        payload: FORM_PAYLOAD.into(),
        contact_id: h.contact.clone(),
        event_type: "contact.updated".into(),
        event_data: None,
    };
    let saved = preview(&h.db.pool, &h.cache, ask(Some(dest.id.clone())))
        .await
        .unwrap();
    let draft = preview(&h.db.pool, &h.cache, ask(None)).await.unwrap();
    assert!(saved.errors.is_empty(), "{:?}", saved.errors);
    assert_eq!(saved.body, draft.body);
    assert_eq!(saved.headers, draft.headers);
    let shown = saved.body.clone().expect("a body");
    assert!(shown.starts_with("email_hash="), "{shown}");
    assert!(shown.contains("&customer%5Btags%5D%5B%5D="), "{shown}");
    assert!(
        headers_of(&saved).contains(&(
            "content-type".to_owned(),
            "application/x-www-form-urlencoded".to_owned()
        )),
        "{:?}",
        saved.headers
    );

    let detail = h
        .engine
        .send_and_wait(
            &h.cache,
            DeliveryRequest {
                destination_id: dest.id.clone(),
                contact_id: h.contact.clone(),
                event: EventInfo::test("contact.updated", None),
                payload_expression: FORM_PAYLOAD.into(),
                bindings: BTreeMap::new(),
                source: DeliverySource::Test,
                rule: None,
                replay_of: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        detail.attempts[0].category,
        Some(StatusCategory::Success),
        "{:#?}",
        detail.attempts[0]
    );
    assert_eq!(detail.body.as_deref(), Some(shown.as_str()));
    let last = target.requests().last().cloned().expect("received");
    assert_eq!(last.body, shown.as_bytes(), "body bytes");
    assert_eq!(
        last.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // What the server parses back is the contact's data, hashed as Meta asks.
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&last.body)
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    // `printf 'zoe.angstrom@example.com' | sha256sum`
    let expected_hash = "aed8e5bbaf73616b7d5016307e6d5d9be768f8e6f72d82bc9946ae75e495b44e";
    assert_eq!(fields[0].0, "email_hash");
    assert_eq!(fields[0].1, expected_hash);
    assert_eq!(fields[1].0, "name");
    assert!(
        fields.iter().any(|(n, _)| n == "customer[loyalty]"),
        "{fields:?}"
    );
}
