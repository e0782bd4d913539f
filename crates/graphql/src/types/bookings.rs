//! Bookings made by the voice assistant on inbound calls (`Booking`): the type and the clinic's
//! list. The booking lifecycle (create, update, confirm, reschedule, cancel, delete) is in
//! `lifecycle`; the schedule sync history and the booking audit trail are in `history`.

pub(crate) mod availability;
pub(crate) mod history;
pub(crate) mod lifecycle;

use async_graphql::{Context, Object};
use entity::{appointment_audit_log, vapi_bookings};

pub use history::{AppointmentAuditEntry, ScheduleSync};

use crate::context::loaders;
use crate::errors::GqlResult;
use crate::row::{
    BY_CREATED_AT, Exposed, Filtered, Filtering, Listed, Ordering, Parent, Row, any_of, by, equals,
    parent, refers, within,
};

/// A row of `vapi_bookings` (described with its table in `domain::registry`).
pub type Booking = Row<vapi_bookings::Entity>;

/// The hand-written fields of `Booking` (its columns come from its declaration).
pub struct BookingLinks<'a>(&'a vapi_bookings::Model);

#[Object(name = "BookingLinks")]
impl BookingLinks<'_> {
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

impl Filtered for vapi_bookings::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "BookingFilter",
        about: "Which bookings a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            within("starts_at").about("Bookings starting in this window."),
            equals("has_conflict"),
            equals("confirmation_number"),
            refers("inbound_call_id"),
        ],
    };
}

impl Listed for vapi_bookings::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "BookingOrder",
        about: "The order of a booking list (ties broken by id); start order by default.",
        keys: &[by("starts_at", "By start time."), BY_CREATED_AT],
        descending: false,
    };
}
