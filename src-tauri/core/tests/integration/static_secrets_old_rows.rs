//! Rows written before typed-in secrets were masked: the engine's one-time pass masks the value
//! of a secret static header and `?api_key=` in old deliveries, attempts and the search index,
//! and a delivery still queued from then is sent with the real value all the same.

use crate::engine_support;
use crate::http_support;

use apidest_core::delivery_log::{list_deliveries, DeliveryFilter};
use apidest_core::destinations::{
    create_destination, get_destination, update_destination, DestinationInput, HeaderEntry,
};
use apidest_core::engine::mask_old_rows_once;
use engine_support::{harness, quick_retries};
use http_support::{serve, Reply};

const HEADER_SECRET: &str = "old-Hdr-S3cret-3141";
const QUERY_SECRET: &str = "old-Qry-S3cret-2718";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_rows_are_masked_once_and_still_send_the_real_value() {
    let h = harness().await;
    let server =
        serve(|request, _| Reply::json(200, &format!("{{\"seen\":{:?}}}", request.headers))).await;
    let mut input = DestinationInput::blank();
    input.name = "Old".into();
    input.endpoint = server.url(&format!("/hooks?api_key={QUERY_SECRET}"));
    input.headers = vec![HeaderEntry {
        name: "X-Api-Key".into(),
        value: HEADER_SECRET.into(),
    }];
    input.retry = quick_retries(vec![]);
    let dest = create_destination(&h.db.pool, input).await.unwrap().id;
    let detail = h.send(&dest).await;
    let pool = &h.db.pool;

    // Make it look as an older version wrote it: the values in the frozen request, the attempt
    // record, the echoed body and the search index.
    let unmask = |column: &str| {
        format!(
            "UPDATE {column} SET {} ",
            match column {
                "deliveries" => format!(
                    "url = replace(url, '••••', '{QUERY_SECRET}'), \
                     headers = replace(headers, '••••', '{HEADER_SECRET}')"
                ),
                _ => format!(
                    "request_url = replace(request_url, '••••', '{QUERY_SECRET}'), \
                     request_headers = replace(request_headers, '••••', '{HEADER_SECRET}'), \
                     response_body = CAST(replace(CAST(response_body AS TEXT), '••••', '{HEADER_SECRET}') AS BLOB), \
                     response_headers = '{{\"x-echo\":\"{HEADER_SECRET}\"}}', \
                     error = 'error sending request for url ({}?api_key={QUERY_SECRET}): \
                              client error (Connect): Connection refused (os error 111)'",
                    "http://127.0.0.1:9/hooks"
                ),
            }
        )
    };
    for table in ["deliveries", "attempts"] {
        sqlx::query(sqlx::AssertSqlSafe(unmask(table)))
            .execute(pool)
            .await
            .unwrap();
    }
    sqlx::query(
        "INSERT INTO deliveries_text (rowid, url, body) SELECT rowid, url, body FROM deliveries",
    )
    .execute(pool)
    .await
    .unwrap();
    let searched = |secret: &'static str| async move {
        let filter = DeliveryFilter {
            text: Some(secret.into()),
            ..DeliveryFilter::default()
        };
        list_deliveries(pool, &filter, None, 10)
            .await
            .unwrap()
            .items
            .len()
    };
    assert_eq!(
        searched(QUERY_SECRET).await,
        1,
        "the setup put the value in the index"
    );
    let stored: String = sqlx::query_scalar("SELECT headers FROM deliveries")
        .fetch_one(pool)
        .await
        .unwrap();
    assert!(stored.contains(HEADER_SECRET), "{stored}");

    // Ran already when the engine started (over nothing): it does not run twice.
    assert_eq!(mask_old_rows_once(pool).await.unwrap(), 0);
    sqlx::query("DELETE FROM app_settings WHERE key IN (?, ?)")
        .bind(apidest_core::engine::OLD_ROWS_DONE_SETTING)
        .bind(apidest_core::engine::OLD_ERROR_URLS_DONE_SETTING)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        mask_old_rows_once(pool).await.unwrap(),
        3,
        "one delivery and one attempt masked, one error without its URL"
    );
    let error: String = sqlx::query_scalar("SELECT error FROM attempts")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(
        error,
        "error sending request: client error (Connect): Connection refused (os error 111)"
    );

    for secret in [HEADER_SECRET, QUERY_SECRET] {
        for table in ["deliveries", "attempts"] {
            let sql = format!(
                "SELECT count(*) FROM {table} WHERE instr(CAST({table}.{} AS BLOB), CAST(?1 AS BLOB)) > 0 \
                 OR instr(CAST({} AS BLOB), CAST(?1 AS BLOB)) > 0",
                if table == "deliveries" { "url" } else { "request_url" },
                if table == "deliveries" {
                    "headers"
                } else {
                    "request_headers || CAST(response_body AS TEXT) || response_headers || error || coalesce(hint, '')"
                },
            );
            let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .bind(secret)
                .fetch_one(pool)
                .await
                .unwrap();
            assert_eq!(count, 0, "{secret} still in {table}");
        }
    }
    assert_eq!(
        searched(QUERY_SECRET).await,
        0,
        "the index no longer finds it"
    );

    // Sent again, the masked frozen request carries the real values.
    h.engine.retry_now(&detail.summary.id).await.unwrap();
    let again = h
        .wait_for_attempts(&detail, 2, std::time::Duration::from_secs(10))
        .await;
    assert_eq!(again.attempts.len(), 2);
    let seen = &server.requests()[1];
    assert_eq!(seen.header("x-api-key"), Some(HEADER_SECRET));
    assert!(
        seen.target.ends_with(&format!("api_key={QUERY_SECRET}")),
        "{}",
        seen.target
    );

    // Not in the file either, once the destination itself no longer holds the values (moved to
    // API Auth): with secure_delete the old copies are overwritten, not left in free pages.
    let mut moved = get_destination(pool, &dest).await.unwrap().input;
    moved.endpoint = server.url("/hooks");
    moved.headers.clear();
    update_destination(pool, &dest, moved).await.unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(pool)
        .await
        .unwrap();
    for entry in std::fs::read_dir(h.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            for secret in [HEADER_SECRET, QUERY_SECRET] {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "{secret} still in {}",
                    path.display()
                );
            }
        }
    }
}
