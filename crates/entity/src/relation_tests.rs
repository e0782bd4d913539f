//! Checks the relations of every entity against the foreign keys of the spec, and the
//! many-to-many, `has_one`, `Linked` and read-only `date` behaviour.

use std::collections::BTreeSet;

use sea_orm::entity::prelude::*;
use sea_orm::{DbBackend, Iterable, JoinType, QuerySelect, QueryTrait, RelationType};

use crate::*;

/// Every `REFERENCES` of the spec, as `child.column -> parent.id`.
const SPEC_FOREIGN_KEYS: &[&str] = &[
    "appointment_audit_log.appointment_id -> schedule_appointments.id",
    "appointment_audit_log.booking_id -> vapi_bookings.id",
    "appointment_audit_log.clinic_id -> clinics.id",
    "auto_scheduled_items.cancelled_by -> users.id",
    "auto_scheduled_items.case_id -> cases.id",
    "auto_scheduled_items.clinic_id -> clinics.id",
    "auto_scheduled_items.outbound_call_id -> outbound_calls.id",
    "auto_scheduled_items.outbound_email_id -> outbound_emails.id",
    "auto_scheduled_items.run_id -> auto_scheduling_runs.id",
    "auto_scheduling_config.clinic_id -> clinics.id",
    "call_analysis.clinic_id -> clinics.id",
    "call_analysis.inbound_call_id -> inbound_calls.id",
    "call_analysis.outbound_call_id -> outbound_calls.id",
    "cases.client_id -> clients.id",
    "cases.clinic_id -> clinics.id",
    "cases.created_by -> users.id",
    "cases.patient_id -> patients.id",
    "cases.updated_by -> users.id",
    "clients.clinic_id -> clinics.id",
    "clinic_blocked_periods.clinic_id -> clinics.id",
    "clinic_case_type_cadence.clinic_id -> clinics.id",
    "clinic_invitations.accepted_by -> users.id",
    "clinic_invitations.clinic_id -> clinics.id",
    "clinic_invitations.invited_by -> users.id",
    "clinic_messages.assigned_to_user_id -> users.id",
    "clinic_messages.clinic_id -> clinics.id",
    "clinic_messages.inbound_call_id -> inbound_calls.id",
    "clinic_schedule_config.clinic_id -> clinics.id",
    "clinic_settings.clinic_id -> clinics.id",
    "discharge_batch_items.batch_id -> discharge_batches.id",
    "discharge_batch_items.case_id -> cases.id",
    "discharge_batch_items.outbound_call_id -> outbound_calls.id",
    "discharge_batch_items.outbound_email_id -> outbound_emails.id",
    "discharge_batch_items.patient_id -> patients.id",
    "discharge_batches.clinic_id -> clinics.id",
    "discharge_batches.created_by -> users.id",
    "discharge_summaries.case_id -> cases.id",
    "discharge_summaries.clinic_id -> clinics.id",
    "discharge_summaries.created_by -> users.id",
    "discharge_summaries.soap_note_id -> soap_notes.id",
    "discharge_summaries.template_id -> discharge_templates.id",
    "discharge_templates.clinic_id -> clinics.id",
    "discharge_templates.created_by -> users.id",
    "inbound_calls.clinic_id -> clinics.id",
    "outbound_calls.case_id -> cases.id",
    "outbound_calls.clinic_id -> clinics.id",
    "outbound_emails.case_id -> cases.id",
    "outbound_emails.clinic_id -> clinics.id",
    "patients.client_id -> clients.id",
    "patients.clinic_id -> clinics.id",
    "pims_credentials.clinic_id -> clinics.id",
    "pims_mappings.clinic_id -> clinics.id",
    "pims_sync_audit_log.clinic_id -> clinics.id",
    "pims_sync_audit_log.sync_session_id -> pims_sync_sessions.id",
    "pims_sync_sessions.clinic_id -> clinics.id",
    "pims_sync_sessions.credential_id -> pims_credentials.id",
    "providers.clinic_id -> clinics.id",
    "providers.user_id -> users.id",
    "refill_requests.approved_by -> users.id",
    "refill_requests.clinic_id -> clinics.id",
    "refill_requests.inbound_call_id -> inbound_calls.id",
    "schedule_appointments.clinic_id -> clinics.id",
    "schedule_syncs.clinic_id -> clinics.id",
    "slack_channels.added_by -> users.id",
    "slack_channels.workspace_id -> slack_workspaces.id",
    "slack_task_completions.task_id -> slack_tasks.id",
    "slack_tasks.channel_id -> slack_channels.id",
    "slack_tasks.created_by -> users.id",
    "slack_workspaces.clinic_id -> clinics.id",
    "soap_notes.case_id -> cases.id",
    "soap_notes.clinic_id -> clinics.id",
    "soap_templates.clinic_id -> clinics.id",
    "soap_templates.created_by -> users.id",
    "user_clinic_access.clinic_id -> clinics.id",
    "user_clinic_access.granted_by -> users.id",
    "user_clinic_access.user_id -> users.id",
    "vapi_assistant_mappings.clinic_id -> clinics.id",
    "vapi_assistant_mappings.pims_clinic_id -> clinics.id",
    "vapi_bookings.clinic_id -> clinics.id",
    "vapi_bookings.inbound_call_id -> inbound_calls.id",
    "vapi_bookings.rescheduled_from_id -> vapi_bookings.id",
    "vital_signs.case_id -> cases.id",
    "vital_signs.clinic_id -> clinics.id",
    "vital_signs.soap_note_id -> soap_notes.id",
];

/// `(name, "t1"."c1" = "t2"."c2")` for every `Relation` variant of every entity, where `t1` is
/// the entity the relation is declared on.
fn all_relations() -> Vec<(String, String)> {
    let mut out = Vec::new();
    macro_rules! collect {
        ($($m:ident),+ $(,)?) => {$(
            for rel in $m::Relation::iter() {
                let sql = $m::Entity::find()
                    .join(JoinType::InnerJoin, rel.def())
                    .build(DbBackend::Postgres)
                    .to_string();
                let on = sql.split(" ON ").nth(1).expect("join has an ON clause").to_owned();
                out.push((format!("{}::{:?}", stringify!($m), rel), on));
            }
        )+};
    }
    collect!(
        clinics,
        users,
        user_clinic_access,
        clinic_invitations,
        providers,
        clients,
        patients,
        pims_credentials,
        pims_mappings,
        pims_sync_sessions,
        pims_sync_audit_log,
        cases,
        soap_notes,
        discharge_summaries,
        vital_signs,
        outbound_calls,
        inbound_calls,
        call_analysis,
        outbound_emails,
        clinic_messages,
        refill_requests,
        schedule_appointments,
        vapi_bookings,
        clinic_schedule_config,
        clinic_blocked_periods,
        schedule_syncs,
        appointment_audit_log,
        vapi_assistant_mappings,
        clinic_settings,
        auto_scheduling_config,
        clinic_case_type_cadence,
        auto_scheduling_runs,
        auto_scheduled_items,
        discharge_batches,
        discharge_batch_items,
        soap_templates,
        discharge_templates,
        ai_templates,
        slack_workspaces,
        slack_channels,
        slack_tasks,
        slack_task_completions,
        waitlist_signups,
        contact_submissions
    );
    out
}

/// Parses `"t1"."c1" = "t2"."c2"` into `("t1.c1", "t2.c2")`.
fn sides(on: &str) -> (String, String) {
    let clean = on.replace('"', "");
    let (l, r) = clean.split_once(" = ").expect("equality join");
    (l.trim().to_owned(), r.trim().to_owned())
}

#[test]
fn belongs_to_variants_are_exactly_the_spec_foreign_keys() {
    let expected: BTreeSet<String> = SPEC_FOREIGN_KEYS.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(expected.len(), SPEC_FOREIGN_KEYS.len());
    let mut found = Vec::new();
    for (name, on) in all_relations() {
        let (l, r) = sides(&on);
        // Every foreign key references an `id`, and no foreign key column is named `id`.
        if !l.ends_with(".id") {
            // belongs_to: "child"."fk" = "parent"."id".
            assert!(r.ends_with(".id"), "{name}: {on}");
            found.push(format!("{l} -> {r}"));
        } else {
            // has_many / has_one: "parent"."id" = "child"."fk".
            let fk = format!("{r} -> {l}");
            assert!(
                expected.contains(&fk),
                "{name}: {fk} is not a spec foreign key"
            );
        }
    }
    let found_set: BTreeSet<String> = found.iter().cloned().collect();
    assert_eq!(
        found.len(),
        found_set.len(),
        "duplicate belongs_to variants"
    );
    assert_eq!(found_set, expected);
}

fn sql<S: QueryTrait>(q: S) -> String {
    q.build(DbBackend::Postgres).to_string()
}

#[test]
fn clinics_and_users_are_many_to_many_through_user_clinic_access() {
    let q = sql(clinics::Entity::find().inner_join(users::Entity));
    let via = r#"JOIN "user_clinic_access" ON "clinics"."id" = "user_clinic_access"."clinic_id""#;
    let to = r#"JOIN "users" ON "user_clinic_access"."user_id" = "users"."id""#;
    assert!(q.contains(via) && q.contains(to), "{q}");
    let q = sql(users::Entity::find().inner_join(clinics::Entity));
    assert!(
        q.contains(
            r#"INNER JOIN "user_clinic_access" ON "users"."id" = "user_clinic_access"."user_id""#
        ) && q.contains(
            r#"INNER JOIN "clinics" ON "user_clinic_access"."clinic_id" = "clinics"."id""#
        ),
        "{q}"
    );
}

#[test]
fn one_to_one_tables_are_has_one() {
    use clinics::Relation as R;
    for rel in [
        R::ClinicSettings,
        R::ClinicScheduleConfig,
        R::AutoSchedulingConfig,
    ] {
        assert_eq!(rel.def().rel_type, RelationType::HasOne, "{rel:?}");
    }
    assert_eq!(
        inbound_calls::Relation::CallAnalysis.def().rel_type,
        RelationType::HasOne
    );
    assert_eq!(
        outbound_calls::Relation::CallAnalysis.def().rel_type,
        RelationType::HasOne
    );
    let q = sql(inbound_calls::Entity::find().find_also_related(call_analysis::Entity));
    let on = r#"JOIN "call_analysis" ON "inbound_calls"."id" = "call_analysis"."inbound_call_id""#;
    assert!(q.contains(on), "{q}");
}

#[test]
fn second_references_use_their_own_variant_or_link() {
    // `Related<users>` on cases follows created_by; updated_by has its own Linked struct.
    let q = sql(cases::Entity::find().inner_join(users::Entity));
    assert!(q.contains(r#""cases"."created_by" = "users"."id""#), "{q}");
    let q = sql(cases::Entity::find().find_also_linked(cases::UpdatedByLink));
    assert!(q.contains(r#""cases"."updated_by" = "#), "{q}");
    let q = sql(vapi_bookings::Entity::find().find_also_linked(vapi_bookings::RescheduledFromLink));
    assert!(
        q.contains(r#""vapi_bookings"."rescheduled_from_id" = "#),
        "{q}"
    );
    let q = sql(vapi_assistant_mappings::Entity::find().inner_join(clinics::Entity));
    assert!(
        q.contains(r#""vapi_assistant_mappings"."clinic_id" = "clinics"."id""#),
        "{q}"
    );
}

/// Polls a future that never awaits anything pending (the `before_save` hooks don't).
fn ready<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("future was not immediately ready"),
    }
}

#[test]
fn generated_date_is_never_written() {
    use sea_orm::ActiveValue::{NotSet, Set};
    let db = DatabaseConnection::default();
    let day = Date::from_ymd_opt(2025, 1, 2).unwrap();
    let am = schedule_appointments::ActiveModel {
        date: Set(day),
        room_id: Set(Some("A".into())),
        ..Default::default()
    };
    let am = ready(ActiveModelBehavior::before_save(am, &db, true)).unwrap();
    assert_eq!(am.date, NotSet);
    assert_eq!(am.room_id, Set(Some("A".into())));
    let am = vapi_bookings::ActiveModel {
        date: Set(day),
        ..Default::default()
    };
    let am = ready(ActiveModelBehavior::before_save(am, &db, false)).unwrap();
    assert_eq!(am.date, NotSet);
}
