//! The voice assistant's view of a clinic's free time (`Clinic.availability`) and the hold of
//! one slot (`holdSlot`); the rules are the domain's (`domain::booking`).

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{Duration, SecondsFormat, Utc};
use domain::booking::{self, HoldRequest, availability::Span};
use domain::{DomainError, Resource};
use entity::{clinics, vapi_bookings};
use sea_orm::Set;

use super::Booking;
use crate::context::session;
use crate::errors::{GqlResult, to_gql};
use crate::ids;
use crate::scalars::{self, Inner};

/// The free slots of a clinic in a span, in the clinic's time zone and in UTC.
#[derive(SimpleObject)]
pub struct Availability {
    /// The clinic's IANA time zone, which the `local…` times are in.
    pub time_zone: String,
    /// The length of every slot, in minutes.
    pub minutes: i32,
    /// The free slots, earliest first.
    pub slots: Vec<AvailableSlot>,
}

/// One free slot.
#[derive(SimpleObject)]
pub struct AvailableSlot {
    pub starts_at: scalars::DateTime,
    pub ends_at: scalars::DateTime,
    /// The start on the clinic's clock, ISO 8601 with its offset (`2026-03-09T09:00:00-04:00`).
    pub local_starts_at: String,
    /// The end on the clinic's clock, ISO 8601 with its offset.
    pub local_ends_at: String,
}

/// The most slots one question returns, and how many unless asked.
const MAX_SLOTS: i32 = 200;
const DEFAULT_SLOTS: i32 = 20;
/// How far ahead a question looks unless told, in days.
const DEFAULT_SPAN_DAYS: i64 = 7;

/// The booking fields of `Clinic`.
pub struct ClinicBooking<'a>(pub &'a clinics::Model);

/// The booking fields of `Clinic`.
#[Object]
impl ClinicBooking<'_> {
    /// The free slots between `from` (now when absent) and `to` (a week later when absent;
    /// at most 31 days), `minutes` long (the clinic's slot length when absent), at most
    /// `first` of them (20; at most 200). Computed from the clinic's hours (the schedule
    /// configuration's daily hours, else the clinic's business hours), the assistant's window,
    /// active blocked periods, live appointments in the target room and bookings that hold
    /// their time (confirmed, or pending with an unexpired hold). Every member may ask.
    async fn availability(
        &self,
        ctx: &Context<'_>,
        from: Option<scalars::DateTime>,
        to: Option<scalars::DateTime>,
        minutes: Option<i32>,
        first: Option<i32>,
    ) -> async_graphql::Result<Availability> {
        let now = Utc::now();
        let starts_at = from.inner().unwrap_or(now);
        let ends_at = to
            .inner()
            .unwrap_or(starts_at + Duration::days(DEFAULT_SPAN_DAYS));
        let first = first.unwrap_or(DEFAULT_SLOTS);
        if !(1..=MAX_SLOTS).contains(&first) {
            return Err(to_gql(&DomainError::bad_input(
                "first",
                format!("must be from 1 to {MAX_SLOTS}"),
            )));
        }
        let clinic_id = self.0.id;
        let within = Span { starts_at, ends_at };
        let length = minutes.map(|m| Duration::minutes(i64::from(m)));
        let found = session(ctx)?
            .atomically(async |w| {
                booking::availability(w, clinic_id, within, length, now, first as usize).await
            })
            .await
            .gql()?;
        let shown = |at: chrono::DateTime<Utc>| {
            found
                .clock
                .local(at)
                .to_rfc3339_opts(SecondsFormat::Secs, false)
        };
        Ok(Availability {
            time_zone: found.clock.name().to_owned(),
            minutes: found.length.num_minutes() as i32,
            slots: found
                .slots
                .iter()
                .map(|s| AvailableSlot {
                    starts_at: s.starts_at.into(),
                    ends_at: s.ends_at.into(),
                    local_starts_at: shown(s.starts_at),
                    local_ends_at: shown(s.ends_at),
                })
                .collect(),
        })
    }
}

/// The input of `holdSlot`: a free slot from `Clinic.availability` and the caller's details.
#[derive(InputObject)]
pub struct HoldSlotInput {
    pub clinic_id: ID,
    /// The slot's start, as `Clinic.availability` gave it.
    pub starts_at: scalars::DateTime,
    /// The slot's length (the clinic's slot length when absent).
    pub minutes: Option<i32>,
    /// How long the slot is held for confirmation, 1 to 30 minutes (5 when absent).
    pub hold_minutes: Option<i32>,
    /// The inbound call the slot is held on (an `InboundCall` id of the same clinic).
    pub inbound_call_id: Option<ID>,
    pub vapi_call_id: Option<String>,
    pub client_name: Option<String>,
    pub client_phone: Option<String>,
    pub patient_name: Option<String>,
    pub species: Option<String>,
    pub breed: Option<String>,
    pub reason: Option<String>,
    pub is_new_client: Option<bool>,
}

/// The result of `holdSlot`: the pending booking that holds the slot.
#[derive(SimpleObject)]
pub struct HoldSlotPayload {
    pub booking: Booking,
}

pub(crate) async fn hold_slot(
    ctx: &Context<'_>,
    input: HoldSlotInput,
) -> async_graphql::Result<HoldSlotPayload> {
    let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
    let inbound_call_id = input
        .inbound_call_id
        .as_ref()
        .map(|id| ids::decode_as(id, Resource::InboundCalls))
        .transpose()
        .gql()?;
    domain::validate::phone("input.clientPhone", input.client_phone.as_deref()).gql()?;
    for (field, text) in [
        ("input.clientName", &input.client_name),
        ("input.patientName", &input.patient_name),
        ("input.reason", &input.reason),
    ] {
        domain::validate::optional_text(field, text.as_deref()).gql()?;
    }
    let now = Utc::now();
    let starts_at = input.starts_at.inner();
    let hold_for = Duration::minutes(i64::from(
        input.hold_minutes.unwrap_or(booking::HOLD_MINUTES as i32),
    ));
    let details = vapi_bookings::ActiveModel {
        inbound_call_id: Set(inbound_call_id),
        vapi_call_id: Set(input.vapi_call_id),
        client_name: Set(input.client_name),
        client_phone: Set(input.client_phone),
        patient_name: Set(input.patient_name),
        species: Set(input.species),
        breed: Set(input.breed),
        reason: Set(input.reason),
        is_new_client: Set(Some(input.is_new_client.unwrap_or(false))),
        ..Default::default()
    };
    let request = HoldRequest {
        clinic_id,
        starts_at,
        length: input.minutes.map(|m| Duration::minutes(i64::from(m))),
        hold_for,
        details,
    };
    let booking = session(ctx)?
        .atomically(async |w| booking::hold(w, request, now).await)
        .await
        .gql()?;
    Ok(HoldSlotPayload {
        booking: Booking::new(booking),
    })
}
