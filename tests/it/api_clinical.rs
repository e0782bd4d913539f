//! API tests of the clinical area: cases, SOAP notes, discharge summaries, vital signs,
//! outbound and inbound calls, call analyses, outbound e-mails, clinic messages, refill
//! requests and the dashboard counts. Per table: the clinic's lists hold its rows and none of
//! another clinic's, a round trip by the right role lands in the audit trail, validation names
//! the field, a role below the rule is FORBIDDEN, another clinic's ids are NOT_FOUND (or
//! BAD_USER_INPUT as references), and service-only writes are the service's alone.

use domain::seed::demo::fixtures::{self, DemoClinic, HARBOR, SUNRISE};
use serde_json::{Value, json};
use testkit::TestDb;

use crate::common::{As, error_codes, global_id, gql_counted, scalar};

const SUNRISE_ADMIN: As = As::User(fixtures::USER_SUNRISE_ADMIN, None);
const SUNRISE_MEMBER: As = As::User(fixtures::USER_SUNRISE_MEMBER, None);
const SUNRISE_VIEWER: As = As::User(fixtures::USER_SUNRISE_VIEWER, None);
const HARBOR_ADMIN: As = As::User(fixtures::USER_HARBOR_ADMIN, None);
const HARBOR_MEMBER: As = As::User(fixtures::USER_HARBOR_MEMBER, None);

async fn run(app: &domain::Database, who: &As, query: &str, variables: Value) -> Value {
    gql_counted(app, who, query, variables).await.0
}

fn clinic(c: &DemoClinic) -> String {
    global_id("Clinic", fixtures::clinic_id(c))
}

/// The global id (`type_name`) of the demo row `kind`/`<clinic>/<key>`.
fn demo(type_name: &str, kind: &str, c: &DemoClinic, key: &str) -> String {
    global_id(type_name, fixtures::id(kind, &format!("{}/{key}", c.key)))
}

fn case(c: &DemoClinic, key: &str) -> String {
    demo("Case", "case", c, key)
}

fn user(clerk_id: &str) -> String {
    global_id("User", fixtures::user_id(clerk_id))
}

fn assert_ok(response: &Value) {
    assert!(error_codes(response).is_empty(), "{response}");
}

fn assert_code(response: &Value, code: &str) {
    assert_eq!(error_codes(response), vec![code.to_owned()], "{response}");
}

/// A BAD_USER_INPUT naming `field`.
fn assert_field(response: &Value, field: &str) {
    assert_code(response, "BAD_USER_INPUT");
    assert_eq!(
        response["errors"][0]["extensions"]["field"], field,
        "{response}"
    );
}

/// Runs one mutation `name(input: $input) { <selection> }` and returns the response.
async fn mutate(
    app: &domain::Database,
    who: &As,
    name: &str,
    selection: &str,
    input: Value,
) -> Value {
    let input_type = format!("{}{}Input", name[..1].to_uppercase(), &name[1..]);
    let query =
        format!("mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} }} }}");
    run(app, who, &query, json!({ "input": input })).await
}

/// The actions of the `n` newest audit events of `table` in a clinic, as its admin sees them.
async fn audit_actions(
    app: &domain::Database,
    who: &As,
    c: &DemoClinic,
    table: &str,
    n: usize,
) -> Vec<String> {
    let query = r#"query($id: ID!, $entity: String!, $n: Int!) {
      clinic(id: $id) { auditEvents(first: $n, filter: { entity: $entity }) { nodes { action } } }
    }"#;
    let response = run(
        app,
        who,
        query,
        json!({ "id": clinic(c), "entity": table, "n": n }),
    )
    .await;
    assert_ok(&response);
    response["data"]["clinic"]["auditEvents"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

fn strs(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| (*s).to_owned()).collect()
}

/// Every global id in a response, with the clinic (slug) its row belongs to.
async fn clinics_of_ids(
    owner: &sea_orm::DatabaseConnection,
    value: &Value,
) -> std::collections::BTreeSet<String> {
    fn collect(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    match (key.as_str(), v.as_str()) {
                        ("id", Some(id)) => out.push(id.to_owned()),
                        _ => collect(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut ids = Vec::new();
    collect(value, &mut ids);
    let mut clinics = std::collections::BTreeSet::new();
    for id in ids {
        let (kind, uuid) = graphql::ids::decode_any(&async_graphql::ID(id)).expect("a global id");
        let table = match kind.as_str() {
            "User" => continue,
            "Clinic" => {
                clinics.insert(
                    scalar::<String>(
                        owner,
                        &format!("SELECT slug FROM clinics WHERE id = '{uuid}'"),
                    )
                    .await,
                );
                continue;
            }
            "Case" => "cases",
            "SoapNote" => "soap_notes",
            "DischargeSummary" => "discharge_summaries",
            "VitalSigns" => "vital_signs",
            "OutboundCall" => "outbound_calls",
            "InboundCall" => "inbound_calls",
            "CallAnalysis" => "call_analysis",
            "OutboundEmail" => "outbound_emails",
            "ClinicMessage" => "clinic_messages",
            "RefillRequest" => "refill_requests",
            other => panic!("unexpected id kind {other}"),
        };
        let sql = format!(
            "SELECT c.slug FROM {table} t JOIN clinics c ON c.id = t.clinic_id WHERE t.id = '{uuid}'"
        );
        clinics.insert(scalar::<String>(owner, &sql).await);
    }
    clinics
}

const CLINIC_LISTS: &str = r#"query($id: ID!) {
  clinic(id: $id) {
    id
    cases(first: 100) {
      totalCount
      nodes {
        id createdBy { id email } updatedBy { id }
        soapNotes { nodes { id case { id } vitalSigns { nodes { id } } dischargeSummaries { nodes { id } } } }
        dischargeSummaries { nodes { id templateId soapNote { id } createdBy { id } } }
        vitalSigns { nodes { id temperature temperatureUnit systolic diastolic soapNote { id } } }
        outboundCalls { nodes { id status analysis { id outboundCall { id } } } }
        outboundEmails { nodes { id status case { id } } }
      }
    }
    outboundCalls(first: 100) { totalCount nodes { id status } }
    inboundCalls(first: 100) {
      totalCount
      nodes {
        id status outcome
        analysis { id inboundCall { id } }
        messages { nodes { id assignedTo { id } inboundCall { id } } }
        refillRequests { nodes { id status approvedBy { id } inboundCall { id } } }
      }
    }
    callAnalyses(first: 100) { totalCount nodes { id attentionSeverity attentionFlaggedAt } }
    flaggedCalls(first: 5) { id attentionSeverity }
    outboundEmails(first: 100) { totalCount nodes { id status } }
    messages(first: 100) { totalCount nodes { id status readAt } }
    refillRequests(first: 100) { totalCount nodes { id status } }
    caseCountsByStatus { status count }
    outboundCallCountsByStatus { status count }
    inboundCallCountsByStatus { status count }
    inboundCallCountsByOutcome { status count }
    messageCountsByStatus { status count }
  }
}"#;

fn total(counts: &Value) -> i64 {
    counts
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum()
}

#[tokio::test]
async fn the_clinic_lists_of_this_area_hold_the_clinics_rows_and_no_others() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    for (who, c) in [(SUNRISE_VIEWER, SUNRISE), (HARBOR_MEMBER, HARBOR)] {
        let response = run(&app, &who, CLINIC_LISTS, json!({ "id": clinic(&c) })).await;
        assert_ok(&response);
        let data = &response["data"]["clinic"];
        for list in [
            "cases",
            "outboundCalls",
            "inboundCalls",
            "callAnalyses",
            "outboundEmails",
            "messages",
            "refillRequests",
        ] {
            assert!(
                data[list]["totalCount"].as_i64().unwrap() > 0,
                "{c:?}: {list} is empty"
            );
        }
        let cases = data["cases"]["nodes"].as_array().unwrap();
        for nested in [
            "soapNotes",
            "dischargeSummaries",
            "vitalSigns",
            "outboundCalls",
            "outboundEmails",
        ] {
            assert!(
                cases
                    .iter()
                    .any(|k| !k[nested]["nodes"].as_array().unwrap().is_empty()),
                "{c:?}: no case has {nested}"
            );
        }
        assert!(
            cases.iter().any(|k| k["createdBy"]["email"].is_string()),
            "{c:?}: createdBy resolves"
        );
        assert!(
            !data["flaggedCalls"].as_array().unwrap().is_empty(),
            "{c:?}: flagged calls"
        );
        assert!(
            data["flaggedCalls"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["attentionSeverity"].is_string())
        );
        // Each dashboard count adds up to its list's total.
        assert_eq!(
            total(&data["caseCountsByStatus"]),
            data["cases"]["totalCount"].as_i64().unwrap()
        );
        assert_eq!(
            total(&data["outboundCallCountsByStatus"]),
            data["outboundCalls"]["totalCount"].as_i64().unwrap()
        );
        assert_eq!(
            total(&data["inboundCallCountsByStatus"]),
            data["inboundCalls"]["totalCount"].as_i64().unwrap()
        );
        assert_eq!(
            total(&data["inboundCallCountsByOutcome"]),
            data["inboundCalls"]["totalCount"].as_i64().unwrap()
        );
        assert_eq!(
            total(&data["messageCountsByStatus"]),
            data["messages"]["totalCount"].as_i64().unwrap()
        );
        let seen = clinics_of_ids(&owner, &response["data"]).await;
        assert_eq!(
            seen,
            std::collections::BTreeSet::from([c.slug.to_owned()]),
            "{c:?} saw rows of {seen:?}"
        );
    }
}

#[tokio::test]
async fn filters_and_counts_narrow_the_lists() {
    let db = TestDb::demo().await;
    let app = db.app();
    let query = r#"query($id: ID!) {
      clinic(id: $id) {
        queued: outboundCalls(filter: { status: [QUEUED] }) { nodes { status } }
        mochi: outboundCalls(filter: { caseId: "CASE" }) { nodes { id } }
        refills: inboundCalls(filter: { outcome: [REFILL_REQUESTED] }) { nodes { outcome } }
        byPhone: inboundCalls(filter: { customerPhone: "(555) 010-1001" }) { nodes { customerPhone } }
        read: messages(filter: { unread: false }) { nodes { readAt } }
        high: messages(filter: { priority: [HIGH, URGENT] }) { nodes { priority } }
        approvedRefills: refillRequests(filter: { status: [APPROVED] }) { nodes { status } }
        bounced: outboundEmails(filter: { status: [BOUNCED] }) { nodes { status } }
        escalated: callAnalyses(filter: { escalationTriggered: true }) { nodes { escalationTriggered } }
        none: caseCountsByStatus(createdAt: { from: "2000-01-01T00:00:00Z", to: "2000-01-02T00:00:00Z" }) { count }
        sorted: outboundCalls(orderBy: { field: SCHEDULED_FOR, direction: ASC }) { nodes { scheduledFor } }
      }
    }"#
    .replace("CASE", &case(&SUNRISE, "mochi-spay"));
    let response = run(
        &app,
        &SUNRISE_MEMBER,
        &query,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_ok(&response);
    let data = &response["data"]["clinic"];
    let all = |list: &str, field: &str, ok: &dyn Fn(&Value) -> bool| {
        let nodes = data[list]["nodes"].as_array().unwrap();
        assert!(!nodes.is_empty(), "{list} is empty: {data}");
        assert!(nodes.iter().all(|n| ok(&n[field])), "{list}: {data}");
    };
    all("queued", "status", &|v| v == "QUEUED");
    all("mochi", "id", &|v| {
        v == &json!(demo("OutboundCall", "outbound_call", &SUNRISE, "mochi-1"))
    });
    all("refills", "outcome", &|v| v == "REFILL_REQUESTED");
    all("byPhone", "customerPhone", &|v| v == "+15550101001");
    all("read", "readAt", &|v| v.is_string());
    all("high", "priority", &|v| v == "HIGH" || v == "URGENT");
    all("approvedRefills", "status", &|v| v == "APPROVED");
    all("bounced", "status", &|v| v == "BOUNCED");
    all("escalated", "escalationTriggered", &|v| v == true);
    assert!(
        data["none"].as_array().unwrap().is_empty(),
        "no case was created in 2000"
    );
    let times: Vec<&str> = data["sorted"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["scheduledFor"].as_str())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");

    let bad = run(&app, &SUNRISE_MEMBER, r#"query($id: ID!) { clinic(id: $id) { inboundCalls(filter: { customerPhone: "5" }) { nodes { id } } } }"#, json!({ "id": clinic(&SUNRISE) })).await;
    assert_field(&bad, "filter.customerPhone");
}

#[tokio::test]
async fn cases_update_and_delete_by_the_right_role() {
    let db = TestDb::demo().await;
    let app = db.app();
    let luna = case(&SUNRISE, "luna-dental");
    let selection = "case { id status isStarred callDelayDays scheduledAt updatedBy { email } patient { name } client { displayName } patientSnapshot { name ownerName } }";

    let updated = mutate(&app, &SUNRISE_MEMBER, "updateCase", selection, json!({
        "id": luna, "status": "REVIEWED", "isStarred": true, "callDelayDays": 3, "scheduledAt": null,
    }))
    .await;
    assert_ok(&updated);
    let case_row = &updated["data"]["updateCase"]["case"];
    assert_eq!(case_row["status"], "REVIEWED");
    assert_eq!(case_row["isStarred"], true);
    assert_eq!(case_row["callDelayDays"], 3);
    assert!(case_row["scheduledAt"].is_null());
    assert_eq!(
        case_row["updatedBy"]["email"],
        fixtures::user(fixtures::USER_SUNRISE_MEMBER).email
    );

    // A new patient brings its owner along, and the snapshot follows.
    let milo = demo("Patient", "patient", &SUNRISE, "gonzalez/milo");
    let moved = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateCase",
        selection,
        json!({ "id": luna, "patientId": milo }),
    )
    .await;
    assert_ok(&moved);
    assert_eq!(
        moved["data"]["updateCase"]["case"]["patient"]["name"],
        "Milo"
    );
    assert_eq!(
        moved["data"]["updateCase"]["case"]["patientSnapshot"]["name"],
        "Milo"
    );
    // The patient must belong to the client; references must be of this clinic.
    let hayes = demo("Client", "client", &SUNRISE, "hayes");
    let mismatch = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateCase",
        "case { id }",
        json!({ "id": luna, "clientId": hayes }),
    )
    .await;
    assert_field(&mismatch, "input.clientId");
    let harbor_patient = demo("Patient", "patient", &HARBOR, "kowalski/bear");
    let foreign = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateCase",
        "case { id }",
        json!({ "id": luna, "patientId": harbor_patient }),
    )
    .await;
    assert_field(&foreign, "input.patientId");
    let negative = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateCase",
        "case { id }",
        json!({ "id": luna, "emailDelayDays": -1 }),
    )
    .await;
    assert_field(&negative, "input.emailDelayDays");

    // Roles and tenants.
    let viewer = mutate(
        &app,
        &SUNRISE_VIEWER,
        "updateCase",
        "case { id }",
        json!({ "id": luna, "isUrgent": true }),
    )
    .await;
    assert_code(&viewer, "FORBIDDEN");
    let other = mutate(
        &app,
        &HARBOR_ADMIN,
        "updateCase",
        "case { id }",
        json!({ "id": luna, "isUrgent": true }),
    )
    .await;
    assert_code(&other, "NOT_FOUND");

    // Delete: admins only; a fresh case (no calls or e-mails refer to it) goes.
    let created = mutate(
        &app,
        &SUNRISE_MEMBER,
        "createCase",
        "case { id }",
        json!({ "clinicId": clinic(&SUNRISE), "caseType": "recheck" }),
    )
    .await;
    assert_ok(&created);
    let fresh = created["data"]["createCase"]["case"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let member = mutate(
        &app,
        &SUNRISE_MEMBER,
        "deleteCase",
        "deletedCaseId",
        json!({ "id": fresh }),
    )
    .await;
    assert_code(&member, "FORBIDDEN");
    let deleted = mutate(
        &app,
        &SUNRISE_ADMIN,
        "deleteCase",
        "deletedCaseId",
        json!({ "id": fresh }),
    )
    .await;
    assert_ok(&deleted);
    assert_eq!(deleted["data"]["deleteCase"]["deletedCaseId"], fresh);
    // A case its calls still refer to cannot go.
    let referenced = mutate(
        &app,
        &SUNRISE_ADMIN,
        "deleteCase",
        "deletedCaseId",
        json!({ "id": luna }),
    )
    .await;
    assert_code(&referenced, "BAD_USER_INPUT");
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "cases", 4).await,
        strs(&["delete", "create", "update", "update"])
    );
}

#[tokio::test]
async fn notes_summaries_and_vitals_round_trip() {
    let db = TestDb::demo().await;
    let app = db.app();
    let milo = case(&SUNRISE, "milo-wellness");

    // SOAP note.
    let note = mutate(
        &app,
        &SUNRISE_MEMBER,
        "createSoapNote",
        "soapNote { id subjective case { id } }",
        json!({
            "caseId": milo, "subjective": "Annual visit, no concerns.", "plan": "Vaccines due",
        }),
    )
    .await;
    assert_ok(&note);
    let note_id = note["data"]["createSoapNote"]["soapNote"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        note["data"]["createSoapNote"]["soapNote"]["case"]["id"],
        milo
    );
    let blank = mutate(
        &app,
        &SUNRISE_MEMBER,
        "createSoapNote",
        "soapNote { id }",
        json!({ "caseId": milo, "plan": "  " }),
    )
    .await;
    assert_field(&blank, "input.plan");
    let updated = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateSoapNote",
        "soapNote { plan assessment }",
        json!({ "id": note_id, "plan": null, "assessment": "Healthy" }),
    )
    .await;
    assert_ok(&updated);
    assert!(updated["data"]["updateSoapNote"]["soapNote"]["plan"].is_null());
    let viewer = mutate(
        &app,
        &SUNRISE_VIEWER,
        "createSoapNote",
        "soapNote { id }",
        json!({ "caseId": milo }),
    )
    .await;
    assert_code(&viewer, "FORBIDDEN");
    let foreign = mutate(
        &app,
        &HARBOR_MEMBER,
        "createSoapNote",
        "soapNote { id }",
        json!({ "caseId": milo }),
    )
    .await;
    assert_field(&foreign, "input.caseId");
    let foreign_update = mutate(
        &app,
        &HARBOR_MEMBER,
        "updateSoapNote",
        "soapNote { id }",
        json!({ "id": note_id, "plan": "x" }),
    )
    .await;
    assert_code(&foreign_update, "NOT_FOUND");

    // Discharge summary: the note must be of the same case, the template the clinic's or global.
    let other_note = demo("SoapNote", "soap_note", &SUNRISE, "luna-dental");
    let global_template = global_id(
        "DischargeTemplate",
        fixtures::id("discharge_template", "global/standard"),
    );
    let harbor_template = demo("DischargeTemplate", "discharge_template", &HARBOR, "own");
    let wrong_note = mutate(
        &app,
        &SUNRISE_MEMBER,
        "createDischargeSummary",
        "dischargeSummary { id }",
        json!({ "caseId": milo, "soapNoteId": other_note }),
    )
    .await;
    assert_field(&wrong_note, "input.soapNoteId");
    let wrong_template = mutate(
        &app,
        &SUNRISE_MEMBER,
        "createDischargeSummary",
        "dischargeSummary { id }",
        json!({ "caseId": milo, "templateId": harbor_template }),
    )
    .await;
    assert_field(&wrong_template, "input.templateId");
    let no_name = mutate(
        &app,
        &SUNRISE_MEMBER,
        "createDischargeSummary",
        "dischargeSummary { id }",
        json!({
            "caseId": milo, "structuredContent": { "medications": [{ "name": " " }] },
        }),
    )
    .await;
    assert_field(&no_name, "input.structuredContent.medications[0].name");
    let summary = mutate(&app, &SUNRISE_MEMBER, "createDischargeSummary", "dischargeSummary { id templateId soapNote { id } createdBy { email } structuredContent }", json!({
        "caseId": milo, "soapNoteId": note_id, "templateId": global_template, "content": "Milo is healthy.",
        "structuredContent": { "diagnosis": "healthy", "medications": [{ "name": "Heartworm preventive", "frequency": "monthly" }], "warningSigns": ["lethargy"] },
    }))
    .await;
    assert_ok(&summary);
    let s = &summary["data"]["createDischargeSummary"]["dischargeSummary"];
    assert_eq!(s["templateId"], global_template);
    assert_eq!(s["soapNote"]["id"], note_id);
    assert_eq!(
        s["createdBy"]["email"],
        fixtures::user(fixtures::USER_SUNRISE_MEMBER).email
    );
    assert_eq!(
        s["structuredContent"]["medications"][0]["name"],
        "Heartworm preventive"
    );
    let summary_id = s["id"].as_str().unwrap().to_owned();
    let cleared = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateDischargeSummary",
        "dischargeSummary { templateId content }",
        json!({ "id": summary_id, "templateId": null, "content": "Updated." }),
    )
    .await;
    assert_ok(&cleared);
    assert!(cleared["data"]["updateDischargeSummary"]["dischargeSummary"]["templateId"].is_null());

    // Vital signs.
    let low_systolic = mutate(
        &app,
        &SUNRISE_MEMBER,
        "createVitalSigns",
        "vitalSigns { id }",
        json!({ "caseId": milo, "systolic": 80, "diastolic": 90 }),
    )
    .await;
    assert_field(&low_systolic, "input.systolic");
    let negative = mutate(
        &app,
        &SUNRISE_MEMBER,
        "createVitalSigns",
        "vitalSigns { id }",
        json!({ "caseId": milo, "pulse": -4 }),
    )
    .await;
    assert_field(&negative, "input.pulse");
    let unit = mutate(
        &app,
        &SUNRISE_MEMBER,
        "createVitalSigns",
        "vitalSigns { id }",
        json!({ "caseId": milo, "weightUnit": "stone" }),
    )
    .await;
    assert_field(&unit, "input.weightUnit");
    let vitals = mutate(&app, &SUNRISE_MEMBER, "createVitalSigns", "vitalSigns { id temperature temperatureUnit weight weightUnit measuredAt soapNote { id } }", json!({
        "caseId": milo, "soapNoteId": note_id, "temperature": "101.5", "pulse": 90, "respiration": 22, "weight": "12.4", "systolic": 130, "diastolic": 80,
    }))
    .await;
    assert_ok(&vitals);
    let v = &vitals["data"]["createVitalSigns"]["vitalSigns"];
    assert_eq!(v["temperatureUnit"], "F", "the column default");
    assert_eq!(v["weightUnit"], "kg");
    assert!(v["measuredAt"].is_string());
    let vitals_id = v["id"].as_str().unwrap().to_owned();
    // A new diastolic value is checked against the stored systolic one.
    let crossed = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateVitalSigns",
        "vitalSigns { id }",
        json!({ "id": vitals_id, "diastolic": 140 }),
    )
    .await;
    assert_field(&crossed, "input.diastolic");
    let changed = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateVitalSigns",
        "vitalSigns { diastolic notes }",
        json!({ "id": vitals_id, "diastolic": 85, "notes": "calm" }),
    )
    .await;
    assert_ok(&changed);
    assert_eq!(
        changed["data"]["updateVitalSigns"]["vitalSigns"]["diastolic"],
        85
    );
    // A note of another case of the same clinic is refused on create and on update alike.
    let other_case_note = mutate(
        &app,
        &SUNRISE_MEMBER,
        "createVitalSigns",
        "vitalSigns { id }",
        json!({ "caseId": milo, "soapNoteId": other_note }),
    )
    .await;
    assert_field(&other_case_note, "input.soapNoteId");
    let moved_note = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateVitalSigns",
        "vitalSigns { id }",
        json!({ "id": vitals_id, "soapNoteId": other_note }),
    )
    .await;
    assert_field(&moved_note, "input.soapNoteId");
    let cleared_note = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateVitalSigns",
        "vitalSigns { soapNote { id } }",
        json!({ "id": vitals_id, "soapNoteId": null }),
    )
    .await;
    assert_ok(&cleared_note);
    assert!(cleared_note["data"]["updateVitalSigns"]["vitalSigns"]["soapNote"].is_null());

    // Deletes: admins only; a note that summaries or vitals refer to stays until they go.
    let member = mutate(
        &app,
        &SUNRISE_MEMBER,
        "deleteVitalSigns",
        "deletedVitalSignsId",
        json!({ "id": vitals_id }),
    )
    .await;
    assert_code(&member, "FORBIDDEN");
    let referenced = mutate(
        &app,
        &SUNRISE_ADMIN,
        "deleteSoapNote",
        "deletedSoapNoteId",
        json!({ "id": note_id }),
    )
    .await;
    assert_code(&referenced, "BAD_USER_INPUT");
    for (name, field, id) in [
        ("deleteVitalSigns", "deletedVitalSignsId", &vitals_id),
        (
            "deleteDischargeSummary",
            "deletedDischargeSummaryId",
            &summary_id,
        ),
        ("deleteSoapNote", "deletedSoapNoteId", &note_id),
    ] {
        let deleted = mutate(&app, &SUNRISE_ADMIN, name, field, json!({ "id": id })).await;
        assert_ok(&deleted);
        assert_eq!(&deleted["data"][name][field], id);
    }
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "soap_notes", 3).await,
        strs(&["delete", "update", "create"])
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "discharge_summaries", 3).await,
        strs(&["delete", "update", "create"])
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "vital_signs", 4).await,
        strs(&["delete", "update", "update", "create"])
    );
}

#[tokio::test]
async fn outbound_calls_are_scheduled_by_staff_and_completed_by_the_service() {
    let db = TestDb::demo().await;
    let app = db.app();
    let milo = case(&SUNRISE, "milo-wellness");
    let bad_phone = mutate(
        &app,
        &SUNRISE_MEMBER,
        "scheduleOutboundCall",
        "outboundCall { id }",
        json!({
            "caseId": milo, "customerPhone": "call me", "scheduledFor": "2026-11-05T16:00:00Z",
        }),
    )
    .await;
    assert_field(&bad_phone, "input.customerPhone");
    let viewer = mutate(
        &app,
        &SUNRISE_VIEWER,
        "scheduleOutboundCall",
        "outboundCall { id }",
        json!({
            "caseId": milo, "customerPhone": "+15550101001", "scheduledFor": "2026-11-05T16:00:00Z",
        }),
    )
    .await;
    assert_code(&viewer, "FORBIDDEN");
    let foreign = mutate(
        &app,
        &HARBOR_MEMBER,
        "scheduleOutboundCall",
        "outboundCall { id }",
        json!({
            "caseId": milo, "customerPhone": "+15550101001", "scheduledFor": "2026-11-05T16:00:00Z",
        }),
    )
    .await;
    assert_field(&foreign, "input.caseId");
    let scheduled = mutate(
        &app,
        &SUNRISE_MEMBER,
        "scheduleOutboundCall",
        "outboundCall { id status case { id } }",
        json!({
            "caseId": milo, "customerPhone": "+15550101001", "scheduledFor": "2026-11-05T16:00:00Z",
        }),
    )
    .await;
    assert_ok(&scheduled);
    let call = &scheduled["data"]["scheduleOutboundCall"]["outboundCall"];
    assert_eq!(call["status"], "QUEUED");
    assert_eq!(call["case"]["id"], milo);
    let call_id = call["id"].as_str().unwrap().to_owned();

    // Staff may only cancel; a cancelled call is not rescheduled.
    let ended = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateOutboundCall",
        "outboundCall { id }",
        json!({ "id": call_id, "status": "ENDED" }),
    )
    .await;
    assert_field(&ended, "input.status");
    let cancelled = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateOutboundCall",
        "outboundCall { status reviewCategory }",
        json!({
            "id": call_id, "status": "CANCELLED", "reviewCategory": "no_answer",
        }),
    )
    .await;
    assert_ok(&cancelled);
    assert_eq!(
        cancelled["data"]["updateOutboundCall"]["outboundCall"]["status"],
        "CANCELLED"
    );
    let late = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateOutboundCall",
        "outboundCall { id }",
        json!({ "id": call_id, "scheduledFor": "2026-11-06T16:00:00Z" }),
    )
    .await;
    assert_field(&late, "input.scheduledFor");
    // Its review may be filed whatever its status, but not blank.
    let reviewed = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateOutboundCall",
        "outboundCall { status reviewCategory }",
        json!({ "id": call_id, "reviewCategory": "voicemail" }),
    )
    .await;
    assert_ok(&reviewed);
    assert_eq!(
        reviewed["data"]["updateOutboundCall"]["outboundCall"]["reviewCategory"],
        "voicemail"
    );
    let blank = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateOutboundCall",
        "outboundCall { id }",
        json!({ "id": call_id, "reviewCategory": "  " }),
    )
    .await;
    assert_field(&blank, "input.reviewCategory");
    let other = mutate(
        &app,
        &HARBOR_ADMIN,
        "updateOutboundCall",
        "outboundCall { id }",
        json!({ "id": call_id, "reviewCategory": "x" }),
    )
    .await;
    assert_code(&other, "NOT_FOUND");

    // The result is the telephony webhook's (the service principal) to record.
    let result = json!({
        "id": call_id, "status": "ENDED", "vapiCallId": "test-out-1", "startedAt": "2026-11-05T16:00:05Z", "endedAt": "2026-11-05T16:03:05Z",
        "durationSeconds": 180, "cost": "0.42", "transcript": "AI: Hello", "transcriptMessages": [{ "role": "assistant", "message": "Hello" }],
    });
    let by_member = mutate(
        &app,
        &SUNRISE_MEMBER,
        "recordOutboundCallResult",
        "outboundCall { id }",
        result.clone(),
    )
    .await;
    assert_code(&by_member, "FORBIDDEN");
    let reversed = mutate(&app, &As::Service, "recordOutboundCallResult", "outboundCall { id }", json!({
        "id": call_id, "status": "ENDED", "startedAt": "2026-11-05T16:03:05Z", "endedAt": "2026-11-05T16:00:05Z",
    }))
    .await;
    assert_field(&reversed, "input.endedAt");
    let not_array = mutate(
        &app,
        &As::Service,
        "recordOutboundCallResult",
        "outboundCall { id }",
        json!({ "id": call_id, "status": "ENDED", "transcriptMessages": { "a": 1 } }),
    )
    .await;
    assert_field(&not_array, "input.transcriptMessages");
    let recorded = mutate(
        &app,
        &As::Service,
        "recordOutboundCallResult",
        "outboundCall { status vapiCallId durationSeconds cost transcriptMessages }",
        result,
    )
    .await;
    assert_ok(&recorded);
    let call = &recorded["data"]["recordOutboundCallResult"]["outboundCall"];
    assert_eq!(call["status"], "ENDED");
    assert_eq!(call["durationSeconds"], 180);
    assert_eq!(call["transcriptMessages"][0]["role"], "assistant");

    let member_delete = mutate(
        &app,
        &SUNRISE_MEMBER,
        "deleteOutboundCall",
        "deletedOutboundCallId",
        json!({ "id": call_id }),
    )
    .await;
    assert_code(&member_delete, "FORBIDDEN");
    let deleted = mutate(
        &app,
        &SUNRISE_ADMIN,
        "deleteOutboundCall",
        "deletedOutboundCallId",
        json!({ "id": call_id }),
    )
    .await;
    assert_ok(&deleted);
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "outbound_calls", 5).await,
        strs(&["delete", "update", "update", "update", "create"])
    );
}

#[tokio::test]
async fn inbound_calls_are_recorded_by_the_service_and_confirmed_by_staff() {
    let db = TestDb::demo().await;
    let app = db.app();
    let input = json!({
        "clinicId": clinic(&SUNRISE), "vapiCallId": "test-in-1", "customerPhone": "+15550101009", "status": "ENDED",
        "outcome": "INFO_PROVIDED", "startedAt": "2026-11-02T17:00:00Z", "endedAt": "2026-11-02T17:02:00Z", "durationSeconds": 120,
    });
    let by_member = mutate(
        &app,
        &SUNRISE_MEMBER,
        "recordInboundCall",
        "inboundCall { id }",
        input.clone(),
    )
    .await;
    assert_code(&by_member, "FORBIDDEN");
    let bad_phone = mutate(
        &app,
        &As::Service,
        "recordInboundCall",
        "inboundCall { id }",
        json!({ "clinicId": clinic(&SUNRISE), "vapiCallId": "x", "customerPhone": "12" }),
    )
    .await;
    assert_field(&bad_phone, "input.customerPhone");
    let recorded = mutate(
        &app,
        &As::Service,
        "recordInboundCall",
        "inboundCall { id outcome status }",
        input.clone(),
    )
    .await;
    assert_ok(&recorded);
    let call_id = recorded["data"]["recordInboundCall"]["inboundCall"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let again = mutate(
        &app,
        &As::Service,
        "recordInboundCall",
        "inboundCall { id }",
        input,
    )
    .await;
    assert_code(&again, "CONFLICT");

    let listed = run(&app, &SUNRISE_VIEWER, r#"query($id: ID!) { clinic(id: $id) { inboundCalls(first: 1, filter: { customerPhone: "555-010-1009" }) { nodes { id } } } }"#, json!({ "id": clinic(&SUNRISE) })).await;
    assert_ok(&listed);
    assert_eq!(
        listed["data"]["clinic"]["inboundCalls"]["nodes"][0]["id"],
        call_id
    );

    let confirmed = mutate(&app, &SUNRISE_MEMBER, "updateInboundCall", "inboundCall { outcome actionConfirmed displayTranscript useDisplayTranscript }", json!({
        "id": call_id, "outcome": "MESSAGE_TAKEN", "actionConfirmed": true, "displayTranscript": "masked", "useDisplayTranscript": true,
    }))
    .await;
    assert_ok(&confirmed);
    assert_eq!(
        confirmed["data"]["updateInboundCall"]["inboundCall"]["outcome"],
        "MESSAGE_TAKEN"
    );
    let viewer = mutate(
        &app,
        &SUNRISE_VIEWER,
        "updateInboundCall",
        "inboundCall { id }",
        json!({ "id": call_id, "actionConfirmed": false }),
    )
    .await;
    assert_code(&viewer, "FORBIDDEN");
    let other = mutate(
        &app,
        &HARBOR_ADMIN,
        "updateInboundCall",
        "inboundCall { id }",
        json!({ "id": call_id, "actionConfirmed": false }),
    )
    .await;
    assert_code(&other, "NOT_FOUND");
    let member_delete = mutate(
        &app,
        &SUNRISE_MEMBER,
        "deleteInboundCall",
        "deletedInboundCallId",
        json!({ "id": call_id }),
    )
    .await;
    assert_code(&member_delete, "FORBIDDEN");
    let deleted = mutate(
        &app,
        &SUNRISE_ADMIN,
        "deleteInboundCall",
        "deletedInboundCallId",
        json!({ "id": call_id }),
    )
    .await;
    assert_ok(&deleted);
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "inbound_calls", 3).await,
        strs(&["delete", "update", "create"])
    );
}

#[tokio::test]
async fn call_analyses_are_upserted_by_the_service() {
    let db = TestDb::demo().await;
    let app = db.app();
    let inbound = demo("InboundCall", "inbound_call", &SUNRISE, "info-hours");
    let outbound = demo("OutboundCall", "outbound_call", &SUNRISE, "mochi-1");
    let selection = "callAnalysis { id attentionSeverity attentionFlaggedAt summary followUpNeeded inboundCall { id } outboundCall { id } } created";

    let both = mutate(
        &app,
        &As::Service,
        "upsertCallAnalysis",
        selection,
        json!({ "inboundCallId": inbound, "outboundCallId": outbound }),
    )
    .await;
    assert_field(&both, "input.outboundCallId");
    let neither = mutate(
        &app,
        &As::Service,
        "upsertCallAnalysis",
        selection,
        json!({ "summary": "?" }),
    )
    .await;
    assert_field(&neither, "input.inboundCallId");
    let by_member = mutate(
        &app,
        &SUNRISE_MEMBER,
        "upsertCallAnalysis",
        selection,
        json!({ "outboundCallId": outbound, "summary": "x" }),
    )
    .await;
    assert_code(&by_member, "FORBIDDEN");
    let foreign = mutate(
        &app,
        &HARBOR_MEMBER,
        "upsertCallAnalysis",
        selection,
        json!({ "outboundCallId": outbound, "summary": "x" }),
    )
    .await;
    assert_code(&foreign, "BAD_USER_INPUT");

    // The queued call has no analysis yet: created. The second time, the same row is updated.
    let created = mutate(
        &app,
        &As::Service,
        "upsertCallAnalysis",
        selection,
        json!({ "outboundCallId": outbound, "summary": "No answer", "followUpNeeded": true }),
    )
    .await;
    assert_ok(&created);
    let first = &created["data"]["upsertCallAnalysis"];
    assert_eq!(first["created"], true);
    assert_eq!(first["callAnalysis"]["outboundCall"]["id"], outbound);
    assert!(first["callAnalysis"]["attentionFlaggedAt"].is_null());
    let id = first["callAnalysis"]["id"].as_str().unwrap().to_owned();
    let flagged = mutate(
        &app,
        &As::Service,
        "upsertCallAnalysis",
        selection,
        json!({ "outboundCallId": outbound, "attentionSeverity": "HIGH" }),
    )
    .await;
    assert_ok(&flagged);
    let second = &flagged["data"]["upsertCallAnalysis"];
    assert_eq!(second["created"], false);
    assert_eq!(second["callAnalysis"]["id"], id);
    assert_eq!(
        second["callAnalysis"]["summary"], "No answer",
        "absent fields are kept"
    );
    assert!(
        second["callAnalysis"]["attentionFlaggedAt"].is_string(),
        "a severity flags the call"
    );

    let listed = run(&app, &SUNRISE_VIEWER, r#"query($id: ID!) { clinic(id: $id) {
        flaggedCalls(first: 100) { id }
        callAnalyses(first: 100, filter: { attentionSeverity: [HIGH], followUpNeeded: true }) { nodes { id } }
    } }"#, json!({ "id": clinic(&SUNRISE) }))
    .await;
    assert_ok(&listed);
    assert!(
        listed["data"]["clinic"]["flaggedCalls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == id)
    );
    assert!(
        listed["data"]["clinic"]["callAnalyses"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == id)
    );

    let member_delete = mutate(
        &app,
        &SUNRISE_MEMBER,
        "deleteCallAnalysis",
        "deletedCallAnalysisId",
        json!({ "id": id }),
    )
    .await;
    assert_code(&member_delete, "FORBIDDEN");
    let deleted = mutate(
        &app,
        &SUNRISE_ADMIN,
        "deleteCallAnalysis",
        "deletedCallAnalysisId",
        json!({ "id": id }),
    )
    .await;
    assert_ok(&deleted);
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "call_analysis", 3).await,
        strs(&["delete", "update", "create"])
    );
}

#[tokio::test]
async fn outbound_emails_change_only_while_queued() {
    let db = TestDb::demo().await;
    let app = db.app();
    let milo = case(&SUNRISE, "milo-wellness");
    let input = json!({
        "caseId": milo, "recipientEmail": "maria@example.com", "subject": "Milo's visit", "textContent": "Hi", "scheduledFor": "2026-11-03T18:00:00Z",
    });
    let mut bad = input.clone();
    bad["recipientEmail"] = json!("not-an-address");
    assert_field(
        &mutate(
            &app,
            &SUNRISE_MEMBER,
            "scheduleOutboundEmail",
            "outboundEmail { id }",
            bad,
        )
        .await,
        "input.recipientEmail",
    );
    let mut empty = input.clone();
    empty["textContent"] = Value::Null;
    assert_field(
        &mutate(
            &app,
            &SUNRISE_MEMBER,
            "scheduleOutboundEmail",
            "outboundEmail { id }",
            empty,
        )
        .await,
        "input.textContent",
    );
    assert_code(
        &mutate(
            &app,
            &SUNRISE_VIEWER,
            "scheduleOutboundEmail",
            "outboundEmail { id }",
            input.clone(),
        )
        .await,
        "FORBIDDEN",
    );
    assert_field(
        &mutate(
            &app,
            &HARBOR_MEMBER,
            "scheduleOutboundEmail",
            "outboundEmail { id }",
            input.clone(),
        )
        .await,
        "input.caseId",
    );

    let scheduled = mutate(
        &app,
        &SUNRISE_MEMBER,
        "scheduleOutboundEmail",
        "outboundEmail { id status case { id } }",
        input,
    )
    .await;
    assert_ok(&scheduled);
    let email = &scheduled["data"]["scheduleOutboundEmail"]["outboundEmail"];
    assert_eq!(email["status"], "QUEUED");
    let id = email["id"].as_str().unwrap().to_owned();
    let updated = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateOutboundEmail",
        "outboundEmail { subject htmlContent }",
        json!({ "id": id, "subject": "Milo's summary", "htmlContent": "<p>Hi</p>" }),
    )
    .await;
    assert_ok(&updated);
    assert_eq!(
        updated["data"]["updateOutboundEmail"]["outboundEmail"]["subject"],
        "Milo's summary"
    );
    let cancelled = mutate(
        &app,
        &SUNRISE_MEMBER,
        "cancelOutboundEmail",
        "outboundEmail { status }",
        json!({ "id": id }),
    )
    .await;
    assert_ok(&cancelled);
    assert_eq!(
        cancelled["data"]["cancelOutboundEmail"]["outboundEmail"]["status"],
        "CANCELLED"
    );
    let too_late = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateOutboundEmail",
        "outboundEmail { id }",
        json!({ "id": id, "subject": "again" }),
    )
    .await;
    assert_field(&too_late, "input.id");
    // A delivered demo e-mail cannot be changed either; another clinic's is not found.
    let delivered = demo("OutboundEmail", "outbound_email", &SUNRISE, "luna-dental");
    assert_field(
        &mutate(
            &app,
            &SUNRISE_MEMBER,
            "cancelOutboundEmail",
            "outboundEmail { id }",
            json!({ "id": delivered }),
        )
        .await,
        "input.id",
    );
    assert_code(
        &mutate(
            &app,
            &HARBOR_ADMIN,
            "cancelOutboundEmail",
            "outboundEmail { id }",
            json!({ "id": id }),
        )
        .await,
        "NOT_FOUND",
    );

    assert_code(
        &mutate(
            &app,
            &SUNRISE_MEMBER,
            "deleteOutboundEmail",
            "deletedOutboundEmailId",
            json!({ "id": id }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_ok(
        &mutate(
            &app,
            &SUNRISE_ADMIN,
            "deleteOutboundEmail",
            "deletedOutboundEmailId",
            json!({ "id": id }),
        )
        .await,
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "outbound_emails", 4).await,
        strs(&["delete", "update", "update", "create"])
    );
}

#[tokio::test]
async fn clinic_messages_are_triaged_and_assigned_within_the_clinic() {
    let db = TestDb::demo().await;
    let app = db.app();
    let call = demo("InboundCall", "inbound_call", &SUNRISE, "info-hours");
    let harbor_call = demo("InboundCall", "inbound_call", &HARBOR, "info-parking");
    let base = json!({ "clinicId": clinic(&SUNRISE), "messageContent": "Please call back about Luna", "callerPhone": "+15550101001" });
    let with = |key: &str, value: Value| {
        let mut input = base.clone();
        input[key] = value;
        input
    };
    assert_field(
        &mutate(
            &app,
            &SUNRISE_MEMBER,
            "createClinicMessage",
            "clinicMessage { id }",
            with("messageContent", json!(" ")),
        )
        .await,
        "input.messageContent",
    );
    assert_field(
        &mutate(
            &app,
            &SUNRISE_MEMBER,
            "createClinicMessage",
            "clinicMessage { id }",
            with("inboundCallId", json!(harbor_call)),
        )
        .await,
        "input.inboundCallId",
    );
    assert_field(
        &mutate(
            &app,
            &SUNRISE_MEMBER,
            "createClinicMessage",
            "clinicMessage { id }",
            with(
                "assignedToUserId",
                json!(user(fixtures::USER_HARBOR_MEMBER)),
            ),
        )
        .await,
        "input.assignedToUserId",
    );
    assert_code(
        &mutate(
            &app,
            &SUNRISE_VIEWER,
            "createClinicMessage",
            "clinicMessage { id }",
            base.clone(),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &mutate(
            &app,
            &HARBOR_MEMBER,
            "createClinicMessage",
            "clinicMessage { id }",
            base.clone(),
        )
        .await,
        "NOT_FOUND",
    );

    let created = mutate(
        &app,
        &SUNRISE_MEMBER,
        "createClinicMessage",
        "clinicMessage { id status priority readAt inboundCall { id } }",
        with("inboundCallId", json!(call)),
    )
    .await;
    assert_ok(&created);
    let message = &created["data"]["createClinicMessage"]["clinicMessage"];
    assert_eq!(message["status"], "NEW");
    assert_eq!(message["priority"], "NORMAL");
    assert!(message["readAt"].is_null());
    let id = message["id"].as_str().unwrap().to_owned();
    let unread = run(&app, &SUNRISE_VIEWER, r#"query($id: ID!) { clinic(id: $id) { messages(filter: { unread: true, status: [NEW] }) { nodes { id } } } }"#, json!({ "id": clinic(&SUNRISE) })).await;
    assert_eq!(
        unread["data"]["clinic"]["messages"]["nodes"],
        json!([{ "id": id }]),
        "{unread}"
    );

    let selection = "clinicMessage { status priority readAt assignedTo { email } }";
    let foreign_assignee = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateClinicMessage",
        selection,
        json!({ "id": id, "assignedToUserId": user(fixtures::USER_HARBOR_MEMBER) }),
    )
    .await;
    assert_field(&foreign_assignee, "input.assignedToUserId");
    let read = mutate(&app, &SUNRISE_MEMBER, "updateClinicMessage", selection, json!({
        "id": id, "status": "READ", "priority": "HIGH", "assignedToUserId": user(fixtures::USER_SUNRISE_ADMIN),
    }))
    .await;
    assert_ok(&read);
    let m = &read["data"]["updateClinicMessage"]["clinicMessage"];
    assert_eq!(m["status"], "READ");
    assert!(m["readAt"].is_string(), "reading sets readAt");
    assert_eq!(
        m["assignedTo"]["email"],
        fixtures::user(fixtures::USER_SUNRISE_ADMIN).email
    );
    let assigned = run(&app, &SUNRISE_VIEWER, r#"query($id: ID!, $user: ID!) { clinic(id: $id) { messages(filter: { assignedToUserId: $user, unread: false }) { nodes { id } } } }"#, json!({
        "id": clinic(&SUNRISE), "user": user(fixtures::USER_SUNRISE_ADMIN),
    }))
    .await;
    assert!(
        assigned["data"]["clinic"]["messages"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == id.as_str()),
        "{assigned}"
    );
    let unassigned = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateClinicMessage",
        selection,
        json!({ "id": id, "assignedToUserId": null, "status": "NEW" }),
    )
    .await;
    assert_ok(&unassigned);
    assert!(unassigned["data"]["updateClinicMessage"]["clinicMessage"]["assignedTo"].is_null());
    assert!(
        unassigned["data"]["updateClinicMessage"]["clinicMessage"]["readAt"].is_null(),
        "back to NEW is unread"
    );

    assert_code(
        &mutate(
            &app,
            &SUNRISE_VIEWER,
            "updateClinicMessage",
            "clinicMessage { id }",
            json!({ "id": id, "status": "READ" }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &mutate(
            &app,
            &HARBOR_ADMIN,
            "updateClinicMessage",
            "clinicMessage { id }",
            json!({ "id": id, "status": "READ" }),
        )
        .await,
        "NOT_FOUND",
    );
    assert_code(
        &mutate(
            &app,
            &SUNRISE_MEMBER,
            "deleteClinicMessage",
            "deletedClinicMessageId",
            json!({ "id": id }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_ok(
        &mutate(
            &app,
            &SUNRISE_ADMIN,
            "deleteClinicMessage",
            "deletedClinicMessageId",
            json!({ "id": id }),
        )
        .await,
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "clinic_messages", 4).await,
        strs(&["delete", "update", "update", "create"])
    );
}

#[tokio::test]
async fn refill_requests_are_approved_or_denied_once() {
    let db = TestDb::demo().await;
    let app = db.app();
    let input = json!({ "clinicId": clinic(&SUNRISE), "medicationName": "Apoquel", "medicationStrength": "16 mg", "clientPhone": "+15550101004", "petName": "Daisy" });
    let mut bad = input.clone();
    bad["pharmacyPhone"] = json!("pharmacy");
    assert_field(
        &mutate(
            &app,
            &SUNRISE_MEMBER,
            "createRefillRequest",
            "refillRequest { id }",
            bad,
        )
        .await,
        "input.pharmacyPhone",
    );
    assert_code(
        &mutate(
            &app,
            &SUNRISE_VIEWER,
            "createRefillRequest",
            "refillRequest { id }",
            input.clone(),
        )
        .await,
        "FORBIDDEN",
    );
    let created = mutate(
        &app,
        &SUNRISE_MEMBER,
        "createRefillRequest",
        "refillRequest { id status }",
        input.clone(),
    )
    .await;
    assert_ok(&created);
    assert_eq!(
        created["data"]["createRefillRequest"]["refillRequest"]["status"],
        "PENDING"
    );
    let id = created["data"]["createRefillRequest"]["refillRequest"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let sneaky = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateRefillRequest",
        "refillRequest { id }",
        json!({ "id": id, "status": "APPROVED" }),
    )
    .await;
    assert_field(&sneaky, "input.status");
    let updated = mutate(
        &app,
        &SUNRISE_MEMBER,
        "updateRefillRequest",
        "refillRequest { requiresExam pharmacyName }",
        json!({ "id": id, "requiresExam": true, "pharmacyName": "Walgreens" }),
    )
    .await;
    assert_ok(&updated);
    assert_eq!(
        updated["data"]["updateRefillRequest"]["refillRequest"]["requiresExam"],
        true
    );

    let selection = "refillRequest { status vetNotes approvedAt approvedBy { email } }";
    assert_code(
        &mutate(
            &app,
            &SUNRISE_VIEWER,
            "approveRefillRequest",
            selection,
            json!({ "id": id }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &mutate(
            &app,
            &HARBOR_ADMIN,
            "approveRefillRequest",
            selection,
            json!({ "id": id }),
        )
        .await,
        "NOT_FOUND",
    );
    let approved = mutate(
        &app,
        &SUNRISE_MEMBER,
        "approveRefillRequest",
        selection,
        json!({ "id": id, "vetNotes": "30 tablets" }),
    )
    .await;
    assert_ok(&approved);
    let r = &approved["data"]["approveRefillRequest"]["refillRequest"];
    assert_eq!(r["status"], "APPROVED");
    assert_eq!(r["vetNotes"], "30 tablets");
    assert!(r["approvedAt"].is_string());
    assert_eq!(
        r["approvedBy"]["email"],
        fixtures::user(fixtures::USER_SUNRISE_MEMBER).email
    );
    let twice = mutate(
        &app,
        &SUNRISE_MEMBER,
        "denyRefillRequest",
        selection,
        json!({ "id": id }),
    )
    .await;
    assert_field(&twice, "input.id");

    // Harbor's pending demo request is denied by its own staff.
    let harbor = demo("RefillRequest", "refill_request", &HARBOR, "oconnor-refill");
    let denied = mutate(
        &app,
        &HARBOR_MEMBER,
        "denyRefillRequest",
        selection,
        json!({ "id": harbor, "vetNotes": "Recheck exam first" }),
    )
    .await;
    assert_ok(&denied);
    assert_eq!(
        denied["data"]["denyRefillRequest"]["refillRequest"]["status"],
        "DENIED"
    );

    assert_code(
        &mutate(
            &app,
            &SUNRISE_MEMBER,
            "deleteRefillRequest",
            "deletedRefillRequestId",
            json!({ "id": id }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_ok(
        &mutate(
            &app,
            &SUNRISE_ADMIN,
            "deleteRefillRequest",
            "deletedRefillRequestId",
            json!({ "id": id }),
        )
        .await,
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "refill_requests", 4).await,
        strs(&["delete", "approve", "update", "create"])
    );
}
