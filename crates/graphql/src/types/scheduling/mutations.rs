//! The resolver table of `SchedulingMutations`: every mutation of the scheduling area, each a
//! thin wrapper around its implementation (`scheduling::appointments`, `bookings::lifecycle`,
//! `bookings::history`); the `save…` mutations of the settings are declared with their tables.
//!
//! One object with plain fields, not merged or flattened parts: the root `Mutation` merges
//! every area, and each level of merging nests the resolver futures one level deeper, which
//! pushed the compiler's layout computation past its recursion limit. The implementations run
//! boxed for the same reason.

use async_graphql::{Context, Object};

use super::{SchedulingMutations, appointments, boxed};
use crate::types::bookings::{availability, history, lifecycle};

/// Every mutation of the scheduling area (its resolvers are listed in `mutations`).
#[Object(guard = "crate::guard::SignedIn")]
impl SchedulingMutations {
    /// Books an appointment (member or above). Two live appointments may not overlap in one
    /// room (CONFLICT).
    async fn create_appointment(
        &self,
        ctx: &Context<'_>,
        input: appointments::CreateAppointmentInput,
    ) -> async_graphql::Result<appointments::CreateAppointmentPayload> {
        boxed(appointments::create_appointment(ctx, input)).await
    }

    /// Changes an appointment (member or above). A move into a room that is taken at that
    /// time answers CONFLICT.
    async fn update_appointment(
        &self,
        ctx: &Context<'_>,
        input: appointments::UpdateAppointmentInput,
    ) -> async_graphql::Result<appointments::UpdateAppointmentPayload> {
        boxed(appointments::update_appointment(ctx, input)).await
    }

    /// Cancels an appointment. It stays on record with `deletedAt` set and status CANCELLED,
    /// and frees its room (member or above). Cancelling twice keeps the first time.
    async fn cancel_appointment(
        &self,
        ctx: &Context<'_>,
        input: appointments::CancelAppointmentInput,
    ) -> async_graphql::Result<appointments::CancelAppointmentPayload> {
        boxed(appointments::cancel_appointment(ctx, input)).await
    }

    /// Creates or updates the appointment with this PIMS id in the clinic (member or above;
    /// the PIMS sync calls it as the service). Marks the row as synced now.
    async fn upsert_appointment_by_pims_id(
        &self,
        ctx: &Context<'_>,
        input: appointments::UpsertAppointmentByPimsIdInput,
    ) -> async_graphql::Result<appointments::UpsertAppointmentByPimsIdPayload> {
        boxed(appointments::upsert_appointment_by_pims_id(ctx, input)).await
    }

    /// Records a booking (member or above; the voice assistant books as the service).
    /// Overlapping active bookings are allowed and flagged with `hasConflict`. The gateway
    /// gives the booking its confirmation number.
    async fn create_booking(
        &self,
        ctx: &Context<'_>,
        input: lifecycle::CreateBookingInput,
    ) -> async_graphql::Result<lifecycle::CreateBookingPayload> {
        boxed(lifecycle::create_booking(ctx, input)).await
    }

    /// Holds a free slot from `Clinic.availability` for a caller (member or above; the voice
    /// assistant holds as the service): a PENDING booking that blocks the slot until its
    /// `holdExpiresAt` (5 minutes unless `holdMinutes` says otherwise). Of two holds of
    /// overlapping time in one clinic, whatever their timing, one succeeds and the other
    /// answers CONFLICT; a time the clinic does not offer answers BAD_USER_INPUT. Confirm
    /// within the hold with `confirmBooking`.
    async fn hold_slot(
        &self,
        ctx: &Context<'_>,
        input: availability::HoldSlotInput,
    ) -> async_graphql::Result<availability::HoldSlotPayload> {
        boxed(availability::hold_slot(ctx, input)).await
    }

    /// Changes a booking's details (member or above).
    async fn update_booking(
        &self,
        ctx: &Context<'_>,
        input: lifecycle::UpdateBookingInput,
    ) -> async_graphql::Result<lifecycle::UpdateBookingPayload> {
        boxed(lifecycle::update_booking(ctx, input)).await
    }

    /// Confirms a pending or held booking (member or above) and gives it its confirmation
    /// number if it has none. A hold that has expired cannot be confirmed (CONFLICT): the slot
    /// may have been taken since.
    async fn confirm_booking(
        &self,
        ctx: &Context<'_>,
        input: lifecycle::ConfirmBookingInput,
    ) -> async_graphql::Result<lifecycle::ConfirmBookingPayload> {
        boxed(lifecycle::confirm_booking(ctx, input)).await
    }

    /// Moves an active booking to new times (member or above). The booking keeps its id and
    /// status; its times before the first move stay in `originalStartsAt`/`originalEndsAt`.
    ///
    /// Every step of the booking flow (held, confirmed, rescheduled, cancelled) is written to
    /// the booking's trail (`Booking.auditEntries`) in the same savepoint, with who took it; a
    /// booking with a trail cannot be hard-deleted (the trail refers to it).
    async fn reschedule_booking(
        &self,
        ctx: &Context<'_>,
        input: lifecycle::RescheduleBookingInput,
    ) -> async_graphql::Result<lifecycle::RescheduleBookingPayload> {
        boxed(lifecycle::reschedule_booking(ctx, input)).await
    }

    /// Cancels an active booking and frees its slot (member or above).
    async fn cancel_booking(
        &self,
        ctx: &Context<'_>,
        input: lifecycle::CancelBookingInput,
    ) -> async_graphql::Result<lifecycle::CancelBookingPayload> {
        boxed(lifecycle::cancel_booking(ctx, input)).await
    }

    /// Records a schedule sync run, creating or updating it by id (service only).
    async fn record_schedule_sync(
        &self,
        ctx: &Context<'_>,
        input: history::RecordScheduleSyncInput,
    ) -> async_graphql::Result<history::RecordScheduleSyncPayload> {
        boxed(history::record_schedule_sync(ctx, input)).await
    }
}
