//! The API Deliveries log's queries against a real database: each filter, text search, counts
//! per status, keyset pages that stay put while deliveries arrive, exports, cURL, retention.

use crate::common;

use apidest_core::delivery_log::{
    count_by_status, curl_command, export_deliveries, list_deliveries, prune_before, summaries_of,
    DeliveryCursor, DeliveryExportFormat, DeliveryFilter, CSV_COLUMNS, MAX_SUMMARIES,
};
use apidest_core::engine::{get_delivery, StatusCategory};
use apidest_core::ids::{AttemptId, DeliveryId};
use sqlx::SqlitePool;

struct Row<'a> {
    created_at: i64,
    destination: &'a str,
    rule: Option<&'a str>,
    category: Option<&'a str>,
    state: &'a str,
    url: &'a str,
    body: &'a str,
    response: Option<&'a str>,
}

impl Default for Row<'_> {
    fn default() -> Self {
        Self {
            created_at: 1_000,
            destination: "dst_01jcrm00000000000000000000",
            rule: None,
            category: Some("success"),
            state: "succeeded",
            url: "https://api.example.com/leads",
            body: r#"{"name":"Zoë"}"#,
            response: Some(r#"{"ok":true}"#),
        }
    }
}

async fn insert(pool: &SqlitePool, row: Row<'_>) -> DeliveryId {
    let id = DeliveryId::generate();
    sqlx::query(
        "INSERT INTO deliveries (id, state, source, destination_id, destination_name, rule_id, rule_name, \
         event_id, event_type, contact_id, contact_name, method, url, headers, body, timeout_secs, \
         retry_policy, payload_expression, bindings, event_data, attempt_count, last_category, \
         last_http_status, last_duration_ms, created_at, updated_at) \
         VALUES (?, ?, 'rule', ?, 'CRM', ?, ?, 'evt_00000000000000000000000001', 'contact.updated', 'ct_1', 'Zoë Ångström', 'POST', ?, \
         '[{\"name\":\"Content-Type\",\"value\":\"application/json\"}]', ?, 15, '{}', 'contact', '{}', '{}', \
         ?, ?, ?, 12, ?, ?)",
    )
    .bind(id.as_str())
    .bind(row.state)
    .bind(row.destination)
    .bind(row.rule)
    .bind(row.rule.map(|_| "VIP sync"))
    .bind(row.url)
    .bind(row.body)
    .bind(i64::from(row.category.is_some()))
    .bind(row.category)
    .bind(row.category.map(|c| if c == "success" { 200 } else { 500 }))
    .bind(row.created_at)
    .bind(row.created_at)
    .execute(pool)
    .await
    .unwrap();
    if let Some(category) = row.category {
        sqlx::query(
            "INSERT INTO attempts (id, delivery_id, number, trigger, started_at) VALUES (?, ?, 1, 'scheduled', ?)",
        )
        .bind(AttemptId::generate().as_str())
        .bind(id.as_str())
        .bind(row.created_at)
        .execute(pool)
        .await
        .unwrap();
        // The engine writes the outcome with an UPDATE, as here (the search index follows it).
        sqlx::query(
            "UPDATE attempts SET completed_at = started_at + 12, duration_ms = 12, category = ?, \
             request_url = ?, request_headers = ?, response_body = CAST(? AS BLOB), response_body_size = ? \
             WHERE delivery_id = ?",
        )
        .bind(category)
        .bind(format!("{}?api_key=••••", row.url))
        .bind(r#"[{"name":"Content-Type","value":"application/json"},{"name":"Authorization","value":"Bearer ••••"}]"#)
        .bind(row.response)
        .bind(row.response.map(|r| r.len() as i64))
        .bind(id.as_str())
        .execute(pool)
        .await
        .unwrap();
    }
    id
}

async fn ids(pool: &SqlitePool, filter: DeliveryFilter) -> Vec<String> {
    list_deliveries(pool, &filter, None, 100)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|s| s.id.to_string())
        .collect()
}

#[tokio::test]
async fn each_filter_narrows_the_list() {
    let (_dir, db) = common::fresh_db().await;
    let pool = &db.pool;
    let ok = insert(pool, Row::default()).await;
    let failed = insert(
        pool,
        Row {
            created_at: 2_000,
            category: Some("server_error"),
            state: "exhausted",
            response: Some("upstream exploded"),
            ..Row::default()
        },
    )
    .await;
    let other_dest = insert(
        pool,
        Row {
            created_at: 3_000,
            destination: "dst_01jshop0000000000000000000",
            url: "https://shop.example.com/orders/ord_98765",
            ..Row::default()
        },
    )
    .await;
    let ruled = insert(
        pool,
        Row {
            created_at: 4_000,
            rule: Some("rule_01jvip00000000000000000000"),
            body: r#"{"tier":"platinum"}"#,
            ..Row::default()
        },
    )
    .await;
    let pending = insert(
        pool,
        Row {
            created_at: 5_000,
            category: None,
            state: "scheduled",
            ..Row::default()
        },
    )
    .await;

    assert_eq!(
        ids(pool, DeliveryFilter::default()).await,
        [&pending, &ruled, &other_dest, &failed, &ok].map(|i| i.to_string()),
        "newest first"
    );
    let by_status = DeliveryFilter {
        categories: vec![StatusCategory::ServerError],
        ..Default::default()
    };
    assert_eq!(ids(pool, by_status).await, [failed.to_string()]);
    let several = DeliveryFilter {
        categories: vec![StatusCategory::ServerError],
        pending: true,
        ..Default::default()
    };
    assert_eq!(
        ids(pool, several).await,
        [pending.to_string(), failed.to_string()]
    );
    let by_dest = DeliveryFilter {
        destination_id: Some("dst_01jshop0000000000000000000".into()),
        ..Default::default()
    };
    assert_eq!(ids(pool, by_dest).await, [other_dest.to_string()]);
    let by_rule = DeliveryFilter {
        rule_id: Some("rule_01jvip00000000000000000000".into()),
        ..Default::default()
    };
    assert_eq!(ids(pool, by_rule).await, [ruled.to_string()]);
    let by_time = DeliveryFilter {
        since: Some(2_000),
        until: Some(4_000),
        ..Default::default()
    };
    assert_eq!(
        ids(pool, by_time).await,
        [other_dest.to_string(), failed.to_string()]
    );

    // Text: whole words in the URL, the payload, a response body.
    let text = |t: &str| DeliveryFilter {
        text: Some(t.into()),
        ..Default::default()
    };
    assert_eq!(ids(pool, text("ord_98765")).await, [other_dest.to_string()]);
    assert_eq!(ids(pool, text("platinum")).await, [ruled.to_string()]);
    assert!(ids(pool, text("platin")).await.is_empty());
    assert_eq!(
        ids(pool, text("upstream exploded")).await,
        [failed.to_string()]
    );
    assert!(ids(pool, text("exploded upstream")).await.is_empty());
    assert!(ids(pool, text("nowhere")).await.is_empty());
    // Punctuation that means something to FTS5 is only a separator here.
    // and a text with no word at all does not filter.
    assert_eq!(ids(pool, text("\" * (")).await.len(), 5);
    assert_eq!(
        ids(pool, text("\"ord_98765*")).await,
        [other_dest.to_string()]
    );
}

#[tokio::test]
async fn counts_per_status_follow_the_rest_of_the_filter() {
    let (_dir, db) = common::fresh_db().await;
    let pool = &db.pool;
    for i in 0..3 {
        insert(
            pool,
            Row {
                created_at: 1_000 + i,
                ..Row::default()
            },
        )
        .await;
    }
    insert(
        pool,
        Row {
            category: Some("server_error"),
            state: "exhausted",
            ..Row::default()
        },
    )
    .await;
    insert(
        pool,
        Row {
            category: None,
            state: "scheduled",
            ..Row::default()
        },
    )
    .await;
    insert(
        pool,
        Row {
            destination: "dst_01jshop0000000000000000000",
            category: Some("client_error"),
            state: "failed",
            ..Row::default()
        },
    )
    .await;

    let counts = count_by_status(
        pool,
        &DeliveryFilter {
            destination_id: Some("dst_01jcrm00000000000000000000".into()),
            // The status part is ignored: each chip shows what choosing it would give.
            categories: vec![StatusCategory::Success],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(counts.total, 5);
    assert_eq!(counts.pending, 1);
    let pairs: Vec<_> = counts
        .categories
        .iter()
        .map(|c| (c.category, c.count))
        .collect();
    assert_eq!(
        pairs,
        [
            (StatusCategory::Success, 3),
            (StatusCategory::ServerError, 1)
        ]
    );
}

#[tokio::test]
async fn pages_stay_put_while_new_deliveries_arrive() {
    let (_dir, db) = common::fresh_db().await;
    let pool = &db.pool;
    // Several share a timestamp: the id breaks the tie, so none is skipped or repeated.
    for i in 0..25 {
        insert(
            pool,
            Row {
                created_at: 1_000 + i / 3,
                ..Row::default()
            },
        )
        .await;
    }
    let filter = DeliveryFilter::default();
    let mut seen = Vec::new();
    let mut after: Option<DeliveryCursor> = None;
    let mut newcomers = Vec::new();
    loop {
        let page = list_deliveries(pool, &filter, after.as_ref(), 7)
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|s| s.id.to_string()));
        // A delivery arrives between pages, newer than everything.
        newcomers.push(
            insert(
                pool,
                Row {
                    created_at: 9_000 + seen.len() as i64,
                    ..Row::default()
                },
            )
            .await
            .to_string(),
        );
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 25);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 25, "no delivery shown twice");
    assert!(seen.iter().all(|s| !newcomers.contains(s)));
    // The first page, asked again, starts with the newcomers.
    let top = list_deliveries(pool, &filter, None, 3).await.unwrap();
    assert_eq!(top.items[0].id.to_string(), *newcomers.last().unwrap());
}

#[tokio::test]
async fn exports_hold_every_filtered_delivery_as_csv_and_ndjson() {
    let (_dir, db) = common::fresh_db().await;
    let pool = &db.pool;
    // More than one export page (1,000 rows) so paging inside the export is exercised.
    for i in 0..1_005 {
        insert(
            pool,
            Row {
                created_at: 1_000 + i,
                url: if i == 0 {
                    "https://api.example.com/=cmd"
                } else {
                    "https://api.example.com/leads"
                },
                ..Row::default()
            },
        )
        .await;
    }
    insert(
        pool,
        Row {
            category: Some("server_error"),
            state: "exhausted",
            ..Row::default()
        },
    )
    .await;
    let only_success = DeliveryFilter {
        categories: vec![StatusCategory::Success],
        ..Default::default()
    };

    let mut csv_out = Vec::new();
    let n = export_deliveries(pool, &only_success, DeliveryExportFormat::Csv, &mut csv_out)
        .await
        .unwrap();
    assert_eq!(n, 1_005);
    let mut reader = csv::Reader::from_reader(csv_out.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        CSV_COLUMNS
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1_005);
    assert_eq!(&records[0][3], "Success");
    assert_eq!(&records[0][4], "200");
    assert_eq!(&records[0][14], "Zoë Ångström");
    assert!(records[0][1].starts_with("1970-01-01T00:00:02"));
    assert!(records.iter().all(|r| &r[3] == "Success"));

    let mut nd = Vec::new();
    let n = export_deliveries(
        pool,
        &DeliveryFilter::default(),
        DeliveryExportFormat::Ndjson,
        &mut nd,
    )
    .await
    .unwrap();
    assert_eq!(n, 1_006);
    let lines: Vec<serde_json::Value> = String::from_utf8(nd)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1_006);
    assert_eq!(lines[0]["destination_name"], "CRM");
    assert!(lines.iter().any(|l| l["last_category"] == "server_error"));
}

#[tokio::test]
async fn curl_shows_the_request_as_sent_with_credentials_masked() {
    let (_dir, db) = common::fresh_db().await;
    let pool = &db.pool;
    let id = insert(
        pool,
        Row {
            body: r#"{"note":"it's"}"#,
            ..Row::default()
        },
    )
    .await;
    let detail = get_delivery(pool, &id).await.unwrap();
    let curl = curl_command(&detail, detail.attempts.first());
    assert_eq!(
        curl,
        "curl -X POST 'https://api.example.com/leads?api_key=••••' \\\n  \
         -H 'Content-Type: application/json' \\\n  -H 'Authorization: Bearer ••••' \\\n  \
         --data-raw '{\"note\":\"it'\\''s\"}'"
    );
    // Without an attempt: the frozen request, which never holds credentials.
    assert!(
        curl_command(&detail, None).starts_with("curl -X POST 'https://api.example.com/leads' \\")
    );
}

#[tokio::test]
async fn pruning_removes_old_finished_deliveries_with_their_attempts_and_search_entries() {
    let (_dir, db) = common::fresh_db().await;
    let pool = &db.pool;
    let old = insert(
        pool,
        Row {
            response: Some("ancient reply"),
            ..Row::default()
        },
    )
    .await;
    let old_but_scheduled = insert(
        pool,
        Row {
            category: None,
            state: "scheduled",
            ..Row::default()
        },
    )
    .await;
    let recent = insert(
        pool,
        Row {
            created_at: 50_000,
            ..Row::default()
        },
    )
    .await;
    assert_eq!(prune_before(pool, 10_000).await.unwrap(), 1);
    let left = ids(pool, DeliveryFilter::default()).await;
    assert_eq!(left, [recent.to_string(), old_but_scheduled.to_string()]);
    assert!(get_delivery(pool, &old).await.is_err());
    let orphans: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attempts WHERE delivery_id = ?")
        .bind(old.as_str())
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(orphans, 0);
    let indexed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM attempts_text WHERE attempts_text MATCH 'ancient'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(indexed, 0);
}

/// A word found in more deliveries than the search collects (20,000) is searched by walking the
/// log in windows; the pages, counts and bulk selection it gives must equal a plain scan.
#[tokio::test]
async fn a_common_word_is_searched_exactly_by_walking_the_log() {
    let (_dir, db) = common::fresh_db().await;
    let pool = &db.pool;
    // 24,000 deliveries; every one says "newsletter", six responses in seven say "warming".
    sqlx::query(
        "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 24000) \
         INSERT INTO deliveries (id, state, source, destination_id, destination_name, event_id, event_type, \
           method, url, headers, body, timeout_secs, retry_policy, payload_expression, bindings, event_data, \
           attempt_count, last_category, created_at, updated_at) \
         SELECT 'dlv_' || printf('%026d', i), CASE WHEN i % 3 = 0 THEN 'failed' ELSE 'succeeded' END, 'rule', \
           'dst_' || printf('%026d', i % 4), 'D', 'evt_00000000000000000000000001', 'contact.updated', 'POST', 'https://x.example/c' || i, '[]', \
           '{\"tags\":[\"newsletter\"]}', 15, '{}', 'contact', '{}', '{}', 1, \
           CASE WHEN i % 3 = 0 THEN 'client_error' ELSE 'success' END, 1000 + i / 2, 1000 + i / 2 FROM seq",
    )
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO attempts (id, delivery_id, number, trigger, started_at) \
         SELECT 'att_' || substr(id, 5), id, 1, 'scheduled', created_at FROM deliveries",
    )
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE attempts SET completed_at = started_at, response_body = CAST(CASE WHEN rowid % 7 = 0 \
         THEN 'ok' ELSE 'upstream warming up' END AS BLOB)",
    )
    .execute(pool)
    .await
    .unwrap();

    for (words, expected) in [
        (
            "newsletter",
            "SELECT id FROM deliveries WHERE destination_id = 'dst_00000000000000000000000001'",
        ),
        (
            "warming",
            "SELECT d.id FROM deliveries d JOIN attempts a ON a.delivery_id = d.id \
             WHERE destination_id = 'dst_00000000000000000000000001' AND a.rowid % 7 != 0",
        ),
    ] {
        let filter = DeliveryFilter {
            destination_id: Some("dst_00000000000000000000000001".into()),
            text: Some(words.into()),
            ..Default::default()
        };
        let mut expected: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT created_at, id FROM deliveries WHERE id IN ({expected})"
        )))
        .fetch_all(pool)
        .await
        .unwrap();
        expected.sort_by(|a, b| b.cmp(a));
        // Page through it all: same rows, same order as the plain query.
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = list_deliveries(pool, &filter, after.as_ref(), 300)
                .await
                .unwrap();
            seen.extend(page.items.iter().map(|s| s.id.to_string()));
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        let want: Vec<String> = expected.iter().map(|(_, id)| id.clone()).collect();
        assert_eq!(seen, want, "{words}");
        // Counts cover the whole destination (6,000 rows, under the 10,000 looked through).
        let counts = count_by_status(pool, &filter).await.unwrap();
        assert_eq!(counts.total as usize, want.len(), "{words}");
        assert_eq!(counts.newest_only, None);
    }
    // Over every destination the counts look through the newest 10,000 deliveries only, and say so.
    let everywhere = DeliveryFilter {
        text: Some("newsletter".into()),
        ..Default::default()
    };
    let counts = count_by_status(pool, &everywhere).await.unwrap();
    assert_eq!((counts.total, counts.newest_only), (10_000, Some(10_000)));
}

/// The counter table behind the counts (migration 0008) agrees with a scan of the log through
/// inserts, category changes, time ranges that cut days in two, and pruning.
#[tokio::test]
async fn counts_from_the_counter_table_agree_with_a_scan() {
    let (_dir, db) = common::fresh_db().await;
    let pool = &db.pool;
    const DAY: i64 = 86_400_000;
    let categories = [
        Some("success"),
        Some("server_error"),
        None,
        Some("client_error"),
    ];
    for i in 0..120i64 {
        insert(
            pool,
            Row {
                created_at: 10 * DAY + i * (DAY / 9),
                destination: if i % 2 == 0 {
                    "dst_01jcrm00000000000000000000"
                } else {
                    "dst_01jshop0000000000000000000"
                },
                rule: (i % 3 == 0).then_some("rule_1"),
                category: categories[(i % 4) as usize],
                state: if i % 4 == 2 { "scheduled" } else { "succeeded" },
                ..Row::default()
            },
        )
        .await;
    }
    // The engine's completions change categories, pending ones included.
    sqlx::query("UPDATE deliveries SET last_category = 'success' WHERE rowid % 5 = 0")
        .execute(pool)
        .await
        .unwrap();
    prune_before(pool, 12 * DAY).await.unwrap();

    let filters = [
        DeliveryFilter::default(),
        DeliveryFilter {
            destination_id: Some("dst_01jshop0000000000000000000".into()),
            ..Default::default()
        },
        DeliveryFilter {
            rule_id: Some("rule_1".into()),
            since: Some(13 * DAY + 5_000),
            ..Default::default()
        },
        DeliveryFilter {
            since: Some(12 * DAY + DAY / 2),
            until: Some(20 * DAY + 7),
            ..Default::default()
        },
        DeliveryFilter {
            since: Some(14 * DAY + 1),
            until: Some(14 * DAY + DAY / 2),
            ..Default::default()
        },
    ];
    for filter in &filters {
        let counts = count_by_status(pool, filter).await.unwrap();
        let mut sql = String::from("SELECT last_category, COUNT(*) FROM deliveries WHERE 1 = 1");
        if let Some(d) = &filter.destination_id {
            sql.push_str(&format!(" AND destination_id = '{d}'"));
        }
        if let Some(r) = &filter.rule_id {
            sql.push_str(&format!(" AND rule_id = '{r}'"));
        }
        if let Some(s) = filter.since {
            sql.push_str(&format!(" AND created_at >= {s}"));
        }
        if let Some(u) = filter.until {
            sql.push_str(&format!(" AND created_at < {u}"));
        }
        sql.push_str(" GROUP BY 1");
        let scan: Vec<(Option<String>, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(pool)
            .await
            .unwrap();
        let total: i64 = scan.iter().map(|(_, n)| n).sum();
        let pending: i64 = scan
            .iter()
            .filter(|(c, _)| c.is_none())
            .map(|(_, n)| n)
            .sum();
        assert!(total > 0, "{filter:?}");
        assert_eq!(
            (counts.total, counts.pending),
            (total, pending),
            "{filter:?}"
        );
        for (category, n) in scan.iter().filter_map(|(c, n)| c.as_ref().map(|c| (c, n))) {
            let got = counts
                .categories
                .iter()
                .find(|c| c.category.as_str() == category)
                .map(|c| c.count);
            assert_eq!(got, Some(*n), "{filter:?} {category}");
        }
    }
}

#[tokio::test]
async fn summaries_are_read_again_for_the_ids_asked_for_and_too_many_is_refused() {
    let (_dir, db) = common::fresh_db().await;
    let failed = insert(
        &db.pool,
        Row {
            category: Some("server_error"),
            state: "failed",
            ..Row::default()
        },
    )
    .await;
    let succeeded = insert(&db.pool, Row::default()).await;
    let _other = insert(&db.pool, Row::default()).await;
    let gone = DeliveryId::generate();

    let mut read = summaries_of(&db.pool, &[failed.clone(), succeeded.clone(), gone])
        .await
        .unwrap();
    read.sort_by_key(|s| s.id.to_string());
    let mut expected = vec![(failed, "failed"), (succeeded, "succeeded")];
    expected.sort_by_key(|(id, _)| id.to_string());
    let got: Vec<(DeliveryId, &str)> = read
        .iter()
        .map(|s| (s.id.clone(), s.state.as_str()))
        .collect();
    assert_eq!(
        got, expected,
        "each existing delivery once, in its stored state"
    );

    let too_many: Vec<DeliveryId> = (0..=MAX_SUMMARIES)
        .map(|_| DeliveryId::generate())
        .collect();
    let err = summaries_of(&db.pool, &too_many).await.unwrap_err();
    assert!(err.message.contains("At most 10000"), "{}", err.message);
}
