//! API tests of the operations area: auto-scheduling runs and items, discharge batches,
//! templates (clinic, global, AI), Slack, the public sign-ups, and the audit trail. Each table
//! is read through the clinic (and none of another clinic's rows), written by the right role
//! with the audit event visible to an admin, refused to the role below and to other clinics,
//! and service-only writes are refused to users and accepted for the service.

use domain::seed::demo::fixtures::{self, HARBOR, SUNRISE};
use serde_json::{Value, json};
use testkit::TestDb;

use crate::common::{As, error_codes, exec, global_id, gql_counted};

const SUNRISE_OWNER: As = As::User(fixtures::USER_SUNRISE_OWNER, None);
const SUNRISE_ADMIN: As = As::User(fixtures::USER_SUNRISE_ADMIN, None);
const SUNRISE_MEMBER: As = As::User(fixtures::USER_SUNRISE_MEMBER, None);
const SUNRISE_VIEWER: As = As::User(fixtures::USER_SUNRISE_VIEWER, None);
const HARBOR_ADMIN: As = As::User(fixtures::USER_HARBOR_ADMIN, None);
const HARBOR_MEMBER: As = As::User(fixtures::USER_HARBOR_MEMBER, None);

/// Runs an operation with variables and returns the response.
async fn run(app: &domain::Database, who: &As, query: &str, variables: Value) -> Value {
    gql_counted(app, who, query, variables).await.0
}

/// Runs an operation that must succeed and returns its `data`.
async fn ok(app: &domain::Database, who: &As, query: &str, variables: Value) -> Value {
    let response = run(app, who, query, variables).await;
    assert!(error_codes(&response).is_empty(), "{who:?}: {response}");
    response["data"].clone()
}

/// The one error's code, and its `extensions.field` when it has one.
async fn refused(
    app: &domain::Database,
    who: &As,
    query: &str,
    variables: Value,
) -> (String, Option<String>) {
    let response = run(app, who, query, variables).await;
    let codes = error_codes(&response);
    assert_eq!(codes.len(), 1, "{who:?}: expected one error: {response}");
    let field = response["errors"][0]["extensions"]["field"]
        .as_str()
        .map(str::to_owned);
    (codes[0].clone(), field)
}

fn sunrise() -> String {
    global_id("Clinic", fixtures::clinic_id(&SUNRISE))
}

fn harbor() -> String {
    global_id("Clinic", fixtures::clinic_id(&HARBOR))
}

fn row(kind: &str, key: &str) -> uuid::Uuid {
    fixtures::id(kind, key)
}

fn gid(type_name: &str, kind: &str, key: &str) -> String {
    global_id(type_name, row(kind, key))
}

fn case(key: &str) -> String {
    gid("Case", "case", key)
}

/// The actions of the clinic's audit events for one table since `since` (the demo data's own
/// creation is audited too), newest first, read as an admin.
async fn audit_actions(
    app: &domain::Database,
    clinic: &str,
    admin: &As,
    entity: &str,
    since: &str,
) -> Vec<String> {
    let data = ok(
        app,
        admin,
        "query($id: ID!, $entity: String!, $since: DateTime!) { clinic(id: $id) { auditEvents(first: 50, filter: {entity: $entity, createdAt: {from: $since}}) { nodes { action } } } }",
        json!({ "id": clinic, "entity": entity, "since": since }),
    )
    .await;
    data["clinic"]["auditEvents"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["action"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Now, as a `DateTime` argument.
fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}

fn nodes(value: &Value) -> &Vec<Value> {
    value["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("not a connection: {value}"))
}

// ---------------------------------------------------------------------------------------------
// Auto-scheduling

#[tokio::test]
async fn runs_and_scheduled_items_are_scoped_and_run_totals_are_for_the_service() {
    let db = TestDb::demo().await;
    let app = db.app();

    let items = "query($id: ID!, $f: AutoScheduledItemFilter) { clinic(id: $id) { autoScheduledItems(filter: $f) { totalCount nodes { id caseId status } } } }";
    let data = ok(&app, &SUNRISE_MEMBER, items, json!({ "id": sunrise() })).await;
    let list = nodes(&data["clinic"]["autoScheduledItems"]);
    assert_eq!(list.len(), 1, "{data}");
    assert_eq!(list[0]["caseId"], case("sunrise/mochi-spay"));
    let data = ok(
        &app,
        &HARBOR_MEMBER,
        items,
        json!({ "id": harbor(), "f": { "status": ["CANCELLED"] } }),
    )
    .await;
    let list = nodes(&data["clinic"]["autoScheduledItems"]);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["caseId"], case("harbor/rocky-gastro"));
    // Another clinic's list: the clinic itself is not found.
    assert_eq!(
        refused(&app, &HARBOR_MEMBER, items, json!({ "id": sunrise() }))
            .await
            .0,
        "NOT_FOUND"
    );

    // Admins see the run that touched their clinic, with only their clinic's items.
    let runs = "{ autoSchedulingRuns { nodes { id status startedAt items { nodes { caseId clinic { name } run { id } } } } } }";
    let data = ok(&app, &SUNRISE_ADMIN, runs, Value::Null).await;
    let list = nodes(&data["autoSchedulingRuns"]);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["status"], "COMPLETED");
    let run_items = nodes(&list[0]["items"]);
    assert_eq!(run_items.len(), 1, "only Sunrise's item of the run: {data}");
    assert_eq!(run_items[0]["clinic"]["name"], SUNRISE.name);
    assert_eq!(run_items[0]["run"]["id"], list[0]["id"]);
    // Members do not read runs (admin rule): an empty list, and a null run on their items.
    let data = ok(&app, &SUNRISE_MEMBER, runs, Value::Null).await;
    assert!(nodes(&data["autoSchedulingRuns"]).is_empty());
    let data = ok(
        &app,
        &SUNRISE_MEMBER,
        "query($id: ID!) { clinic(id: $id) { autoScheduledItems { nodes { run { id } } } } }",
        json!({ "id": sunrise() }),
    )
    .await;
    assert_eq!(
        nodes(&data["clinic"]["autoScheduledItems"])[0]["run"],
        Value::Null
    );

    // Cross-clinic totals: FORBIDDEN for an admin, answered for the service.
    let totals = "{ autoSchedulingRuns { nodes { totalCasesProcessed totalCallsScheduled results errorMessage } } }";
    let response = run(&app, &SUNRISE_ADMIN, totals, Value::Null).await;
    assert_eq!(error_codes(&response), vec!["FORBIDDEN"; 4], "{response}");
    let data = ok(&app, &As::Service, totals, Value::Null).await;
    assert_eq!(
        nodes(&data["autoSchedulingRuns"])[0]["totalCasesProcessed"],
        3
    );
    assert_eq!(
        nodes(&data["autoSchedulingRuns"])[0]["totalCallsScheduled"],
        3
    );
}

#[tokio::test]
async fn runs_are_written_by_the_service_and_items_cancelled_by_members() {
    let db = TestDb::demo().await;
    let app = db.app();
    let since = now();

    let start = "mutation { startAutoSchedulingRun(input: {}) { run { id status } } }";
    assert_eq!(
        refused(&app, &SUNRISE_OWNER, start, Value::Null).await.0,
        "FORBIDDEN"
    );
    let data = ok(&app, &As::Service, start, Value::Null).await;
    let run_id = data["startAutoSchedulingRun"]["run"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(data["startAutoSchedulingRun"]["run"]["status"], "RUNNING");

    let record = "mutation($i: RecordAutoScheduledItemInput!) { recordAutoScheduledItem(input: $i) { item { id status scheduledConfig clinic { name } } } }";
    let input = |call: String| {
        json!({ "i": {
            "runId": run_id, "caseId": case("sunrise/kiwi-egg-binding"), "outboundCallId": call,
            "scheduledConfig": { "callDelayDays": 2, "preferredCallTime": "16:00" }
        } })
    };
    // A call of another clinic is no reference for a Sunrise case.
    let foreign_call = gid("OutboundCall", "outbound_call", "harbor/penny-1");
    assert_eq!(
        refused(&app, &As::Service, record, input(foreign_call)).await,
        (
            "BAD_USER_INPUT".to_owned(),
            Some("input.outboundCallId".to_owned())
        )
    );
    let own_call = gid("OutboundCall", "outbound_call", "sunrise/mochi-1");
    assert_eq!(
        refused(&app, &SUNRISE_ADMIN, record, input(own_call.clone()))
            .await
            .0,
        "FORBIDDEN"
    );
    let mut negative = input(own_call.clone());
    negative["i"]["scheduledConfig"]["callDelayDays"] = json!(-2);
    assert_eq!(
        refused(&app, &As::Service, record, negative)
            .await
            .1
            .as_deref(),
        Some("input.scheduledConfig.callDelayDays")
    );
    let data = ok(&app, &As::Service, record, input(own_call)).await;
    let item = &data["recordAutoScheduledItem"]["item"];
    assert_eq!(item["clinic"]["name"], SUNRISE.name);
    assert_eq!(
        item["scheduledConfig"],
        json!({ "call_delay_days": 2, "preferred_call_time": "16:00" })
    );
    let item_id = item["id"].as_str().unwrap().to_owned();

    let finish = "mutation($i: FinishAutoSchedulingRunInput!) { finishAutoSchedulingRun(input: $i) { run { status completedAt } } }";
    let finish_input = json!({ "i": { "id": run_id, "status": "COMPLETED", "totalCasesProcessed": 1, "results": [] } });
    assert_eq!(
        refused(&app, &SUNRISE_ADMIN, finish, finish_input.clone())
            .await
            .0,
        "FORBIDDEN"
    );
    let bad = json!({ "i": { "id": run_id, "status": "COMPLETED", "totalErrors": -1 } });
    assert_eq!(
        refused(&app, &As::Service, finish, bad).await.1.as_deref(),
        Some("input.totalErrors")
    );
    let early =
        json!({ "i": { "id": run_id, "status": "FAILED", "completedAt": "2000-01-01T00:00:00Z" } });
    assert_eq!(
        refused(&app, &As::Service, finish, early)
            .await
            .1
            .as_deref(),
        Some("input.completedAt")
    );
    let still_running = json!({ "i": { "id": run_id, "status": "RUNNING" } });
    assert_eq!(
        refused(&app, &As::Service, finish, still_running)
            .await
            .1
            .as_deref(),
        Some("input.status")
    );
    let data = ok(&app, &As::Service, finish, finish_input).await;
    assert_eq!(
        data["finishAutoSchedulingRun"]["run"]["status"],
        "COMPLETED"
    );
    // The new run scheduled something for Sunrise, so Sunrise's admin now sees two runs.
    let data = ok(
        &app,
        &SUNRISE_ADMIN,
        "{ autoSchedulingRuns { totalCount } }",
        Value::Null,
    )
    .await;
    assert_eq!(data["autoSchedulingRuns"]["totalCount"], 2);

    // Cancelling: members of the clinic; not a viewer, not another clinic; not twice.
    let cancel = "mutation($i: CancelAutoScheduledItemInput!) { cancelAutoScheduledItem(input: $i) { item { status cancelledAt cancellationReason cancelledBy { email } } } }";
    let input = json!({ "i": { "id": item_id, "reason": "Owner prefers e-mail" } });
    // Viewers cannot read scheduled items at all (member rule), so the item is not found.
    assert_eq!(
        refused(&app, &SUNRISE_VIEWER, cancel, input.clone())
            .await
            .0,
        "NOT_FOUND"
    );
    assert_eq!(
        refused(&app, &HARBOR_ADMIN, cancel, input.clone()).await.0,
        "NOT_FOUND"
    );
    let data = ok(&app, &SUNRISE_MEMBER, cancel, input.clone()).await;
    let item = &data["cancelAutoScheduledItem"]["item"];
    assert_eq!(item["status"], "CANCELLED");
    assert_eq!(item["cancellationReason"], "Owner prefers e-mail");
    assert_eq!(
        item["cancelledBy"]["email"],
        fixtures::user(fixtures::USER_SUNRISE_MEMBER).email
    );
    assert!(item["cancelledAt"].is_string());
    assert_eq!(
        refused(&app, &SUNRISE_MEMBER, cancel, input).await,
        ("BAD_USER_INPUT".to_owned(), Some("input.id".to_owned()))
    );
    assert_eq!(
        audit_actions(
            &app,
            &sunrise(),
            &SUNRISE_ADMIN,
            "auto_scheduled_items",
            &since
        )
        .await,
        vec!["update", "create"]
    );
}

// ---------------------------------------------------------------------------------------------
// Discharge batches

const CREATE_BATCH: &str = "mutation($i: CreateDischargeBatchInput!) { createDischargeBatch(input: $i) { batch { id status totalCases createdBy { email } items { nodes { id caseId patientId status } } } } }";

#[tokio::test]
async fn discharge_batches_are_listed_per_clinic_with_their_items() {
    let db = TestDb::demo().await;
    let app = db.app();
    let query = "query($id: ID!, $f: DischargeBatchFilter) { clinic(id: $id) { dischargeBatches(filter: $f) { nodes { id status totalCases items { totalCount nodes { caseId status errorMessage batch { id } } } } } } }";
    let data = ok(&app, &SUNRISE_MEMBER, query, json!({ "id": sunrise() })).await;
    let batches = nodes(&data["clinic"]["dischargeBatches"]);
    assert_eq!(batches.len(), 1);
    assert_eq!(
        batches[0]["id"],
        gid("DischargeBatch", "discharge_batch", "sunrise/week-44")
    );
    assert_eq!(batches[0]["items"]["totalCount"], 3);
    for item in nodes(&batches[0]["items"]) {
        assert_eq!(item["batch"]["id"], batches[0]["id"]);
        let case_id = item["caseId"].as_str().unwrap();
        let (kind, uuid) =
            graphql::ids::decode_any(&async_graphql::ID(case_id.to_owned())).unwrap();
        assert_eq!(kind, "Case");
        assert!(
            ["luna-dental", "biscuit-arthritis", "max-euthanasia"]
                .iter()
                .any(|k| row("case", &format!("sunrise/{k}")) == uuid)
        );
    }
    let data = ok(
        &app,
        &SUNRISE_MEMBER,
        query,
        json!({ "id": sunrise(), "f": { "status": ["PARTIAL", "PENDING"] } }),
    )
    .await;
    assert!(
        nodes(&data["clinic"]["dischargeBatches"]).is_empty(),
        "Harbor's partial batch is not Sunrise's"
    );
    let data = ok(
        &app,
        &HARBOR_MEMBER,
        query,
        json!({ "id": harbor(), "f": { "status": ["PARTIAL"] } }),
    )
    .await;
    assert_eq!(nodes(&data["clinic"]["dischargeBatches"]).len(), 1);
}

#[tokio::test]
async fn discharge_batch_round_trip() {
    let db = TestDb::demo().await;
    let app = db.app();
    let since = now();
    let input = |cases: Vec<String>| json!({ "i": { "clinicId": sunrise(), "caseIds": cases, "emailScheduleTime": "2026-11-03T17:00:00Z", "metadata": { "label": "Monday" } } });

    // Validation, references of another clinic, and roles.
    assert_eq!(
        refused(&app, &SUNRISE_MEMBER, CREATE_BATCH, input(vec![])).await,
        (
            "BAD_USER_INPUT".to_owned(),
            Some("input.caseIds".to_owned())
        )
    );
    let twice = input(vec![case("sunrise/mochi-spay"), case("sunrise/mochi-spay")]);
    assert_eq!(
        refused(&app, &SUNRISE_MEMBER, CREATE_BATCH, twice)
            .await
            .1
            .as_deref(),
        Some("input.caseIds[1]")
    );
    let foreign = input(vec![case("sunrise/mochi-spay"), case("harbor/bear-tplo")]);
    assert_eq!(
        refused(&app, &SUNRISE_MEMBER, CREATE_BATCH, foreign).await,
        (
            "BAD_USER_INPUT".to_owned(),
            Some("input.caseIds[1]".to_owned())
        )
    );
    let good = input(vec![
        case("sunrise/mochi-spay"),
        case("sunrise/daisy-otitis"),
    ]);
    assert_eq!(
        refused(&app, &SUNRISE_VIEWER, CREATE_BATCH, good.clone())
            .await
            .0,
        "FORBIDDEN"
    );
    // Another clinic's admin: Sunrise's cases are no references for them.
    assert_eq!(
        refused(&app, &HARBOR_ADMIN, CREATE_BATCH, good.clone()).await,
        (
            "BAD_USER_INPUT".to_owned(),
            Some("input.caseIds[0]".to_owned())
        )
    );

    let data = ok(&app, &SUNRISE_MEMBER, CREATE_BATCH, good).await;
    let batch = &data["createDischargeBatch"]["batch"];
    let batch_id = batch["id"].as_str().unwrap().to_owned();
    assert_eq!(batch["status"], "PENDING");
    assert_eq!(batch["totalCases"], 2);
    assert_eq!(
        batch["createdBy"]["email"],
        fixtures::user(fixtures::USER_SUNRISE_MEMBER).email
    );
    let items = nodes(&batch["items"]);
    assert_eq!(items.len(), 2);
    assert!(
        items
            .iter()
            .all(|i| i["patientId"].is_string() && i["status"] == "PENDING")
    );

    // Items change only while the batch is pending; a case is in a batch once.
    let add = "mutation($i: AddDischargeBatchItemInput!) { addDischargeBatchItem(input: $i) { item { id batch { totalCases } } } }";
    let data = ok(
        &app,
        &SUNRISE_MEMBER,
        add,
        json!({ "i": { "batchId": batch_id, "caseId": case("sunrise/kiwi-egg-binding") } }),
    )
    .await;
    assert_eq!(
        data["addDischargeBatchItem"]["item"]["batch"]["totalCases"],
        3
    );
    let added = data["addDischargeBatchItem"]["item"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let again = json!({ "i": { "batchId": batch_id, "caseId": case("sunrise/kiwi-egg-binding") } });
    assert_eq!(
        refused(&app, &SUNRISE_MEMBER, add, again).await.0,
        "CONFLICT"
    );
    let remove = "mutation($i: RemoveDischargeBatchItemInput!) { removeDischargeBatchItem(input: $i) { removedDischargeBatchItemId } }";
    assert_eq!(
        refused(
            &app,
            &HARBOR_MEMBER,
            remove,
            json!({ "i": { "id": added } })
        )
        .await
        .0,
        "NOT_FOUND"
    );
    ok(
        &app,
        &SUNRISE_MEMBER,
        remove,
        json!({ "i": { "id": added } }),
    )
    .await;

    // The job's progress is the service's to record.
    let progress = "mutation($i: RecordDischargeBatchProgressInput!) { recordDischargeBatchProgress(input: $i) { batch { status processedCases startedAt } } }";
    let input = json!({ "i": { "id": batch_id, "status": "PROCESSING", "startedAt": "2026-11-03T17:00:00Z" } });
    assert_eq!(
        refused(&app, &SUNRISE_ADMIN, progress, input.clone())
            .await
            .0,
        "FORBIDDEN"
    );
    let data = ok(&app, &As::Service, progress, input).await;
    assert_eq!(
        data["recordDischargeBatchProgress"]["batch"]["status"],
        "PROCESSING"
    );
    assert_eq!(
        data["recordDischargeBatchProgress"]["batch"]["processedCases"], 0,
        "nothing is processed until an item says so"
    );
    // The counters are the items counted: the job cannot set them.
    let counters = json!({ "i": { "id": batch_id, "processedCases": 5 } });
    assert_eq!(
        refused(&app, &As::Service, progress, counters).await.0,
        "BAD_USER_INPUT"
    );
    let item_id = items[0]["id"].as_str().unwrap().to_owned();
    let result = "mutation($i: RecordDischargeBatchItemResultInput!) { recordDischargeBatchItemResult(input: $i) { item { status emailScheduled outboundEmailId processedAt } } }";
    let email = gid("OutboundEmail", "outbound_email", "sunrise/mochi-spay");
    let input = json!({ "i": { "id": item_id, "status": "SUCCESS", "emailScheduled": true, "outboundEmailId": email } });
    assert_eq!(
        refused(&app, &SUNRISE_MEMBER, result, input.clone())
            .await
            .0,
        "FORBIDDEN"
    );
    let data = ok(&app, &As::Service, result, input).await;
    assert_eq!(
        data["recordDischargeBatchItemResult"]["item"]["status"],
        "SUCCESS"
    );
    assert_eq!(
        data["recordDischargeBatchItemResult"]["item"]["outboundEmailId"],
        email
    );
    let counted = ok(
        &app,
        &As::Service,
        progress,
        json!({ "i": { "id": batch_id } }),
    )
    .await;
    assert_eq!(
        counted["recordDischargeBatchProgress"]["batch"]["processedCases"], 1,
        "one item recorded, one case processed"
    );
    let add_late = json!({ "i": { "batchId": batch_id, "caseId": case("sunrise/milo-wellness") } });
    assert_eq!(
        refused(&app, &SUNRISE_MEMBER, add, add_late).await,
        (
            "BAD_USER_INPUT".to_owned(),
            Some("input.batchId".to_owned())
        )
    );

    // Cancelling: not a finished batch, not twice.
    let cancel = "mutation($i: CancelDischargeBatchInput!) { cancelDischargeBatch(input: $i) { batch { status cancelledAt } } }";
    let finished = gid("DischargeBatch", "discharge_batch", "sunrise/week-44");
    assert_eq!(
        refused(
            &app,
            &SUNRISE_MEMBER,
            cancel,
            json!({ "i": { "id": finished } })
        )
        .await
        .0,
        "BAD_USER_INPUT"
    );
    let data = ok(
        &app,
        &SUNRISE_MEMBER,
        cancel,
        json!({ "i": { "id": batch_id } }),
    )
    .await;
    assert_eq!(data["cancelDischargeBatch"]["batch"]["status"], "CANCELLED");
    assert_eq!(
        refused(
            &app,
            &SUNRISE_MEMBER,
            cancel,
            json!({ "i": { "id": batch_id } })
        )
        .await
        .0,
        "BAD_USER_INPUT"
    );

    // Deleting is for admins.
    let delete = "mutation($i: DeleteDischargeBatchInput!) { deleteDischargeBatch(input: $i) { deletedDischargeBatchId } }";
    assert_eq!(
        refused(
            &app,
            &SUNRISE_MEMBER,
            delete,
            json!({ "i": { "id": batch_id } })
        )
        .await
        .0,
        "FORBIDDEN"
    );
    assert_eq!(
        refused(
            &app,
            &HARBOR_ADMIN,
            delete,
            json!({ "i": { "id": batch_id } })
        )
        .await
        .0,
        "NOT_FOUND"
    );
    ok(
        &app,
        &SUNRISE_ADMIN,
        delete,
        json!({ "i": { "id": batch_id } }),
    )
    .await;

    let actions = audit_actions(
        &app,
        &sunrise(),
        &SUNRISE_ADMIN,
        "discharge_batches",
        &since,
    )
    .await;
    assert_eq!(actions.first().map(String::as_str), Some("delete"));
    assert!(
        actions.contains(&"create".to_owned()) && actions.contains(&"update".to_owned()),
        "{actions:?}"
    );
    let item_actions = audit_actions(
        &app,
        &sunrise(),
        &SUNRISE_ADMIN,
        "discharge_batch_items",
        &since,
    )
    .await;
    assert_eq!(
        item_actions.iter().filter(|a| *a == "create").count(),
        3,
        "{item_actions:?}"
    );
    assert!(item_actions.contains(&"delete".to_owned()));
}

// ---------------------------------------------------------------------------------------------
// Templates

#[tokio::test]
async fn clinic_template_lists_hold_own_and_global_templates() {
    let db = TestDb::demo().await;
    let app = db.app();
    let query = "query($id: ID!, $g: Boolean!) { clinic(id: $id) {
        soapTemplates(filter: {includeGlobal: $g}) { nodes { id templateName isGlobal createdBy { email } } }
        dischargeTemplates(filter: {includeGlobal: $g}) { nodes { id name isGlobal } } } }";
    let data = ok(
        &app,
        &SUNRISE_VIEWER,
        query,
        json!({ "id": sunrise(), "g": true }),
    )
    .await;
    let soap: Vec<(String, bool)> = nodes(&data["clinic"]["soapTemplates"])
        .iter()
        .map(|n| {
            (
                n["templateName"].as_str().unwrap().to_owned(),
                n["isGlobal"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        soap,
        vec![
            ("dental_procedure".to_owned(), false),
            ("general_exam".to_owned(), true),
            ("sick_visit".to_owned(), true)
        ]
    );
    let discharge = nodes(&data["clinic"]["dischargeTemplates"]);
    assert_eq!(discharge.len(), 2, "own and the global standard: {data}");
    let data = ok(
        &app,
        &SUNRISE_VIEWER,
        query,
        json!({ "id": sunrise(), "g": false }),
    )
    .await;
    assert_eq!(nodes(&data["clinic"]["soapTemplates"]).len(), 1);
    assert_eq!(
        nodes(&data["clinic"]["dischargeTemplates"])[0]["name"],
        "Dental Procedure Discharge"
    );
    // The default filter includes global templates.
    let data = ok(
        &app,
        &HARBOR_MEMBER,
        "query($id: ID!) { clinic(id: $id) { soapTemplates { nodes { templateName } } } }",
        json!({ "id": harbor() }),
    )
    .await;
    let names: Vec<&str> = nodes(&data["clinic"]["soapTemplates"])
        .iter()
        .map(|n| n["templateName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["cardiology_recheck", "general_exam", "sick_visit"]
    );
}

#[tokio::test]
async fn templates_round_trip_and_global_templates_are_the_services() {
    let db = TestDb::demo().await;
    let app = db.app();
    let since = now();
    let create = "mutation($i: CreateSoapTemplateInput!) { createSoapTemplate(input: $i) { soapTemplate { id templateName displayName isGlobal } } }";
    let own = json!({ "i": { "clinicId": sunrise(), "templateName": "ear_recheck", "displayName": "Ear Recheck" } });
    assert_eq!(
        refused(
            &app,
            &SUNRISE_ADMIN,
            create,
            json!({ "i": { "clinicId": sunrise(), "templateName": "  " } })
        )
        .await,
        (
            "BAD_USER_INPUT".to_owned(),
            Some("input.templateName".to_owned())
        )
    );
    assert_eq!(
        refused(&app, &SUNRISE_MEMBER, create, own.clone()).await.0,
        "FORBIDDEN"
    );
    assert_eq!(
        refused(&app, &HARBOR_ADMIN, create, own.clone()).await.0,
        "NOT_FOUND"
    );
    // A global template (no clinic) is refused to users, even owners, and made by the service.
    let global = json!({ "i": { "templateName": "dermatology" } });
    assert_eq!(
        refused(&app, &SUNRISE_OWNER, create, global.clone())
            .await
            .0,
        "FORBIDDEN"
    );
    let data = ok(&app, &As::Service, create, global).await;
    assert_eq!(data["createSoapTemplate"]["soapTemplate"]["isGlobal"], true);

    let data = ok(&app, &SUNRISE_ADMIN, create, own).await;
    let id = data["createSoapTemplate"]["soapTemplate"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let update = "mutation($i: UpdateSoapTemplateInput!) { updateSoapTemplate(input: $i) { soapTemplate { displayName planPrompt } } }";
    let data = ok(
        &app,
        &SUNRISE_ADMIN,
        update,
        json!({ "i": { "id": id, "displayName": null, "planPrompt": "Recheck in 2 weeks." } }),
    )
    .await;
    assert_eq!(
        data["updateSoapTemplate"]["soapTemplate"],
        json!({ "displayName": null, "planPrompt": "Recheck in 2 weeks." })
    );
    assert_eq!(
        refused(
            &app,
            &HARBOR_ADMIN,
            update,
            json!({ "i": { "id": id, "planPrompt": "x" } })
        )
        .await
        .0,
        "NOT_FOUND"
    );
    let global_id = gid("SoapTemplate", "soap_template", "global/general_exam");
    assert_eq!(
        refused(
            &app,
            &SUNRISE_OWNER,
            update,
            json!({ "i": { "id": global_id, "planPrompt": "x" } })
        )
        .await
        .0,
        "FORBIDDEN"
    );
    let delete = "mutation($i: DeleteSoapTemplateInput!) { deleteSoapTemplate(input: $i) { deletedSoapTemplateId } }";
    assert_eq!(
        refused(&app, &SUNRISE_MEMBER, delete, json!({ "i": { "id": id } }))
            .await
            .0,
        "FORBIDDEN"
    );
    ok(&app, &SUNRISE_ADMIN, delete, json!({ "i": { "id": id } })).await;
    assert_eq!(
        audit_actions(&app, &sunrise(), &SUNRISE_ADMIN, "soap_templates", &since).await,
        vec!["delete", "update", "create"]
    );

    // Discharge templates: the same rules.
    let create = "mutation($i: CreateDischargeTemplateInput!) { createDischargeTemplate(input: $i) { dischargeTemplate { id name content isGlobal } } }";
    assert_eq!(
        refused(
            &app,
            &SUNRISE_ADMIN,
            create,
            json!({ "i": { "name": "Global" } })
        )
        .await
        .0,
        "FORBIDDEN"
    );
    let data = ok(
        &app,
        &SUNRISE_ADMIN,
        create,
        json!({ "i": { "clinicId": sunrise(), "name": "Spay", "content": "Rest." } }),
    )
    .await;
    let id = data["createDischargeTemplate"]["dischargeTemplate"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let update = "mutation($i: UpdateDischargeTemplateInput!) { updateDischargeTemplate(input: $i) { dischargeTemplate { name content } } }";
    let data = ok(
        &app,
        &SUNRISE_ADMIN,
        update,
        json!({ "i": { "id": id, "name": "Spay / Neuter" } }),
    )
    .await;
    assert_eq!(
        data["updateDischargeTemplate"]["dischargeTemplate"],
        json!({ "name": "Spay / Neuter", "content": "Rest." })
    );
    let delete = "mutation($i: DeleteDischargeTemplateInput!) { deleteDischargeTemplate(input: $i) { deletedDischargeTemplateId } }";
    ok(&app, &SUNRISE_ADMIN, delete, json!({ "i": { "id": id } })).await;
    assert_eq!(
        audit_actions(
            &app,
            &sunrise(),
            &SUNRISE_ADMIN,
            "discharge_templates",
            &since
        )
        .await,
        vec!["delete", "update", "create"]
    );
}

#[tokio::test]
async fn ai_templates_are_read_by_everyone_signed_in_and_written_by_the_service() {
    let db = TestDb::demo().await;
    let app = db.app();
    let query = "query($f: AiTemplateFilter) { aiTemplates(filter: $f) { totalCount nodes { id name type key model } } }";
    let data = ok(&app, &SUNRISE_VIEWER, query, Value::Null).await;
    assert_eq!(data["aiTemplates"]["totalCount"], 3);
    let data = ok(
        &app,
        &HARBOR_MEMBER,
        query,
        json!({ "f": { "type": "call_analysis" } }),
    )
    .await;
    assert_eq!(
        nodes(&data["aiTemplates"])[0]["key"],
        "outbound_call_analysis_v3"
    );
    assert_eq!(
        refused(&app, &As::Anonymous, query, Value::Null).await.0,
        "UNAUTHENTICATED"
    );

    let create = "mutation($i: CreateAiTemplateInput!) { createAiTemplate(input: $i) { aiTemplate { id type outputFormat } } }";
    let input = json!({ "i": { "name": "Refill triage", "type": "refill_triage", "key": "refill_triage_v1", "validationSchema": { "type": "object" } } });
    assert_eq!(
        refused(&app, &SUNRISE_OWNER, create, input.clone()).await.0,
        "FORBIDDEN"
    );
    let bad = json!({ "i": { "name": "x", "type": "y", "metadata": [1] } });
    assert_eq!(
        refused(&app, &As::Service, create, bad).await.1.as_deref(),
        Some("input.metadata")
    );
    let data = ok(&app, &As::Service, create, input).await;
    assert_eq!(
        data["createAiTemplate"]["aiTemplate"]["outputFormat"],
        "json"
    );
    let id = data["createAiTemplate"]["aiTemplate"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let update = "mutation($i: UpdateAiTemplateInput!) { updateAiTemplate(input: $i) { aiTemplate { model } } }";
    assert_eq!(
        refused(
            &app,
            &SUNRISE_ADMIN,
            update,
            json!({ "i": { "id": id, "model": "gpt-4o" } })
        )
        .await
        .0,
        "FORBIDDEN"
    );
    let data = ok(
        &app,
        &As::Service,
        update,
        json!({ "i": { "id": id, "model": "gpt-4o" } }),
    )
    .await;
    assert_eq!(data["updateAiTemplate"]["aiTemplate"]["model"], "gpt-4o");
    let delete = "mutation($i: DeleteAiTemplateInput!) { deleteAiTemplate(input: $i) { deletedAiTemplateId } }";
    assert_eq!(
        refused(&app, &SUNRISE_ADMIN, delete, json!({ "i": { "id": id } }))
            .await
            .0,
        "FORBIDDEN"
    );
    ok(&app, &As::Service, delete, json!({ "i": { "id": id } })).await;
}

// ---------------------------------------------------------------------------------------------
// Slack

#[tokio::test]
async fn slack_is_read_through_the_clinic_and_never_serves_the_token() {
    let db = TestDb::demo().await;
    let app = db.app();
    let query = "query($id: ID!) { clinic(id: $id) { slackWorkspaces { nodes { id teamId hasBotToken isActive
        channels { nodes { channelId timezone addedBy { email } tasks { nodes { title reminderTime completions { totalCount nodes { completionDate task { title } } } } } } } } } } }";
    let data = ok(&app, &SUNRISE_ADMIN, query, json!({ "id": sunrise() })).await;
    let workspaces = nodes(&data["clinic"]["slackWorkspaces"]);
    assert_eq!(workspaces.len(), 1);
    assert_eq!(workspaces[0]["teamId"], "T0DEMOSUN1");
    assert_eq!(workspaces[0]["hasBotToken"], true);
    let channels = nodes(&workspaces[0]["channels"]);
    assert_eq!(channels.len(), 2);
    let tasks = nodes(&channels[0]["tasks"]);
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0]["completions"]["totalCount"], 2);
    assert!(
        !data.to_string().contains("xoxb-"),
        "the bot token is never served"
    );
    assert!(!data.to_string().contains("T0DEMOHAR1"));
    // Workspaces are admin-only: a member's list is empty; another clinic is not found.
    let data = ok(&app, &SUNRISE_MEMBER, query, json!({ "id": sunrise() })).await;
    assert!(nodes(&data["clinic"]["slackWorkspaces"]).is_empty());
    assert_eq!(
        refused(&app, &HARBOR_ADMIN, query, json!({ "id": sunrise() }))
            .await
            .0,
        "NOT_FOUND"
    );
    // The SDL has no token field at all.
    let sdl = graphql::sdl();
    let workspace_type = sdl
        .split("type SlackWorkspace ")
        .nth(1)
        .and_then(|s| s.split('}').next())
        .unwrap();
    assert!(!workspace_type.contains("botToken") && workspace_type.contains("hasBotToken"));
}

#[tokio::test]
async fn slack_workspace_channel_task_and_completion_round_trips() {
    let db = TestDb::demo().await;
    let app = db.app();
    let since = now();

    // Workspaces: Slack's OAuth callback (the service) connects them, team ids being unique
    // across clinics; admins manage them.
    let connect = "mutation($i: ConnectSlackWorkspaceInput!) { connectSlackWorkspace(input: $i) { slackWorkspace { id teamId hasBotToken isActive } } }";
    let input = |team: &str, token: &str| json!({ "i": { "clinicId": sunrise(), "teamId": team, "teamName": "Sunrise Night Shift", "botToken": token } });
    assert_eq!(
        refused(&app, &As::Service, connect, input("T0NIGHT", " ")).await,
        (
            "BAD_USER_INPUT".to_owned(),
            Some("input.botToken".to_owned())
        )
    );
    assert_eq!(
        refused(&app, &SUNRISE_MEMBER, connect, input("T0NIGHT", "xoxb-1"))
            .await
            .0,
        "FORBIDDEN"
    );
    assert_eq!(
        refused(&app, &SUNRISE_ADMIN, connect, input("T0NIGHT", "xoxb-1"))
            .await
            .0,
        "FORBIDDEN"
    );
    assert_eq!(
        refused(&app, &As::Service, connect, input("T0DEMOHAR1", "xoxb-1"))
            .await
            .0,
        "CONFLICT"
    );
    let data = ok(
        &app,
        &As::Service,
        connect,
        input("T0NIGHT", "xoxb-secret-1"),
    )
    .await;
    let workspace = data["connectSlackWorkspace"]["slackWorkspace"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let update = "mutation($i: UpdateSlackWorkspaceInput!) { updateSlackWorkspace(input: $i) { slackWorkspace { teamName hasBotToken } } }";
    let data = ok(
        &app,
        &SUNRISE_ADMIN,
        update,
        json!({ "i": { "id": workspace, "botToken": "xoxb-secret-2", "teamName": "Nights" } }),
    )
    .await;
    assert_eq!(
        data["updateSlackWorkspace"]["slackWorkspace"],
        json!({ "teamName": "Nights", "hasBotToken": true })
    );
    assert_eq!(
        refused(
            &app,
            &HARBOR_ADMIN,
            update,
            json!({ "i": { "id": workspace, "teamName": "x" } })
        )
        .await
        .0,
        "NOT_FOUND"
    );

    // Channels: admins, in a workspace they can see; unique per workspace; real time zones.
    let create_channel = "mutation($i: CreateSlackChannelInput!) { createSlackChannel(input: $i) { slackChannel { id channelId timezone workspace { teamId } addedBy { email } } } }";
    let channel_input = |ws: &str, tz: &str| json!({ "i": { "workspaceId": ws, "channelId": "C0NIGHT1", "channelName": "nights", "timezone": tz } });
    assert_eq!(
        refused(
            &app,
            &SUNRISE_ADMIN,
            create_channel,
            channel_input(&workspace, "Pacific Time")
        )
        .await,
        (
            "BAD_USER_INPUT".to_owned(),
            Some("input.timezone".to_owned())
        )
    );
    assert_eq!(
        refused(
            &app,
            &HARBOR_ADMIN,
            create_channel,
            channel_input(&workspace, "UTC")
        )
        .await,
        (
            "BAD_USER_INPUT".to_owned(),
            Some("input.workspaceId".to_owned())
        )
    );
    let data = ok(
        &app,
        &SUNRISE_ADMIN,
        create_channel,
        channel_input(&workspace, "America/Los_Angeles"),
    )
    .await;
    let channel = &data["createSlackChannel"]["slackChannel"];
    assert_eq!(channel["workspace"]["teamId"], "T0NIGHT");
    assert_eq!(
        channel["addedBy"]["email"],
        fixtures::user(fixtures::USER_SUNRISE_ADMIN).email
    );
    let channel = channel["id"].as_str().unwrap().to_owned();
    assert_eq!(
        refused(
            &app,
            &SUNRISE_ADMIN,
            create_channel,
            channel_input(&workspace, "UTC")
        )
        .await
        .0,
        "CONFLICT"
    );
    let update_channel = "mutation($i: UpdateSlackChannelInput!) { updateSlackChannel(input: $i) { slackChannel { channelName timezone } } }";
    let data = ok(
        &app,
        &SUNRISE_ADMIN,
        update_channel,
        json!({ "i": { "id": channel, "timezone": "America/Denver" } }),
    )
    .await;
    assert_eq!(
        data["updateSlackChannel"]["slackChannel"]["timezone"],
        "America/Denver"
    );
    assert_eq!(
        refused(
            &app,
            &SUNRISE_MEMBER,
            update_channel,
            json!({ "i": { "id": channel, "channelName": "x" } })
        )
        .await
        .0,
        "FORBIDDEN"
    );

    // Tasks: members; deletes are for admins.
    let create_task = "mutation($i: CreateSlackTaskInput!) { createSlackTask(input: $i) { slackTask { id title reminderTime isActive channel { channelId } createdBy { email } } } }";
    let task_input = json!({ "i": { "channelId": channel, "title": "Restock the night cart", "reminderTime": "21:30:00" } });
    assert_eq!(
        refused(&app, &SUNRISE_VIEWER, create_task, task_input.clone())
            .await
            .0,
        "BAD_USER_INPUT"
    );
    let data = ok(&app, &SUNRISE_MEMBER, create_task, task_input).await;
    let task = &data["createSlackTask"]["slackTask"];
    assert_eq!(task["reminderTime"], "21:30:00");
    assert_eq!(task["channel"]["channelId"], "C0NIGHT1");
    let task = task["id"].as_str().unwrap().to_owned();
    let update_task = "mutation($i: UpdateSlackTaskInput!) { updateSlackTask(input: $i) { slackTask { title description reminderTime } } }";
    let data = ok(
        &app,
        &SUNRISE_MEMBER,
        update_task,
        json!({ "i": { "id": task, "description": "Fluids and catheters", "reminderTime": null } }),
    )
    .await;
    assert_eq!(
        data["updateSlackTask"]["slackTask"]["reminderTime"],
        Value::Null
    );
    assert_eq!(
        refused(
            &app,
            &SUNRISE_MEMBER,
            update_task,
            json!({ "i": { "id": task, "title": "" } })
        )
        .await
        .1
        .as_deref(),
        Some("input.title")
    );

    // Completions: once per task and day.
    let complete = "mutation($i: CompleteSlackTaskInput!) { completeSlackTask(input: $i) { completion { id completionDate completedByUsername task { title } } } }";
    let done = json!({ "i": { "taskId": task, "completionDate": "2026-11-02", "completedByUsername": "priya", "messageTs": "1793000000.000100" } });
    assert_eq!(
        refused(&app, &HARBOR_MEMBER, complete, done.clone())
            .await
            .1
            .as_deref(),
        Some("input.taskId")
    );
    let data = ok(&app, &SUNRISE_MEMBER, complete, done.clone()).await;
    let completion = data["completeSlackTask"]["completion"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        refused(&app, &SUNRISE_MEMBER, complete, done).await.0,
        "CONFLICT"
    );
    let uncomplete = "mutation($i: UncompleteSlackTaskInput!) { uncompleteSlackTask(input: $i) { deletedSlackTaskCompletionId } }";
    assert_eq!(
        refused(
            &app,
            &HARBOR_MEMBER,
            uncomplete,
            json!({ "i": { "id": completion } })
        )
        .await
        .0,
        "NOT_FOUND"
    );
    ok(
        &app,
        &SUNRISE_MEMBER,
        uncomplete,
        json!({ "i": { "id": completion } }),
    )
    .await;

    let archive_task = "mutation($i: ArchiveSlackTaskInput!) { archiveSlackTask(input: $i) { slackTask { isActive } } }";
    let data = ok(
        &app,
        &SUNRISE_MEMBER,
        archive_task,
        json!({ "i": { "id": task } }),
    )
    .await;
    assert_eq!(data["archiveSlackTask"]["slackTask"]["isActive"], false);
    let delete_task =
        "mutation($i: DeleteSlackTaskInput!) { deleteSlackTask(input: $i) { deletedSlackTaskId } }";
    assert_eq!(
        refused(
            &app,
            &SUNRISE_MEMBER,
            delete_task,
            json!({ "i": { "id": task } })
        )
        .await
        .0,
        "FORBIDDEN"
    );
    ok(
        &app,
        &SUNRISE_ADMIN,
        delete_task,
        json!({ "i": { "id": task } }),
    )
    .await;

    let archive_channel = "mutation($i: ArchiveSlackChannelInput!) { archiveSlackChannel(input: $i) { slackChannel { isActive } } }";
    ok(
        &app,
        &SUNRISE_ADMIN,
        archive_channel,
        json!({ "i": { "id": channel } }),
    )
    .await;
    let delete_channel = "mutation($i: DeleteSlackChannelInput!) { deleteSlackChannel(input: $i) { deletedSlackChannelId } }";
    ok(
        &app,
        &SUNRISE_ADMIN,
        delete_channel,
        json!({ "i": { "id": channel } }),
    )
    .await;
    let archive = "mutation($i: ArchiveSlackWorkspaceInput!) { archiveSlackWorkspace(input: $i) { slackWorkspace { isActive } } }";
    let data = ok(
        &app,
        &SUNRISE_ADMIN,
        archive,
        json!({ "i": { "id": workspace } }),
    )
    .await;
    assert_eq!(
        data["archiveSlackWorkspace"]["slackWorkspace"]["isActive"],
        false
    );
    let delete = "mutation($i: DeleteSlackWorkspaceInput!) { deleteSlackWorkspace(input: $i) { deletedSlackWorkspaceId } }";
    assert_eq!(
        refused(
            &app,
            &SUNRISE_MEMBER,
            delete,
            json!({ "i": { "id": workspace } })
        )
        .await
        .0,
        "NOT_FOUND"
    );
    ok(
        &app,
        &SUNRISE_ADMIN,
        delete,
        json!({ "i": { "id": workspace } }),
    )
    .await;

    for (entity, expected) in [
        (
            "slack_workspaces",
            vec!["delete", "archive", "update", "create"],
        ),
        (
            "slack_channels",
            vec!["delete", "archive", "update", "create"],
        ),
        ("slack_tasks", vec!["delete", "archive", "update", "create"]),
        ("slack_task_completions", vec!["delete", "create"]),
    ] {
        assert_eq!(
            audit_actions(&app, &sunrise(), &SUNRISE_ADMIN, entity, &since).await,
            expected,
            "{entity}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Public sign-ups

#[tokio::test]
async fn sign_ups_are_public_to_submit_and_the_services_to_read() {
    let db = TestDb::demo().await;
    let app = db.app();
    let submit =
        "mutation($i: SubmitContactFormInput!) { submitContactForm(input: $i) { submissionId } }";
    let input = |email: &str, phone: &str| json!({ "i": { "email": email, "firstName": "Dana", "clinicName": "Lakeside Vet", "phone": phone, "message": "Demo please" } });
    assert_eq!(
        refused(&app, &As::Anonymous, submit, input("dana@", "+15550101001")).await,
        ("BAD_USER_INPUT".to_owned(), Some("input.email".to_owned()))
    );
    assert_eq!(
        refused(
            &app,
            &As::Anonymous,
            submit,
            input("dana@lakeside.example.com", "call me")
        )
        .await,
        ("BAD_USER_INPUT".to_owned(), Some("input.phone".to_owned()))
    );
    let data = ok(
        &app,
        &As::Anonymous,
        submit,
        input("Dana@Lakeside.example.com", "+1 555 010 1001"),
    )
    .await;
    let submission = data["submitContactForm"]["submissionId"]
        .as_str()
        .unwrap()
        .to_owned();
    let join = "mutation { joinWaitlist(input: {email: \"new@clinic.example.com\", campaign: \"winter\"}) { signupId } }";
    ok(&app, &As::Anonymous, join, Value::Null).await;

    // Reading them: the service only, FORBIDDEN for users (even owners).
    let contacts = "{ contactSubmissions { nodes { id email clinicName source } } }";
    let signups =
        "{ waitlistSignups(filter: {status: [WAITING]}) { nodes { id email status campaign } } }";
    for query in [contacts, signups] {
        assert_eq!(
            refused(&app, &SUNRISE_OWNER, query, Value::Null).await.0,
            "FORBIDDEN"
        );
        assert_eq!(
            refused(&app, &As::Anonymous, query, Value::Null).await.0,
            "UNAUTHENTICATED"
        );
    }
    let data = ok(&app, &As::Service, contacts, Value::Null).await;
    let newest = &nodes(&data["contactSubmissions"])[0];
    assert_eq!(newest["id"], submission);
    assert_eq!(newest["email"], "dana@lakeside.example.com");
    assert_eq!(newest["source"], "contact_page");
    let data = ok(&app, &As::Service, signups, Value::Null).await;
    let emails: Vec<&str> = nodes(&data["waitlistSignups"])
        .iter()
        .map(|n| n["email"].as_str().unwrap())
        .collect();
    assert_eq!(
        emails,
        vec!["new@clinic.example.com", "amy.fox@brightpaws.example.com"]
    );

    let update = "mutation($i: UpdateWaitlistSignupInput!) { updateWaitlistSignup(input: $i) { signup { status } } }";
    let amy = gid(
        "WaitlistSignup",
        "waitlist_signup",
        "fall-2026/amy.fox@brightpaws.example.com",
    );
    let input = json!({ "i": { "id": amy, "status": "INVITED" } });
    assert_eq!(
        refused(&app, &SUNRISE_OWNER, update, input.clone()).await.0,
        "FORBIDDEN"
    );
    let data = ok(&app, &As::Service, update, input).await;
    assert_eq!(data["updateWaitlistSignup"]["signup"]["status"], "INVITED");
}

// ---------------------------------------------------------------------------------------------
// The audit trail

#[tokio::test]
async fn audit_events_record_the_change_and_the_actor_redact_secrets_and_cannot_be_changed() {
    let db = TestDb::demo().await;
    let app = db.app();

    // An update through the API: before and after, and who made it.
    let update =
        "mutation($i: UpdateSlackTaskInput!) { updateSlackTask(input: $i) { slackTask { id } } }";
    let task = row("slack_task", "sunrise/voicemail");
    ok(&app, &SUNRISE_MEMBER, update, json!({ "i": { "id": global_id("SlackTask", task), "title": "Check voicemail first thing" } })).await;
    let events = "query($id: ID!, $e: String!, $row: UUID) { clinic(id: $id) { auditEvents(filter: {entity: $e, entityId: $row}) { nodes { id actorKind actorUserId actorName entity entityId action before after requestId } } } }";
    let data = ok(
        &app,
        &SUNRISE_ADMIN,
        events,
        json!({ "id": sunrise(), "e": "slack_tasks", "row": task }),
    )
    .await;
    let event = &nodes(&data["clinic"]["auditEvents"])[0];
    assert_eq!(event["action"], "update");
    assert_eq!(event["entityId"], task.to_string());
    assert_eq!(event["actorKind"], "user");
    assert_eq!(
        event["actorUserId"],
        global_id("User", fixtures::user_id(fixtures::USER_SUNRISE_MEMBER))
    );
    assert_eq!(event["actorName"], fixtures::USER_SUNRISE_MEMBER);
    assert_eq!(event["requestId"], "test");
    assert_eq!(
        event["before"]["title"],
        "Check voicemail and assign messages"
    );
    assert_eq!(event["after"]["title"], "Check voicemail first thing");
    // Members do not read the trail (admin rule); another clinic's admin cannot reach it.
    let data = ok(
        &app,
        &SUNRISE_MEMBER,
        events,
        json!({ "id": sunrise(), "e": "slack_tasks" }),
    )
    .await;
    assert!(nodes(&data["clinic"]["auditEvents"]).is_empty());
    assert_eq!(
        refused(
            &app,
            &HARBOR_ADMIN,
            events,
            json!({ "id": sunrise(), "e": "slack_tasks" })
        )
        .await
        .0,
        "NOT_FOUND"
    );

    // Secrets are never recorded: the bot token on connect and on rotation.
    let connect = "mutation($i: ConnectSlackWorkspaceInput!) { connectSlackWorkspace(input: $i) { slackWorkspace { id } } }";
    let data = ok(&app, &As::Service, connect, json!({ "i": { "clinicId": sunrise(), "teamId": "T0AUDIT", "botToken": "xoxb-very-secret" } })).await;
    let workspace = data["connectSlackWorkspace"]["slackWorkspace"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let rotate = "mutation($i: UpdateSlackWorkspaceInput!) { updateSlackWorkspace(input: $i) { slackWorkspace { id } } }";
    ok(
        &app,
        &SUNRISE_ADMIN,
        rotate,
        json!({ "i": { "id": workspace, "botToken": "xoxb-even-more-secret" } }),
    )
    .await;
    let (_, workspace_row) = graphql::ids::decode_any(&async_graphql::ID(workspace)).unwrap();
    let data = ok(
        &app,
        &SUNRISE_ADMIN,
        events,
        json!({ "id": sunrise(), "e": "slack_workspaces", "row": workspace_row }),
    )
    .await;
    let trail = nodes(&data["clinic"]["auditEvents"]);
    assert_eq!(trail.len(), 2);
    assert_eq!(trail[1]["action"], "create");
    assert_eq!(trail[1]["actorKind"], "service");
    assert_eq!(trail[1]["after"]["team_id"], "T0AUDIT");
    for image in [&trail[1]["after"], &trail[0]["before"], &trail[0]["after"]] {
        assert!(
            image.is_object() && image.get("bot_token").is_none(),
            "{image}"
        );
    }
    assert!(!data.to_string().contains("secret"), "{data}");

    // There is no mutation of the trail, and the database refuses changes even to the owner.
    let sdl = graphql::sdl();
    let mutation_type = sdl
        .split("type Mutation {")
        .nth(1)
        .and_then(|s| s.split('}').next())
        .unwrap();
    // (Other tables are called audit logs too; the gateway's trail is `AuditEvent`.)
    assert!(
        !mutation_type.to_lowercase().contains("auditevent"),
        "no mutation touches the audit trail"
    );
    let owner = db.owner().await;
    let event_id = nodes(&data["clinic"]["auditEvents"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, uuid) = graphql::ids::decode_any(&async_graphql::ID(event_id)).unwrap();
    let err = exec(
        &owner,
        &format!("UPDATE audit_events SET action = 'nothing' WHERE id = '{uuid}'"),
    )
    .await
    .expect_err("audit events are immutable");
    assert_eq!(err.0, "42501");
    let err = exec(
        &owner,
        &format!("DELETE FROM audit_events WHERE id = '{uuid}'"),
    )
    .await
    .expect_err("and not deletable");
    assert_eq!(err.0, "42501");
}
