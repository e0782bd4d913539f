//! The discharge follow-up workflow end to end, through the API: a discharged case is planned
//! in its clinic's windows and time zone with the cadence that applies, once; opt-out, test
//! mode, reopening and cadence changes; unanswered calls retried up to the clinic's limit;
//! discharge batches with consistent counters; e-mail workers claiming disjoint rows.

use domain::seed::demo::fixtures::{self, ALPINE, HARBOR, SUNRISE};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use testkit::TestDb;
use uuid::Uuid;

use crate::common::{As, error_codes, exec, global_id, gql_counted, scalar};

const MEMBER: As = As::User(fixtures::USER_SUNRISE_MEMBER, None);
const HARBOR_MEMBER: As = As::User(fixtures::USER_HARBOR_MEMBER, None);

const UPDATE_CASE: &str = r#"mutation($input: UpdateCaseInput!) {
  updateCase(input: $input) { case { id status } }
}"#;

const PLAN: &str = r#"mutation($input: PlanFollowUpInput!) {
  planFollowUp(input: $input) {
    alreadyPlanned
    item { id status scheduledConfig }
    outboundEmail { id recipientEmail scheduledFor status }
    outboundCall { id customerPhone scheduledFor status }
    skipped { channel reason }
  }
}"#;

/// A client (with the given contacts), a patient and a reviewed case of `kind`, inserted as
/// the owner; returns (case, client).
async fn reviewed_case(
    owner: &DatabaseConnection,
    clinic: Uuid,
    kind: &str,
    email: Option<&str>,
    phone: Option<&str>,
) -> (Uuid, Uuid) {
    let text = |v: Option<&str>| v.map_or("NULL".to_owned(), |v| format!("'{v}'"));
    let client: Uuid = scalar(owner, &format!(
        "INSERT INTO clients (clinic_id, display_name, email, phone) VALUES ('{clinic}', 'Follow-up Owner', {}, {}) RETURNING id",
        text(email), text(phone)
    )).await;
    let patient: Uuid = scalar(owner, &format!(
        "INSERT INTO patients (clinic_id, client_id, name) VALUES ('{clinic}', '{client}', 'Pip') RETURNING id"
    )).await;
    let case: Uuid = scalar(owner, &format!(
        "INSERT INTO cases (clinic_id, client_id, patient_id, type, status, patient_snapshot)
         VALUES ('{clinic}', '{client}', '{patient}', '{kind}', 'reviewed', '{{\"name\": \"Pip\"}}') RETURNING id"
    )).await;
    (case, client)
}

async fn run(app: &domain::Database, who: &As, query: &str, input: Value) -> Value {
    let response = gql_counted(app, who, query, json!({ "input": input }))
        .await
        .0;
    assert!(response["errors"].is_null(), "{response}");
    response
}

async fn set_status(app: &domain::Database, who: &As, case: Uuid, status: &str) {
    run(
        app,
        who,
        UPDATE_CASE,
        json!({ "id": global_id("Case", case), "status": status }),
    )
    .await;
}

/// `(status, local time HH:MM, days after today in the clinic)` of each of a case's rows in
/// `table`, oldest first.
async fn planned(
    owner: &DatabaseConnection,
    table: &str,
    case: Uuid,
) -> Vec<(String, String, i32)> {
    use sea_orm::{ConnectionTrait, Statement};
    let rows = owner
        .query_all_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            format!(
                "SELECT r.status, to_char(r.scheduled_for AT TIME ZONE c.timezone, 'HH24:MI'),
                        (r.scheduled_for AT TIME ZONE c.timezone)::date - (now() AT TIME ZONE c.timezone)::date
                 FROM {table} r JOIN clinics c ON c.id = r.clinic_id
                 WHERE r.case_id = '{case}' ORDER BY r.created_at, r.id"
            ),
        ))
        .await
        .expect("planned rows");
    rows.iter()
        .map(|r| {
            (
                r.try_get_by_index::<String>(0).unwrap(),
                r.try_get_by_index::<String>(1).unwrap(),
                r.try_get_by_index::<i32>(2).unwrap(),
            )
        })
        .collect()
}

async fn count(owner: &DatabaseConnection, sql: &str) -> i64 {
    scalar::<i64>(owner, sql).await
}

#[tokio::test]
async fn a_discharge_is_planned_once_in_the_clinics_windows_and_time_zone() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let app = db.app();
    let sunrise = fixtures::clinic_id(&SUNRISE);
    let (case, _) = reviewed_case(
        &owner,
        sunrise,
        "surgery",
        Some("pip.owner@example.com"),
        Some("(555) 010-7777"),
    )
    .await;

    set_status(&app, &MEMBER, case, "COMPLETED").await;
    // Sunrise's surgery cadence: both a day later; its e-mail time 09:00 is inside the 09:00–11:00
    // window, its call time 16:00 opens the 16:00–18:30 window (Los Angeles time).
    assert_eq!(
        planned(&owner, "outbound_emails", case).await,
        [("queued".into(), "09:00".into(), 1)]
    );
    assert_eq!(
        planned(&owner, "outbound_calls", case).await,
        [("queued".into(), "16:00".into(), 1)]
    );
    assert_eq!(
        scalar::<String>(
            &owner,
            &format!("SELECT customer_phone FROM outbound_calls WHERE case_id = '{case}'")
        )
        .await,
        "+15550107777",
        "the client's number, in E.164"
    );
    let item = format!("SELECT count(*) FROM auto_scheduled_items WHERE case_id = '{case}'");
    assert_eq!(count(&owner, &item).await, 1);
    let config: Value = scalar(
        &owner,
        &format!("SELECT scheduled_config FROM auto_scheduled_items WHERE case_id = '{case}'"),
    )
    .await;
    assert_eq!(config["call"]["delay_from"], "case_type", "{config}");
    assert_eq!(config["call_delay_days"], 1, "{config}");
    assert_eq!(config["time_zone"], "America/Los_Angeles", "{config}");
    assert_eq!(config["trigger"], "discharge", "{config}");
    // The run: one case, one e-mail, one call; the item points at it and at both rows.
    let the_run: Value = scalar(&owner, &format!(
        "SELECT to_jsonb(r) FROM auto_scheduling_runs r JOIN auto_scheduled_items i ON i.run_id = r.id WHERE i.case_id = '{case}'"
    )).await;
    assert_eq!(the_run["status"], "completed");
    assert_eq!(the_run["total_cases_processed"], 1);
    assert_eq!(the_run["total_emails_scheduled"], 1);
    assert_eq!(the_run["total_calls_scheduled"], 1);
    assert_eq!(count(&owner, &format!(
        "SELECT count(*) FROM auto_scheduled_items i JOIN outbound_calls c ON c.id = i.outbound_call_id
         JOIN outbound_emails e ON e.id = i.outbound_email_id WHERE i.case_id = '{case}'"
    )).await, 1);
    assert_eq!(count(&owner, &format!(
        "SELECT count(*) FROM cases WHERE id = '{case}' AND auto_scheduled_at IS NOT NULL AND scheduling_source = 'discharge'"
    )).await, 1);

    // Planning again, by a request or by completing it again, queues nothing new.
    let again = run(
        &app,
        &MEMBER,
        PLAN,
        json!({ "caseId": global_id("Case", case) }),
    )
    .await;
    let again = &again["data"]["planFollowUp"];
    assert_eq!(again["alreadyPlanned"], true, "{again}");
    assert!(
        again["outboundCall"].is_null() && again["outboundEmail"].is_null(),
        "{again}"
    );
    assert_eq!(again["item"]["status"], "SCHEDULED", "{again}");
    set_status(&app, &MEMBER, case, "COMPLETED").await;
    assert_eq!(count(&owner, &item).await, 1);
    assert_eq!(
        count(
            &owner,
            &format!("SELECT count(*) FROM outbound_calls WHERE case_id = '{case}'")
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &owner,
            &format!("SELECT count(*) FROM outbound_emails WHERE case_id = '{case}'")
        )
        .await,
        1
    );
    // The database holds one live plan per case whatever the timing.
    let second = exec(&owner, &format!(
        "INSERT INTO auto_scheduled_items (case_id, clinic_id, status) VALUES ('{case}', '{sunrise}', 'scheduled')"
    )).await;
    assert_eq!(second.map_err(|e| e.0), Err("23505".to_owned()));

    // Harbor keeps the same local windows in New York: the call opens at 16:00 there.
    let harbor = fixtures::clinic_id(&HARBOR);
    let (ny_case, _) = reviewed_case(
        &owner,
        harbor,
        "surgery",
        Some("ny@example.com"),
        Some("+15550208888"),
    )
    .await;
    set_status(&app, &HARBOR_MEMBER, ny_case, "COMPLETED").await;
    assert_eq!(
        planned(&owner, "outbound_calls", ny_case).await,
        [("queued".into(), "16:00".into(), 1)]
    );
    let apart: i64 = count(&owner, &format!(
        "SELECT extract(epoch FROM (SELECT scheduled_for FROM outbound_calls WHERE case_id = '{case}')
                                 - (SELECT scheduled_for FROM outbound_calls WHERE case_id = '{ny_case}'))::bigint / 3600"
    )).await;
    assert_eq!(
        apart, 3,
        "16:00 in Los Angeles is three hours after 16:00 in New York"
    );

    // Another clinic's case is NOT_FOUND, and viewers may not plan.
    let response = gql_counted(
        &app,
        &MEMBER,
        PLAN,
        json!({ "input": { "caseId": global_id("Case", ny_case) } }),
    )
    .await
    .0;
    assert_eq!(error_codes(&response), ["NOT_FOUND"], "{response}");
    let response = gql_counted(
        &app,
        &As::User(fixtures::USER_SUNRISE_VIEWER, None),
        PLAN,
        json!({ "input": { "caseId": global_id("Case", case) } }),
    )
    .await
    .0;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "{response}");
}

#[tokio::test]
async fn the_case_its_type_the_clinic_and_its_settings_decide_in_that_order() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let app = db.app();
    let sunrise = fixtures::clinic_id(&SUNRISE);

    // The case's own delays win over its type's cadence once staff set them.
    let (own, _) = reviewed_case(
        &owner,
        sunrise,
        "surgery",
        Some("a@example.com"),
        Some("+15550107001"),
    )
    .await;
    run(
        &app,
        &MEMBER,
        UPDATE_CASE,
        json!({ "id": global_id("Case", own), "callDelayDays": 3, "emailDelayDays": 0 }),
    )
    .await;
    set_status(&app, &MEMBER, own, "COMPLETED").await;
    assert_eq!(planned(&owner, "outbound_calls", own).await[0].2, 3);
    let email = planned(&owner, "outbound_emails", own).await;
    assert!(
        email[0].2 <= 1,
        "a zero-day e-mail goes out in the next window: {email:?}"
    );

    // Wellness: no call for the type, the e-mail a day later.
    let (wellness, _) = reviewed_case(
        &owner,
        sunrise,
        "wellness",
        Some("b@example.com"),
        Some("+15550107002"),
    )
    .await;
    let response = run(
        &app,
        &MEMBER,
        PLAN,
        json!({ "caseId": global_id("Case", wellness) }),
    )
    .await;
    let plan = &response["data"]["planFollowUp"];
    assert!(plan["outboundCall"].is_null(), "{plan}");
    assert_eq!(
        plan["skipped"],
        json!([{ "channel": "CALL", "reason": "turned off for the case type" }])
    );
    assert_eq!(plan["outboundEmail"]["recipientEmail"], "b@example.com");

    // Euthanasia is never followed up automatically; the run records why.
    let (never, _) = reviewed_case(
        &owner,
        sunrise,
        "euthanasia",
        Some("c@example.com"),
        Some("+15550107003"),
    )
    .await;
    set_status(&app, &MEMBER, never, "COMPLETED").await;
    assert_eq!(
        count(
            &owner,
            &format!("SELECT count(*) FROM outbound_calls WHERE case_id = '{never}'")
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &owner,
            &format!("SELECT count(*) FROM outbound_emails WHERE case_id = '{never}'")
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &owner,
            &format!(
        "SELECT count(*) FROM auto_scheduling_runs WHERE results @> '[{{\"case_id\": \"{never}\"}}]'
           AND results::text LIKE '%never followed up automatically%'"
    )
        )
        .await,
        1
    );

    // A type without a cadence: the clinic's auto-scheduling (call two days later at 16:00,
    // e-mail a day later at 10:00, inside the 09:00–11:00 window).
    let (exotic, _) = reviewed_case(
        &owner,
        sunrise,
        "exotic",
        Some("d@example.com"),
        Some("+15550107004"),
    )
    .await;
    set_status(&app, &MEMBER, exotic, "COMPLETED").await;
    assert_eq!(
        planned(&owner, "outbound_calls", exotic).await,
        [("queued".into(), "16:00".into(), 2)]
    );
    assert_eq!(
        planned(&owner, "outbound_emails", exotic).await,
        [("queued".into(), "10:00".into(), 1)]
    );

    // Without auto-scheduling configured, the clinic's settings: windows open at their start.
    exec(
        &owner,
        &format!("DELETE FROM auto_scheduling_config WHERE clinic_id = '{sunrise}'"),
    )
    .await
    .unwrap();
    let (plain, _) = reviewed_case(
        &owner,
        sunrise,
        "exotic",
        Some("e@example.com"),
        Some("+15550107005"),
    )
    .await;
    set_status(&app, &MEMBER, plain, "COMPLETED").await;
    assert_eq!(
        count(
            &owner,
            &format!("SELECT count(*) FROM outbound_calls WHERE case_id = '{plain}'")
        )
        .await,
        0,
        "a clinic that has not set up auto-scheduling is not contacted at discharge"
    );
    let response = run(
        &app,
        &MEMBER,
        PLAN,
        json!({ "caseId": global_id("Case", plain) }),
    )
    .await;
    assert!(
        response["data"]["planFollowUp"]["outboundCall"].is_object(),
        "{response}"
    );
    assert_eq!(
        planned(&owner, "outbound_calls", plain).await,
        [("queued".into(), "16:00".into(), 2)]
    );
    assert_eq!(
        planned(&owner, "outbound_emails", plain).await,
        [("queued".into(), "09:00".into(), 1)]
    );
}

#[tokio::test]
async fn opted_out_clients_are_not_contacted_and_test_mode_goes_to_the_test_contact() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let app = db.app();
    let sunrise = fixtures::clinic_id(&SUNRISE);

    let (quiet, quiet_client) = reviewed_case(
        &owner,
        sunrise,
        "surgery",
        Some("q@example.com"),
        Some("+15550107010"),
    )
    .await;
    exec(
        &owner,
        &format!("UPDATE clients SET communication_opt_out = true WHERE id = '{quiet_client}'"),
    )
    .await
    .unwrap();
    let response = run(
        &app,
        &MEMBER,
        PLAN,
        json!({ "caseId": global_id("Case", quiet) }),
    )
    .await;
    let plan = &response["data"]["planFollowUp"];
    assert!(
        plan["item"].is_null() && plan["outboundCall"].is_null() && plan["outboundEmail"].is_null(),
        "{plan}"
    );
    assert_eq!(plan["skipped"].as_array().unwrap().len(), 2, "{plan}");
    assert!(plan["skipped"].to_string().contains("opted out"), "{plan}");

    // No address: the e-mail is skipped, the call planned.
    let (no_mail, _) = reviewed_case(&owner, sunrise, "surgery", None, Some("+15550107011")).await;
    let response = run(
        &app,
        &MEMBER,
        PLAN,
        json!({ "caseId": global_id("Case", no_mail) }),
    )
    .await;
    let plan = &response["data"]["planFollowUp"];
    assert_eq!(
        plan["skipped"],
        json!([{ "channel": "EMAIL", "reason": "the client has no e-mail address" }])
    );
    assert!(plan["outboundCall"].is_object(), "{plan}");

    // Opting out later cancels what is still queued, recording who and why.
    let (later, later_client) = reviewed_case(
        &owner,
        sunrise,
        "surgery",
        Some("l@example.com"),
        Some("+15550107012"),
    )
    .await;
    set_status(&app, &MEMBER, later, "COMPLETED").await;
    run(
        &app,
        &MEMBER,
        r#"mutation($input: UpdateClientInput!) { updateClient(input: $input) { client { id } } }"#,
        json!({ "id": global_id("Client", later_client), "communicationOptOut": true }),
    )
    .await;
    assert_eq!(
        planned(&owner, "outbound_calls", later).await[0].0,
        "cancelled"
    );
    assert_eq!(
        planned(&owner, "outbound_emails", later).await[0].0,
        "cancelled"
    );
    let item: Value = scalar(
        &owner,
        &format!("SELECT to_jsonb(i) FROM auto_scheduled_items i WHERE case_id = '{later}'"),
    )
    .await;
    assert_eq!(item["status"], "cancelled");
    assert_eq!(
        item["cancellation_reason"],
        "the client opted out of communication"
    );
    assert_eq!(
        item["cancelled_by"],
        fixtures::user_id(fixtures::USER_SUNRISE_MEMBER).to_string()
    );

    // Alpine trials in test mode: everything goes to the test contact. Its auto-scheduling is
    // off, so a discharge plans nothing until staff ask.
    let alpine = fixtures::clinic_id(&ALPINE);
    let alpine_owner = As::User(fixtures::USER_ALPINE_OWNER, None);
    let (trial, _) = reviewed_case(
        &owner,
        alpine,
        "surgery",
        Some("real.client@example.com"),
        Some("+15550309999"),
    )
    .await;
    set_status(&app, &alpine_owner, trial, "COMPLETED").await;
    assert_eq!(
        count(
            &owner,
            &format!("SELECT count(*) FROM outbound_emails WHERE case_id = '{trial}'")
        )
        .await,
        0
    );
    let response = run(
        &app,
        &alpine_owner,
        PLAN,
        json!({ "caseId": global_id("Case", trial) }),
    )
    .await;
    let plan = &response["data"]["planFollowUp"];
    assert_eq!(
        plan["outboundEmail"]["recipientEmail"], "karin.lindqvist@alpinepet.example.com",
        "{plan}"
    );
    assert_eq!(
        plan["outboundCall"]["customerPhone"], "+15550300301",
        "{plan}"
    );
    assert_eq!(plan["item"]["scheduledConfig"]["test_mode"], true, "{plan}");
}

#[tokio::test]
async fn reopening_or_changing_the_cadence_cancels_what_is_queued() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let app = db.app();
    let sunrise = fixtures::clinic_id(&SUNRISE);
    let (case, _) = reviewed_case(
        &owner,
        sunrise,
        "dental",
        Some("r@example.com"),
        Some("+15550107020"),
    )
    .await;
    set_status(&app, &MEMBER, case, "COMPLETED").await;

    set_status(&app, &MEMBER, case, "ONGOING").await;
    let calls = planned(&owner, "outbound_calls", case).await;
    assert_eq!(
        calls.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        ["cancelled"]
    );
    let reason: String = scalar(
        &owner,
        &format!("SELECT cancellation_reason FROM auto_scheduled_items WHERE case_id = '{case}'"),
    )
    .await;
    assert_eq!(reason, "the case was reopened");

    // Discharged again: a new plan.
    set_status(&app, &MEMBER, case, "COMPLETED").await;
    let calls = planned(&owner, "outbound_calls", case).await;
    assert_eq!(
        calls.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        ["cancelled", "queued"]
    );
    assert_eq!(calls[1].2, 1);

    // The case's delay changes: the queued call is cancelled and planned again three days out.
    run(
        &app,
        &MEMBER,
        UPDATE_CASE,
        json!({ "id": global_id("Case", case), "callDelayDays": 3 }),
    )
    .await;
    let calls = planned(&owner, "outbound_calls", case).await;
    assert_eq!(
        calls
            .iter()
            .map(|c| (c.0.as_str(), c.2))
            .collect::<Vec<_>>(),
        [("cancelled", 1), ("cancelled", 1), ("queued", 3)]
    );
    assert_eq!(count(&owner, &format!(
        "SELECT count(*) FROM auto_scheduled_items WHERE case_id = '{case}' AND cancellation_reason = 'the case''s follow-up cadence changed'"
    )).await, 1);

    // The clinic's cadence for the type changes: live plans of that type follow it.
    let (dental, _) = reviewed_case(
        &owner,
        sunrise,
        "dental",
        Some("s@example.com"),
        Some("+15550107021"),
    )
    .await;
    set_status(&app, &MEMBER, dental, "COMPLETED").await;
    let cadence: Uuid = scalar(&owner, &format!(
        "SELECT id FROM clinic_case_type_cadence WHERE clinic_id = '{sunrise}' AND case_type = 'dental'"
    )).await;
    run(&app, &As::User(fixtures::USER_SUNRISE_ADMIN, None),
        r#"mutation($input: UpdateCaseTypeCadenceInput!) { updateCaseTypeCadence(input: $input) { caseTypeCadence { id } } }"#,
        json!({ "id": global_id("CaseTypeCadence", cadence), "callDelayDays": 5 })).await;
    let calls = planned(&owner, "outbound_calls", dental).await;
    assert_eq!(
        calls
            .iter()
            .map(|c| (c.0.as_str(), c.2))
            .collect::<Vec<_>>(),
        [("cancelled", 1), ("queued", 5)]
    );
    // The first case's delays are its own: the type's change does not touch it.
    assert_eq!(planned(&owner, "outbound_calls", case).await.len(), 3);
}

const CLAIM_CALLS: &str = r#"mutation($input: ClaimDueOutboundCallsInput!) {
  claimDueOutboundCalls(input: $input) { calls { id } }
}"#;
const CALL_RESULT: &str = r#"mutation($input: RecordOutboundCallResultInput!) {
  recordOutboundCallResult(input: $input) { outboundCall { id status } }
}"#;

#[tokio::test]
async fn an_unanswered_call_is_retried_in_the_next_window_up_to_the_clinics_limit() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let app = db.app();
    let sunrise = fixtures::clinic_id(&SUNRISE);
    // Only this test's calls are due.
    exec(
        &owner,
        "UPDATE outbound_calls SET status = 'cancelled' WHERE status = 'queued'",
    )
    .await
    .unwrap();
    let (case, _) = reviewed_case(
        &owner,
        sunrise,
        "surgery",
        Some("t@example.com"),
        Some("+15550107030"),
    )
    .await;
    set_status(&app, &MEMBER, case, "COMPLETED").await;
    // Sunrise retries twice: three attempts in all.
    let mut attempts = Vec::new();
    for attempt in 1..=3 {
        exec(&owner, &format!(
            "UPDATE outbound_calls SET scheduled_for = now() - interval '1 minute' WHERE case_id = '{case}' AND status = 'queued'"
        )).await.unwrap();
        let claimed = run(
            &app,
            &As::Service,
            CLAIM_CALLS,
            json!({ "clinicId": global_id("Clinic", sunrise) }),
        )
        .await;
        let calls = claimed["data"]["claimDueOutboundCalls"]["calls"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(calls.len(), 1, "attempt {attempt}: {claimed}");
        let id = calls[0]["id"].as_str().unwrap().to_owned();
        run(
            &app,
            &As::Service,
            CALL_RESULT,
            json!({ "id": id, "status": "ENDED", "endedReason": "customer-did-not-answer" }),
        )
        .await;
        attempts.push(id);
    }
    let calls = planned(&owner, "outbound_calls", case).await;
    assert_eq!(calls.len(), 3, "two retries, then no more: {calls:?}");
    assert!(calls.iter().all(|c| c.0 == "ended"), "{calls:?}");
    let numbered: Vec<i64> = {
        use sea_orm::{ConnectionTrait, Statement};
        owner.query_all_raw(Statement::from_string(sea_orm::DbBackend::Postgres, format!(
            "SELECT (metadata->'follow_up'->>'attempt')::bigint FROM outbound_calls WHERE case_id = '{case}' ORDER BY created_at, id"
        ))).await.unwrap().iter().map(|r| r.try_get_by_index::<i64>(0).unwrap()).collect()
    };
    assert_eq!(numbered, [1, 2, 3]);
    // The item follows the last attempt.
    let item_call: Uuid = scalar(
        &owner,
        &format!("SELECT outbound_call_id FROM auto_scheduled_items WHERE case_id = '{case}'"),
    )
    .await;
    assert_eq!(global_id("OutboundCall", item_call), attempts[2]);

    // A retry waits for the next window's opening, 16:00 in Los Angeles; an answered call is
    // not retried.
    let (answered, _) = reviewed_case(
        &owner,
        sunrise,
        "surgery",
        Some("u@example.com"),
        Some("+15550107031"),
    )
    .await;
    set_status(&app, &MEMBER, answered, "COMPLETED").await;
    exec(&owner, &format!("UPDATE outbound_calls SET scheduled_for = now() - interval '1 minute' WHERE case_id = '{answered}'")).await.unwrap();
    let claimed = run(&app, &As::Service, CLAIM_CALLS, json!({})).await;
    let id = claimed["data"]["claimDueOutboundCalls"]["calls"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    run(
        &app,
        &As::Service,
        CALL_RESULT,
        json!({ "id": id, "status": "ENDED", "endedReason": "voicemail" }),
    )
    .await;
    let retried = planned(&owner, "outbound_calls", answered).await;
    assert_eq!(retried.len(), 2);
    assert_eq!(
        (retried[1].0.as_str(), retried[1].1.as_str()),
        ("queued", "16:00")
    );
    assert!((0..=1).contains(&retried[1].2), "{retried:?}");
    exec(&owner, &format!("UPDATE outbound_calls SET scheduled_for = now() - interval '1 minute' WHERE case_id = '{answered}' AND status = 'queued'")).await.unwrap();
    let claimed = run(&app, &As::Service, CLAIM_CALLS, json!({})).await;
    let id = claimed["data"]["claimDueOutboundCalls"]["calls"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    run(
        &app,
        &As::Service,
        CALL_RESULT,
        json!({ "id": id, "status": "ENDED", "endedReason": "customer-ended-call" }),
    )
    .await;
    assert_eq!(planned(&owner, "outbound_calls", answered).await.len(), 2);
}

const PROCESS: &str = r#"mutation($input: ProcessDischargeBatchInput!) {
  processDischargeBatch(input: $input) {
    batch { status totalCases processedCases successfulCases failedCases startedAt completedAt }
    items { status emailScheduled callScheduled errorMessage processedAt }
  }
}"#;

#[tokio::test]
async fn a_discharge_batch_plans_each_case_and_counts_what_it_did() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let app = db.app();
    let sunrise = fixtures::clinic_id(&SUNRISE);
    let (fresh, _) = reviewed_case(
        &owner,
        sunrise,
        "surgery",
        Some("v@example.com"),
        Some("+15550107040"),
    )
    .await;
    let (quiet, quiet_client) = reviewed_case(
        &owner,
        sunrise,
        "surgery",
        Some("w@example.com"),
        Some("+15550107041"),
    )
    .await;
    exec(
        &owner,
        &format!("UPDATE clients SET communication_opt_out = true WHERE id = '{quiet_client}'"),
    )
    .await
    .unwrap();
    let (planned_before, _) = reviewed_case(
        &owner,
        sunrise,
        "surgery",
        Some("x@example.com"),
        Some("+15550107042"),
    )
    .await;
    set_status(&app, &MEMBER, planned_before, "COMPLETED").await;
    let call_at = "2030-01-15T01:30:00Z";
    let created = run(&app, &MEMBER,
        r#"mutation($input: CreateDischargeBatchInput!) { createDischargeBatch(input: $input) { batch { id } } }"#,
        json!({ "clinicId": global_id("Clinic", sunrise), "caseIds": ([fresh, quiet, planned_before].map(|c| global_id("Case", c))), "callScheduleTime": call_at })).await;
    let batch = created["data"]["createDischargeBatch"]["batch"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Staff may not run the batch job.
    let response = gql_counted(&app, &MEMBER, PROCESS, json!({ "input": { "id": batch } }))
        .await
        .0;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "{response}");

    let first = run(
        &app,
        &As::Service,
        PROCESS,
        json!({ "id": batch, "limit": 2 }),
    )
    .await;
    let step = &first["data"]["processDischargeBatch"];
    assert_eq!(step["batch"]["status"], "PROCESSING", "{step}");
    assert_eq!(step["batch"]["processedCases"], 2);
    assert!(step["batch"]["startedAt"].is_string(), "{step}");
    assert_eq!(step["items"].as_array().unwrap().len(), 2);
    assert!(
        step["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["processedAt"].is_string()),
        "{step}"
    );

    let second = run(&app, &As::Service, PROCESS, json!({ "id": batch })).await;
    let step = &second["data"]["processDischargeBatch"];
    assert_eq!(step["items"].as_array().unwrap().len(), 1);
    assert_eq!(step["batch"]["status"], "COMPLETED", "{step}");
    assert_eq!(step["batch"]["totalCases"], 3);
    assert_eq!(step["batch"]["processedCases"], 3);
    assert_eq!(step["batch"]["successfulCases"], 2);
    assert_eq!(step["batch"]["failedCases"], 0);
    assert!(step["batch"]["completedAt"].is_string(), "{step}");

    let item = |case: Uuid| {
        let owner = &owner;
        async move {
            scalar::<Value>(
                owner,
                &format!(
                    "SELECT to_jsonb(i) FROM discharge_batch_items i WHERE case_id = '{case}'"
                ),
            )
            .await
        }
    };
    // The fresh case is planned with the batch's call time instead of the cadence's.
    let fresh_item = item(fresh).await;
    assert_eq!(
        (
            fresh_item["status"].as_str(),
            fresh_item["call_scheduled"].as_bool(),
            fresh_item["email_scheduled"].as_bool()
        ),
        (Some("success"), Some(true), Some(true)),
        "{fresh_item}"
    );
    assert_eq!(
        scalar::<String>(&owner, &format!("SELECT to_char(scheduled_for AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM outbound_calls WHERE case_id = '{fresh}'")).await,
        call_at
    );
    // The opted-out client is skipped, with the reason.
    let quiet_item = item(quiet).await;
    assert_eq!(quiet_item["status"], "skipped", "{quiet_item}");
    assert!(
        quiet_item["error_message"]
            .as_str()
            .unwrap()
            .contains("opted out"),
        "{quiet_item}"
    );
    // The case planned at discharge keeps its plan: the item names the existing call.
    let kept = item(planned_before).await;
    assert_eq!(kept["status"], "success", "{kept}");
    assert_eq!(
        count(
            &owner,
            &format!("SELECT count(*) FROM outbound_calls WHERE case_id = '{planned_before}'")
        )
        .await,
        1
    );
    assert_eq!(
        kept["outbound_call_id"].as_str().unwrap(),
        scalar::<Uuid>(
            &owner,
            &format!("SELECT id FROM outbound_calls WHERE case_id = '{planned_before}'")
        )
        .await
        .to_string()
    );
    // Processing a finished batch changes nothing.
    let third = run(&app, &As::Service, PROCESS, json!({ "id": batch })).await;
    assert_eq!(third["data"]["processDischargeBatch"]["items"], json!([]));

    // A cancelled batch plans no more: its pending items are skipped.
    let (a, _) = reviewed_case(
        &owner,
        sunrise,
        "surgery",
        Some("y@example.com"),
        Some("+15550107043"),
    )
    .await;
    let (b, _) = reviewed_case(
        &owner,
        sunrise,
        "surgery",
        Some("z@example.com"),
        Some("+15550107044"),
    )
    .await;
    let created = run(&app, &MEMBER,
        r#"mutation($input: CreateDischargeBatchInput!) { createDischargeBatch(input: $input) { batch { id } } }"#,
        json!({ "clinicId": global_id("Clinic", sunrise), "caseIds": ([a, b].map(|c| global_id("Case", c))) })).await;
    let batch = created["data"]["createDischargeBatch"]["batch"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    run(
        &app,
        &As::Service,
        PROCESS,
        json!({ "id": batch, "limit": 1 }),
    )
    .await;
    run(&app, &MEMBER, r#"mutation($input: CancelDischargeBatchInput!) { cancelDischargeBatch(input: $input) { batch { id } } }"#,
        json!({ "id": batch })).await;
    let after = run(&app, &As::Service, PROCESS, json!({ "id": batch })).await;
    let step = &after["data"]["processDischargeBatch"];
    assert_eq!(step["batch"]["status"], "CANCELLED", "{step}");
    assert_eq!(step["items"][0]["status"], "SKIPPED", "{step}");
    assert_eq!(step["items"][0]["errorMessage"], "the batch was cancelled");
    assert_eq!(step["batch"]["processedCases"], 2);
    assert_eq!(
        count(
            &owner,
            &format!("SELECT count(*) FROM outbound_calls WHERE case_id IN ('{a}', '{b}')")
        )
        .await,
        1,
        "the case processed before the cancellation is planned, the other is not"
    );
}

const CLAIM_EMAILS: &str = r#"mutation($input: ClaimDueOutboundEmailsInput!) {
  claimDueOutboundEmails(input: $input) { emails { id status } }
}"#;

#[tokio::test]
async fn concurrent_e_mail_workers_claim_disjoint_rows_and_record_results() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let mut config = domain::db::DbConfig::new(db.url());
    config.acquire_timeout = std::time::Duration::from_secs(60);
    let app = domain::Database::connect_lazy(&config).expect("request pool");
    let sunrise = fixtures::clinic_id(&SUNRISE);
    exec(&owner, &format!(r#"
        INSERT INTO outbound_emails (clinic_id, case_id, recipient_email, subject, text_content, status, scheduled_for)
        SELECT '{sunrise}', (SELECT id FROM cases WHERE clinic_id = '{sunrise}' ORDER BY id LIMIT 1),
               'owner' || n || '@example.com', 'Checking in', 'How is Pip?', 'queued', now() - (n || ' minutes')::interval
        FROM generate_series(1, 30) n
    "#)).await.unwrap();
    let due = count(
        &owner,
        "SELECT count(*) FROM outbound_emails WHERE status = 'queued' AND scheduled_for <= now()",
    )
    .await;

    let response = gql_counted(&app, &MEMBER, CLAIM_EMAILS, json!({ "input": {} }))
        .await
        .0;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "{response}");

    let workers = (0..6).map(|_| {
        let app = app.clone();
        async move {
            gql_counted(
                &app,
                &As::Service,
                CLAIM_EMAILS,
                json!({ "input": { "limit": 10 } }),
            )
            .await
            .0
        }
    });
    let answers = futures_util::future::join_all(workers).await;
    let mut ids: Vec<String> = answers
        .iter()
        .flat_map(|a| {
            a["data"]["claimDueOutboundEmails"]["emails"]
                .as_array()
                .unwrap_or_else(|| panic!("{a}"))
                .clone()
        })
        .map(|e| {
            assert_eq!(e["status"], "SENDING");
            e["id"].as_str().unwrap().to_owned()
        })
        .collect();
    let claimed = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), claimed, "an e-mail was claimed twice");
    assert_eq!(claimed as i64, due.min(60));

    const RESULT: &str = r#"mutation($input: RecordOutboundEmailResultInput!) {
      recordOutboundEmailResult(input: $input) { outboundEmail { status sentAt resendEmailId } }
    }"#;
    let sent = run(&app, &As::Service, RESULT, json!({ "id": ids[0], "status": "SENT", "sentAt": "2026-12-02T10:00:00Z", "resendEmailId": "re_123" })).await;
    assert_eq!(
        sent["data"]["recordOutboundEmailResult"]["outboundEmail"]["status"],
        "SENT"
    );
    let response = gql_counted(
        &app,
        &As::Service,
        RESULT,
        json!({ "input": { "id": ids[1], "status": "QUEUED" } }),
    )
    .await
    .0;
    assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{response}");
    let queued: Uuid = scalar(&owner, "INSERT INTO outbound_emails (clinic_id, case_id, recipient_email, status) SELECT clinic_id, id, 'n@example.com', 'queued' FROM cases LIMIT 1 RETURNING id").await;
    let response = gql_counted(
        &app,
        &As::Service,
        RESULT,
        json!({ "input": { "id": global_id("OutboundEmail", queued), "status": "SENT" } }),
    )
    .await
    .0;
    assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{response}");
    let response = gql_counted(
        &app,
        &MEMBER,
        RESULT,
        json!({ "input": { "id": ids[2], "status": "SENT" } }),
    )
    .await
    .0;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "{response}");
}

/// What the README's walk-through says of Daisy's case holds: Sunrise's auto-scheduling
/// decides (no cadence for sick visits), the e-mail a day later at 10:00, the call two days
/// later at 16:00, Los Angeles time, to the Hayes family.
#[tokio::test]
async fn the_readme_walk_through_plans_daisy_as_it_says() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let app = db.app();
    let daisy = fixtures::id("case", "sunrise/daisy-otitis");
    let before = count(
        &owner,
        &format!("SELECT count(*) FROM outbound_calls WHERE case_id = '{daisy}'"),
    )
    .await;
    set_status(
        &app,
        &As::User(fixtures::USER_SUNRISE_OWNER, None),
        daisy,
        "COMPLETED",
    )
    .await;
    let emails = planned(&owner, "outbound_emails", daisy).await;
    assert_eq!(
        emails.last().unwrap(),
        &("queued".to_owned(), "10:00".to_owned(), 1),
        "{emails:?}"
    );
    let calls = planned(&owner, "outbound_calls", daisy).await;
    assert_eq!(calls.len() as i64, before + 1);
    assert_eq!(
        calls.last().unwrap(),
        &("queued".to_owned(), "16:00".to_owned(), 2),
        "{calls:?}"
    );
    assert_eq!(
        scalar::<String>(&owner, &format!(
            "SELECT recipient_email FROM outbound_emails WHERE case_id = '{daisy}' AND status = 'queued'"
        )).await,
        "rhayes@example.com"
    );
}

/// A case discharged on the Saturday evening before a daylight-saving change is followed up on
/// Sunday at the clinic's local times, whichever way the clocks moved overnight (the planner run
/// with the discharge's own clock, through the domain).
#[tokio::test]
async fn a_discharge_the_evening_before_a_clock_change_keeps_its_local_times() {
    use chrono::{TimeZone, Utc};
    use domain::follow_up::plan::{Trigger, plan_cases};
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let app = db.app();
    let sunrise = fixtures::clinic_id(&SUNRISE);
    for (discharged, email_at, call_at) in [
        // Saturday 20:00 PST; clocks spring forward on Sunday: 09:00 and 16:00 PDT (UTC-7).
        (
            Utc.with_ymd_and_hms(2027, 3, 14, 4, 0, 0).unwrap(),
            "2027-03-14 16:00",
            "2027-03-14 23:00",
        ),
        // Saturday 20:00 PDT; clocks fall back on Sunday: 09:00 and 16:00 PST (UTC-8).
        (
            Utc.with_ymd_and_hms(2027, 11, 7, 3, 0, 0).unwrap(),
            "2027-11-07 17:00",
            "2027-11-08 00:00",
        ),
    ] {
        let (case, _) = reviewed_case(
            &owner,
            sunrise,
            "surgery",
            Some("dst@example.com"),
            Some("+15550107050"),
        )
        .await;
        let principal = crate::common::principal(&app, &MEMBER).await;
        let session = std::sync::Arc::new(domain::Session::new(app.clone(), principal, "test"));
        session
            .atomically(async |w| {
                let case = w
                    .load_for::<entity::cases::Entity>(case, domain::Action::Update)
                    .await?;
                plan_cases(w, &[case], Trigger::Request, discharged).await
            })
            .await
            .expect("plan");
        session.commit().await.expect("commit");
        let at = |table: &str| {
            format!(
                "SELECT to_char(scheduled_for AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM {table} WHERE case_id = '{case}'"
            )
        };
        assert_eq!(
            scalar::<String>(&owner, &at("outbound_emails")).await,
            email_at,
            "{discharged}"
        );
        assert_eq!(
            scalar::<String>(&owner, &at("outbound_calls")).await,
            call_at,
            "{discharged}"
        );
    }
}

/// Twenty requests planning one case at once, a discharge among them, and two batch workers
/// processing one batch at once: one plan, one e-mail, one call; every item processed once.
#[tokio::test]
async fn concurrent_plans_of_one_case_make_one_plan() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let mut config = domain::db::DbConfig::new(db.url());
    config.acquire_timeout = std::time::Duration::from_secs(60);
    let app = domain::Database::connect_lazy(&config).expect("request pool");
    let sunrise = fixtures::clinic_id(&SUNRISE);
    let (case, _) = reviewed_case(
        &owner,
        sunrise,
        "surgery",
        Some("race@example.com"),
        Some("+15550107060"),
    )
    .await;
    let requests = (0..20).map(|n| {
        let app = app.clone();
        async move {
            if n == 7 {
                gql_counted(
                    &app,
                    &MEMBER,
                    UPDATE_CASE,
                    json!({ "input": { "id": global_id("Case", case), "status": "COMPLETED" } }),
                )
                .await
                .0
            } else {
                gql_counted(
                    &app,
                    &MEMBER,
                    PLAN,
                    json!({ "input": { "caseId": global_id("Case", case) } }),
                )
                .await
                .0
            }
        }
    });
    let answers = futures_util::future::join_all(requests).await;
    for answer in &answers {
        assert!(answer["errors"].is_null(), "{answer}");
    }
    let fresh = answers
        .iter()
        .filter(|a| a["data"]["planFollowUp"]["alreadyPlanned"] == false)
        .count();
    assert!(fresh <= 1, "{fresh} requests planned anew");
    for table in ["auto_scheduled_items", "outbound_emails", "outbound_calls"] {
        assert_eq!(
            count(
                &owner,
                &format!("SELECT count(*) FROM {table} WHERE case_id = '{case}'")
            )
            .await,
            1,
            "{table}"
        );
    }

    // Two workers on one batch of twelve cases, five items a step each, until it is done.
    let mut cases = Vec::new();
    for n in 0..12 {
        cases.push(
            reviewed_case(
                &owner,
                sunrise,
                "dental",
                Some(&format!("b{n}@example.com")),
                Some(&format!("+1555010{:04}", 7100 + n)),
            )
            .await
            .0,
        );
    }
    let created = run(&app, &MEMBER,
        r#"mutation($input: CreateDischargeBatchInput!) { createDischargeBatch(input: $input) { batch { id } } }"#,
        json!({ "clinicId": global_id("Clinic", sunrise), "caseIds": cases.iter().map(|c| global_id("Case", *c)).collect::<Vec<_>>() })).await;
    let batch = created["data"]["createDischargeBatch"]["batch"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let worker = |app: domain::Database, batch: String| async move {
        let mut recorded = 0;
        for _ in 0..6 {
            let step = gql_counted(
                &app,
                &As::Service,
                PROCESS,
                json!({ "input": { "id": batch, "limit": 5 } }),
            )
            .await
            .0;
            assert!(step["errors"].is_null(), "{step}");
            recorded += step["data"]["processDischargeBatch"]["items"]
                .as_array()
                .unwrap()
                .len();
        }
        recorded
    };
    let (a, b) = tokio::join!(
        worker(app.clone(), batch.clone()),
        worker(app.clone(), batch.clone())
    );
    assert_eq!(a + b, 12, "every item recorded once ({a} + {b})");
    let bid = graphql::ids::decode_as(
        &async_graphql::ID(batch),
        domain::Resource::DischargeBatches,
    )
    .unwrap();
    let totals: Value = scalar(&owner, &format!(
        "SELECT jsonb_build_array(status, total_cases, processed_cases, successful_cases, failed_cases) FROM discharge_batches WHERE id = '{bid}'"
    )).await;
    assert_eq!(totals, json!(["completed", 12, 12, 12, 0]));
    assert_eq!(count(&owner, &format!(
        "SELECT count(*) FROM outbound_calls WHERE case_id IN (SELECT case_id FROM discharge_batch_items WHERE batch_id = '{bid}')"
    )).await, 12);
}
