//! Bookings made by the voice assistant on inbound calls (`Booking`): the type and the clinic's
//! list. The booking lifecycle (create, update, confirm, reschedule, cancel, delete) is in
//! `lifecycle`; the schedule sync history and the booking audit trail are in `history`.

pub(crate) mod history;
pub(crate) mod lifecycle;

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object};
use domain::Resource;
use domain::paging::SortOrder;
use entity::enums::BookingStatus as DbBookingStatus;
use entity::{appointment_audit_log, clinics, vapi_bookings};
use sea_orm::{ColumnTrait, Condition};

pub use history::{AppointmentAuditEntry, ClinicScheduleHistory, ScheduleSync};

use super::values::json;
use crate::connection::{List, OrderDirection, child_list, window};
use crate::context::loaders;
use crate::enums::BookingStatus;
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;
use crate::inputs::DateTimeRange;
use crate::scalars;

/// A booking made by the voice assistant (or by staff) for a caller.
pub struct Booking(pub vapi_bookings::Model);

/// A booking made by the voice assistant (or by staff) for a caller.
#[Object(guard = "ReadGuard::new(Resource::VapiBookings, self.0.clinic_id)")]
impl Booking {
    pub async fn id(&self) -> ID {
        ids::of(Resource::VapiBookings, self.0.id)
    }
    /// The inbound call the booking was made on.
    async fn inbound_call_id(&self) -> Option<ID> {
        self.0
            .inbound_call_id
            .map(|id| ids::of(Resource::InboundCalls, id))
    }
    async fn starts_at(&self) -> scalars::DateTime {
        self.0.starts_at.into()
    }
    async fn ends_at(&self) -> scalars::DateTime {
        self.0.ends_at.into()
    }
    /// The UTC date the booking starts on.
    async fn date(&self) -> scalars::Date {
        self.0.date.into()
    }
    async fn client_name(&self) -> Option<&str> {
        self.0.client_name.as_deref()
    }
    async fn client_phone(&self) -> Option<&str> {
        self.0.client_phone.as_deref()
    }
    async fn patient_name(&self) -> Option<&str> {
        self.0.patient_name.as_deref()
    }
    async fn species(&self) -> Option<&str> {
        self.0.species.as_deref()
    }
    async fn breed(&self) -> Option<&str> {
        self.0.breed.as_deref()
    }
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    async fn is_new_client(&self) -> Option<bool> {
        self.0.is_new_client
    }
    async fn status(&self) -> Option<BookingStatus> {
        self.0.status.map(Into::into)
    }
    async fn confirmation_number(&self) -> Option<&str> {
        self.0.confirmation_number.as_deref()
    }
    async fn vapi_call_id(&self) -> Option<&str> {
        self.0.vapi_call_id.as_deref()
    }
    async fn hold_expires_at(&self) -> Option<scalars::DateTime> {
        self.0.hold_expires_at.map(Into::into)
    }
    /// Another active booking of the clinic overlaps this one (maintained by the database
    /// whenever the booking's times or status are written).
    async fn has_conflict(&self) -> Option<bool> {
        self.0.has_conflict
    }
    async fn pims_appointment_id(&self) -> Option<&str> {
        self.0.pims_appointment_id.as_deref()
    }
    async fn pims_client_id(&self) -> Option<&str> {
        self.0.pims_client_id.as_deref()
    }
    async fn pims_patient_id(&self) -> Option<&str> {
        self.0.pims_patient_id.as_deref()
    }
    /// Where the booking was before its first reschedule.
    async fn original_starts_at(&self) -> Option<scalars::DateTime> {
        self.0.original_starts_at.map(Into::into)
    }
    async fn original_ends_at(&self) -> Option<scalars::DateTime> {
        self.0.original_ends_at.map(Into::into)
    }
    async fn rescheduled_at(&self) -> Option<scalars::DateTime> {
        self.0.rescheduled_at.map(Into::into)
    }
    async fn rescheduled_reason(&self) -> Option<&str> {
        self.0.rescheduled_reason.as_deref()
    }
    async fn cancelled_at(&self) -> Option<scalars::DateTime> {
        self.0.cancelled_at.map(Into::into)
    }
    async fn cancelled_reason(&self) -> Option<&str> {
        self.0.cancelled_reason.as_deref()
    }
    async fn metadata(&self) -> Option<scalars::Json> {
        json(&self.0.metadata)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
    async fn updated_at(&self) -> Option<scalars::DateTime> {
        self.0.updated_at.map(Into::into)
    }

    /// The booking this one replaced.
    async fn rescheduled_from(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Booking>> {
        let Some(id) = self.0.rescheduled_from_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<vapi_bookings::Entity>(id)
            .await
            .gql()?
            .map(Booking))
    }

    /// The bookings that replaced this one.
    async fn rescheduled_to(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Booking>> {
        let rows = loaders(ctx)?
            .children::<vapi_bookings::Entity>(vapi_bookings::Column::RescheduledFromId, self.0.id)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Booking).collect())
    }

    /// What the booking flow recorded about this booking, oldest first (members and above;
    /// empty for viewers).
    async fn audit_entries(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<AppointmentAuditEntry>> {
        let mut rows = loaders(ctx)?
            .children::<appointment_audit_log::Entity>(
                appointment_audit_log::Column::BookingId,
                self.0.id,
            )
            .await
            .gql()?;
        rows.sort_by_key(|r| (r.created_at, r.id));
        Ok(rows.into_iter().map(AppointmentAuditEntry).collect())
    }
}

/// Which bookings a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct BookingFilter {
    /// Any of these statuses.
    pub status: Option<Vec<BookingStatus>>,
    /// Bookings starting in this window.
    pub starts_at: Option<DateTimeRange>,
    pub has_conflict: Option<bool>,
    pub confirmation_number: Option<String>,
    pub inbound_call_id: Option<ID>,
}

impl BookingFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(statuses) = &self.status {
            let statuses: Vec<DbBookingStatus> = statuses.iter().map(|s| (*s).into()).collect();
            cond = cond.add(vapi_bookings::Column::Status.is_in(statuses));
        }
        if let Some(range) = &self.starts_at {
            range.validate("filter.startsAt").gql()?;
            cond = cond.add(range.condition(vapi_bookings::Column::StartsAt));
        }
        if let Some(v) = self.has_conflict {
            cond = cond.add(vapi_bookings::Column::HasConflict.eq(v));
        }
        if let Some(number) = &self.confirmation_number {
            cond = cond.add(vapi_bookings::Column::ConfirmationNumber.eq(number.trim().to_owned()));
        }
        if let Some(id) = &self.inbound_call_id {
            let id = ids::decode_as(id, Resource::InboundCalls).gql()?;
            cond = cond.add(vapi_bookings::Column::InboundCallId.eq(id));
        }
        Ok(cond)
    }
}

/// The field a list of `Booking` items is sorted by (in `BookingOrder`); ties are broken by ID.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum BookingOrderField {
    /// By start time.
    #[default]
    StartsAt,
    /// By when it was created.
    CreatedAt,
}

/// The order of a booking list (ties broken by id); start order by default.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct BookingOrder {
    pub field: BookingOrderField,
    pub direction: OrderDirection,
}

impl Default for BookingOrder {
    fn default() -> Self {
        BookingOrder {
            field: BookingOrderField::StartsAt,
            direction: OrderDirection::Asc,
        }
    }
}

impl BookingOrder {
    pub fn sort(self) -> SortOrder<vapi_bookings::Column> {
        SortOrder {
            column: match self.field {
                BookingOrderField::StartsAt => vapi_bookings::Column::StartsAt,
                BookingOrderField::CreatedAt => vapi_bookings::Column::CreatedAt,
            },
            descending: self.direction == OrderDirection::Desc,
        }
    }
}

/// The booking fields of `Clinic` (flattened into `ClinicScheduling`).
pub struct ClinicBookings(pub Arc<clinics::Model>);

/// The booking fields of `Clinic` (flattened into `ClinicScheduling`).
#[Object(guard = "ReadGuard::new(Resource::Clinics, self.0.id)")]
impl ClinicBookings {
    /// The clinic's bookings, in start order unless asked otherwise.
    #[allow(clippy::too_many_arguments)]
    async fn bookings(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<BookingFilter>,
        order_by: Option<BookingOrder>,
    ) -> async_graphql::Result<List<Booking>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = order_by.unwrap_or_default().sort();
        let window = window(first, after, last, before)?;
        child_list::<vapi_bookings::Entity, _>(
            ctx,
            vapi_bookings::Column::ClinicId,
            self.0.id,
            filter,
            order,
            window,
            Booking,
        )
        .await
    }
}
