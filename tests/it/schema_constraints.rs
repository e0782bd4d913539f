//! The constraints that carry business meaning, proven against the migrated schema: room
//! overlaps, the call-analysis parent rule, patient names, `updated_at`, the generated date,
//! and which deletes cascade.

use crate::common::{clinic_with_client, exec, scalar};
use testkit::TestDb;

const EXCLUSION: &str = "23P01";
const CHECK: &str = "23514";
const UNIQUE: &str = "23505";
const FOREIGN_KEY: &str = "23503";

async fn appointment(
    conn: &sea_orm::DatabaseConnection,
    clinic: uuid::Uuid,
    room: Option<&str>,
    from: &str,
    to: &str,
) -> Result<(), (String, Option<String>)> {
    let room = room.map_or("NULL".to_owned(), |r| format!("'{r}'"));
    exec(
        conn,
        &format!(
            "INSERT INTO schedule_appointments (clinic_id, room_id, starts_at, ends_at) \
             VALUES ('{clinic}', {room}, '{from}', '{to}')"
        ),
    )
    .await
}

#[tokio::test]
async fn overlapping_appointments_conflict_per_room_only() {
    let db = TestDb::new().await;
    let conn = db.owner().await;
    let (clinic, _) = clinic_with_client(&conn, "rooms").await;
    let (other_clinic, _) = clinic_with_client(&conn, "rooms-other").await;

    appointment(
        &conn,
        clinic,
        Some("exam-1"),
        "2026-03-02 09:00Z",
        "2026-03-02 09:30Z",
    )
    .await
    .expect("first appointment");
    let err = appointment(
        &conn,
        clinic,
        Some("exam-1"),
        "2026-03-02 09:15Z",
        "2026-03-02 09:45Z",
    )
    .await
    .expect_err("same room, overlapping");
    assert_eq!(err.0, EXCLUSION);
    assert_eq!(
        err.1.as_deref(),
        Some("schedule_appointments_no_overlap_per_room")
    );

    // Another room, the same clinic and time: fine (the spec's clinic-wide constraint would refuse).
    appointment(
        &conn,
        clinic,
        Some("exam-2"),
        "2026-03-02 09:15Z",
        "2026-03-02 09:45Z",
    )
    .await
    .expect("other room");
    // Back-to-back in the same room: '[)' ranges do not overlap.
    appointment(
        &conn,
        clinic,
        Some("exam-1"),
        "2026-03-02 09:30Z",
        "2026-03-02 10:00Z",
    )
    .await
    .expect("adjacent");
    // No room: never constrained.
    appointment(
        &conn,
        clinic,
        None,
        "2026-03-02 09:00Z",
        "2026-03-02 09:30Z",
    )
    .await
    .expect("unroomed");
    // Same room name in another clinic: fine.
    appointment(
        &conn,
        other_clinic,
        Some("exam-1"),
        "2026-03-02 09:00Z",
        "2026-03-02 09:30Z",
    )
    .await
    .expect("other clinic");
}

#[tokio::test]
async fn soft_deleted_appointments_do_not_block() {
    let db = TestDb::new().await;
    let conn = db.owner().await;
    let (clinic, _) = clinic_with_client(&conn, "soft").await;
    appointment(
        &conn,
        clinic,
        Some("surgery"),
        "2026-03-03 13:00Z",
        "2026-03-03 15:00Z",
    )
    .await
    .unwrap();
    exec(&conn, "UPDATE schedule_appointments SET deleted_at = now()")
        .await
        .unwrap();
    appointment(
        &conn,
        clinic,
        Some("surgery"),
        "2026-03-03 14:00Z",
        "2026-03-03 16:00Z",
    )
    .await
    .expect("the deleted appointment must not block the room");
    // Restoring the deleted one would now overlap: the constraint still guards it.
    let err = exec(
        &conn,
        "UPDATE schedule_appointments SET deleted_at = NULL WHERE deleted_at IS NOT NULL",
    )
    .await
    .expect_err("restore into an occupied slot");
    assert_eq!(err.0, EXCLUSION);
}

#[tokio::test]
async fn appointment_end_must_follow_start_and_date_is_utc() {
    let db = TestDb::new().await;
    let conn = db.owner().await;
    let (clinic, _) = clinic_with_client(&conn, "dates").await;
    let err = appointment(
        &conn,
        clinic,
        Some("r"),
        "2026-03-02 10:00Z",
        "2026-03-02 09:00Z",
    )
    .await
    .expect_err("end before start");
    assert_eq!(
        err,
        (
            CHECK.to_owned(),
            Some("schedule_appointments_time_order".to_owned())
        )
    );

    // 23:30 in Los Angeles on 1 March is 07:30 UTC on 2 March: the date is the UTC date.
    appointment(
        &conn,
        clinic,
        Some("r"),
        "2026-03-01 23:30-08",
        "2026-03-02 00:30-08",
    )
    .await
    .unwrap();
    let date: String = scalar(&conn, "SELECT date::text FROM schedule_appointments").await;
    assert_eq!(date, "2026-03-02");
    let range: String = scalar(&conn, "SELECT time_range::text FROM schedule_appointments").await;
    assert_eq!(
        range,
        r#"["2026-03-02 07:30:00+00","2026-03-02 08:30:00+00")"#
    );

    // The generated columns cannot be written.
    let err = exec(
        &conn,
        "UPDATE schedule_appointments SET date = '2026-01-01'",
    )
    .await
    .expect_err("generated column");
    assert_eq!(err.0, "428C9");
}

#[tokio::test]
async fn call_analysis_needs_exactly_one_parent() {
    let db = TestDb::new().await;
    let conn = db.owner().await;
    let (clinic, client) = clinic_with_client(&conn, "calls").await;
    let case: uuid::Uuid = scalar(
        &conn,
        &format!(
            "INSERT INTO cases (clinic_id, client_id) VALUES ('{clinic}', '{client}') RETURNING id"
        ),
    )
    .await;
    let outbound: uuid::Uuid = scalar(
        &conn,
        &format!("INSERT INTO outbound_calls (clinic_id, case_id) VALUES ('{clinic}', '{case}') RETURNING id"),
    )
    .await;
    let inbound: uuid::Uuid = scalar(
        &conn,
        &format!("INSERT INTO inbound_calls (clinic_id, vapi_call_id) VALUES ('{clinic}', 'vapi-1') RETURNING id"),
    )
    .await;

    let both = exec(
        &conn,
        &format!(
            "INSERT INTO call_analysis (clinic_id, inbound_call_id, outbound_call_id) \
             VALUES ('{clinic}', '{inbound}', '{outbound}')"
        ),
    )
    .await
    .expect_err("both parents");
    assert_eq!(
        both,
        (
            CHECK.to_owned(),
            Some("call_analysis_exactly_one_parent".to_owned())
        )
    );
    let neither = exec(
        &conn,
        &format!("INSERT INTO call_analysis (clinic_id) VALUES ('{clinic}')"),
    )
    .await
    .expect_err("no parent");
    assert_eq!(neither.0, CHECK);

    exec(
        &conn,
        &format!("INSERT INTO call_analysis (clinic_id, inbound_call_id) VALUES ('{clinic}', '{inbound}')"),
    )
    .await
    .expect("inbound parent");
    exec(
        &conn,
        &format!("INSERT INTO call_analysis (clinic_id, outbound_call_id) VALUES ('{clinic}', '{outbound}')"),
    )
    .await
    .expect("outbound parent");
}

#[tokio::test]
async fn patient_names_are_unique_per_client_ignoring_case() {
    let db = TestDb::new().await;
    let conn = db.owner().await;
    let (clinic, client) = clinic_with_client(&conn, "pets").await;
    let other_client: uuid::Uuid = scalar(
        &conn,
        &format!("INSERT INTO clients (clinic_id, display_name) VALUES ('{clinic}', 'Sam Lee') RETURNING id"),
    )
    .await;
    let insert = |client: uuid::Uuid, name: &'static str| {
        format!(
            "INSERT INTO patients (clinic_id, client_id, name) VALUES ('{clinic}', '{client}', '{name}')"
        )
    };
    exec(&conn, &insert(client, "Biscuit")).await.unwrap();
    let err = exec(&conn, &insert(client, "BISCUIT"))
        .await
        .expect_err("same name, other case");
    assert_eq!(
        err,
        (
            UNIQUE.to_owned(),
            Some("idx_patients_unique_per_client".to_owned())
        )
    );
    exec(&conn, &insert(other_client, "Biscuit"))
        .await
        .expect("another client's pet may share the name");
}

#[tokio::test]
async fn updated_at_moves_on_update() {
    let db = TestDb::new().await;
    let conn = db.owner().await;
    let (clinic, _) = clinic_with_client(&conn, "touch").await;
    exec(
        &conn,
        &format!("UPDATE clinics SET updated_at = '2000-01-01Z' WHERE id = '{clinic}'"),
    )
    .await
    .unwrap();
    // The trigger overrides whatever the statement sets: any update stamps now().
    let stamped: bool = scalar(
        &conn,
        &format!(
            "SELECT updated_at > now() - interval '1 minute' FROM clinics WHERE id = '{clinic}'"
        ),
    )
    .await;
    assert!(stamped);

    let triggers: i64 = scalar(
        &conn,
        "SELECT count(*) FROM pg_trigger WHERE tgname = 'set_updated_at' AND NOT tgisinternal",
    )
    .await;
    assert_eq!(
        triggers, 31,
        "the spec lists 31 tables with an updated_at trigger"
    );
    let created_at: bool = scalar(
        &conn,
        &format!("SELECT created_at < updated_at FROM clinics WHERE id = '{clinic}'"),
    )
    .await;
    assert!(created_at);
}

#[tokio::test]
async fn deleting_a_clinic_cascades_where_the_spec_says_and_is_refused_elsewhere() {
    let db = TestDb::new().await;
    let conn = db.owner().await;

    // Cascade: clients → patients, cases, memberships, providers (the spec's ON DELETE CASCADE).
    let (clinic, client) = clinic_with_client(&conn, "cascade").await;
    exec(
        &conn,
        &format!(
            "INSERT INTO patients (clinic_id, client_id, name) VALUES ('{clinic}', '{client}', 'Moose');
             INSERT INTO users (clerk_user_id, email) VALUES ('u1', 'u1@example.com');
             INSERT INTO user_clinic_access (user_id, clinic_id, role)
               SELECT id, '{clinic}', 'owner' FROM users WHERE clerk_user_id = 'u1';
             INSERT INTO providers (clinic_id, name) VALUES ('{clinic}', 'Dr. Park');
             INSERT INTO cases (clinic_id, client_id) VALUES ('{clinic}', '{client}');"
        ),
    )
    .await
    .unwrap();
    exec(&conn, &format!("DELETE FROM clinics WHERE id = '{clinic}'"))
        .await
        .expect("everything under this clinic cascades");
    for table in [
        "clients",
        "patients",
        "cases",
        "user_clinic_access",
        "providers",
    ] {
        let left: i64 = scalar(&conn, &format!("SELECT count(*) FROM {table}")).await;
        assert_eq!(left, 0, "{table} should have cascaded");
    }
    let users: i64 = scalar(&conn, "SELECT count(*) FROM users").await;
    assert_eq!(users, 1, "users are not owned by a clinic");

    // Refused: an outbound call references the case without a cascade rule.
    let (clinic, client) = clinic_with_client(&conn, "refuse").await;
    exec(
        &conn,
        &format!(
            "WITH c AS (INSERT INTO cases (clinic_id, client_id) VALUES ('{clinic}', '{client}') RETURNING id)
               INSERT INTO outbound_calls (clinic_id, case_id) SELECT '{clinic}', id FROM c"
        ),
    )
    .await
    .unwrap();
    let err = exec(&conn, &format!("DELETE FROM clinics WHERE id = '{clinic}'"))
        .await
        .expect_err("outbound calls do not cascade");
    assert_eq!(err.0, FOREIGN_KEY);
    let still: i64 = scalar(
        &conn,
        &format!("SELECT count(*) FROM clinics WHERE id = '{clinic}'"),
    )
    .await;
    assert_eq!(still, 1, "nothing was half-deleted");

    // Refused: SOAP notes reference the clinic without a cascade rule. PostgreSQL checks that
    // reference before the cascade through `cases` reaches the note, so the spec makes a clinic
    // with clinical history undeletable (kept as specified; see ARCHITECTURE.md).
    let (clinic, client) = clinic_with_client(&conn, "refuse-notes").await;
    exec(
        &conn,
        &format!(
            "WITH c AS (INSERT INTO cases (clinic_id, client_id) VALUES ('{clinic}', '{client}') RETURNING id)
               INSERT INTO soap_notes (case_id, clinic_id, subjective) SELECT id, '{clinic}', 'Eating well' FROM c"
        ),
    )
    .await
    .unwrap();
    let err = exec(&conn, &format!("DELETE FROM clinics WHERE id = '{clinic}'"))
        .await
        .expect_err("soap_notes.clinic_id has no cascade");
    assert_eq!(err.0, FOREIGN_KEY);

    // Refused: messages reference the clinic directly without a cascade rule.
    let (clinic, _) = clinic_with_client(&conn, "refuse-msg").await;
    exec(
        &conn,
        &format!("INSERT INTO clinic_messages (clinic_id, caller_name) VALUES ('{clinic}', 'Ana')"),
    )
    .await
    .unwrap();
    let err = exec(&conn, &format!("DELETE FROM clinics WHERE id = '{clinic}'"))
        .await
        .expect_err("clinic_messages.clinic_id has no cascade");
    assert_eq!(err.0, FOREIGN_KEY);
}

#[tokio::test]
async fn overlapping_active_bookings_are_flagged() {
    let db = TestDb::new().await;
    let conn = db.owner().await;
    let (clinic, _) = clinic_with_client(&conn, "bookings").await;
    let book = |from: &str, to: &str, status: &str| {
        format!(
            "INSERT INTO vapi_bookings (clinic_id, starts_at, ends_at, status) \
             VALUES ('{clinic}', '{from}', '{to}', '{status}') RETURNING has_conflict"
        )
    };
    let first: bool = scalar(
        &conn,
        &book("2026-03-04 10:00Z", "2026-03-04 10:30Z", "confirmed"),
    )
    .await;
    assert!(!first);
    let overlapping: bool = scalar(
        &conn,
        &book("2026-03-04 10:15Z", "2026-03-04 10:45Z", "pending"),
    )
    .await;
    assert!(overlapping, "an overlapping active booking is flagged");
    let cancelled: bool = scalar(
        &conn,
        &book("2026-03-04 10:15Z", "2026-03-04 10:45Z", "cancelled"),
    )
    .await;
    assert!(!cancelled, "inactive bookings are not conflicts");
    let later: bool = scalar(
        &conn,
        &book("2026-03-04 11:00Z", "2026-03-04 11:30Z", "pending"),
    )
    .await;
    assert!(!later);
}
