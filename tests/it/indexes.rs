//! Every list the API declares can be paged from an index: for each declared child list
//! (`Exposed::CHILDREN` of every table), the child table has a btree index whose first key
//! columns are the list's parent column and its default order column. The page query
//! (`WHERE parent = $1 ORDER BY sort, id LIMIT n`, one per parent in a LATERAL join) then
//! reads its rows in order and stops after them, instead of sorting every child of the parent
//! (a clinic's first client page sorted all its clients before there was one). The lists come
//! from the declarations, so a new list without its index fails here.

use domain::Resource;
use domain::registry;
use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
use testkit::TestDb;

/// The key columns of every btree index of the public schema, as (table, [columns]) in key
/// order (an expression key has no column and ends the usable prefix); a partial index only
/// where its predicate is its first key being set.
async fn index_keys(db: &TestDb) -> Vec<(String, Vec<String>)> {
    let owner = db.owner().await;
    let rows = owner
        .query_all_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT t.relname, array_agg(coalesce(a.attname, '') ORDER BY k.ord), \
                    coalesce(pg_get_expr(i.indpred, i.indrelid), '') \
             FROM pg_index i \
             JOIN pg_class t ON t.oid = i.indrelid \
             JOIN pg_class ix ON ix.oid = i.indexrelid \
             JOIN pg_am am ON am.oid = ix.relam AND am.amname = 'btree' \
             JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public' \
             CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) \
             LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
             GROUP BY t.relname, i.indexrelid, i.indpred, i.indrelid"
                .to_owned(),
        ))
        .await
        .unwrap();
    rows.iter()
        .filter_map(|row| {
            let table = row.try_get_by_index::<String>(0).unwrap();
            let keys = row.try_get_by_index::<Vec<String>>(1).unwrap();
            let predicate = row.try_get_by_index::<String>(2).unwrap();
            // A partial index serves a lookup by its first key only when its predicate is that
            // key being set, which `column = $1` implies.
            let usable = predicate.is_empty()
                || keys
                    .first()
                    .is_some_and(|first| predicate == format!("({first} IS NOT NULL)"));
            usable.then_some((table, keys))
        })
        .collect()
}

#[tokio::test]
async fn every_declared_list_pages_from_an_index_on_its_parent_and_default_order() {
    let db = TestDb::new().await;
    let indexes = index_keys(&db).await;
    let mut lists = 0;
    let mut missing = Vec::new();
    for parent in Resource::ALL {
        for list in graphql::node::children_of(parent) {
            lists += 1;
            let child = registry::table(list.child).table;
            let (order, _) = list.default_order();
            // A list pages from (parent column, order column); the one row of a `one` field is
            // found from an index on its parent column.
            let wanted: &[&str] = if list.one {
                &[list.column]
            } else {
                &[list.column, order]
            };
            let served = indexes.iter().any(|(table, keys)| {
                table == child && keys.len() >= wanted.len() && keys[..wanted.len()] == *wanted
            });
            if !served {
                missing.push(format!(
                    "{}.{}: {child} ({}, {order})",
                    registry::table(parent).type_name,
                    list.field,
                    list.column
                ));
            }
        }
    }
    assert!(lists >= 30, "only {lists} declared lists found");
    assert!(
        missing.is_empty(),
        "lists without an index on (parent column, default order column):\n{}",
        missing.join("\n")
    );
}

/// The dashboard's counts on `Clinic` (`types/clinical.rs`, `counts`): the field, and the table
/// and column each groups a clinic's rows by.
const COUNTS: &[(&str, &str, &str)] = &[
    ("caseCountsByStatus", "cases", "status"),
    ("outboundCallCountsByStatus", "outbound_calls", "status"),
    ("inboundCallCountsByStatus", "inbound_calls", "status"),
    ("inboundCallCountsByOutcome", "inbound_calls", "outcome"),
    ("messageCountsByStatus", "clinic_messages", "status"),
];

#[tokio::test]
async fn every_dashboard_count_is_answered_from_an_index_alone() {
    // Every count field of `Clinic` is listed above: a new one fails here until it is.
    let sdl = graphql::sdl();
    let clinic: Vec<&str> = sdl
        .lines()
        .skip_while(|l| !l.starts_with("type Clinic "))
        .take_while(|l| *l != "}")
        .filter_map(|l| l.trim().split('(').next())
        .filter(|name| name.contains("CountsBy"))
        .collect();
    let listed: Vec<&str> = COUNTS.iter().map(|(field, _, _)| *field).collect();
    assert_eq!(clinic, listed, "the count fields of Clinic");

    let db = TestDb::new().await;
    let owner = db.owner().await;
    for (field, table, column) in COUNTS {
        // The planner picks a sequential scan on a small table; with it and the bitmap scan off,
        // an index-only scan is chosen exactly when an index covers the count and its window.
        let tx = owner.begin().await.unwrap();
        tx.execute_unprepared("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
            .await
            .unwrap();
        let plan = tx
            .query_all_raw(Statement::from_string(
                sea_orm::DbBackend::Postgres,
                format!(
                    "EXPLAIN SELECT {column}, count(*) FROM {table} \
                     WHERE clinic_id = '00000000-0000-0000-0000-000000000001' \
                     AND created_at >= now() - interval '30 days' GROUP BY {column}"
                ),
            ))
            .await
            .unwrap();
        tx.rollback().await.unwrap();
        let text: Vec<String> = plan
            .iter()
            .filter_map(|row| row.try_get_by_index::<String>(0).ok())
            .collect();
        assert!(
            text.iter().any(|line| line.contains("Index Only Scan")),
            "{field}: the count of {table} by {column} reads the table:\n{}",
            text.join("\n")
        );
    }
}

#[tokio::test]
async fn the_flagged_calls_page_reads_its_rows_in_order_and_stops() {
    // `Clinic.flaggedCalls` (`types/clinical.rs`): the flagged analyses, most recent first.
    let db = TestDb::new().await;
    let owner = db.owner().await;
    let tx = owner.begin().await.unwrap();
    tx.execute_unprepared("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
        .await
        .unwrap();
    let plan = tx
        .query_all_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "EXPLAIN SELECT * FROM call_analysis \
             WHERE clinic_id = '00000000-0000-0000-0000-000000000001' \
             AND attention_severity IS NOT NULL \
             ORDER BY attention_flagged_at DESC NULLS LAST, id DESC LIMIT 10"
                .to_owned(),
        ))
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    let text: Vec<String> = plan
        .iter()
        .filter_map(|row| row.try_get_by_index::<String>(0).ok())
        .collect();
    assert!(
        text.iter().any(|line| line.contains("Index Scan"))
            && !text.iter().any(|line| line.contains("Sort")),
        "the flagged calls page sorts instead of reading an index in order:\n{}",
        text.join("\n")
    );
}
