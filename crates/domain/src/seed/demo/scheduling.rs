//! Demo tier 6: the appointment book (two rooms over a few days, one soft-deleted entry),
//! schedule configuration, blocked periods, PIMS schedule syncs and the booking audit trail.
// Demo rows are tables of tuples, one per row, read column by column below.
#![allow(clippy::type_complexity)]

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::{AppointmentStatus, ScheduleSyncStatus};
use entity::{
    appointment_audit_log, clinic_blocked_periods, clinic_schedule_config, schedule_appointments,
    schedule_syncs,
};
use sea_orm::ActiveValue::{NotSet, Set};
use serde_json::json;

use super::bookings::booking;
use super::fixtures::{self as fx, ALPINE, CLINICS, DemoClinic, HARBOR, SUNRISE};
use super::organization::provider_name;
use super::{at, cid, date, local, pims_ref, put, text, time};
use crate::DomainError;
use crate::session::Writer;

use AppointmentStatus::{CheckedIn, Completed, Confirmed, Scheduled};

pub(super) struct Appointment {
    pub clinic: DemoClinic,
    pub key: &'static str,
    /// Day, room, wall-clock start, length in minutes.
    pub slot: (i64, &'static str, (i64, i64), i64),
    patient: &'static str,
    client: &'static str,
    phone: &'static str,
    provider: &'static str,
    kind: &'static str,
    status: AppointmentStatus,
    /// Where it came from: `pims` (synced), `vapi` (booked by the assistant) or `manual`.
    source: &'static str,
    /// Day it was removed in the PIMS (soft delete).
    pub deleted: Option<i64>,
}

/// One appointment; `deleted <day>` marks a soft-deleted one.
macro_rules! appt {
    ($c:expr, $key:literal, $day:literal, $room:literal, $h:literal : $m:literal, $len:literal, $pet:literal, $client:literal, $phone:literal, $prov:literal, $kind:literal, $status:ident, $src:literal) => {
        appt!(@ $c, $key, $day, $room, $h, $m, $len, $pet, $client, $phone, $prov, $kind, $status, $src, None)
    };
    ($c:expr, $key:literal, $day:literal, $room:literal, $h:literal : $m:literal, $len:literal, $pet:literal, $client:literal, $phone:literal, $prov:literal, $kind:literal, $status:ident, $src:literal, deleted $d:literal) => {
        appt!(@ $c, $key, $day, $room, $h, $m, $len, $pet, $client, $phone, $prov, $kind, $status, $src, Some($d))
    };
    (@ $c:expr, $key:literal, $day:literal, $room:literal, $h:literal, $m:literal, $len:literal, $pet:literal, $client:literal, $phone:literal, $prov:literal, $kind:literal, $status:ident, $src:literal, $deleted:expr) => {
        Appointment { clinic: $c, key: $key, slot: ($day, $room, ($h, $m), $len), patient: $pet, client: $client, phone: $phone,
            provider: $prov, kind: $kind, status: $status, source: $src, deleted: $deleted }
    };
}

#[rustfmt::skip]
pub(super) const APPOINTMENTS: &[Appointment] = &[
    appt!(SUNRISE, "mochi-spay", -3, "exam-2", 8:0, 90, "Mochi", "Aiko Tanaka", "+15550101003", "patel", "surgery", Completed, "pims"),
    appt!(SUNRISE, "milo-wellness", -3, "exam-1", 10:0, 30, "Milo", "Maria Gonzalez", "+15550101001", "ramirez", "wellness", Completed, "pims"),
    appt!(SUNRISE, "pepper-nails", 0, "exam-1", 9:0, 30, "Pepper", "Robert Hayes", "+15550101004", "patel", "nail trim and dental check", Confirmed, "pims"),
    appt!(SUNRISE, "biscuit-pain", 0, "exam-1", 10:0, 45, "Biscuit", "James Whitfield", "+15550101002", "natarajan", "recheck", Confirmed, "pims"),
    appt!(SUNRISE, "daisy-ears", 0, "exam-2", 9:0, 30, "Daisy", "Robert Hayes", "+15550101004", "natarajan", "recheck", Scheduled, "pims"),
    appt!(SUNRISE, "rufus-puppy", 0, "exam-2", 14:0, 30, "Rufus", "Ethan Cole", "+15550107702", "ramirez", "new patient", Scheduled, "pims"),
    appt!(SUNRISE, "milo-moved", 1, "exam-2", 10:0, 30, "Milo", "Maria Gonzalez", "+15550101001", "ramirez", "wellness", Scheduled, "pims", deleted -2),
    appt!(SUNRISE, "bella-dental", 1, "exam-2", 10:0, 45, "Bella", "Chloe Adams", "+15550107715", "ramirez", "dental consult", Scheduled, "pims"),
    appt!(SUNRISE, "coco-dental", 1, "exam-1", 8:0, 120, "Coco", "Nina Alvarez", "+15550107731", "ramirez", "dental", Scheduled, "pims"),
    appt!(SUNRISE, "max-ashes", 2, "exam-1", 15:0, 15, "Max", "Robert Hayes", "+15550101004", "ramirez", "ashes pickup", Scheduled, "manual"),
    appt!(SUNRISE, "kiwi-recheck", 2, "exam-2", 9:30, 30, "Kiwi", "Sofia Martins", "+15550101005", "patel", "avian recheck", Scheduled, "pims"),
    appt!(HARBOR, "bear-incision", -3, "exam-1", 18:0, 30, "Bear", "Daniel Kowalski", "+15550201001", "okafor", "urgent recheck", Completed, "vapi"),
    appt!(HARBOR, "penny-echo", -3, "exam-2", 9:0, 60, "Penny", "Emily O'Connor", "+15550201004", "patel", "cardiology recheck", Completed, "pims"),
    appt!(HARBOR, "bear-sutures", 0, "exam-1", 8:0, 20, "Bear", "Daniel Kowalski", "+15550201001", "okafor", "wound check", CheckedIn, "pims"),
    appt!(HARBOR, "rocky-recheck", 0, "exam-1", 8:30, 30, "Rocky", "Marcus Johnson", "+15550201003", "okafor", "recheck", Confirmed, "pims"),
    appt!(HARBOR, "oliver-bp", 0, "exam-2", 11:0, 30, "Oliver", "Grace Liu", "+15550201002", "obrien", "blood pressure check", Confirmed, "pims"),
    appt!(HARBOR, "biscotti-first-visit", 1, "exam-1", 10:0, 40, "Biscotti", "Olivia Bennett", "+15550209001", "obrien", "new puppy", Scheduled, "vapi"),
    appt!(HARBOR, "zeus-neuter", 2, "exam-2", 8:0, 60, "Zeus", "Marcus Johnson", "+15550201003", "okafor", "surgery", Scheduled, "pims", deleted -1),
    appt!(HARBOR, "nala-spay", 2, "exam-2", 8:30, 90, "Nala", "Ahmed Hassan", "+15550201005", "okafor", "surgery", Scheduled, "pims"),
    appt!(HARBOR, "cleo-skin", 2, "exam-1", 14:0, 30, "Cleo", "Grace Liu", "+15550201002", "patel", "dermatology recheck", Scheduled, "pims"),
    appt!(ALPINE, "summit-bandage", 0, "exam-1", 9:0, 20, "Summit", "Kelsey Brooks", "+15550301001", "lindqvist", "bandage change", Confirmed, "vapi"),
    appt!(ALPINE, "aspen-rabies", 1, "exam-1", 9:0, 30, "Aspen", "Tyler Nguyen", "+15550301002", "brennan", "vaccines", Scheduled, "manual"),
    appt!(ALPINE, "juniper-wellness", 1, "exam-2", 9:0, 30, "Juniper", "Tyler Nguyen", "+15550301002", "lindqvist", "wellness", Scheduled, "manual"),
];

impl Appointment {
    pub fn id(&self) -> uuid::Uuid {
        cid("schedule_appointment", &self.clinic, self.key)
    }

    pub fn window(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let (day, _, (h, m), len) = self.slot;
        let start = local(&self.clinic, day, h, m);
        (start, start + TimeDelta::minutes(len))
    }

    /// The PIMS's id of the appointment (none for ones entered only here).
    pub fn pims_id(&self) -> Option<String> {
        if self.source == "manual" {
            return None;
        }
        pims_ref(self.clinic.pims_type, "appointment", &self.clinic, self.key)
    }
}

pub(super) fn appointment(clinic: &DemoClinic, key: &str) -> &'static Appointment {
    APPOINTMENTS
        .iter()
        .find(|a| a.clinic.key == clinic.key && a.key == key)
        .unwrap_or_else(|| panic!("no demo appointment {}/{key}", clinic.key))
}

pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    for a in APPOINTMENTS {
        let (starts, ends) = a.window();
        let synced = local(&a.clinic, a.slot.0.min(-1) - 1, 6, 0);
        let deleted = a.deleted.map(|d| local(&a.clinic, d, 6, 0));
        put(
            w,
            schedule_appointments::ActiveModel {
                id: Set(a.id()),
                clinic_id: Set(fx::clinic_id(&a.clinic)),
                starts_at: Set(starts),
                ends_at: Set(ends),
                // Generated by the database from `starts_at`.
                date: NotSet,
                source: Set(text(a.source)),
                pims_appointment_id: Set(a.pims_id()),
                patient_name: Set(text(a.patient)),
                client_name: Set(text(a.client)),
                client_phone: Set(text(a.phone)),
                provider_name: Set(text(provider_name(&a.clinic, a.provider))),
                room_id: Set(text(a.slot.1)),
                appointment_type: Set(text(a.kind)),
                status: Set(Some(if a.deleted.is_some() {
                    AppointmentStatus::Cancelled
                } else {
                    a.status
                })),
                sync_hash: Set(a
                    .pims_id()
                    .map(|_| fx::id("sync_hash", a.key).simple().to_string())),
                last_synced_at: Set(Some(deleted.unwrap_or(synced))),
                deleted_at: Set(deleted),
                created_at: Set(Some(synced)),
                updated_at: Set(Some(deleted.unwrap_or(synced))),
            },
        )
        .await?;
    }

    for (n, clinic) in CLINICS.iter().enumerate() {
        let created = at(-180 + n as i64, 18, 0);
        let (open, close) = match clinic.key {
            "harbor" => ("07:30", "19:00"),
            "alpine" => ("08:00", "17:00"),
            _ => ("08:00", "18:00"),
        };
        let day = json!({ "open": open, "close": close });
        put(w, clinic_schedule_config::ActiveModel {
            id: Set(cid("clinic_schedule_config", clinic, "main")),
            clinic_id: Set(fx::clinic_id(clinic)),
            daily_hours: Set(Some(json!({ "mon": day, "tue": day, "wed": day, "thu": day, "fri": day }))),
            slot_duration_minutes: Set(Some(if clinic.key == "harbor" { 20 } else { 15 })),
            sync_horizon_days: Set(Some(14)),
            stale_threshold_minutes: Set(Some(60)),
            sync_schedules: Set(Some(json!([{ "cron": "0 6 * * *", "type": "appointments" }, { "cron": "0 */2 8-18 * * 1-5", "type": "incremental" }]))),
            vapi_availability_start_time: Set(Some(time(8, 30))),
            vapi_availability_end_time: Set(Some(time(16, 30))),
            target_room_id: Set(text("exam-2")),
            target_room_name: Set(text("Exam Room 2")),
            created_at: Set(Some(created)),
            updated_at: Set(Some(created)),
        })
        .await?;

        // Lunch closes the book every weekday; Harbor staggers it and opens Saturdays.
        let mut blocks = vec![(
            "lunch",
            "Lunch",
            time(12, 0),
            time(13, 0),
            vec![1, 2, 3, 4, 5],
            true,
        )];
        match clinic.key {
            "sunrise" => blocks.push((
                "staff-meeting",
                "Staff meeting",
                time(8, 0),
                time(8, 30),
                vec![3],
                true,
            )),
            "harbor" => {
                blocks[0] = (
                    "lunch",
                    "Lunch",
                    time(12, 30),
                    time(13, 30),
                    vec![1, 2, 3, 4, 5, 6],
                    true,
                )
            }
            _ => blocks.push((
                "ce-afternoon",
                "Continuing education",
                time(15, 0),
                time(17, 0),
                vec![5],
                false,
            )),
        }
        for (key, name, start, end, days, active) in blocks {
            put(
                w,
                clinic_blocked_periods::ActiveModel {
                    id: Set(cid("clinic_blocked_period", clinic, key)),
                    clinic_id: Set(fx::clinic_id(clinic)),
                    name: Set(name.into()),
                    start_time: Set(start),
                    end_time: Set(end),
                    days_of_week: Set(Some(days)),
                    is_active: Set(Some(active)),
                    created_at: Set(Some(created)),
                    updated_at: Set(Some(created)),
                },
            )
            .await?;
        }
    }

    // Schedule syncs: (clinic, key, day, status, added, updated, removed, error).
    #[rustfmt::skip]
    let syncs: [(DemoClinic, &str, i64, ScheduleSyncStatus, i32, i32, i32, Option<&str>); 6] = [
        (SUNRISE, "nightly-sat", -2, ScheduleSyncStatus::Completed, 7, 3, 1, None),
        (SUNRISE, "nightly-sun", -1, ScheduleSyncStatus::Failed, 0, 0, 0, Some("IDEXX Neo API returned 503 Service Unavailable")),
        (HARBOR, "nightly-sun", -1, ScheduleSyncStatus::Completed, 5, 2, 1, None),
        (HARBOR, "incremental", 0, ScheduleSyncStatus::InProgress, 0, 0, 0, None),
        (ALPINE, "nightly-sun", -1, ScheduleSyncStatus::Failed, 0, 0, 0, Some("AVImark credentials have not been validated yet")),
        (ALPINE, "manual-import", -5, ScheduleSyncStatus::Completed, 3, 0, 0, None),
    ];
    for (clinic, key, day, status, added, updated, removed, error) in syncs {
        // The in-progress sync started two minutes before "now".
        let started = if status == ScheduleSyncStatus::InProgress {
            at(day, 0, -2)
        } else {
            local(&clinic, day, 6, 0)
        };
        let duration = match status {
            ScheduleSyncStatus::InProgress => None,
            ScheduleSyncStatus::Failed => Some(10_400),
            ScheduleSyncStatus::Completed => Some(4_200 + 310 * (added + updated)),
        };
        put(
            w,
            schedule_syncs::ActiveModel {
                id: Set(cid("schedule_sync", &clinic, key)),
                clinic_id: Set(fx::clinic_id(&clinic)),
                sync_type: Set(text(if key == "incremental" {
                    "incremental"
                } else {
                    "appointments"
                })),
                sync_start_date: Set(Some(date(day))),
                sync_end_date: Set(Some(date(day + 14))),
                status: Set(Some(status)),
                appointments_added: Set(Some(added)),
                appointments_updated: Set(Some(updated)),
                appointments_removed: Set(Some(removed)),
                error_message: Set(error.map(str::to_owned)),
                error_details: Set(
                    error.map(|e| json!({ "message": e, "retryable": !e.contains("credentials") }))
                ),
                started_at: Set(Some(started)),
                completed_at: Set(
                    duration.map(|ms| started + TimeDelta::milliseconds(i64::from(ms)))
                ),
                duration_ms: Set(duration),
                created_at: Set(Some(started)),
            },
        )
        .await?;
    }

    insert_audit_log(w).await
}

/// The booking flow's trail: who created, moved and cancelled what, and one failed PIMS write.
async fn insert_audit_log(w: &Writer<'_>) -> Result<(), DomainError> {
    // (clinic, key, action, booking, appointment, old window?, new window?, performer, reason, error)
    type Entry = (
        DemoClinic,
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        bool,
        bool,
        &'static str,
        Option<&'static str>,
        Option<(&'static str, &'static str)>,
    );
    #[rustfmt::skip]
    let entries: [Entry; 10] = [
        (SUNRISE, "luna-created", "booking_created", Some("luna-recheck"), None, false, true, "vapi", None, None),
        (SUNRISE, "luna-moved", "booking_rescheduled", Some("luna-recheck-moved"), None, true, true, "vapi", Some("Owner traveling that week"), None),
        (SUNRISE, "luna-moved-pims", "pims_write_failed", Some("luna-recheck-moved"), None, false, true, "vapi", None, Some(("PIMS_TIMEOUT", "IDEXX Neo did not answer within 10 s; the booking is kept and the write retried"))),
        (SUNRISE, "kiwi-cancelled", "booking_cancelled", Some("kiwi-urgent"), None, true, false, "staff", Some("Egg passed at home"), None),
        (SUNRISE, "milo-removed", "appointment_removed", None, Some("milo-moved"), true, false, "pims_sync", Some("Deleted in IDEXX Neo (moved to an earlier visit)"), None),
        (HARBOR, "bear-created", "booking_created", Some("bear-incision"), Some("bear-incision"), false, true, "vapi", None, None),
        (HARBOR, "biscotti-created", "booking_created", Some("biscotti-first-visit"), Some("biscotti-first-visit"), false, true, "vapi", None, None),
        (HARBOR, "nala-held", "booking_held", Some("nala-held"), None, false, true, "vapi", None, None),
        (HARBOR, "zeus-cancelled", "booking_cancelled", Some("zeus-neuter"), Some("zeus-neuter"), true, false, "vapi", Some("Owner wants to wait until Zeus is older"), None),
        (ALPINE, "summit-created", "booking_created", Some("summit-bandage"), Some("summit-bandage"), false, true, "vapi", None, None),
    ];
    for (clinic, key, action, booking_key, appt_key, old, new, by, reason, error) in entries {
        let b = booking_key.map(|k| booking(&clinic, k));
        let a = appt_key.map(|k| appointment(&clinic, k));
        // A move goes from the original window to the new one; otherwise both sides are the
        // booking's (or appointment's) own window.
        let own = b.map(|b| b.window()).or(a.map(|a| a.window()));
        let old_window =
            if b.is_some_and(|b| b.rescheduled_from.is_some()) && action == "booking_rescheduled" {
                b.and_then(|b| b.rescheduled_from)
                    .map(|k| booking(&clinic, k).window())
            } else {
                own
            };
        let when = match (b, a) {
            (Some(b), _) if action == "booking_cancelled" => b.made_at() + TimeDelta::minutes(1),
            (Some(b), _) => b.made_at() + TimeDelta::seconds(if error.is_some() { 15 } else { 2 }),
            (None, Some(a)) => local(&clinic, a.deleted.unwrap_or(-1), 6, 0),
            (None, None) => unreachable!("every entry names a booking or an appointment"),
        };
        put(
            w,
            appointment_audit_log::ActiveModel {
                id: Set(cid("appointment_audit", &clinic, key)),
                clinic_id: Set(fx::clinic_id(&clinic)),
                action: Set(action.into()),
                booking_id: Set(b.map(|b| b.id())),
                appointment_id: Set(a.map(|a| a.id())),
                pims_appointment_id: Set(a.and_then(|a| a.pims_id())),
                old_starts_at: Set(old.then(|| old_window.map(|w| w.0)).flatten()),
                old_ends_at: Set(old.then(|| old_window.map(|w| w.1)).flatten()),
                new_starts_at: Set(new.then(|| own.map(|w| w.0)).flatten()),
                new_ends_at: Set(new.then(|| own.map(|w| w.1)).flatten()),
                reason: Set(reason.map(str::to_owned)),
                error_code: Set(error.map(|e| e.0.to_owned())),
                error_message: Set(error.map(|e| e.1.to_owned())),
                vapi_call_id: Set((by == "vapi")
                    .then(|| b.map(|b| format!("demo-in-{}-{}", clinic.key, b.call)))
                    .flatten()),
                performed_by: Set(text(by)),
                created_at: Set(Some(when)),
            },
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exclusion constraint forbids overlapping live appointments in one room.
    #[test]
    fn live_appointments_do_not_overlap_per_room() {
        let live: Vec<_> = APPOINTMENTS
            .iter()
            .filter(|a| a.deleted.is_none())
            .collect();
        for (i, a) in live.iter().enumerate() {
            for b in &live[i + 1..] {
                if a.clinic.key == b.clinic.key && a.slot.1 == b.slot.1 {
                    let (a0, a1) = a.window();
                    let (b0, b1) = b.window();
                    assert!(a1 <= b0 || b1 <= a0, "{} overlaps {}", a.key, b.key);
                }
            }
        }
    }
}
