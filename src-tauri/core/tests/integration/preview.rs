//! The preview command's core: seeded samples, a destination's request rendered for a
//! contact with auth masked, and every problem reported at once.

use crate::common;
use common::fresh_db;

use std::collections::BTreeMap;
use std::sync::Arc;

use apidest_core::auth::{create_auth_config, AuthConfigInput, AuthSettings};
use apidest_core::contacts::{delete_contact, get_team, list_contacts, seed_samples_once};
use apidest_core::destinations::{create_destination, DestinationInput, HeaderEntry, HttpMethod};
use apidest_core::render::{preview, ExpressionCache, PreviewRequest, RenderErrorKind};
use apidest_core::secrets::{MemorySecretStore, Secret};

fn request(contact_id: apidest_core::ids::ContactId) -> PreviewRequest {
    PreviewRequest {
        destination_id: None,
        endpoint: Some("https://api.example.com/contacts/{email}".into()),
        method: Some(HttpMethod::Put),
        headers: vec![],
        auth_id: None,
        body_format: Default::default(),
        bindings: BTreeMap::from([("email".into(), "contact.custom_attributes.email".into())]),
        payload: "{name: contact.first_name, tags: contact.tags}".into(),
        contact_id,
        event_type: "contact.updated".into(),
        event_data: None,
    }
}

#[tokio::test]
async fn samples_are_seeded_once_and_every_documented_variable_resolves_for_them() {
    let (_dir, db) = fresh_db().await;
    seed_samples_once(&db.pool).await.unwrap();
    let contacts = list_contacts(&db.pool).await.unwrap();
    assert!(contacts.len() >= 5);
    assert!(
        contacts.iter().any(|c| c.fields.first_name.is_none()),
        "one lacks optional fields"
    );
    assert!(
        contacts.iter().any(|c| c.fields.tags.len() >= 10),
        "one has many tags"
    );
    assert!(contacts.iter().any(|c| c
        .fields
        .first_name
        .as_deref()
        .is_some_and(|n| !n.is_ascii())));
    assert_eq!(
        get_team(&db.pool).await.unwrap().name,
        "Bloom & Wild Florists"
    );

    for contact in &contacts {
        let context = apidest_core::render::RenderContext::new(
            get_team(&db.pool).await.unwrap().to_context(),
            contact.to_context(),
            serde_json::json!({"id": "evt", "type": "x", "occurred_at": "", "data": {}}),
        )
        .unwrap();
        let cache = ExpressionCache::default();
        for path in [
            "team.id",
            "team.name",
            "team.custom_attributes",
            "contact.id",
            "contact.phone",
            "contact.first_name",
            "contact.last_name",
            "contact.entry_point",
            "contact.tags",
            "contact.custom_attributes",
            "contact.subscriptions.transactional",
            "contact.subscriptions.marketing",
        ] {
            let result = apidest_core::render::render_payload(path, &cache, &context).unwrap();
            let optional = path.ends_with("first_name")
                || path.ends_with("last_name")
                || path.ends_with("entry_point");
            assert!(
                optional || !result.value.is_null(),
                "{path} is null for {:?}",
                contact.fields.first_name
            );
        }
    }

    // Deleting them all does not bring them back on the next start.
    for c in contacts {
        delete_contact(&db.pool, &c.id).await.unwrap();
    }
    seed_samples_once(&db.pool).await.unwrap();
    assert!(list_contacts(&db.pool).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_ad_hoc_preview_renders_url_headers_and_body() {
    let (_dir, db) = fresh_db().await;
    seed_samples_once(&db.pool).await.unwrap();
    let zoe = list_contacts(&db.pool)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.fields.first_name.as_deref() == Some("Zoë"))
        .unwrap();
    let result = preview(&db.pool, &ExpressionCache::default(), request(zoe.id))
        .await
        .unwrap();
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let url = result.url.unwrap();
    assert_eq!(
        url.url,
        "https://api.example.com/contacts/zoe.angstrom%40example.com"
    );
    assert_eq!(url.spans[0].value, "zoe.angstrom@example.com");
    assert_eq!(result.method, HttpMethod::Put);
    assert_eq!(result.headers[0].name, "Content-Type");
    let body: serde_json::Value = serde_json::from_str(result.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["name"], "Zoë");
}

#[tokio::test]
async fn a_destination_preview_masks_auth_and_reports_every_problem() {
    let (_dir, db) = fresh_db().await;
    seed_samples_once(&db.pool).await.unwrap();
    let store = Arc::new(MemorySecretStore::new());
    let auth = create_auth_config(
        &db.pool,
        store,
        AuthConfigInput {
            name: "Token".into(),
            settings: AuthSettings::Bearer,
            secrets: BTreeMap::from([("token".into(), Secret::new("tok_secret_value_9999"))]),
        },
    )
    .await
    .unwrap();
    let dest = create_destination(
        &db.pool,
        DestinationInput {
            name: "CRM".into(),
            endpoint: "https://crm.example.com/c/{email}".into(),
            auth_id: Some(auth.id),
            headers: vec![HeaderEntry {
                name: "X-Source".into(),
                value: "apidest".into(),
            }],
            ..DestinationInput::blank()
        },
    )
    .await
    .unwrap();
    // The contact without a name or email: the URL variable is null and the payload warns.
    let anonymous = list_contacts(&db.pool)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.fields.first_name.is_none())
        .unwrap();
    let mut req = request(anonymous.id);
    req.destination_id = Some(dest.id);
    req.payload = "{name: contact.first_name, bad: ".into();
    let result = preview(&db.pool, &ExpressionCache::default(), req)
        .await
        .unwrap();
    let kinds: Vec<RenderErrorKind> = result.errors.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            RenderErrorKind::InvalidVariableValue,
            RenderErrorKind::Syntax
        ]
    );
    let auth_header = result.headers.iter().find(|h| h.source == "auth").unwrap();
    assert_eq!(auth_header.value, "Bearer ••••");
    assert!(!serde_json::to_string(&result)
        .unwrap()
        .contains("tok_secret"));
    assert!(result.headers.iter().any(|h| h.name == "X-Source"));
}

/// A URL value of `.` or `..` would move the request to another path: the preview refuses it,
/// naming the variable and the contact, as sending does.
#[tokio::test]
async fn the_preview_refuses_a_dot_segment_as_a_url_value() {
    let (_dir, db) = fresh_db().await;
    seed_samples_once(&db.pool).await.unwrap();
    let contact = list_contacts(&db.pool).await.unwrap().remove(0);
    let cache = ExpressionCache::default();
    for value in ["'..'", "'.'", "'%2e%2e'", "'%252E%252E'"] {
        let mut asked = request(contact.id.clone());
        asked.bindings = BTreeMap::from([("email".into(), value.into())]);
        let result = preview(&db.pool, &cache, asked).await.unwrap();
        let error = result
            .errors
            .iter()
            .find(|e| e.message.contains("{email}"))
            .unwrap_or_else(|| panic!("{value}: {:?}", result.errors));
        assert!(
            error
                .message
                .contains("would send the request to another path"),
            "{value}: {}",
            error.message
        );
        assert!(
            result.url.is_none(),
            "{value}: no URL is shown as if it would be sent"
        );
    }
}
