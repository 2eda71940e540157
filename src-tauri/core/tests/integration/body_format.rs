//! A destination's body format is saved, read back, updated, exported and imported; files
//! written before there was a choice import as JSON.

use crate::common;
use common::fresh_db;

use apidest_core::destinations::{
    create_destination, get_destination, update_destination, BodyFormat, DestinationInput,
};
use apidest_core::transfer::{export_document, import_document};

fn form_destination() -> DestinationInput {
    DestinationInput {
        name: "Twilio-style".into(),
        endpoint: "https://api.example.com/2010-04-01/Messages.json".into(),
        body_format: BodyFormat::Form,
        ..DestinationInput::blank()
    }
}

#[tokio::test]
async fn saved_updated_and_read_back() {
    let (_dir, db) = fresh_db().await;
    let created = create_destination(&db.pool, form_destination())
        .await
        .unwrap();
    assert_eq!(created.input.body_format, BodyFormat::Form);
    let read = get_destination(&db.pool, &created.id).await.unwrap();
    assert_eq!(read.input.body_format, BodyFormat::Form);
    let mut input = read.input;
    input.body_format = BodyFormat::Json;
    let updated = update_destination(&db.pool, &created.id, input)
        .await
        .unwrap();
    assert_eq!(updated.input.body_format, BodyFormat::Json);
    assert_eq!(DestinationInput::blank().body_format, BodyFormat::Json);
}

#[tokio::test]
async fn exported_and_imported_and_older_files_mean_json() {
    let (_dir, db) = fresh_db().await;
    create_destination(&db.pool, form_destination())
        .await
        .unwrap();
    let document = export_document(&db.pool).await.unwrap();
    let json = serde_json::to_string(&document).unwrap();
    assert!(json.contains(r#""body_format":"form""#), "{json}");

    let (_dir2, other) = fresh_db().await;
    import_document(&other.pool, &json).await.unwrap();
    let imported = apidest_core::destinations::list_destinations(&other.pool)
        .await
        .unwrap();
    assert_eq!(imported[0].input.body_format, BodyFormat::Form);

    // A file from before the choice existed has no body_format: it means JSON.
    let older = json
        .replace(r#""body_format":"form","#, "")
        .replace("Twilio-style", "Older");
    assert!(!older.contains("body_format"));
    let (_dir3, third) = fresh_db().await;
    import_document(&third.pool, &older).await.unwrap();
    let imported = apidest_core::destinations::list_destinations(&third.pool)
        .await
        .unwrap();
    assert_eq!(imported[0].input.body_format, BodyFormat::Json);
}
