//! A secret typed into a destination's static header or endpoint query is not exported: the
//! file carries a mask, and importing it leaves the header and parameter out and says which
//! values to enter again, rather than saving the mask as the value.

use crate::common;
use common::fresh_db;

use apidest_core::destinations::{
    create_destination, list_destinations, DestinationInput, HeaderEntry,
};
use apidest_core::transfer::{export_document, import_document, ImportOutcome};

const HEADER_SECRET: &str = "hdr-Typed-S3cret-5521";
const QUERY_SECRET: &str = "qry-Typed-S3cret-7710";

#[tokio::test]
async fn typed_secrets_are_masked_in_the_export_and_asked_for_on_import() {
    let (_a, source) = fresh_db().await;
    let mut input = DestinationInput::blank();
    input.name = "Partner".into();
    input.endpoint = format!("https://partner.example.com/hooks?list=1&api_key={QUERY_SECRET}");
    input.headers = vec![
        HeaderEntry {
            name: "X-Api-Key".into(),
            value: HEADER_SECRET.into(),
        },
        HeaderEntry {
            name: "Idempotency-Key".into(),
            value: "kept-as-data".into(),
        },
    ];
    create_destination(&source.pool, input).await.unwrap();

    let json = serde_json::to_string_pretty(&export_document(&source.pool).await.unwrap()).unwrap();
    assert!(
        !json.contains(HEADER_SECRET) && !json.contains(QUERY_SECRET),
        "{json}"
    );
    assert!(json.contains("api_key=••••"), "{json}");
    assert!(json.contains("kept-as-data"), "not a secret: {json}");

    let (_b, target) = fresh_db().await;
    let report = import_document(&target.pool, &json).await.unwrap();
    let item = &report.items[0];
    assert_eq!(item.outcome, ImportOutcome::Created);
    assert!(
        item.note.contains("header X-Api-Key") && item.note.contains("query parameter api_key"),
        "{}",
        item.note
    );
    let imported = &list_destinations(&target.pool).await.unwrap()[0].input;
    assert_eq!(
        imported.endpoint,
        "https://partner.example.com/hooks?list=1"
    );
    assert_eq!(
        imported.headers,
        [HeaderEntry {
            name: "Idempotency-Key".into(),
            value: "kept-as-data".into(),
        }],
        "the mask is never saved as a value"
    );
}
