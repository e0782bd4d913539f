//! API tests of the scheduling area: appointments, voice-assistant bookings, schedule syncs and
//! the booking audit trail, schedule configuration, blocked periods, assistant mappings, clinic
//! settings, auto-scheduling configuration and case-type cadences. Per table: the clinic's list
//! holds its rows and none of another clinic's, a round trip by the right role lands in the
//! audit trail, validation names the field, a role below the rule is FORBIDDEN, another
//! clinic's ids are NOT_FOUND (or BAD_USER_INPUT as references), and service-only writes are
//! the service's alone.

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

fn error_field(response: &Value) -> &str {
    response["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or("<none>")
}

fn assert_ok(response: &Value) {
    assert!(error_codes(response).is_empty(), "{response}");
}

fn assert_code(response: &Value, code: &str) {
    assert_eq!(error_codes(response), vec![code.to_owned()], "{response}");
}

fn assert_bad_input(response: &Value, field: &str) {
    assert_code(response, "BAD_USER_INPUT");
    assert_eq!(error_field(response), field, "{response}");
}

/// The actions of the `n` newest audit events of `table` in a clinic, as its admin sees them.
async fn audit_actions(
    app: &domain::Database,
    c: &DemoClinic,
    table: &str,
    n: usize,
) -> Vec<String> {
    let admin = if c.key == HARBOR.key {
        HARBOR_ADMIN
    } else {
        SUNRISE_ADMIN
    };
    let query = r#"query($id: ID!, $entity: String!, $n: Int!) {
      clinic(id: $id) { auditEvents(first: $n, filter: { entity: $entity }) { nodes { action } } }
    }"#;
    let response = run(
        app,
        &admin,
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

fn node_ids(list: &Value) -> Vec<String> {
    list["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("not a connection: {list}"))
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The slug of the clinic that owns the row behind a global id (looked up as the owner).
async fn clinic_of(owner: &sea_orm::DatabaseConnection, id: &str) -> String {
    let (kind, uuid) =
        graphql::ids::decode_any(&async_graphql::ID(id.to_owned())).expect("a global id");
    let table = match kind.as_str() {
        "Appointment" => "schedule_appointments",
        "Booking" => "vapi_bookings",
        "ScheduleSync" => "schedule_syncs",
        "AppointmentAuditEntry" => "appointment_audit_log",
        "ScheduleConfig" => "clinic_schedule_config",
        "BlockedPeriod" => "clinic_blocked_periods",
        "AssistantMapping" => "vapi_assistant_mappings",
        "ClinicSettings" => "clinic_settings",
        "AutoSchedulingConfig" => "auto_scheduling_config",
        "CaseTypeCadence" => "clinic_case_type_cadence",
        other => panic!("unexpected id kind {other}"),
    };
    scalar::<String>(owner, &format!("SELECT c.slug FROM {table} t JOIN clinics c ON c.id = t.clinic_id WHERE t.id = '{uuid}'")).await
}

const CLINIC_LISTS: &str = r#"query($id: ID!) {
  clinic(id: $id) {
    appointments(first: 100, filter: { includeDeleted: true }) { totalCount nodes { id auditEntries { id } } }
    bookings(first: 100) {
      nodes { id status hasConflict inboundCallId rescheduledFrom { id } rescheduledTo { id } auditEntries { id booking { id } } }
    }
    scheduleSyncs(first: 100) { nodes { id status } }
    appointmentAuditEntries(first: 100) { nodes { id action booking { id } appointment { id } } }
    blockedPeriods(first: 100) { nodes { id name daysOfWeek } }
    assistantMappings(first: 100) { nodes { id assistantId pimsClinicId } }
    caseTypeCadences(first: 100) { nodes { id caseType } }
    settings { id maxCallRetries testContactEmail }
    scheduleConfig { id slotDurationMinutes dailyHours syncSchedules }
    autoSchedulingConfig { id isEnabled schedulingCriteria }
  }
}"#;

#[tokio::test]
async fn the_clinic_lists_of_this_area_hold_the_clinics_rows_and_no_others() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    for (who, c) in [(SUNRISE_ADMIN, SUNRISE), (HARBOR_ADMIN, HARBOR)] {
        let response = run(&app, &who, CLINIC_LISTS, json!({ "id": clinic(&c) })).await;
        assert_ok(&response);
        let data = &response["data"]["clinic"];
        let mut ids = Vec::new();
        let lists = [
            "appointments",
            "bookings",
            "scheduleSyncs",
            "appointmentAuditEntries",
            "blockedPeriods",
            "assistantMappings",
            "caseTypeCadences",
        ];
        for list in lists {
            let found = node_ids(&data[list]);
            assert!(!found.is_empty(), "{c:?}: {list} is empty");
            ids.extend(found);
        }
        for one in ["settings", "scheduleConfig", "autoSchedulingConfig"] {
            ids.push(
                data[one]["id"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{one}: {data}"))
                    .to_owned(),
            );
        }
        for entry in data["appointmentAuditEntries"]["nodes"].as_array().unwrap() {
            for related in ["booking", "appointment"] {
                if let Some(id) = entry[related]["id"].as_str() {
                    ids.push(id.to_owned());
                }
            }
        }
        for id in &ids {
            assert_eq!(
                clinic_of(&owner, id).await,
                c.slug,
                "{id} belongs to {}",
                c.slug
            );
        }
        // Every mapped assistant books into its own clinic's PIMS in the demo.
        for m in data["assistantMappings"]["nodes"].as_array().unwrap() {
            assert_eq!(m["pimsClinicId"], clinic(&c));
        }
    }

    // Sunrise's rescheduled booking links both ways and carries its trail.
    let response = run(
        &app,
        &SUNRISE_ADMIN,
        CLINIC_LISTS,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    let bookings = response["data"]["clinic"]["bookings"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    let moved = demo("Booking", "vapi_booking", &SUNRISE, "luna-recheck-moved");
    let original = demo("Booking", "vapi_booking", &SUNRISE, "luna-recheck");
    let find = |id: &str| {
        bookings
            .iter()
            .find(|b| b["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .clone()
    };
    assert_eq!(find(&moved)["rescheduledFrom"]["id"], original.as_str());
    assert_eq!(find(&original)["rescheduledTo"][0]["id"], moved.as_str());
    assert!(
        find(&moved)["auditEntries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["booking"]["id"] == moved.as_str())
    );
    assert_eq!(
        find(&original)["inboundCallId"],
        demo("InboundCall", "inbound_call", &SUNRISE, "gonzalez-book").as_str()
    );

    // Viewers read the schedule and its configuration, not the member-only tables.
    let viewer = run(
        &app,
        &SUNRISE_VIEWER,
        CLINIC_LISTS,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_ok(&viewer);
    let data = &viewer["data"]["clinic"];
    for list in ["appointments", "bookings", "blockedPeriods"] {
        assert!(!node_ids(&data[list]).is_empty(), "a viewer reads {list}");
    }
    for list in [
        "scheduleSyncs",
        "appointmentAuditEntries",
        "assistantMappings",
        "caseTypeCadences",
    ] {
        assert!(node_ids(&data[list]).is_empty(), "a viewer reads no {list}");
    }
    assert!(data["settings"].is_null() && data["autoSchedulingConfig"].is_null());
    assert!(!data["scheduleConfig"].is_null());
    assert!(
        data["bookings"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["auditEntries"] == json!([]))
    );

    // Another clinic's lists are not there at all.
    assert_code(
        &run(
            &app,
            &HARBOR_ADMIN,
            CLINIC_LISTS,
            json!({ "id": clinic(&SUNRISE) }),
        )
        .await,
        "NOT_FOUND",
    );
}

#[tokio::test]
async fn appointment_lists_filter_by_provider_type_date_and_status() {
    let db = TestDb::demo().await;
    let app = db.app();
    let list = r#"query($id: ID!, $filter: AppointmentFilter) {
      clinic(id: $id) { appointments(first: 100, filter: $filter) { totalCount nodes { id providerName appointmentType date status deletedAt } } }
    }"#;
    let all = run(
        &app,
        &SUNRISE_VIEWER,
        list,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_ok(&all);
    let nodes = all["data"]["clinic"]["appointments"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        nodes.iter().all(|a| a["deletedAt"].is_null()),
        "cancelled appointments are left out by default"
    );
    let pepper = nodes
        .iter()
        .find(|a| {
            a["id"]
                == demo(
                    "Appointment",
                    "schedule_appointment",
                    &SUNRISE,
                    "pepper-nails",
                )
                .as_str()
        })
        .unwrap()
        .clone();

    let provider = pepper["providerName"].as_str().unwrap().to_uppercase();
    let by_provider = run(
        &app,
        &SUNRISE_VIEWER,
        list,
        json!({ "id": clinic(&SUNRISE), "filter": { "providerName": provider } }),
    )
    .await;
    let found = by_provider["data"]["clinic"]["appointments"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        !found.is_empty()
            && found
                .iter()
                .all(|a| a["providerName"] == pepper["providerName"]),
        "{by_provider}"
    );

    let by_type = run(
        &app,
        &SUNRISE_VIEWER,
        list,
        json!({ "id": clinic(&SUNRISE), "filter": { "appointmentType": "RECHECK" } }),
    )
    .await;
    let found = by_type["data"]["clinic"]["appointments"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(found.len(), 2, "{by_type}");
    assert!(found.iter().all(|a| a["appointmentType"] == "recheck"));

    let by_date = run(
        &app,
        &SUNRISE_VIEWER,
        list,
        json!({ "id": clinic(&SUNRISE), "filter": { "date": pepper["date"] } }),
    )
    .await;
    let found = by_date["data"]["clinic"]["appointments"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        found.len(),
        4,
        "four appointments start on the anchor day: {by_date}"
    );
    assert!(found.iter().all(|a| a["date"] == pepper["date"]));

    let deleted = run(
        &app,
        &SUNRISE_VIEWER,
        list,
        json!({ "id": clinic(&SUNRISE), "filter": { "status": ["CANCELLED"], "includeDeleted": true } }),
    )
    .await;
    let found = deleted["data"]["clinic"]["appointments"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(found.len(), 1, "{deleted}");
    assert!(!found[0]["deletedAt"].is_null());
}

#[tokio::test]
async fn members_update_and_cancel_appointments_and_admins_delete_them() {
    let db = TestDb::demo().await;
    let app = db.app();
    let update = r#"mutation($input: UpdateAppointmentInput!) {
      updateAppointment(input: $input) { appointment { id startsAt endsAt roomId providerName clientPhone status } }
    }"#;
    let daisy = demo(
        "Appointment",
        "schedule_appointment",
        &SUNRISE,
        "daisy-ears",
    );

    let input = json!({ "id": daisy, "providerName": "Dr. Ines Patel", "clientPhone": null, "status": "CONFIRMED" });
    let response = run(&app, &SUNRISE_MEMBER, update, json!({ "input": input })).await;
    assert_ok(&response);
    let a = &response["data"]["updateAppointment"]["appointment"];
    assert_eq!(
        (a["providerName"].as_str(), a["status"].as_str()),
        (Some("Dr. Ines Patel"), Some("CONFIRMED"))
    );
    assert!(a["clientPhone"].is_null());
    assert_eq!(a["roomId"], "exam-2", "absent fields are unchanged");
    assert_eq!(
        audit_actions(&app, &SUNRISE, "schedule_appointments", 1).await,
        vec!["update"]
    );

    // Moving into exam-1 at 9:00 overlaps Pepper's nail trim there.
    let moved = run(
        &app,
        &SUNRISE_MEMBER,
        update,
        json!({ "input": { "id": daisy, "roomId": "exam-1" } }),
    )
    .await;
    assert_code(&moved, "CONFLICT");
    assert!(
        moved["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("room is already booked"),
        "{moved}"
    );

    // One end against the stored other end.
    let starts = a["startsAt"].as_str().unwrap().to_owned();
    let bad = run(
        &app,
        &SUNRISE_MEMBER,
        update,
        json!({ "input": { "id": daisy, "endsAt": starts } }),
    )
    .await;
    assert_bad_input(&bad, "input.endsAt");
    let bad = run(
        &app,
        &SUNRISE_MEMBER,
        update,
        json!({ "input": { "id": daisy, "clientPhone": "call me" } }),
    )
    .await;
    assert_bad_input(&bad, "input.clientPhone");

    assert_code(
        &run(
            &app,
            &SUNRISE_VIEWER,
            update,
            json!({ "input": { "id": daisy, "roomId": "exam-3" } }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &run(
            &app,
            &HARBOR_MEMBER,
            update,
            json!({ "input": { "id": daisy, "roomId": "exam-3" } }),
        )
        .await,
        "NOT_FOUND",
    );

    // Cancelling keeps the row and frees the room: Daisy's old slot can now take another visit.
    let cancel = r#"mutation($id: ID!) { cancelAppointment(input: { id: $id }) { appointment { id status deletedAt } } }"#;
    let response = run(&app, &SUNRISE_MEMBER, cancel, json!({ "id": daisy })).await;
    assert_ok(&response);
    let cancelled = &response["data"]["cancelAppointment"]["appointment"];
    assert_eq!(cancelled["status"], "CANCELLED");
    assert!(!cancelled["deletedAt"].is_null());
    assert_eq!(
        audit_actions(&app, &SUNRISE, "schedule_appointments", 1).await,
        vec!["archive"]
    );
    let create = r#"mutation($input: CreateAppointmentInput!) { createAppointment(input: $input) { appointment { id source } } }"#;
    let input = json!({ "clinicId": clinic(&SUNRISE), "startsAt": a["startsAt"], "endsAt": a["endsAt"], "roomId": "exam-2", "patientName": "Clover" });
    assert_ok(&run(&app, &SUNRISE_MEMBER, create, json!({ "input": input })).await);

    let delete =
        r#"mutation($id: ID!) { deleteAppointment(input: { id: $id }) { deletedAppointmentId } }"#;
    assert_code(
        &run(&app, &SUNRISE_MEMBER, delete, json!({ "id": daisy })).await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_ADMIN, delete, json!({ "id": daisy })).await,
        "NOT_FOUND",
    );
    let response = run(&app, &SUNRISE_ADMIN, delete, json!({ "id": daisy })).await;
    assert_ok(&response);
    assert_eq!(
        response["data"]["deleteAppointment"]["deletedAppointmentId"],
        daisy.as_str()
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE, "schedule_appointments", 1).await,
        vec!["delete"]
    );

    // Creating in another clinic reveals nothing about its book.
    let input = json!({ "clinicId": clinic(&HARBOR), "startsAt": "2026-11-02T13:00:00Z", "endsAt": "2026-11-02T13:20:00Z", "roomId": "exam-1" });
    assert_code(
        &run(&app, &SUNRISE_ADMIN, create, json!({ "input": input })).await,
        "NOT_FOUND",
    );
}

#[tokio::test]
async fn the_pims_sync_upserts_appointments_by_their_pims_id() {
    let db = TestDb::demo().await;
    let app = db.app();
    let upsert = r#"mutation($input: UpsertAppointmentByPimsIdInput!) {
      upsertAppointmentByPimsId(input: $input) { created appointment { id pimsAppointmentId source syncHash lastSyncedAt startsAt patientName roomId } }
    }"#;
    let input = json!({
        "clinicId": clinic(&SUNRISE), "pimsAppointmentId": "NEO-999001",
        "startsAt": "2026-11-05T17:00:00Z", "endsAt": "2026-11-05T17:30:00Z",
        "patientName": "Hazel", "roomId": "exam-3", "syncHash": "h1",
    });
    let response = run(&app, &As::Service, upsert, json!({ "input": input })).await;
    assert_ok(&response);
    let created = response["data"]["upsertAppointmentByPimsId"].clone();
    assert_eq!(created["created"], true);
    assert_eq!(created["appointment"]["source"], "pims");
    assert_eq!(created["appointment"]["syncHash"], "h1");
    assert!(!created["appointment"]["lastSyncedAt"].is_null());

    let input = json!({
        "clinicId": clinic(&SUNRISE), "pimsAppointmentId": "NEO-999001",
        "startsAt": "2026-11-05T18:00:00Z", "endsAt": "2026-11-05T18:30:00Z", "syncHash": "h2", "roomId": null,
    });
    let response = run(&app, &SUNRISE_MEMBER, upsert, json!({ "input": input })).await;
    assert_ok(&response);
    let updated = &response["data"]["upsertAppointmentByPimsId"];
    assert_eq!(updated["created"], false);
    assert_eq!(updated["appointment"]["id"], created["appointment"]["id"]);
    assert_eq!(updated["appointment"]["startsAt"], "2026-11-05T18:00:00Z");
    assert_eq!(updated["appointment"]["syncHash"], "h2");
    assert_eq!(
        updated["appointment"]["patientName"], "Hazel",
        "absent fields are unchanged"
    );
    assert!(updated["appointment"]["roomId"].is_null());
    assert_eq!(
        audit_actions(&app, &SUNRISE, "schedule_appointments", 2).await,
        vec!["update", "create"]
    );

    let input = json!({ "clinicId": clinic(&SUNRISE), "pimsAppointmentId": " ", "startsAt": "2026-11-05T18:00:00Z", "endsAt": "2026-11-05T18:30:00Z" });
    assert_bad_input(
        &run(&app, &As::Service, upsert, json!({ "input": input })).await,
        "input.pimsAppointmentId",
    );
    let input = json!({ "clinicId": clinic(&SUNRISE), "pimsAppointmentId": "NEO-1", "startsAt": "2026-11-05T18:00:00Z", "endsAt": "2026-11-05T17:00:00Z" });
    assert_bad_input(
        &run(&app, &As::Service, upsert, json!({ "input": input })).await,
        "input.endsAt",
    );

    let input = json!({ "clinicId": clinic(&SUNRISE), "pimsAppointmentId": "NEO-999001", "startsAt": "2026-11-05T18:00:00Z", "endsAt": "2026-11-05T18:30:00Z" });
    assert_code(
        &run(
            &app,
            &SUNRISE_VIEWER,
            upsert,
            json!({ "input": input.clone() }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_MEMBER, upsert, json!({ "input": input })).await,
        "NOT_FOUND",
    );
}

const BOOKING_FIELDS: &str = "id status startsAt endsAt originalStartsAt originalEndsAt rescheduledAt rescheduledReason hasConflict cancelledAt cancelledReason confirmationNumber inboundCallId";

#[tokio::test]
async fn bookings_go_through_their_lifecycle() {
    let db = TestDb::demo().await;
    let app = db.app();
    let create = format!(
        "mutation($input: CreateBookingInput!) {{ createBooking(input: $input) {{ booking {{ {BOOKING_FIELDS} }} }} }}"
    );
    // Overlaps Luna's confirmed recheck (15:00 local on day 9).
    let input = json!({
        "clinicId": clinic(&SUNRISE), "startsAt": "2026-11-11T23:10:00Z", "endsAt": "2026-11-11T23:40:00Z",
        "clientName": "Ethan Cole", "clientPhone": "+15550107702", "patientName": "Rufus", "species": "canine",
        "reason": "Vaccine booster", "isNewClient": false,
        "inboundCallId": demo("InboundCall", "inbound_call", &SUNRISE, "info-hours"), "metadata": { "channel": "voice" },
    });
    let response = run(&app, &SUNRISE_MEMBER, &create, json!({ "input": input })).await;
    assert_ok(&response);
    let booking = response["data"]["createBooking"]["booking"].clone();
    assert_eq!(booking["status"], "PENDING");
    assert_eq!(
        booking["hasConflict"], true,
        "the database flags the overlap"
    );
    let number = booking["confirmationNumber"].as_str().unwrap().to_owned();
    assert!(
        domain::codes::is_confirmation_number(&number),
        "the gateway draws the number: {number}"
    );
    let id = booking["id"].as_str().unwrap().to_owned();
    assert_eq!(
        audit_actions(&app, &SUNRISE, "vapi_bookings", 1).await,
        vec!["create"]
    );

    for (change, field) in [
        (json!({ "endsAt": "2026-11-11T23:00:00Z" }), "input.endsAt"),
        (json!({ "clientPhone": "not a phone" }), "input.clientPhone"),
        (json!({ "metadata": [1, 2] }), "input.metadata"),
        (
            json!({ "inboundCallId": demo("InboundCall", "inbound_call", &HARBOR, "kowalski-book") }),
            "input.inboundCallId",
        ),
    ] {
        let bad = input_with(&input_base(), &change);
        assert_bad_input(
            &run(&app, &SUNRISE_MEMBER, &create, json!({ "input": bad })).await,
            field,
        );
    }
    let fresh = input_base();
    assert_code(
        &run(
            &app,
            &SUNRISE_VIEWER,
            &create,
            json!({ "input": fresh.clone() }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_MEMBER, &create, json!({ "input": fresh })).await,
        "NOT_FOUND",
    );

    // Update and confirm.
    let update = format!(
        "mutation($input: UpdateBookingInput!) {{ updateBooking(input: $input) {{ booking {{ {BOOKING_FIELDS} reason breed }} }} }}"
    );
    let response = run(
        &app,
        &SUNRISE_MEMBER,
        &update,
        json!({ "input": { "id": id, "reason": "Booster and nail trim", "breed": null } }),
    )
    .await;
    assert_ok(&response);
    assert_eq!(
        response["data"]["updateBooking"]["booking"]["reason"],
        "Booster and nail trim"
    );
    let cancel_by_update = run(
        &app,
        &SUNRISE_MEMBER,
        &update,
        json!({ "input": { "id": id, "status": "CANCELLED" } }),
    )
    .await;
    assert_bad_input(&cancel_by_update, "input.status");
    let confirm = format!(
        "mutation($id: ID!) {{ confirmBooking(input: {{ id: $id }}) {{ booking {{ {BOOKING_FIELDS} }} }} }}"
    );
    let response = run(&app, &SUNRISE_MEMBER, &confirm, json!({ "id": id })).await;
    assert_ok(&response);
    assert_eq!(
        response["data"]["confirmBooking"]["booking"]["status"],
        "CONFIRMED"
    );

    // Two moves by staff: the first window is kept, the status stays, no booking-trail entry.
    let reschedule = format!(
        "mutation($input: RescheduleBookingInput!) {{ rescheduleBooking(input: $input) {{ booking {{ {BOOKING_FIELDS} }} }} }}"
    );
    let move_to = |start: &str, end: &str| json!({ "input": { "id": id, "startsAt": start, "endsAt": end, "reason": "Owner asked for later" } });
    let response = run(
        &app,
        &SUNRISE_MEMBER,
        &reschedule,
        move_to("2026-11-12T18:00:00Z", "2026-11-12T18:30:00Z"),
    )
    .await;
    assert_ok(&response);
    let moved = &response["data"]["rescheduleBooking"]["booking"];
    assert_eq!(moved["originalStartsAt"], "2026-11-11T23:10:00Z");
    assert_eq!(moved["status"], "CONFIRMED");
    assert_eq!(moved["hasConflict"], false, "the new slot is free");
    assert_eq!(moved["rescheduledReason"], "Owner asked for later");
    let response = run(
        &app,
        &As::Service,
        &reschedule,
        move_to("2026-11-12T19:00:00Z", "2026-11-12T19:30:00Z"),
    )
    .await;
    assert_ok(&response);
    let moved = &response["data"]["rescheduleBooking"]["booking"];
    assert_eq!(
        moved["originalStartsAt"], "2026-11-11T23:10:00Z",
        "only the first move sets the original"
    );
    assert_eq!(moved["originalEndsAt"], "2026-11-11T23:40:00Z");
    assert_eq!(moved["startsAt"], "2026-11-12T19:00:00Z");
    assert_bad_input(
        &run(
            &app,
            &SUNRISE_MEMBER,
            &reschedule,
            move_to("2026-11-12T19:00:00Z", "2026-11-12T18:00:00Z"),
        )
        .await,
        "input.endsAt",
    );

    let trail = r#"query($id: ID!, $booking: ID!) {
      clinic(id: $id) { appointmentAuditEntries(filter: { bookingId: $booking, action: ["booking_rescheduled"] }) {
        nodes { action oldStartsAt newStartsAt reason performedBy booking { id } } } }
    }"#;
    let response = run(
        &app,
        &SUNRISE_MEMBER,
        trail,
        json!({ "id": clinic(&SUNRISE), "booking": id }),
    )
    .await;
    let entries = response["data"]["clinic"]["appointmentAuditEntries"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    // Both moves are on the booking's trail, newest first, each with who made it.
    assert_eq!(entries.len(), 2, "{response}");
    assert_eq!(entries[0]["oldStartsAt"], "2026-11-12T18:00:00Z");
    assert_eq!(entries[0]["newStartsAt"], "2026-11-12T19:00:00Z");
    assert_eq!(entries[0]["performedBy"], "tests");
    assert_eq!(entries[1]["newStartsAt"], "2026-11-12T18:00:00Z");
    assert_eq!(entries[1]["performedBy"], "staff");

    // Cancel; a cancelled booking can be neither confirmed nor moved.
    let cancel = format!(
        "mutation($id: ID!) {{ cancelBooking(input: {{ id: $id, reason: \"Owner cancelled\" }}) {{ booking {{ {BOOKING_FIELDS} }} }} }}"
    );
    assert_code(
        &run(&app, &SUNRISE_VIEWER, &cancel, json!({ "id": id })).await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_MEMBER, &cancel, json!({ "id": id })).await,
        "NOT_FOUND",
    );
    let response = run(&app, &SUNRISE_MEMBER, &cancel, json!({ "id": id })).await;
    assert_ok(&response);
    let cancelled = &response["data"]["cancelBooking"]["booking"];
    assert_eq!(
        (
            cancelled["status"].as_str(),
            cancelled["cancelledReason"].as_str()
        ),
        (Some("CANCELLED"), Some("Owner cancelled"))
    );
    assert!(!cancelled["cancelledAt"].is_null());
    assert_bad_input(
        &run(&app, &SUNRISE_MEMBER, &confirm, json!({ "id": id })).await,
        "input.id",
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE, "vapi_bookings", 6).await,
        vec!["update", "update", "update", "update", "update", "create"]
    );

    // The list filters.
    let list = r#"query($id: ID!, $filter: BookingFilter) { clinic(id: $id) { bookings(filter: $filter) { totalCount nodes { id status } } } }"#;
    let count = |filter: Value| {
        let app = app.clone();
        async move {
            let response = run(
                &app,
                &SUNRISE_VIEWER,
                list,
                json!({ "id": clinic(&SUNRISE), "filter": filter }),
            )
            .await;
            assert_ok(&response);
            response["data"]["clinic"]["bookings"]["totalCount"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(count(json!({ "status": ["CANCELLED"] })).await, 2);
    assert_eq!(count(json!({ "confirmationNumber": number })).await, 1);
    assert_eq!(
        count(
            json!({ "startsAt": { "from": "2026-11-12T00:00:00Z", "to": "2026-11-13T00:00:00Z" } })
        )
        .await,
        1
    );
    assert_eq!(
        count(json!({ "hasConflict": true, "status": ["CONFIRMED"] })).await,
        0
    );

    // Hard deletes are for admins.
    let delete = r#"mutation($id: ID!) { deleteBooking(input: { id: $id }) { deletedBookingId } }"#;
    assert_code(
        &run(&app, &SUNRISE_MEMBER, delete, json!({ "id": id })).await,
        "FORBIDDEN",
    );
    // Its trail entry refers to it.
    assert_code(
        &run(&app, &SUNRISE_ADMIN, delete, json!({ "id": id })).await,
        "BAD_USER_INPUT",
    );
    let response = run(
        &app,
        &SUNRISE_ADMIN,
        &create,
        json!({ "input": input_base() }),
    )
    .await;
    let spare = response["data"]["createBooking"]["booking"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ok(&run(&app, &SUNRISE_ADMIN, delete, json!({ "id": spare })).await);
    assert_eq!(
        audit_actions(&app, &SUNRISE, "vapi_bookings", 1).await,
        vec!["delete"]
    );
}

fn input_base() -> Value {
    json!({ "clinicId": clinic(&SUNRISE), "startsAt": "2026-11-20T17:00:00Z", "endsAt": "2026-11-20T17:30:00Z", "clientName": "Test Caller" })
}

fn input_with(base: &Value, change: &Value) -> Value {
    let mut out = base.clone();
    for (k, v) in change.as_object().unwrap() {
        out[k] = v.clone();
    }
    out
}

#[tokio::test]
async fn schedule_syncs_and_the_booking_trail_are_written_by_the_service_only() {
    let db = TestDb::demo().await;
    let app = db.app();
    let record = r#"mutation($input: RecordScheduleSyncInput!) {
      recordScheduleSync(input: $input) { scheduleSync { id status appointmentsAdded errorMessage completedAt durationMs syncType } }
    }"#;
    let input = json!({ "clinicId": clinic(&SUNRISE), "syncType": "appointments", "status": "IN_PROGRESS", "startedAt": "2026-11-02T14:00:00Z" });
    assert_code(
        &run(
            &app,
            &SUNRISE_ADMIN,
            record,
            json!({ "input": input.clone() }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &run(
            &app,
            &HARBOR_ADMIN,
            record,
            json!({ "input": input.clone() }),
        )
        .await,
        "NOT_FOUND",
    );
    let response = run(&app, &As::Service, record, json!({ "input": input })).await;
    assert_ok(&response);
    let id = response["data"]["recordScheduleSync"]["scheduleSync"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let finish = json!({ "id": id, "status": "COMPLETED", "appointmentsAdded": 4, "completedAt": "2026-11-02T14:00:05Z", "durationMs": 5000 });
    let response = run(
        &app,
        &As::Service,
        record,
        json!({ "input": finish.clone() }),
    )
    .await;
    assert_ok(&response);
    let sync = &response["data"]["recordScheduleSync"]["scheduleSync"];
    assert_eq!(
        (sync["id"].as_str(), sync["status"].as_str()),
        (Some(id.as_str()), Some("COMPLETED"))
    );
    assert_eq!(
        (
            sync["appointmentsAdded"].as_i64(),
            sync["syncType"].as_str()
        ),
        (Some(4), Some("appointments"))
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE, "schedule_syncs", 2).await,
        vec!["update", "create"]
    );
    assert_code(
        &run(&app, &SUNRISE_MEMBER, record, json!({ "input": finish })).await,
        "FORBIDDEN",
    );
    assert_bad_input(
        &run(
            &app,
            &As::Service,
            record,
            json!({ "input": { "id": id, "appointmentsRemoved": -1 } }),
        )
        .await,
        "input.appointmentsRemoved",
    );
    assert_bad_input(
        &run(
            &app,
            &As::Service,
            record,
            json!({ "input": { "status": "FAILED" } }),
        )
        .await,
        "input.clinicId",
    );

    let list = r#"query($id: ID!) { clinic(id: $id) { scheduleSyncs(first: 100, filter: { status: [COMPLETED] }) { nodes { id status } } } }"#;
    let response = run(
        &app,
        &SUNRISE_MEMBER,
        list,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    let ids = node_ids(&response["data"]["clinic"]["scheduleSyncs"]);
    assert!(ids.contains(&id) && ids.len() == 2, "{response}");

    let audit = r#"mutation($input: RecordAppointmentAuditInput!) {
      recordAppointmentAudit(input: $input) { entry { id action performedBy booking { id } appointment { id } oldStartsAt } }
    }"#;
    let booking = demo("Booking", "vapi_booking", &SUNRISE, "luna-recheck-moved");
    let input = json!({
        "clinicId": clinic(&SUNRISE), "action": "pims_write_failed", "bookingId": booking,
        "appointmentId": demo("Appointment", "schedule_appointment", &SUNRISE, "pepper-nails"),
        "errorCode": "PIMS_TIMEOUT", "errorMessage": "retrying",
    });
    assert_code(
        &run(
            &app,
            &SUNRISE_ADMIN,
            audit,
            json!({ "input": input.clone() }),
        )
        .await,
        "FORBIDDEN",
    );
    let response = run(&app, &As::Service, audit, json!({ "input": input.clone() })).await;
    assert_ok(&response);
    let entry = &response["data"]["recordAppointmentAudit"]["entry"];
    assert_eq!(
        (
            entry["performedBy"].as_str(),
            entry["booking"]["id"].as_str()
        ),
        (Some("vapi"), Some(booking.as_str()))
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE, "appointment_audit_log", 1).await,
        vec!["create"]
    );

    let other = input_with(
        &input,
        &json!({ "bookingId": demo("Booking", "vapi_booking", &HARBOR, "bear-incision") }),
    );
    assert_bad_input(
        &run(&app, &As::Service, audit, json!({ "input": other })).await,
        "input.bookingId",
    );
    let half = input_with(&input, &json!({ "oldStartsAt": "2026-11-02T14:00:00Z" }));
    assert_bad_input(
        &run(&app, &As::Service, audit, json!({ "input": half })).await,
        "input.oldEndsAt",
    );
    let blank = input_with(&input, &json!({ "action": "" }));
    assert_bad_input(
        &run(&app, &As::Service, audit, json!({ "input": blank })).await,
        "input.action",
    );

    let list = r#"query($id: ID!) { clinic(id: $id) { appointmentAuditEntries(filter: { action: ["pims_write_failed"] }) { totalCount } } }"#;
    let response = run(
        &app,
        &SUNRISE_MEMBER,
        list,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_eq!(
        response["data"]["clinic"]["appointmentAuditEntries"]["totalCount"], 2,
        "{response}"
    );
}

#[tokio::test]
async fn admins_save_the_one_per_clinic_configuration_rows() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;

    // Schedule configuration: the first save creates the row, the next updates it.
    scalar::<i64>(&owner, &format!("WITH d AS (DELETE FROM clinic_schedule_config WHERE clinic_id = '{}' RETURNING 1) SELECT count(*) FROM d", fixtures::clinic_id(&SUNRISE))).await;
    let save = r#"mutation($input: SaveScheduleConfigInput!) {
      saveScheduleConfig(input: $input) { scheduleConfig { id dailyHours slotDurationMinutes syncHorizonDays syncSchedules vapiAvailabilityStartTime vapiAvailabilityEndTime targetRoomId } }
    }"#;
    let input = json!({
        "clinicId": clinic(&SUNRISE),
        "dailyHours": { "mon": { "open": "08:00", "close": "18:00" }, "sat": { "open": "09:00", "close": "12:00" } },
        "syncSchedules": [{ "cron": "0 6 * * *", "syncType": "appointments" }],
        "vapiAvailabilityStartTime": "08:30:00", "vapiAvailabilityEndTime": "16:30:00", "targetRoomId": "exam-2",
    });
    let response = run(&app, &SUNRISE_ADMIN, save, json!({ "input": input })).await;
    assert_ok(&response);
    let config = response["data"]["saveScheduleConfig"]["scheduleConfig"].clone();
    assert_eq!(
        config["dailyHours"],
        json!({ "mon": { "open": "08:00", "close": "18:00" }, "sat": { "open": "09:00", "close": "12:00" } })
    );
    assert_eq!(
        config["syncSchedules"],
        json!([{ "cron": "0 6 * * *", "type": "appointments" }])
    );
    assert_eq!(config["slotDurationMinutes"], 15, "the column default");
    let response = run(&app, &SUNRISE_ADMIN, save, json!({ "input": { "clinicId": clinic(&SUNRISE), "slotDurationMinutes": 20, "targetRoomId": null } })).await;
    assert_ok(&response);
    let saved = &response["data"]["saveScheduleConfig"]["scheduleConfig"];
    assert_eq!(
        (saved["id"].clone(), saved["slotDurationMinutes"].clone()),
        (config["id"].clone(), json!(20))
    );
    assert!(saved["targetRoomId"].is_null());
    assert_eq!(
        saved["vapiAvailabilityEndTime"], "16:30:00",
        "absent fields are unchanged"
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE, "clinic_schedule_config", 2).await,
        vec!["update", "create"]
    );

    for (change, field) in [
        (
            json!({ "vapiAvailabilityStartTime": "17:00:00" }),
            "input.vapiAvailabilityEndTime",
        ),
        (
            json!({ "dailyHours": { "tue": { "open": "18:00", "close": "08:00" } } }),
            "input.dailyHours.tue.close",
        ),
        (
            json!({ "dailyHours": { "wed": { "open": "8am", "close": "17:00" } } }),
            "input.dailyHours.wed.open",
        ),
        (
            json!({ "syncSchedules": [{ "cron": "daily", "syncType": "appointments" }] }),
            "input.syncSchedules[0].cron",
        ),
        (
            json!({ "slotDurationMinutes": 0 }),
            "input.slotDurationMinutes",
        ),
        (json!({ "syncHorizonDays": -1 }), "input.syncHorizonDays"),
    ] {
        let input = input_with(&json!({ "clinicId": clinic(&SUNRISE) }), &change);
        assert_bad_input(
            &run(&app, &SUNRISE_ADMIN, save, json!({ "input": input })).await,
            field,
        );
    }
    let input = json!({ "input": { "clinicId": clinic(&SUNRISE), "slotDurationMinutes": 30 } });
    assert_code(
        &run(&app, &SUNRISE_MEMBER, save, input.clone()).await,
        "FORBIDDEN",
    );
    assert_code(&run(&app, &HARBOR_ADMIN, save, input).await, "NOT_FOUND");

    // Clinic settings: windows checked against the stored other end.
    let save = r#"mutation($input: SaveClinicSettingsInput!) {
      saveClinicSettings(input: $input) { settings { id maxCallRetries preferredCallStartTime preferredCallEndTime emergencyPhone testModeEnabled testContactEmail voicemailMessage } }
    }"#;
    let input = json!({ "clinicId": clinic(&SUNRISE), "maxCallRetries": 4, "preferredCallStartTime": "15:00:00", "testModeEnabled": true,
        "testContactEmail": "qa@sunrise.example.com", "voicemailMessage": null });
    let response = run(&app, &SUNRISE_ADMIN, save, json!({ "input": input })).await;
    assert_ok(&response);
    let settings = &response["data"]["saveClinicSettings"]["settings"];
    assert_eq!(
        (
            settings["maxCallRetries"].as_i64(),
            settings["preferredCallEndTime"].as_str()
        ),
        (Some(4), Some("18:30:00"))
    );
    assert!(settings["voicemailMessage"].is_null());
    assert_eq!(
        audit_actions(&app, &SUNRISE, "clinic_settings", 1).await,
        vec!["update"]
    );
    for (change, field) in [
        (
            json!({ "preferredCallStartTime": "19:00:00" }),
            "input.preferredCallEndTime",
        ),
        (
            json!({ "preferredEmailStartTime": "10:00:00", "preferredEmailEndTime": "09:00:00" }),
            "input.preferredEmailEndTime",
        ),
        (json!({ "emailDelayDays": -2 }), "input.emailDelayDays"),
        (json!({ "emergencyPhone": "911!" }), "input.emergencyPhone"),
        (
            json!({ "testContactEmail": "qa at sunrise" }),
            "input.testContactEmail",
        ),
        (
            json!({ "testContactPhone": "12" }),
            "input.testContactPhone",
        ),
    ] {
        let input = input_with(&json!({ "clinicId": clinic(&SUNRISE) }), &change);
        assert_bad_input(
            &run(&app, &SUNRISE_ADMIN, save, json!({ "input": input })).await,
            field,
        );
    }
    let input = json!({ "input": { "clinicId": clinic(&SUNRISE), "maxCallRetries": 1 } });
    assert_code(
        &run(&app, &SUNRISE_VIEWER, save, input.clone()).await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &SUNRISE_MEMBER, save, input.clone()).await,
        "FORBIDDEN",
    );
    assert_code(&run(&app, &HARBOR_ADMIN, save, input).await, "NOT_FOUND");

    // A first save checks the windows against the defaults the new row takes (calls end at
    // 19:00), and creates the row.
    scalar::<i64>(&owner, &format!("WITH d AS (DELETE FROM clinic_settings WHERE clinic_id = '{}' RETURNING 1) SELECT count(*) FROM d", fixtures::clinic_id(&SUNRISE))).await;
    let late =
        json!({ "input": { "clinicId": clinic(&SUNRISE), "preferredCallStartTime": "19:30:00" } });
    assert_bad_input(
        &run(&app, &SUNRISE_ADMIN, save, late).await,
        "input.preferredCallEndTime",
    );
    let first = json!({ "input": { "clinicId": clinic(&SUNRISE), "maxCallRetries": 2 } });
    let response = run(&app, &SUNRISE_ADMIN, save, first).await;
    assert_ok(&response);
    let settings = &response["data"]["saveClinicSettings"]["settings"];
    assert_eq!(
        (
            settings["maxCallRetries"].as_i64(),
            settings["preferredCallEndTime"].as_str()
        ),
        (Some(2), Some("19:00:00")),
        "{response}"
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE, "clinic_settings", 1).await,
        vec!["create"]
    );

    // Auto-scheduling: typed criteria stored as the scheduler reads them.
    let save = r#"mutation($input: SaveAutoSchedulingConfigInput!) {
      saveAutoSchedulingConfig(input: $input) { autoSchedulingConfig { isEnabled callDelayDays preferredCallTime schedulingCriteria } }
    }"#;
    let input = json!({ "clinicId": clinic(&SUNRISE), "isEnabled": false, "callDelayDays": 3, "preferredCallTime": null,
        "schedulingCriteria": { "caseStatuses": ["COMPLETED"], "excludeCaseTypes": ["euthanasia"], "requireClientPhone": true } });
    let response = run(&app, &SUNRISE_ADMIN, save, json!({ "input": input })).await;
    assert_ok(&response);
    let auto = &response["data"]["saveAutoSchedulingConfig"]["autoSchedulingConfig"];
    assert_eq!(
        auto["schedulingCriteria"],
        json!({ "case_statuses": ["completed"], "exclude_case_types": ["euthanasia"], "require_client_phone": true })
    );
    assert_eq!(
        (auto["isEnabled"].as_bool(), auto["callDelayDays"].as_i64()),
        (Some(false), Some(3))
    );
    assert!(auto["preferredCallTime"].is_null());
    assert_eq!(
        audit_actions(&app, &SUNRISE, "auto_scheduling_config", 1).await,
        vec!["update"]
    );
    let input = json!({ "clinicId": clinic(&SUNRISE), "emailDelayDays": -1 });
    assert_bad_input(
        &run(&app, &SUNRISE_ADMIN, save, json!({ "input": input })).await,
        "input.emailDelayDays",
    );
    let input = json!({ "input": { "clinicId": clinic(&SUNRISE), "isEnabled": true } });
    assert_code(
        &run(&app, &SUNRISE_MEMBER, save, input.clone()).await,
        "FORBIDDEN",
    );
    assert_code(&run(&app, &HARBOR_ADMIN, save, input).await, "NOT_FOUND");
}

#[tokio::test]
async fn admins_manage_blocked_periods() {
    let db = TestDb::demo().await;
    let app = db.app();
    let create = r#"mutation($input: CreateBlockedPeriodInput!) {
      createBlockedPeriod(input: $input) { blockedPeriod { id name startTime endTime daysOfWeek isActive } }
    }"#;
    let input = json!({ "clinicId": clinic(&SUNRISE), "name": "Inventory", "startTime": "16:00:00", "endTime": "17:00:00", "daysOfWeek": [5, 1, 5] });
    let response = run(
        &app,
        &SUNRISE_ADMIN,
        create,
        json!({ "input": input.clone() }),
    )
    .await;
    assert_ok(&response);
    let period = response["data"]["createBlockedPeriod"]["blockedPeriod"].clone();
    assert_eq!(
        (period["daysOfWeek"].clone(), period["isActive"].clone()),
        (json!([1, 5]), json!(true))
    );
    let id = period["id"].as_str().unwrap().to_owned();

    for (change, field) in [
        (json!({ "endTime": "15:00:00" }), "input.endTime"),
        (json!({ "daysOfWeek": [1, 7] }), "input.daysOfWeek"),
        (json!({ "name": " " }), "input.name"),
    ] {
        assert_bad_input(
            &run(
                &app,
                &SUNRISE_ADMIN,
                create,
                json!({ "input": input_with(&input, &change) }),
            )
            .await,
            field,
        );
    }
    assert_code(
        &run(
            &app,
            &SUNRISE_MEMBER,
            create,
            json!({ "input": input.clone() }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_ADMIN, create, json!({ "input": input })).await,
        "NOT_FOUND",
    );

    let update = r#"mutation($input: UpdateBlockedPeriodInput!) { updateBlockedPeriod(input: $input) { blockedPeriod { id startTime endTime daysOfWeek updatedAt } } }"#;
    let response = run(
        &app,
        &SUNRISE_ADMIN,
        update,
        json!({ "input": { "id": id, "endTime": "18:00:00", "daysOfWeek": null } }),
    )
    .await;
    assert_ok(&response);
    let updated = &response["data"]["updateBlockedPeriod"]["blockedPeriod"];
    assert_eq!(updated["endTime"], "18:00:00");
    assert!(updated["daysOfWeek"].is_null());
    assert_bad_input(
        &run(
            &app,
            &SUNRISE_ADMIN,
            update,
            json!({ "input": { "id": id, "startTime": "18:30:00" } }),
        )
        .await,
        "input.startTime",
    );
    let lunch = demo("BlockedPeriod", "clinic_blocked_period", &SUNRISE, "lunch");
    assert_code(
        &run(
            &app,
            &HARBOR_ADMIN,
            update,
            json!({ "input": { "id": lunch, "name": "x" } }),
        )
        .await,
        "NOT_FOUND",
    );
    assert_code(
        &run(
            &app,
            &SUNRISE_MEMBER,
            update,
            json!({ "input": { "id": lunch, "name": "x" } }),
        )
        .await,
        "FORBIDDEN",
    );

    let archive = r#"mutation($id: ID!) { archiveBlockedPeriod(input: { id: $id }) { blockedPeriod { isActive } } }"#;
    let response = run(&app, &SUNRISE_ADMIN, archive, json!({ "id": id })).await;
    assert_eq!(
        response["data"]["archiveBlockedPeriod"]["blockedPeriod"]["isActive"], false,
        "{response}"
    );
    let list = r#"query($id: ID!) { clinic(id: $id) { blockedPeriods(filter: { isActive: true, dayOfWeek: 3 }) { nodes { name } } } }"#;
    let response = run(
        &app,
        &SUNRISE_VIEWER,
        list,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    let names: Vec<&str> = response["data"]["clinic"]["blockedPeriods"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["Staff meeting", "Lunch"],
        "by start time, active, on Wednesdays"
    );

    let delete = r#"mutation($id: ID!) { deleteBlockedPeriod(input: { id: $id }) { deletedBlockedPeriodId } }"#;
    assert_ok(&run(&app, &SUNRISE_ADMIN, delete, json!({ "id": id })).await);
    assert_eq!(
        audit_actions(&app, &SUNRISE, "clinic_blocked_periods", 4).await,
        vec!["delete", "archive", "update", "create"]
    );
}

#[tokio::test]
async fn the_service_maps_voice_assistants_and_admins_manage_them() {
    let db = TestDb::demo().await;
    let app = db.app();
    let create = r#"mutation($input: CreateAssistantMappingInput!) {
      createAssistantMapping(input: $input) { assistantMapping { id assistantId assistantType environment pimsClinicId isActive } }
    }"#;
    let input = json!({ "clinicId": clinic(&SUNRISE), "assistantId": "asst_new_sunrise", "environment": "staging", "pimsClinicId": clinic(&SUNRISE) });
    let response = run(
        &app,
        &As::Service,
        create,
        json!({ "input": input.clone() }),
    )
    .await;
    assert_ok(&response);
    let mapping = response["data"]["createAssistantMapping"]["assistantMapping"].clone();
    assert_eq!(
        (
            mapping["assistantType"].as_str(),
            mapping["environment"].as_str()
        ),
        (Some("inbound"), Some("staging"))
    );
    let id = mapping["id"].as_str().unwrap().to_owned();

    // Assistant ids are unique across clinics: Harbor's is taken (only the service binds ids,
    // so only it learns that; see `tests/it/global_values.rs`).
    let taken = run(&app, &As::Service, create, json!({ "input": input_with(&input, &json!({ "assistantId": "asst_demo_harbor_inbound" })) })).await;
    assert_code(&taken, "CONFLICT");
    assert!(
        taken["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("already mapped"),
        "{taken}"
    );
    let fresh = input_with(&input, &json!({ "assistantId": "asst_other" }));
    assert_bad_input(
        &run(
            &app,
            &As::Service,
            create,
            json!({ "input": input_with(&fresh, &json!({ "assistantId": "" })) }),
        )
        .await,
        "input.assistantId",
    );
    assert_code(
        &run(
            &app,
            &SUNRISE_ADMIN,
            create,
            json!({ "input": fresh.clone() }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &run(
            &app,
            &SUNRISE_MEMBER,
            create,
            json!({ "input": fresh.clone() }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_ADMIN, create, json!({ "input": fresh })).await,
        "NOT_FOUND",
    );

    let update = r#"mutation($input: UpdateAssistantMappingInput!) { updateAssistantMapping(input: $input) { assistantMapping { assistantName pimsClinicId } } }"#;
    let response = run(
        &app,
        &SUNRISE_ADMIN,
        update,
        json!({ "input": { "id": id, "assistantName": "Night line", "pimsClinicId": null } }),
    )
    .await;
    assert_ok(&response);
    assert!(
        response["data"]["updateAssistantMapping"]["assistantMapping"]["pimsClinicId"].is_null()
    );
    // Another clinic as the PIMS clinic needs admin rights there (`tests/it/assistant_pims_clinic.rs`).
    assert_code(
        &run(
            &app,
            &SUNRISE_ADMIN,
            update,
            json!({ "input": { "id": id, "pimsClinicId": clinic(&HARBOR) } }),
        )
        .await,
        "NOT_FOUND",
    );
    let sunrise_inbound = demo(
        "AssistantMapping",
        "vapi_assistant_mapping",
        &SUNRISE,
        "asst_demo_sunrise_inbound",
    );
    assert_code(
        &run(
            &app,
            &HARBOR_ADMIN,
            update,
            json!({ "input": { "id": sunrise_inbound, "assistantName": "x" } }),
        )
        .await,
        "NOT_FOUND",
    );

    let archive = r#"mutation($id: ID!) { archiveAssistantMapping(input: { id: $id }) { assistantMapping { isActive } } }"#;
    assert_code(
        &run(&app, &SUNRISE_MEMBER, archive, json!({ "id": id })).await,
        "FORBIDDEN",
    );
    let response = run(&app, &SUNRISE_ADMIN, archive, json!({ "id": id })).await;
    assert_eq!(
        response["data"]["archiveAssistantMapping"]["assistantMapping"]["isActive"], false,
        "{response}"
    );
    let list = r#"query($id: ID!) { clinic(id: $id) { assistantMappings(filter: { isActive: true, assistantType: "inbound" }) { nodes { assistantId } } } }"#;
    let response = run(
        &app,
        &SUNRISE_MEMBER,
        list,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_eq!(
        response["data"]["clinic"]["assistantMappings"]["nodes"],
        json!([{ "assistantId": "asst_demo_sunrise_inbound" }])
    );

    let delete = r#"mutation($id: ID!) { deleteAssistantMapping(input: { id: $id }) { deletedAssistantMappingId } }"#;
    assert_ok(&run(&app, &SUNRISE_ADMIN, delete, json!({ "id": id })).await);
    assert_eq!(
        audit_actions(&app, &SUNRISE, "vapi_assistant_mappings", 4).await,
        vec!["delete", "archive", "update", "create"]
    );
}

#[tokio::test]
async fn admins_set_one_cadence_per_case_type() {
    let db = TestDb::demo().await;
    let app = db.app();
    let create = r#"mutation($input: CreateCaseTypeCadenceInput!) {
      createCaseTypeCadence(input: $input) { caseTypeCadence { id caseType callDelayDays emailDelayDays preferredCallTime neverAutoSchedule } }
    }"#;
    let input = json!({ "clinicId": clinic(&SUNRISE), "caseType": "dermatology", "callDelayDays": 5, "preferredCallTime": "11:00:00" });
    let response = run(
        &app,
        &SUNRISE_ADMIN,
        create,
        json!({ "input": input.clone() }),
    )
    .await;
    assert_ok(&response);
    let cadence = response["data"]["createCaseTypeCadence"]["caseTypeCadence"].clone();
    assert_eq!(
        (
            cadence["callDelayDays"].as_i64(),
            cadence["emailDelayDays"].as_i64()
        ),
        (Some(5), Some(1))
    );
    let id = cadence["id"].as_str().unwrap().to_owned();

    let taken = run(
        &app,
        &SUNRISE_ADMIN,
        create,
        json!({ "input": input_with(&input, &json!({ "caseType": "surgery" })) }),
    )
    .await;
    assert_code(&taken, "CONFLICT");
    assert!(
        taken["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("case type"),
        "{taken}"
    );
    // Another clinic may have its own cadence for the same type.
    let harbor = input_with(&input, &json!({ "clinicId": clinic(&HARBOR) }));
    assert_ok(
        &run(
            &app,
            &HARBOR_ADMIN,
            create,
            json!({ "input": harbor.clone() }),
        )
        .await,
    );
    assert_code(
        &run(&app, &SUNRISE_ADMIN, create, json!({ "input": harbor })).await,
        "NOT_FOUND",
    );
    assert_bad_input(
        &run(&app, &SUNRISE_ADMIN, create, json!({ "input": input_with(&input, &json!({ "caseType": "x", "emailDelayDays": -1 })) })).await,
        "input.emailDelayDays",
    );
    assert_code(
        &run(
            &app,
            &SUNRISE_MEMBER,
            create,
            json!({ "input": input_with(&input, &json!({ "caseType": "y" })) }),
        )
        .await,
        "FORBIDDEN",
    );

    let update = r#"mutation($input: UpdateCaseTypeCadenceInput!) { updateCaseTypeCadence(input: $input) { caseTypeCadence { caseType neverAutoSchedule preferredCallTime } } }"#;
    let response = run(
        &app,
        &SUNRISE_ADMIN,
        update,
        json!({ "input": { "id": id, "neverAutoSchedule": true, "preferredCallTime": null } }),
    )
    .await;
    assert_ok(&response);
    let updated = &response["data"]["updateCaseTypeCadence"]["caseTypeCadence"];
    assert_eq!(
        (
            updated["caseType"].as_str(),
            updated["neverAutoSchedule"].as_bool()
        ),
        (Some("dermatology"), Some(true))
    );
    assert!(updated["preferredCallTime"].is_null());
    assert_code(
        &run(
            &app,
            &SUNRISE_ADMIN,
            update,
            json!({ "input": { "id": id, "caseType": "dental" } }),
        )
        .await,
        "CONFLICT",
    );
    assert_bad_input(
        &run(
            &app,
            &SUNRISE_ADMIN,
            update,
            json!({ "input": { "id": id, "callDelayDays": -3 } }),
        )
        .await,
        "input.callDelayDays",
    );

    let list = r#"query($id: ID!) { clinic(id: $id) { caseTypeCadences { nodes { caseType } } } }"#;
    let response = run(
        &app,
        &SUNRISE_MEMBER,
        list,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    let types: Vec<&str> = response["data"]["clinic"]["caseTypeCadences"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["caseType"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        vec!["dental", "dermatology", "euthanasia", "surgery", "wellness"]
    );

    let delete = r#"mutation($id: ID!) { deleteCaseTypeCadence(input: { id: $id }) { deletedCaseTypeCadenceId } }"#;
    assert_code(
        &run(&app, &HARBOR_ADMIN, delete, json!({ "id": id })).await,
        "NOT_FOUND",
    );
    assert_code(
        &run(&app, &SUNRISE_MEMBER, delete, json!({ "id": id })).await,
        "FORBIDDEN",
    );
    assert_ok(&run(&app, &SUNRISE_ADMIN, delete, json!({ "id": id })).await);
    assert_eq!(
        audit_actions(&app, &SUNRISE, "clinic_case_type_cadence", 3).await,
        vec!["delete", "update", "create"]
    );
}

#[tokio::test]
async fn a_clinics_case_type_cadences_are_filtered_by_case_type() {
    let db = TestDb::demo().await;
    let app = db.app();
    let list = r#"query($id: ID!, $filter: CaseTypeCadenceFilter) {
      clinic(id: $id) { caseTypeCadences(first: 100, filter: $filter) { totalCount nodes { caseType neverAutoSchedule } } }
    }"#;
    let all = run(
        &app,
        &SUNRISE_ADMIN,
        list,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_ok(&all);
    let nodes = all["data"]["clinic"]["caseTypeCadences"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert!(!nodes.is_empty(), "{all}");
    let types: Vec<&str> = nodes
        .iter()
        .map(|n| n["caseType"].as_str().unwrap())
        .collect();
    let mut sorted = types.clone();
    sorted.sort_unstable();
    assert_eq!(types, sorted, "in case-type order");
    for case_type in &types {
        let one = run(
            &app,
            &SUNRISE_ADMIN,
            list,
            json!({ "id": clinic(&SUNRISE), "filter": { "caseType": case_type } }),
        )
        .await;
        assert_ok(&one);
        let page = &one["data"]["clinic"]["caseTypeCadences"];
        assert_eq!(page["totalCount"], 1, "{one}");
        assert_eq!(page["nodes"][0]["caseType"], *case_type);
    }
    let none = run(
        &app,
        &SUNRISE_ADMIN,
        list,
        json!({ "id": clinic(&SUNRISE), "filter": { "caseType": "no-such-type" } }),
    )
    .await;
    assert_eq!(
        none["data"]["clinic"]["caseTypeCadences"]["totalCount"], 0,
        "{none}"
    );
}
