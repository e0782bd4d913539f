//! The voice assistant's booking workflow, end to end through GraphQL: free slots from the
//! clinic's hours in its own time zone (across a daylight-saving change), the assistant's
//! window, blocked periods, appointments in the target room and bookings that hold their
//! time; holding a slot (one winner among 100 concurrent callers), confirming within the
//! hold, an expired hold that frees its slot without any job; the trail every step leaves;
//! and the caller recognised by phone number however it was typed.
//!
//! The demo clinics' schedule: Sunrise (America/Los_Angeles) and Harbor (America/New_York)
//! open Monday to Friday, the assistant books 08:30–16:30 in room `exam-2`, lunch is blocked
//! (Sunrise 12:00–13:00, Harbor 12:30–13:30); Sunrise's slots are 15 minutes, Harbor's 20.

use domain::seed::demo::fixtures::{self, DemoClinic, HARBOR, SUNRISE};
use serde_json::{Value, json};
use testkit::TestDb;

use crate::common::{As, error_codes, exec, global_id, gql_counted};

const SUNRISE_MEMBER: As = As::User(fixtures::USER_SUNRISE_MEMBER, None);
const SUNRISE_VIEWER: As = As::User(fixtures::USER_SUNRISE_VIEWER, None);
const HARBOR_MEMBER: As = As::User(fixtures::USER_HARBOR_MEMBER, None);

fn clinic(c: &DemoClinic) -> String {
    global_id("Clinic", fixtures::clinic_id(c))
}

async fn run(app: &domain::Database, who: &As, query: &str, variables: Value) -> Value {
    gql_counted(app, who, query, variables).await.0
}

const AVAILABILITY: &str = r#"query($id: ID!, $from: DateTime, $to: DateTime, $minutes: Int, $first: Int) {
  clinic(id: $id) { availability(from: $from, to: $to, minutes: $minutes, first: $first) {
    timeZone minutes slots { startsAt endsAt localStartsAt localEndsAt } } }
}"#;

const HOLD: &str = r#"mutation($input: HoldSlotInput!) {
  holdSlot(input: $input) { booking { id status startsAt endsAt holdExpiresAt confirmationNumber clientPhone } }
}"#;

const CONFIRM: &str = r#"mutation($id: ID!) {
  confirmBooking(input: { id: $id }) { booking { id status confirmationNumber auditEntries { action performedBy newStartsAt } } }
}"#;

/// The local start times (`HH:MM`) of the slots in a day of availability.
fn local_starts(response: &Value) -> Vec<String> {
    response["data"]["clinic"]["availability"]["slots"]
        .as_array()
        .unwrap_or_else(|| panic!("no slots: {response}"))
        .iter()
        .map(|s| s["localStartsAt"].as_str().unwrap()[11..16].to_owned())
        .collect()
}

async fn day_of_slots(app: &domain::Database, c: &DemoClinic, from: &str, to: &str) -> Value {
    let response = run(
        app,
        &member_of(c),
        AVAILABILITY,
        json!({ "id": clinic(c), "from": from, "to": to, "minutes": 30, "first": 200 }),
    )
    .await;
    assert!(error_codes(&response).is_empty(), "{response}");
    response
}

/// A member of the clinic.
fn member_of(c: &DemoClinic) -> As {
    if c.key == HARBOR.key {
        HARBOR_MEMBER
    } else {
        SUNRISE_MEMBER
    }
}

#[tokio::test]
async fn free_slots_follow_the_clinics_hours_window_and_blocks_in_its_own_time_zone() {
    let db = TestDb::demo().await;
    let app = db.app();

    // Monday 2027-03-15, the day after clocks went forward in Los Angeles (UTC-7 now).
    let monday = day_of_slots(
        &app,
        &SUNRISE,
        "2027-03-15T07:00:00Z",
        "2027-03-16T07:00:00Z",
    )
    .await;
    let availability = &monday["data"]["clinic"]["availability"];
    assert_eq!(availability["timeZone"], "America/Los_Angeles");
    assert_eq!(availability["minutes"], 30);
    let starts = local_starts(&monday);
    // 08:30 (the assistant's window) to 16:00 (the last 30 minutes before 16:30), every 15
    // minutes, without lunch (12:00–13:00): 13 slots before, 13 after.
    assert_eq!(
        starts.first().map(String::as_str),
        Some("08:30"),
        "{starts:?}"
    );
    assert_eq!(
        starts.last().map(String::as_str),
        Some("16:00"),
        "{starts:?}"
    );
    assert_eq!(starts.len(), 26, "{starts:?}");
    assert!(
        !starts
            .iter()
            .any(|s| s.as_str() > "11:30" && s.as_str() < "13:00"),
        "{starts:?}"
    );
    let first = &availability["slots"][0];
    assert_eq!(first["startsAt"], "2027-03-15T15:30:00Z");
    assert_eq!(first["localStartsAt"], "2027-03-15T08:30:00-07:00");
    assert_eq!(first["endsAt"], "2027-03-15T16:00:00Z");

    // Friday 2027-03-12, before the change (UTC-8): the same wall time is an hour later in UTC.
    let friday = day_of_slots(
        &app,
        &SUNRISE,
        "2027-03-12T08:00:00Z",
        "2027-03-13T08:00:00Z",
    )
    .await;
    let first = &friday["data"]["clinic"]["availability"]["slots"][0];
    assert_eq!(first["startsAt"], "2027-03-12T16:30:00Z");
    assert_eq!(first["localStartsAt"], "2027-03-12T08:30:00-08:00");

    // Wednesday: Sunrise's staff meeting (08:00–08:30) is outside the window anyway; the
    // weekend is closed.
    let weekend = day_of_slots(
        &app,
        &SUNRISE,
        "2027-03-13T08:00:00Z",
        "2027-03-15T07:00:00Z",
    )
    .await;
    assert_eq!(local_starts(&weekend), Vec::<String>::new());

    // Harbor, in New York, on its own 20-minute grid from 07:30: 08:30 is on it, lunch is
    // 12:30–13:30 there.
    let harbor = day_of_slots(
        &app,
        &HARBOR,
        "2027-03-15T04:00:00Z",
        "2027-03-16T04:00:00Z",
    )
    .await;
    let availability = &harbor["data"]["clinic"]["availability"];
    assert_eq!(availability["timeZone"], "America/New_York");
    assert_eq!(availability["slots"][0]["startsAt"], "2027-03-15T12:30:00Z");
    let starts = local_starts(&harbor);
    // 11:50 ends at 12:20, 12:10 would end inside lunch.
    assert!(starts.contains(&"11:50".to_owned()) && !starts.contains(&"12:10".to_owned()));
    assert!(starts.contains(&"13:30".to_owned()), "{starts:?}");

    // Bad questions name their argument.
    for (variables, field) in [
        (
            json!({ "to": "2027-05-01T00:00:00Z", "from": "2027-03-01T00:00:00Z" }),
            "to",
        ),
        (json!({ "minutes": 2 }), "minutes"),
        (json!({ "first": 0 }), "first"),
    ] {
        let mut variables = variables;
        variables["id"] = json!(clinic(&SUNRISE));
        let response = run(&app, &SUNRISE_MEMBER, AVAILABILITY, variables).await;
        assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{response}");
        assert_eq!(
            response["errors"][0]["extensions"]["field"], field,
            "{response}"
        );
    }
    // Another clinic's availability is NOT_FOUND, like the clinic itself.
    let response = run(
        &app,
        &SUNRISE_MEMBER,
        AVAILABILITY,
        json!({ "id": clinic(&HARBOR), "from": "2027-03-15T00:00:00Z" }),
    )
    .await;
    assert_eq!(error_codes(&response), ["NOT_FOUND"], "{response}");
}

#[tokio::test]
async fn appointments_in_the_target_room_and_bookings_that_hold_their_time_are_busy() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let sunrise = fixtures::clinic_id(&SUNRISE);
    // Tuesday 2027-03-16 in Los Angeles (UTC-7): 09:00 in exam-2, 09:30 in another room, a
    // confirmed booking at 10:00, a pending one whose hold expired at 10:30, a pending one
    // still held at 11:00, a cancelled appointment at 11:30.
    exec(&owner, &format!(r#"
        INSERT INTO schedule_appointments (clinic_id, starts_at, ends_at, room_id, status, deleted_at) VALUES
          ('{sunrise}', '2027-03-16T16:00:00Z', '2027-03-16T16:30:00Z', 'exam-2', 'scheduled', NULL),
          ('{sunrise}', '2027-03-16T16:30:00Z', '2027-03-16T17:00:00Z', 'exam-1', 'scheduled', NULL),
          ('{sunrise}', '2027-03-16T18:30:00Z', '2027-03-16T19:00:00Z', 'exam-2', 'cancelled', now());
        INSERT INTO vapi_bookings (clinic_id, starts_at, ends_at, status, hold_expires_at) VALUES
          ('{sunrise}', '2027-03-16T17:00:00Z', '2027-03-16T17:30:00Z', 'confirmed', NULL),
          ('{sunrise}', '2027-03-16T17:30:00Z', '2027-03-16T18:00:00Z', 'pending', now() - interval '1 minute'),
          ('{sunrise}', '2027-03-16T18:00:00Z', '2027-03-16T18:30:00Z', 'pending', now() + interval '10 minutes');
    "#)).await.expect("schedule rows");
    let tuesday = day_of_slots(
        &app,
        &SUNRISE,
        "2027-03-16T15:30:00Z",
        "2027-03-16T19:00:00Z",
    )
    .await;
    // 30-minute slots every 15 minutes from 08:30 to 11:30 (ending by 12:00 lunch); 08:30
    // ends as the 09:00 appointment begins; 08:45–09:15 meet the appointment in exam-2,
    // 09:45–10:15 the confirmed booking, 10:45–11:15 the held one.
    assert_eq!(
        local_starts(&tuesday),
        ["08:30", "09:30", "10:30", "11:30"],
        "free: 08:30, the other room's 09:30, the expired hold's 10:30, the cancelled 11:30"
    );
}

#[tokio::test]
async fn a_held_slot_is_confirmed_within_its_hold_and_every_step_is_on_its_trail() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    // Wednesday 2027-03-17, 09:00 in Los Angeles.
    let hold = |starts_at: &str| {
        json!({ "input": {
            "clinicId": clinic(&SUNRISE), "startsAt": starts_at, "minutes": 30,
            "clientName": "Nora Quinn", "clientPhone": "(555) 010-4242", "patientName": "Pixel",
            "reason": "Vaccines", "vapiCallId": "call_test_1"
        } })
    };
    let held = run(&app, &As::Service, HOLD, hold("2027-03-17T16:00:00Z")).await;
    assert!(error_codes(&held).is_empty(), "{held}");
    let booking = &held["data"]["holdSlot"]["booking"];
    assert_eq!(booking["status"], "PENDING");
    assert_eq!(booking["endsAt"], "2027-03-17T16:30:00Z");
    assert_eq!(booking["confirmationNumber"], Value::Null);
    assert_eq!(booking["clientPhone"], "+15550104242", "stored in E.164");
    let expires: chrono::DateTime<chrono::Utc> =
        booking["holdExpiresAt"].as_str().unwrap().parse().unwrap();
    let left = expires - chrono::Utc::now();
    assert!(
        left > chrono::Duration::minutes(4) && left <= chrono::Duration::minutes(5),
        "{left}"
    );
    let id = booking["id"].as_str().unwrap().to_owned();

    // The held time is gone from the availability; an overlapping hold is a CONFLICT.
    let wednesday = day_of_slots(
        &app,
        &SUNRISE,
        "2027-03-17T15:30:00Z",
        "2027-03-17T17:30:00Z",
    )
    .await;
    assert_eq!(
        local_starts(&wednesday),
        ["08:30", "09:30", "09:45", "10:00"]
    );
    let second = run(&app, &SUNRISE_MEMBER, HOLD, hold("2027-03-17T16:15:00Z")).await;
    assert_eq!(error_codes(&second), ["CONFLICT"], "{second}");
    // Off the grid, outside the hours, in the past: BAD_USER_INPUT on startsAt.
    for starts_at in [
        "2027-03-17T16:05:00Z",
        "2027-03-17T03:00:00Z",
        "2020-03-17T16:00:00Z",
    ] {
        let response = run(&app, &SUNRISE_MEMBER, HOLD, hold(starts_at)).await;
        assert_eq!(
            error_codes(&response),
            ["BAD_USER_INPUT"],
            "{starts_at}: {response}"
        );
        assert_eq!(
            response["errors"][0]["extensions"]["field"],
            "input.startsAt"
        );
    }
    // A viewer may not hold; another clinic's member cannot see the clinic.
    let response = run(&app, &SUNRISE_VIEWER, HOLD, hold("2027-03-17T17:00:00Z")).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "{response}");
    let response = run(&app, &HARBOR_MEMBER, HOLD, hold("2027-03-17T17:00:00Z")).await;
    assert_eq!(error_codes(&response), ["NOT_FOUND"], "{response}");

    // Confirmed within the hold: a confirmation number, and the trail of both steps.
    let confirmed = run(&app, &SUNRISE_MEMBER, CONFIRM, json!({ "id": id })).await;
    assert!(error_codes(&confirmed).is_empty(), "{confirmed}");
    let booking = &confirmed["data"]["confirmBooking"]["booking"];
    assert_eq!(booking["status"], "CONFIRMED");
    let number = booking["confirmationNumber"].as_str().expect("a number");
    assert!(number.len() >= 8, "{number}");
    let trail: Vec<(&str, &str)> = booking["auditEntries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["performedBy"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        trail,
        [("booking_held", "tests"), ("booking_confirmed", "staff")]
    );

    // An expired hold frees its slot at once and can no longer be confirmed.
    let held = run(&app, &As::Service, HOLD, hold("2027-03-17T17:00:00Z")).await;
    let late = held["data"]["holdSlot"]["booking"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let late_uuid =
        graphql::ids::decode(&async_graphql::ID(late.clone()), "Booking", "booking").unwrap();
    exec(&owner, &format!(
        "UPDATE vapi_bookings SET hold_expires_at = now() - interval '1 second' WHERE id = '{late_uuid}'"
    )).await.unwrap();
    let response = run(&app, &SUNRISE_MEMBER, CONFIRM, json!({ "id": late })).await;
    assert_eq!(error_codes(&response), ["CONFLICT"], "{response}");
    let again = run(&app, &SUNRISE_MEMBER, HOLD, hold("2027-03-17T17:00:00Z")).await;
    assert!(
        error_codes(&again).is_empty(),
        "the expired hold no longer blocks: {again}"
    );
}

#[tokio::test]
async fn of_a_hundred_concurrent_holds_of_one_slot_exactly_one_wins() {
    let db = TestDb::demo().await;
    // The production pool (16 connections), waiting long enough that every caller gets an
    // answer about the slot rather than UNAVAILABLE while 99 others queue on two cores.
    let mut config = domain::db::DbConfig::new(db.url());
    config.acquire_timeout = std::time::Duration::from_secs(60);
    let app = domain::Database::connect_lazy(&config).expect("request pool");
    let owner = db.owner().await;
    // Thursday 2027-03-18, 10:00 in Los Angeles; callers ask for 10:00, 10:15 and 09:45, each
    // an hour long, so every two of them overlap by 30 minutes or more.
    let starts = [
        "2027-03-18T17:00:00Z",
        "2027-03-18T17:15:00Z",
        "2027-03-18T16:45:00Z",
    ];
    let attempts = (0..100).map(|i| {
        let app = app.clone();
        let who = if i % 2 == 0 {
            As::Service
        } else {
            SUNRISE_MEMBER
        };
        let starts_at = starts[i % 3];
        async move {
            let variables = json!({ "input": {
                "clinicId": clinic(&SUNRISE), "startsAt": starts_at, "minutes": 60,
                "clientName": format!("Caller {i}")
            } });
            run(&app, &who, HOLD, variables).await
        }
    });
    let answers = futures_util::future::join_all(attempts).await;
    let won = answers.iter().filter(|a| error_codes(a).is_empty()).count();
    let conflicts = answers
        .iter()
        .filter(|a| error_codes(a) == ["CONFLICT"])
        .count();
    assert_eq!(
        (won, conflicts),
        (1, 99),
        "{:?}",
        answers.iter().find(|a| {
            let codes = error_codes(a);
            !codes.is_empty() && codes != ["CONFLICT"]
        })
    );
    let stored: i64 = crate::common::scalar(
        &owner,
        "SELECT count(*) FROM vapi_bookings WHERE starts_at BETWEEN '2027-03-18T16:45:00Z' AND '2027-03-18T17:15:00Z'",
    )
    .await;
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn a_caller_is_recognised_by_phone_number_however_it_is_typed() {
    let db = TestDb::demo().await;
    let app = db.app();
    let create = r#"mutation($input: CreateClientInput!) { createClient(input: $input) { client { id phone phoneSecondary } } }"#;
    let made = run(
        &app,
        &SUNRISE_MEMBER,
        create,
        json!({ "input": { "clinicId": clinic(&SUNRISE), "displayName": "Ana Ruiz",
                           "phone": "+1 (555) 010-2000", "phoneSecondary": "555.010.2001" } }),
    )
    .await;
    assert!(error_codes(&made).is_empty(), "{made}");
    let client = &made["data"]["createClient"]["client"];
    assert_eq!(client["phone"], "+15550102000");
    assert_eq!(client["phoneSecondary"], "+15550102001");
    let id = client["id"].as_str().unwrap().to_owned();
    // The same number in Harbor belongs to someone else.
    let other = run(
        &app,
        &HARBOR_MEMBER,
        create,
        json!({ "input": { "clinicId": clinic(&HARBOR), "displayName": "Not Ana", "phone": "5550102000" } }),
    )
    .await;
    assert_eq!(
        other["data"]["createClient"]["client"]["phone"],
        "+15550102000"
    );
    let pet = run(
        &app,
        &SUNRISE_MEMBER,
        r#"mutation($input: CreatePatientInput!) { createPatient(input: $input) { patient { id } } }"#,
        json!({ "input": { "clientId": id, "name": "Churro", "species": "dog" } }),
    )
    .await;
    assert!(error_codes(&pet).is_empty(), "{pet}");
    let pet_id = pet["data"]["createPatient"]["patient"]["id"].clone();

    let find = r#"query($id: ID!, $phone: String) { clinic(id: $id) {
      clients(filter: { phone: $phone }) { nodes { id } }
      patients(filter: { ownerPhone: $phone }) { nodes { id } } } }"#;
    for typed in [
        "5550102000",
        "+1 (555) 010-2000",
        "1-555-010-2000",
        "555 010 2001",
        "+15550102001",
    ] {
        let found = run(
            &app,
            &SUNRISE_MEMBER,
            find,
            json!({ "id": clinic(&SUNRISE), "phone": typed }),
        )
        .await;
        assert!(error_codes(&found).is_empty(), "{found}");
        assert_eq!(
            found["data"]["clinic"]["clients"]["nodes"],
            json!([{ "id": id }]),
            "{typed}"
        );
        assert_eq!(
            found["data"]["clinic"]["patients"]["nodes"],
            json!([{ "id": pet_id }]),
            "{typed}"
        );
    }
    let nobody = run(
        &app,
        &SUNRISE_MEMBER,
        find,
        json!({ "id": clinic(&SUNRISE), "phone": "555 010 2999" }),
    )
    .await;
    assert_eq!(nobody["data"]["clinic"]["clients"]["nodes"], json!([]));
    let bad = run(
        &app,
        &SUNRISE_MEMBER,
        find,
        json!({ "id": clinic(&SUNRISE), "phone": "call me" }),
    )
    .await;
    assert!(
        error_codes(&bad).contains(&"BAD_USER_INPUT".to_owned()),
        "{bad}"
    );
}
