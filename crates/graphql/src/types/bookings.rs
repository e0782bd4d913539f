//! Bookings made by the voice assistant on inbound calls (`Booking`): the type and the clinic's
//! list. The booking lifecycle (create, update, confirm, reschedule, cancel, delete) is in
//! `lifecycle`; the schedule sync history and the booking audit trail are in `history`.

pub(crate) mod history;
pub(crate) mod lifecycle;

use async_graphql::{Context, Enum, ID, InputObject, Object};
use domain::Resource;
use domain::paging::SortOrder;
use entity::enums::BookingStatus as DbBookingStatus;
use entity::{appointment_audit_log, vapi_bookings};
use sea_orm::{ColumnTrait, Condition};

pub use history::{AppointmentAuditEntry, ScheduleSync};

use crate::connection::OrderDirection;
use crate::context::loaders;
use crate::enums::BookingStatus;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::DateTimeRange;
use crate::row::{Exposed, Listed, Parent, Row, parent};

/// A row of `vapi_bookings` (described with its table in `domain::registry`).
pub type Booking = Row<vapi_bookings::Entity>;

/// The hand-written fields of `Booking` (its columns come from its declaration).
pub struct BookingLinks<'a>(&'a vapi_bookings::Model);

#[Object(name = "BookingLinks")]
impl BookingLinks<'_> {
    /// The inbound call the booking was made on.
    async fn inbound_call_id(&self) -> Option<ID> {
        self.0
            .inbound_call_id
            .map(|id| ids::of(Resource::InboundCalls, id))
    }

    /// The bookings that replaced this one.
    async fn rescheduled_to(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Booking>> {
        let rows = loaders(ctx)?
            .children::<vapi_bookings::Entity>(vapi_bookings::Column::RescheduledFromId, self.0.id)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Booking::new).collect())
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
        Ok(rows.into_iter().map(AppointmentAuditEntry::new).collect())
    }
}

impl Exposed for vapi_bookings::Entity {
    const PARENTS: &'static [Parent] = &[parent::<vapi_bookings::Entity>("rescheduledFrom")];
    type Links<'a> = BookingLinks<'a>;
    fn links(model: &vapi_bookings::Model) -> Self::Links<'_> {
        BookingLinks(model)
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

impl Listed for vapi_bookings::Entity {
    type Filter = BookingFilter;
    type Order = BookingOrder;
    fn condition(filter: BookingFilter) -> async_graphql::Result<Condition> {
        filter.condition()
    }
    fn sort(order: BookingOrder) -> SortOrder<vapi_bookings::Column> {
        order.sort()
    }
}
