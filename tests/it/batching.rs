//! The number of SQL statements of a query grows with its depth, not with the number of rows:
//! the same deep query over the demo data and over several times more rows sends exactly the
//! same number of statements through the resolvers, and one statement when planned.

use domain::seed::demo::fixtures;
use testkit::TestDb;

use crate::common::{As, error_codes, gql_counted, gql_counted_resolved};

/// Runs the query the way the endpoint does (the read planner answers it in one statement).
async fn run(app: &domain::Database, who: &As) -> (serde_json::Value, u32) {
    gql_counted(app, who, SPINE, serde_json::Value::Null).await
}

/// Runs the query through the resolvers only. Batches are dispatched when the request goes
/// idle, not after a delay, so the count does not depend on how loaded the machine is.
async fn run_resolved(app: &domain::Database, who: &As) -> (serde_json::Value, u32) {
    gql_counted_resolved(app, who, SPINE, serde_json::Value::Null).await
}

const SPINE: &str = r#"{
  clinics {
    name
    clients(first: 100) {
      nodes {
        displayName
        patients(first: 100) {
          nodes {
            name
            cases(first: 20) {
              nodes {
                status
                outboundCalls(first: 20) { nodes { status analysis { attentionSeverity } } }
              }
            }
          }
        }
      }
    }
  }
}"#;

/// Adds `n` clients to every clinic, each with two patients, a case per patient and an
/// analysed outbound call per case (as the owner: this arranges data, it is not under test).
async fn grow(db: &TestDb, n: usize) {
    let owner = db.owner().await;
    let sql = format!(
        "WITH c AS (
           INSERT INTO clients (clinic_id, display_name)
           SELECT k.id, 'Extra client ' || g FROM clinics k, generate_series(1, {n}) g RETURNING id, clinic_id),
         p AS (
           INSERT INTO patients (clinic_id, client_id, name)
           SELECT c.clinic_id, c.id, 'Pet ' || s FROM c, generate_series(1, 2) s RETURNING id, clinic_id, client_id),
         k AS (
           INSERT INTO cases (clinic_id, patient_id, client_id, status)
           SELECT clinic_id, id, client_id, 'ongoing' FROM p RETURNING id, clinic_id),
         o AS (
           INSERT INTO outbound_calls (clinic_id, case_id, status)
           SELECT clinic_id, id, 'ended' FROM k RETURNING id, clinic_id)
         INSERT INTO call_analysis (clinic_id, outbound_call_id, attention_severity)
         SELECT clinic_id, id, 'low' FROM o"
    );
    sea_orm::ConnectionTrait::execute_unprepared(&owner, &sql)
        .await
        .expect("grow the data");
}

#[tokio::test]
async fn statements_grow_with_depth_not_with_rows() {
    let db = TestDb::demo().await;
    let app = db.app();
    let who = As::User(fixtures::USER_MULTI, None);

    let (small, small_statements) = run_resolved(&app, &who).await;
    assert!(error_codes(&small).is_empty(), "{small}");
    let (_, small_planned) = run(&app, &who).await;
    grow(&db, 30).await;
    let (large, large_statements) = run_resolved(&app, &who).await;
    assert!(error_codes(&large).is_empty(), "{large}");
    let (large_by_plan, large_planned) = run(&app, &who).await;
    assert_eq!(
        large_by_plan, large,
        "the planner answers what the resolvers answer"
    );
    let rows = |v: &serde_json::Value| v.to_string().matches("\"status\"").count();
    assert!(
        rows(&large) > rows(&small) * 2,
        "the large run returns many more rows"
    );
    assert_eq!(
        small_statements, large_statements,
        "statements must not grow with rows ({small_statements} vs {large_statements})"
    );
    // Depth 6 (clinics, clients, patients, cases, calls, analysis) plus the transaction's
    // begin, settings and commit: a constant, whatever the data.
    assert_eq!(large_statements, 9, "statements for a six-level query");
    // Planned: begin, settings, the one statement, commit, whatever the depth and the data.
    assert_eq!(
        (small_planned, large_planned),
        (4, 4),
        "statements of the planned query"
    );
}

/// The ids of `table`'s rows in `clinic`, as the owner sees them (arranging, not under test).
async fn ids_of(db: &TestDb, table: &str, clinic: uuid::Uuid, limit: usize) -> Vec<uuid::Uuid> {
    let owner = db.owner().await;
    let sql =
        format!("SELECT id FROM {table} WHERE clinic_id = '{clinic}' ORDER BY id LIMIT {limit}");
    let rows = sea_orm::ConnectionTrait::query_all_raw(
        &owner,
        sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, sql.clone()),
    )
    .await
    .unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.iter()
        .map(|r| r.try_get_by_index::<uuid::Uuid>(0).expect("uuid"))
        .collect()
}

/// `nodes(ids:)` with 100 ids of three types loads them in one statement per type (it used to
/// send one per id), in the order asked, with another clinic's ids answering null.
#[tokio::test]
async fn nodes_by_ids_cost_one_statement_per_type() {
    let db = TestDb::demo().await;
    grow(&db, 40).await;
    let app = db.app();
    let who = As::User(fixtures::USER_SUNRISE_OWNER, None);
    let sunrise = fixtures::clinic_id(&fixtures::SUNRISE);
    let harbor = fixtures::clinic_id(&fixtures::HARBOR);

    let mut ids = Vec::new();
    for (table, ty, n) in [
        ("clients", "Client", 34),
        ("patients", "Patient", 33),
        ("cases", "Case", 30),
    ] {
        let rows = ids_of(&db, table, sunrise, n).await;
        assert_eq!(rows.len(), n, "enough {table}");
        ids.extend(
            rows.into_iter()
                .map(|id| (crate::common::global_id(ty, id), true)),
        );
    }
    // Another clinic's rows, between ours: null, and no extra statement.
    for (table, ty) in [
        ("clients", "Client"),
        ("patients", "Patient"),
        ("cases", "Case"),
    ] {
        let theirs = ids_of(&db, table, harbor, 1).await;
        ids.insert(
            ids.len() / 2,
            (crate::common::global_id(ty, theirs[0]), false),
        );
    }
    assert_eq!(ids.len(), 100);
    let variables =
        serde_json::json!({ "ids": ids.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>() });
    let query = "query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }";
    let (response, statements) = gql_counted(&app, &who, query, variables).await;
    assert!(error_codes(&response).is_empty(), "{response}");
    let nodes = response["data"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(nodes.len(), 100);
    for ((id, visible), node) in ids.iter().zip(&nodes) {
        if *visible {
            assert_eq!(node["id"].as_str(), Some(id.as_str()), "in the order asked");
        } else {
            assert!(node.is_null(), "another clinic's row: {node}");
        }
    }
    // Three SELECTs, plus the transaction's begin, settings and commit.
    assert_eq!(statements, 6, "statements for 100 ids of 3 types");

    // `node(id:)` goes through the same loader: one SELECT; another clinic's id NOT_FOUND.
    let (response, statements) = gql_counted(
        &app,
        &who,
        &format!(r#"{{ node(id: "{}") {{ id }} }}"#, ids[0].0),
        serde_json::Value::Null,
    )
    .await;
    assert!(error_codes(&response).is_empty(), "{response}");
    assert_eq!(statements, 4);
    let theirs = ids
        .iter()
        .find(|(_, visible)| !visible)
        .map(|(id, _)| id.clone())
        .unwrap_or_default();
    let (response, _) = gql_counted(
        &app,
        &who,
        &format!(r#"{{ node(id: "{theirs}") {{ id }} }}"#),
        serde_json::Value::Null,
    )
    .await;
    assert_eq!(error_codes(&response), vec!["NOT_FOUND"], "{response}");
}
