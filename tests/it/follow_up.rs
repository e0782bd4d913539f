//! The discharge follow-up workflow's workers: claiming due calls. Concurrent workers never
//! get the same call; only due, queued calls are taken; only the service claims.

use domain::seed::demo::fixtures::{self, HARBOR, SUNRISE};
use serde_json::{Value, json};
use testkit::TestDb;

use crate::common::{As, error_codes, exec, global_id, gql_counted, scalar};

const CLAIM: &str = r#"mutation($input: ClaimDueOutboundCallsInput!) {
  claimDueOutboundCalls(input: $input) { calls { id status startedAt scheduledFor } }
}"#;

fn claimed_ids(response: &Value) -> Vec<String> {
    response["data"]["claimDueOutboundCalls"]["calls"]
        .as_array()
        .unwrap_or_else(|| panic!("no calls: {response}"))
        .iter()
        .map(|c| {
            assert_eq!(c["status"], "IN_PROGRESS", "{c}");
            c["id"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn concurrent_workers_claim_disjoint_due_calls_and_only_due_queued_ones() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let mut config = domain::db::DbConfig::new(db.url());
    config.acquire_timeout = std::time::Duration::from_secs(60);
    let app = domain::Database::connect_lazy(&config).expect("request pool");
    let sunrise = fixtures::clinic_id(&SUNRISE);
    // Forty due calls, five not yet due, five due but already ended.
    exec(&owner, &format!(r#"
        INSERT INTO outbound_calls (clinic_id, case_id, status, scheduled_for)
        SELECT '{sunrise}', (SELECT id FROM cases WHERE clinic_id = '{sunrise}' ORDER BY id LIMIT 1),
               s.status, s.due
        FROM (SELECT 'queued' AS status, now() - (n || ' minutes')::interval AS due FROM generate_series(1, 40) n
              UNION ALL SELECT 'queued', now() + interval '1 day' FROM generate_series(1, 5)
              UNION ALL SELECT 'ended', now() - interval '1 hour' FROM generate_series(1, 5)) s
    "#)).await.expect("calls");
    let due: i64 = scalar(
        &owner,
        "SELECT count(*) FROM outbound_calls WHERE status = 'queued' AND scheduled_for <= now()",
    )
    .await;
    assert!(due >= 40);

    // Staff may not claim, whatever their role; another clinic's id is NOT_FOUND to them.
    for who in [
        As::User(fixtures::USER_SUNRISE_OWNER, None),
        As::User(fixtures::USER_SUNRISE_MEMBER, None),
    ] {
        let response = gql_counted(
            &app,
            &who,
            CLAIM,
            json!({ "input": { "clinicId": global_id("Clinic", sunrise) } }),
        )
        .await
        .0;
        assert_eq!(error_codes(&response), ["FORBIDDEN"], "{response}");
        let response = gql_counted(&app, &who, CLAIM, json!({ "input": {} }))
            .await
            .0;
        assert_eq!(error_codes(&response), ["FORBIDDEN"], "{response}");
    }
    let response = gql_counted(
        &app,
        &As::User(fixtures::USER_SUNRISE_OWNER, None),
        CLAIM,
        json!({ "input": { "clinicId": global_id("Clinic", fixtures::clinic_id(&HARBOR)) } }),
    )
    .await
    .0;
    assert_eq!(error_codes(&response), ["NOT_FOUND"], "{response}");
    let response = gql_counted(
        &app,
        &As::Service,
        CLAIM,
        json!({ "input": { "limit": 101 } }),
    )
    .await
    .0;
    assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{response}");

    // Eight workers at once, fifteen calls each: every due call is claimed once at most.
    let workers = (0..8).map(|_| {
        let app = app.clone();
        async move {
            gql_counted(
                &app,
                &As::Service,
                CLAIM,
                json!({ "input": { "limit": 15, "clinicId": global_id("Clinic", sunrise) } }),
            )
            .await
            .0
        }
    });
    let answers = futures_util::future::join_all(workers).await;
    let mut all: Vec<String> = answers.iter().flat_map(claimed_ids).collect();
    let claimed = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), claimed, "a call was claimed by two workers");
    let sunrise_due: i64 = scalar(&owner, &format!(
        "SELECT count(*) FROM outbound_calls WHERE clinic_id = '{sunrise}' AND status = 'queued' AND scheduled_for <= now()"
    )).await;
    assert_eq!(
        sunrise_due, 0,
        "eight workers of fifteen take every due call of the clinic"
    );
    let in_progress: i64 = scalar(&owner, &format!(
        "SELECT count(*) FROM outbound_calls WHERE clinic_id = '{sunrise}' AND status = 'in-progress' AND started_at > now() - interval '5 minutes'"
    )).await;
    assert_eq!(in_progress as usize, claimed);
    let left: i64 = scalar(&owner, &format!(
        "SELECT count(*) FROM outbound_calls WHERE clinic_id = '{sunrise}' AND status = 'queued' AND scheduled_for > now()"
    )).await;
    assert!(left >= 5, "calls not yet due stay queued");
    let ended: i64 = scalar(&owner, &format!(
        "SELECT count(*) FROM outbound_calls WHERE clinic_id = '{sunrise}' AND status = 'ended' AND scheduled_for > now() - interval '61 minutes' AND scheduled_for < now() - interval '59 minutes'"
    )).await;
    assert_eq!(ended, 5, "ended calls are not claimed");
    // Nothing due is left: the next claim is empty, not an error.
    let response = gql_counted(
        &app,
        &As::Service,
        CLAIM,
        json!({ "input": { "clinicId": global_id("Clinic", sunrise) } }),
    )
    .await
    .0;
    assert_eq!(claimed_ids(&response), Vec::<String>::new());
}
