//! The built-in team and sample contacts a new installation starts with: varied on purpose
//! (unicode names, missing fields, many tags, nested attributes) so previews show real cases.

use serde_json::json;

use super::model::{ContactInput, SubscriptionState, Subscriptions, Team};

pub fn sample_team() -> Team {
    Team {
        id: "team_01jbloomwild".into(),
        name: "Bloom & Wild Florists".into(),
        custom_attributes: json!({
            "store_name": "Bloom Central",
            "support_email": "help@bloomwild.example",
            "region": "EU",
            "currency": "EUR"
        })
        .as_object()
        .cloned()
        .unwrap_or_default(),
    }
}

fn attributes(value: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    value.as_object().cloned().unwrap_or_default()
}

pub fn sample_contacts() -> Vec<ContactInput> {
    use SubscriptionState::{NeverSubscribed, Subscribed, Unsubscribed};
    vec![
        ContactInput {
            phone: Some("+447700900123".into()),
            first_name: Some("Zoë".into()),
            last_name: Some("Ångström".into()),
            entry_point: Some("instagram_ad".into()),
            tags: vec!["vip".into(), "newsletter".into(), "spring-2026".into()],
            custom_attributes: attributes(json!({
                "email": "zoe.angstrom@example.com",
                "loyalty": { "tier": "gold", "points": 1280, "since": "2023-04-02" },
                "favourite_flower": "peony",
                "last_order_total": 64.5
            })),
            subscriptions: Subscriptions {
                transactional: Subscribed,
                marketing: Subscribed,
            },
        },
        ContactInput {
            phone: Some("+14155550100".into()),
            first_name: Some("Marcus".into()),
            last_name: Some("O'Neill".into()),
            entry_point: Some("website_widget".into()),
            tags: vec!["customer".into()],
            custom_attributes: attributes(json!({
                "email": "marcus@example.com",
                "company": { "name": "O'Neill & Sons", "size": 12 }
            })),
            subscriptions: Subscriptions {
                transactional: Subscribed,
                marketing: Unsubscribed,
            },
        },
        ContactInput {
            phone: Some("+819012345678".into()),
            first_name: Some("さくら".into()),
            last_name: Some("山田".into()),
            entry_point: Some("qr_code".into()),
            tags: vec![
                "wholesale".into(),
                "tokyo".into(),
                "b2b".into(),
                "net-30".into(),
                "priority".into(),
                "event-florals".into(),
                "weekly-delivery".into(),
                "invoice".into(),
                "ja".into(),
                "repeat-buyer".into(),
                "referral".into(),
                "high-value".into(),
            ],
            custom_attributes: attributes(json!({
                "email": "sakura.yamada@example.jp",
                "account": { "manager": { "name": "Kenji", "phone": "+81311112222" }, "credit_limit": 500000 },
                "preferred_language": "ja"
            })),
            subscriptions: Subscriptions {
                transactional: Subscribed,
                marketing: Subscribed,
            },
        },
        ContactInput {
            phone: Some("+4915112345678".into()),
            first_name: None,
            last_name: None,
            entry_point: None,
            tags: vec![],
            custom_attributes: attributes(json!({})),
            subscriptions: Subscriptions {
                transactional: NeverSubscribed,
                marketing: NeverSubscribed,
            },
        },
        ContactInput {
            phone: Some("+5511998765432".into()),
            first_name: Some("João".into()),
            last_name: Some("Conceição".into()),
            entry_point: Some("whatsapp_link".into()),
            tags: vec!["lead".into(), "pt-BR".into()],
            custom_attributes: attributes(json!({
                "email": null,
                "source_campaign": "Dia das Mães 🌷",
                "cart": { "items": [ { "sku": "ROSE-12", "qty": 2 }, { "sku": "VASE-S", "qty": 1 } ], "abandoned": true }
            })),
            subscriptions: Subscriptions {
                transactional: Subscribed,
                marketing: NeverSubscribed,
            },
        },
        ContactInput {
            phone: Some("+971501234567".into()),
            first_name: Some("Layla".into()),
            last_name: Some("Haddad".into()),
            entry_point: Some("sms_keyword".into()),
            tags: vec!["unsubscribed-sms".into()],
            custom_attributes: attributes(json!({
                "email": "layla.haddad@example.ae",
                "notes": "Prefers delivery after 6pm; gate code #4411"
            })),
            subscriptions: Subscriptions {
                transactional: Unsubscribed,
                marketing: Unsubscribed,
            },
        },
    ]
}
