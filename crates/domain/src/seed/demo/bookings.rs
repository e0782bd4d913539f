//! Demo tier 6, bookings made by the voice assistant on inbound calls: confirmed, completed,
//! one rescheduled (with its original window and predecessor), cancelled ones, and one slot
//! held for a caller who was cut off before confirming (pending, its hold running at the
//! demo's "now").

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::BookingStatus;
use entity::vapi_bookings;
use sea_orm::ActiveValue::{NotSet, Set};
use serde_json::json;
use uuid::Uuid;

use super::fixtures::{self as fx, ALPINE, DemoClinic, HARBOR, SUNRISE};
use super::inbound::{call, call_id, ended};
use super::{cid, local, pims_ref, put, text};
use crate::DomainError;
use crate::session::Writer;

pub(super) struct Booking {
    pub clinic: DemoClinic,
    pub key: &'static str,
    pub call: &'static str,
    species: &'static str,
    breed: &'static str,
    reason: &'static str,
    new_client: bool,
    pub status: BookingStatus,
    pub confirmation: &'static str,
    /// Day, wall-clock start and length in minutes.
    starts: (i64, i64, i64),
    minutes: i64,
    pub rescheduled_from: Option<&'static str>,
    cancelled: Option<&'static str>,
}

#[rustfmt::skip]
pub(super) const BOOKINGS: &[Booking] = &[
    Booking { clinic: SUNRISE, key: "luna-recheck", call: "gonzalez-book", species: "canine", breed: "Labrador Retriever", reason: "Dental recheck, 14 days after extractions", new_client: false, status: BookingStatus::Rescheduled, confirmation: "SUN-4821", starts: (8, 10, 0), minutes: 30, rescheduled_from: None, cancelled: None },
    Booking { clinic: SUNRISE, key: "luna-recheck-moved", call: "gonzalez-reschedule", species: "canine", breed: "Labrador Retriever", reason: "Dental recheck, 14 days after extractions", new_client: false, status: BookingStatus::Confirmed, confirmation: "SUN-4907", starts: (9, 15, 0), minutes: 30, rescheduled_from: Some("luna-recheck"), cancelled: None },
    Booking { clinic: SUNRISE, key: "kiwi-urgent", call: "martins-book", species: "avian", breed: "Cockatiel", reason: "Straining again after egg binding", new_client: false, status: BookingStatus::Cancelled, confirmation: "SUN-4935", starts: (0, 9, 0), minutes: 30, rescheduled_from: None, cancelled: Some("Egg passed at home; Kiwi is eating. Owner will call if straining returns.") },
    Booking { clinic: HARBOR, key: "bear-incision", call: "kowalski-book", species: "canine", breed: "Bernese Mountain Dog", reason: "Incision swelling and discharge after TPLO", new_client: false, status: BookingStatus::Completed, confirmation: "HAR-2207", starts: (-3, 18, 0), minutes: 30, rescheduled_from: None, cancelled: None },
    Booking { clinic: HARBOR, key: "biscotti-first-visit", call: "bennett-book", species: "canine", breed: "Cavapoo", reason: "New puppy exam and vaccines", new_client: true, status: BookingStatus::Confirmed, confirmation: "HAR-2231", starts: (1, 10, 0), minutes: 40, rescheduled_from: None, cancelled: None },
    Booking { clinic: HARBOR, key: "zeus-neuter", call: "johnson-cancel", species: "canine", breed: "American Pit Bull Terrier", reason: "Neuter", new_client: false, status: BookingStatus::Cancelled, confirmation: "HAR-2188", starts: (2, 8, 0), minutes: 60, rescheduled_from: None, cancelled: Some("Owner wants to wait until Zeus is older.") },
    Booking { clinic: HARBOR, key: "nala-held", call: "hassan-hold", species: "feline", breed: "Bengal", reason: "Annual wellness visit and vaccines", new_client: false, status: BookingStatus::Pending, confirmation: "", starts: (3, 11, 0), minutes: 30, rescheduled_from: None, cancelled: None },
    Booking { clinic: ALPINE, key: "summit-bandage", call: "brooks-book", species: "canine", breed: "Australian Shepherd", reason: "Bandage change, pad laceration", new_client: false, status: BookingStatus::Confirmed, confirmation: "ALP-0412", starts: (0, 9, 0), minutes: 20, rescheduled_from: None, cancelled: None },
];

impl Booking {
    pub fn id(&self) -> Uuid {
        cid("vapi_booking", &self.clinic, self.key)
    }

    pub fn window(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = local(&self.clinic, self.starts.0, self.starts.1, self.starts.2);
        (start, start + TimeDelta::minutes(self.minutes))
    }

    /// When the caller's request was made (the call's end).
    pub fn made_at(&self) -> DateTime<Utc> {
        ended(call(&self.clinic, self.call))
    }
}

pub(super) fn booking(clinic: &DemoClinic, key: &str) -> &'static Booking {
    BOOKINGS
        .iter()
        .find(|b| b.clinic.key == clinic.key && b.key == key)
        .unwrap_or_else(|| panic!("no demo booking {}/{key}", clinic.key))
}

pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    // Bookings in list order, so a rescheduled booking's original exists before it.
    for b in BOOKINGS {
        let c = call(&b.clinic, b.call);
        let (starts, ends) = b.window();
        let original = b.rescheduled_from.map(|k| booking(&b.clinic, k).window());
        let made = b.made_at();
        let cancelled = b
            .cancelled
            .map(|_| made + TimeDelta::minutes(if b.call.ends_with("cancel") { 1 } else { 200 }));
        let ck = b.clinic.key;
        // Client keys are the lower-cased surname (see `people`).
        let client_key = (!b.new_client).then(|| {
            c.caller
                .rsplit(' ')
                .next()
                .unwrap_or_default()
                .to_lowercase()
                .replace('\'', "")
        });
        put(
            w,
            vapi_bookings::ActiveModel {
                id: Set(b.id()),
                clinic_id: Set(fx::clinic_id(&b.clinic)),
                inbound_call_id: Set(Some(call_id(&b.clinic, b.call))),
                starts_at: Set(starts),
                ends_at: Set(ends),
                // Generated from `starts_at`, and maintained by the overlap trigger.
                date: NotSet,
                has_conflict: NotSet,
                client_name: Set(text(c.caller)),
                client_phone: Set(text(c.phone)),
                patient_name: Set(c.pet.map(str::to_owned)),
                species: Set(text(b.species)),
                breed: Set(text(b.breed)),
                reason: Set(text(b.reason)),
                is_new_client: Set(Some(b.new_client)),
                status: Set(Some(b.status)),
                // A held slot gets its number when it is confirmed.
                confirmation_number: Set(
                    (b.status != BookingStatus::Pending).then(|| b.confirmation.to_owned())
                ),
                vapi_call_id: Set(Some(format!("demo-in-{ck}-{}", b.call))),
                hold_expires_at: Set(Some(made + TimeDelta::minutes(10))),
                // The same PIMS records the appointment book and the mappings name.
                pims_appointment_id: Set((!matches!(
                    b.status,
                    BookingStatus::Cancelled | BookingStatus::Pending
                ))
                .then(|| pims_ref(b.clinic.pims_type, "appointment", &b.clinic, b.key))
                .flatten()),
                pims_client_id: Set(client_key
                    .as_deref()
                    .and_then(|k| pims_ref(b.clinic.pims_type, "client", &b.clinic, k))),
                pims_patient_id: Set(client_key.as_deref().zip(c.pet).and_then(|(k, pet)| {
                    pims_ref(
                        b.clinic.pims_type,
                        "patient",
                        &b.clinic,
                        &format!("{k}/{}", pet.to_lowercase()),
                    )
                })),
                original_starts_at: Set(original.map(|o| o.0)),
                original_ends_at: Set(original.map(|o| o.1)),
                rescheduled_at: Set(original.map(|_| made)),
                rescheduled_reason: Set(original.map(|_| "Owner traveling that week".to_owned())),
                rescheduled_from_id: Set(b.rescheduled_from.map(|k| booking(&b.clinic, k).id())),
                cancelled_at: Set(cancelled),
                cancelled_reason: Set(b.cancelled.map(str::to_owned)),
                metadata: Set(Some(json!({ "channel": "voice" }))),
                created_at: Set(Some(made)),
                updated_at: Set(Some(cancelled.unwrap_or(made))),
            },
        )
        .await?;
    }
    Ok(())
}
