//! The booking lifecycle: create, update, confirm, reschedule, cancel and delete (the
//! resolvers are listed in `scheduling::mutations`).

use async_graphql::{Context, ID, InputObject, MaybeUndefined, SimpleObject};
use chrono::Utc;
use domain::booking::{self, availability::Span};
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::enums::BookingStatus as DbBookingStatus;
use entity::{inbound_calls, vapi_bookings};
use sea_orm::{NotSet, Set};
use uuid::Uuid;

use super::Booking;
use crate::context::session;
use crate::enums::BookingStatus;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::{json_object, set_maybe};
use crate::payloads::{Changed, Create, Update};
use crate::scalars::{self, Inner};
use crate::types::scheduling::current;

/// The input of `createBooking`, which records a booking (member or above; the voice assistant
/// books as the service).
#[derive(InputObject)]
pub struct CreateBookingInput {
    pub clinic_id: ID,
    /// The inbound call the booking was made on (an `InboundCall` id of the same clinic).
    pub inbound_call_id: Option<ID>,
    pub starts_at: scalars::DateTime,
    pub ends_at: scalars::DateTime,
    pub client_name: Option<String>,
    pub client_phone: Option<String>,
    pub patient_name: Option<String>,
    pub species: Option<String>,
    pub breed: Option<String>,
    pub reason: Option<String>,
    pub is_new_client: Option<bool>,
    /// PENDING when absent.
    pub status: Option<BookingStatus>,
    pub vapi_call_id: Option<String>,
    pub hold_expires_at: Option<scalars::DateTime>,
    pub pims_appointment_id: Option<String>,
    pub pims_client_id: Option<String>,
    pub pims_patient_id: Option<String>,
    /// The booking this one replaces (same clinic).
    pub rescheduled_from_id: Option<ID>,
    /// A JSON object.
    pub metadata: Option<scalars::Json>,
}

/// The result of `createBooking` (`payloads::Changed`).
pub type CreateBookingPayload = Changed<entity::vapi_bookings::Entity, Create>;

/// Absent fields are left as they are; `null` clears a nullable field. Times change through
/// `rescheduleBooking`, cancellation through `cancelBooking`.
#[derive(InputObject)]
pub struct UpdateBookingInput {
    pub id: ID,
    pub client_name: MaybeUndefined<String>,
    pub client_phone: MaybeUndefined<String>,
    pub patient_name: MaybeUndefined<String>,
    pub species: MaybeUndefined<String>,
    pub breed: MaybeUndefined<String>,
    pub reason: MaybeUndefined<String>,
    pub is_new_client: Option<bool>,
    /// Any status but CANCELLED (use `cancelBooking`).
    pub status: Option<BookingStatus>,
    pub vapi_call_id: MaybeUndefined<String>,
    pub hold_expires_at: MaybeUndefined<scalars::DateTime>,
    pub pims_appointment_id: MaybeUndefined<String>,
    pub pims_client_id: MaybeUndefined<String>,
    pub pims_patient_id: MaybeUndefined<String>,
    pub metadata: MaybeUndefined<scalars::Json>,
}

/// The result of `updateBooking` (`payloads::Changed`).
pub type UpdateBookingPayload = Changed<entity::vapi_bookings::Entity, Update>;

/// The input of `confirmBooking`, which confirms a pending or held booking (member or above).
#[derive(InputObject)]
pub struct ConfirmBookingInput {
    pub id: ID,
}

/// The result of `confirmBooking`: the booking as it is after the change.
#[derive(SimpleObject)]
pub struct ConfirmBookingPayload {
    pub booking: Booking,
}

/// The input of `rescheduleBooking`, which moves an active booking to new times (member or above).
#[derive(InputObject)]
pub struct RescheduleBookingInput {
    pub id: ID,
    pub starts_at: scalars::DateTime,
    pub ends_at: scalars::DateTime,
    pub reason: Option<String>,
}

/// The result of `rescheduleBooking`: the booking as it is after the change.
#[derive(SimpleObject)]
pub struct RescheduleBookingPayload {
    pub booking: Booking,
}

/// The input of `cancelBooking`, which cancels an active booking and frees its slot (member or
/// above).
#[derive(InputObject)]
pub struct CancelBookingInput {
    pub id: ID,
    pub reason: Option<String>,
}

/// The result of `cancelBooking`: the booking as it is after the change.
#[derive(SimpleObject)]
pub struct CancelBookingPayload {
    pub booking: Booking,
}

/// How often a booking is tried with a fresh confirmation number when the drawn one is taken
/// (with 50 random bits, a second draw is already a curiosity).
const CONFIRMATION_DRAWS: usize = 3;

/// The constraint a taken confirmation number violates.
const CONFIRMATION_TAKEN: &str = "vapi_bookings_confirmation_number_key";

/// The booking's status, which must still be one that occupies its slot.
fn active_status(row: &vapi_bookings::ActiveModel, doing: &str) -> Result<(), DomainError> {
    let status = current(&row.status)?;
    if status.is_some_and(|s| !s.is_active()) {
        let shown = status.map_or("unknown", |s| s.as_str());
        return Err(DomainError::bad_input(
            "input.id",
            format!("a {shown} booking cannot be {doing}"),
        ));
    }
    Ok(())
}

pub(crate) async fn create_booking(
    ctx: &Context<'_>,
    input: CreateBookingInput,
) -> async_graphql::Result<CreateBookingPayload> {
    let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
    let inbound_call_id = input
        .inbound_call_id
        .as_ref()
        .map(|id| ids::decode_as(id, Resource::InboundCalls))
        .transpose()
        .gql()?;
    let rescheduled_from_id = input
        .rescheduled_from_id
        .as_ref()
        .map(|id| ids::decode_as(id, Resource::VapiBookings))
        .transpose()
        .gql()?;
    validate::time_range(
        "input.endsAt",
        input.starts_at.inner(),
        input.ends_at.inner(),
    )
    .gql()?;
    validate::phone("input.clientPhone", input.client_phone.as_deref()).gql()?;
    let metadata = input
        .metadata
        .map(|m| json_object("input.metadata", m))
        .transpose()
        .gql()?;
    let row = vapi_bookings::ActiveModel {
        id: Set(Uuid::new_v4()),
        clinic_id: Set(clinic_id),
        inbound_call_id: Set(inbound_call_id),
        starts_at: Set(input.starts_at.inner()),
        ends_at: Set(input.ends_at.inner()),
        // Generated by the database, and set by the overlap trigger.
        date: NotSet,
        has_conflict: NotSet,
        client_name: Set(input.client_name),
        client_phone: Set(input.client_phone),
        patient_name: Set(input.patient_name),
        species: Set(input.species),
        breed: Set(input.breed),
        reason: Set(input.reason),
        is_new_client: input.is_new_client.map_or(NotSet, |v| Set(Some(v))),
        status: input.status.map_or(NotSet, |s| Set(Some(s.into()))),
        // Drawn for each attempt below.
        confirmation_number: NotSet,
        vapi_call_id: Set(input.vapi_call_id),
        hold_expires_at: Set(input.hold_expires_at.inner()),
        pims_appointment_id: Set(input.pims_appointment_id),
        pims_client_id: Set(input.pims_client_id),
        pims_patient_id: Set(input.pims_patient_id),
        rescheduled_from_id: Set(rescheduled_from_id),
        metadata: metadata.map_or(NotSet, |m| Set(Some(m))),
        ..Default::default()
    };
    let session = session(ctx)?;
    let mut draws = 0;
    let booking = loop {
        draws += 1;
        let mut attempt = row.clone();
        // Numbers are unique across all clinics; the gateway chooses them, so a caller can
        // neither learn whether a number is used elsewhere nor take another clinic's.
        attempt.confirmation_number = Set(Some(domain::codes::confirmation_number()));
        let created = session
            .atomically(async |w| {
                w.permit(Resource::VapiBookings, Action::Create, clinic_id)
                    .await?;
                if let Some(id) = inbound_call_id {
                    w.reference::<inbound_calls::Entity>(id, clinic_id, "input.inboundCallId")
                        .await?;
                }
                if let Some(id) = rescheduled_from_id {
                    w.reference::<vapi_bookings::Entity>(id, clinic_id, "input.rescheduledFromId")
                        .await?;
                }
                w.insert(attempt).await
            })
            .await;
        match created {
            Err(DomainError::Conflict {
                constraint: Some(c),
                ..
            }) if c == CONFIRMATION_TAKEN && draws < CONFIRMATION_DRAWS => {}
            other => break other,
        }
    };
    Ok(CreateBookingPayload::new(Booking::new(booking.gql()?)))
}

pub(crate) async fn update_booking(
    ctx: &Context<'_>,
    input: UpdateBookingInput,
) -> async_graphql::Result<UpdateBookingPayload> {
    let id = ids::decode_as(&input.id, Resource::VapiBookings).gql()?;
    validate::phone(
        "input.clientPhone",
        input.client_phone.as_opt_deref().flatten(),
    )
    .gql()?;
    if input.status == Some(BookingStatus::Cancelled) {
        return Err(crate::errors::to_gql(&DomainError::bad_input(
            "input.status",
            "use cancelBooking to cancel a booking",
        )));
    }
    let metadata = match input.metadata {
        MaybeUndefined::Value(m) => MaybeUndefined::Value(json_object("input.metadata", m).gql()?),
        MaybeUndefined::Null => MaybeUndefined::Null,
        MaybeUndefined::Undefined => MaybeUndefined::Undefined,
    };
    let (_, row) = session(ctx)?
        .atomically(async |w| {
            w.update::<vapi_bookings::Entity, vapi_bookings::ActiveModel>(
                id,
                Action::Update,
                |row| {
                    set_maybe(&mut row.client_name, input.client_name);
                    set_maybe(&mut row.client_phone, input.client_phone);
                    set_maybe(&mut row.patient_name, input.patient_name);
                    set_maybe(&mut row.species, input.species);
                    set_maybe(&mut row.breed, input.breed);
                    set_maybe(&mut row.reason, input.reason);
                    if let Some(v) = input.is_new_client {
                        row.is_new_client = Set(Some(v));
                    }
                    if let Some(s) = input.status {
                        row.status = Set(Some(s.into()));
                    }
                    set_maybe(&mut row.vapi_call_id, input.vapi_call_id);
                    set_maybe(&mut row.hold_expires_at, input.hold_expires_at.inner());
                    set_maybe(&mut row.pims_appointment_id, input.pims_appointment_id);
                    set_maybe(&mut row.pims_client_id, input.pims_client_id);
                    set_maybe(&mut row.pims_patient_id, input.pims_patient_id);
                    set_maybe(&mut row.metadata, metadata);
                    Ok(())
                },
            )
            .await
        })
        .await
        .gql()?;
    Ok(UpdateBookingPayload::new(Booking::new(row)))
}

pub(crate) async fn confirm_booking(
    ctx: &Context<'_>,
    input: ConfirmBookingInput,
) -> async_graphql::Result<ConfirmBookingPayload> {
    let id = ids::decode_as(&input.id, Resource::VapiBookings).gql()?;
    let session = session(ctx)?;
    let mut draws = 0;
    let confirmed = loop {
        draws += 1;
        let number = domain::codes::confirmation_number();
        let attempt = session
            .atomically(async |w| {
                let stored = w
                    .load_for::<vapi_bookings::Entity>(id, Action::Update)
                    .await?;
                let now = booking::lock_bookings(w, stored.clinic_id).await?;
                let (_, row) = w
                    .update::<vapi_bookings::Entity, vapi_bookings::ActiveModel>(
                        id,
                        Action::Update,
                        |row| {
                            active_status(row, "confirmed")?;
                            booking::check_hold(
                                current(&row.status)?,
                                current(&row.hold_expires_at)?,
                                now,
                            )?;
                            row.status = Set(Some(DbBookingStatus::Confirmed));
                            if current(&row.confirmation_number)?.is_none() {
                                row.confirmation_number = Set(Some(number));
                            }
                            Ok(())
                        },
                    )
                    .await?;
                booking::trail(w, &row, "booking_confirmed", None, None).await?;
                Ok(row)
            })
            .await;
        match attempt {
            Err(DomainError::Conflict {
                constraint: Some(c),
                ..
            }) if c == CONFIRMATION_TAKEN && draws < CONFIRMATION_DRAWS => {}
            other => break other,
        }
    };
    Ok(ConfirmBookingPayload {
        booking: Booking::new(confirmed.gql()?),
    })
}

pub(crate) async fn reschedule_booking(
    ctx: &Context<'_>,
    input: RescheduleBookingInput,
) -> async_graphql::Result<RescheduleBookingPayload> {
    let id = ids::decode_as(&input.id, Resource::VapiBookings).gql()?;
    validate::time_range(
        "input.endsAt",
        input.starts_at.inner(),
        input.ends_at.inner(),
    )
    .gql()?;
    validate::optional_text("input.reason", input.reason.as_deref()).gql()?;
    let row = session(ctx)?
        .atomically(async |w| {
            let reason = input.reason.clone();
            let (before, after) = w
                .update::<vapi_bookings::Entity, vapi_bookings::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        active_status(row, "rescheduled")?;
                        if current(&row.original_starts_at)?.is_none() {
                            row.original_starts_at = Set(Some(current(&row.starts_at)?));
                            row.original_ends_at = Set(Some(current(&row.ends_at)?));
                        }
                        row.starts_at = Set(input.starts_at.inner());
                        row.ends_at = Set(input.ends_at.inner());
                        row.rescheduled_at = Set(Some(Utc::now()));
                        row.rescheduled_reason = Set(reason);
                        Ok(())
                    },
                )
                .await?;
            let before = Span {
                starts_at: before.starts_at,
                ends_at: before.ends_at,
            };
            booking::trail(w, &after, "booking_rescheduled", Some(before), input.reason).await?;
            Ok(after)
        })
        .await
        .gql()?;
    Ok(RescheduleBookingPayload {
        booking: Booking::new(row),
    })
}

pub(crate) async fn cancel_booking(
    ctx: &Context<'_>,
    input: CancelBookingInput,
) -> async_graphql::Result<CancelBookingPayload> {
    let id = ids::decode_as(&input.id, Resource::VapiBookings).gql()?;
    validate::optional_text("input.reason", input.reason.as_deref()).gql()?;
    let row = session(ctx)?
        .atomically(async |w| {
            let (_, row) = w
                .update::<vapi_bookings::Entity, vapi_bookings::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        active_status(row, "cancelled")?;
                        row.status = Set(Some(DbBookingStatus::Cancelled));
                        row.cancelled_at = Set(Some(Utc::now()));
                        row.cancelled_reason = Set(input.reason.clone());
                        Ok(())
                    },
                )
                .await?;
            booking::trail(w, &row, "booking_cancelled", None, input.reason).await?;
            Ok(row)
        })
        .await
        .gql()?;
    Ok(CancelBookingPayload {
        booking: Booking::new(row),
    })
}
