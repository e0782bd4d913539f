//! The number of SQL statements of a query grows with its depth, not with the number of rows:
//! the same deep query over the demo data and over several times more rows sends exactly the
//! same number of statements.

use domain::seed::demo::fixtures;
use testkit::TestDb;

use crate::common::{As, error_codes, gql_counted};

/// Runs the query the way the endpoint does. Batches are dispatched when the request goes
/// idle, not after a delay, so the count does not depend on how loaded the machine is.
async fn run(app: &domain::Database, who: &As) -> (serde_json::Value, u32) {
    gql_counted(app, who, SPINE, serde_json::Value::Null).await
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
    sea_orm::ConnectionTrait::execute_unprepared(&owner, &sql).await.expect("grow the data");
}

#[tokio::test]
async fn statements_grow_with_depth_not_with_rows() {
    let db = TestDb::demo().await;
    let app = db.app();
    let who = As::User(fixtures::USER_MULTI, None);

    let (small, small_statements) = run(&app, &who).await;
    assert!(error_codes(&small).is_empty(), "{small}");
    grow(&db, 30).await;
    let (large, large_statements) = run(&app, &who).await;
    assert!(error_codes(&large).is_empty(), "{large}");
    let rows = |v: &serde_json::Value| v.to_string().matches("\"status\"").count();
    assert!(rows(&large) > rows(&small) * 2, "the large run returns many more rows");
    assert_eq!(
        small_statements, large_statements,
        "statements must not grow with rows ({small_statements} vs {large_statements})"
    );
    // Depth 6 (clinics, clients, patients, cases, calls, analysis) plus the transaction's
    // begin, settings and commit: a constant, whatever the data.
    assert_eq!(large_statements, 9, "statements for a six-level query");
}
