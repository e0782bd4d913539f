//! Every list the API declares can be paged from an index: for each declared child list
//! (`Exposed::CHILDREN` of every table), the child table has a btree index whose first key
//! columns are the list's parent column and its default order column. The page query
//! (`WHERE parent = $1 ORDER BY sort, id LIMIT n`, one per parent in a LATERAL join) then
//! reads its rows in order and stops after them, instead of sorting every child of the parent
//! (a clinic's first client page sorted all its clients before there was one). The lists come
//! from the declarations, so a new list without its index fails here.

use domain::Resource;
use domain::registry;
use sea_orm::{ConnectionTrait, Statement};
use testkit::TestDb;

/// The key columns of every btree index of the public schema, as (table, [columns]) in key
/// order (an expression key has no column and ends the usable prefix).
async fn index_keys(db: &TestDb) -> Vec<(String, Vec<String>)> {
    let owner = db.owner().await;
    let rows = owner
        .query_all_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT t.relname, array_agg(coalesce(a.attname, '') ORDER BY k.ord) \
             FROM pg_index i \
             JOIN pg_class t ON t.oid = i.indrelid \
             JOIN pg_class ix ON ix.oid = i.indexrelid \
             JOIN pg_am am ON am.oid = ix.relam AND am.amname = 'btree' \
             JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public' \
             CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) \
             LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
             WHERE i.indpred IS NULL \
             GROUP BY t.relname, i.indexrelid"
                .to_owned(),
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|row| {
            (
                row.try_get_by_index::<String>(0).unwrap(),
                row.try_get_by_index::<Vec<String>>(1).unwrap(),
            )
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
            let wanted = [list.column, order];
            let served = indexes
                .iter()
                .any(|(table, keys)| table == child && keys.len() >= 2 && keys[..2] == wanted[..]);
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
