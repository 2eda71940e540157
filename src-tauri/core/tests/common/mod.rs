//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses its own subset

use apidest_core::store::{open_database, Database};

/// A migrated database in a temporary folder that lives as long as the returned guard.
pub async fn fresh_db() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = open_database(&dir.path().join("app.sqlite3"))
        .await
        .expect("open a fresh database");
    (dir, db)
}

/// A realistic context: the shape every expression sees.
pub fn sample_context() -> serde_json::Value {
    serde_json::json!({
        "team": {
            "id": "team_01",
            "name": "Bloom & Wild Florists",
            "custom_attributes": { "store_name": "Bloom Central", "region": "EU" }
        },
        "contact": {
            "id": "ct_1001",
            "phone": "+447700900123",
            "first_name": "Zoë",
            "last_name": "Ångström",
            "entry_point": "instagram_ad",
            "tags": ["vip", "newsletter", "spring-2026"],
            "custom_attributes": {
                "email": "zoe@example.com",
                "loyalty": { "tier": "gold", "points": 1280 },
                "birthday": null
            },
            "subscriptions": { "transactional": "subscribed", "marketing": "unsubscribed" }
        },
        "event": {
            "id": "evt_01",
            "type": "message.received",
            "occurred_at": "2026-11-27T10:00:00Z",
            "data": { "text": "Hi!", "channel": "whatsapp" }
        }
    })
}
