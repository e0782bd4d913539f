//! The appointment book (`Appointment`), the scheduling and configuration fields of `Clinic`
//! (`ClinicScheduling`, which flattens the parts defined in `bookings` and `settings`), and
//! what the area's mutations share. `SchedulingMutations` carries every mutation of the area:
//! its resolvers are listed in `mutations`, the appointment ones implemented in `appointments`.

mod appointments;
mod mutations;

use async_graphql::{Context, Enum, InputObject, Object};
use domain::DomainError;
use domain::paging::SortOrder;
use domain::validate;
use entity::{appointment_audit_log, schedule_appointments};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition};

use super::bookings::AppointmentAuditEntry;
use crate::connection::OrderDirection;
use crate::context::loaders;
use crate::enums::AppointmentStatus;
use crate::errors::GqlResult;
use crate::row::{Exposed, Listed, Row};
use crate::scalars::{self, Inner};

/// A row of `schedule_appointments` (described with its table in `domain::registry`).
pub type Appointment = Row<schedule_appointments::Entity>;

/// The hand-written fields of `Appointment` (its columns come from its declaration).
pub struct AppointmentLinks<'a>(&'a schedule_appointments::Model);

#[Object(name = "AppointmentLinks")]
impl AppointmentLinks<'_> {
    /// What the booking flow recorded about this appointment, oldest first (members and above;
    /// empty for viewers).
    async fn audit_entries(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<AppointmentAuditEntry>> {
        let mut rows = loaders(ctx)?
            .children::<appointment_audit_log::Entity>(
                appointment_audit_log::Column::AppointmentId,
                self.0.id,
            )
            .await
            .gql()?;
        rows.sort_by_key(|r| (r.created_at, r.id));
        Ok(rows.into_iter().map(AppointmentAuditEntry::new).collect())
    }
}

impl Exposed for schedule_appointments::Entity {
    type Links<'a> = AppointmentLinks<'a>;
    fn links(model: &schedule_appointments::Model) -> Self::Links<'_> {
        AppointmentLinks(model)
    }
}

/// Which appointments a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct AppointmentFilter {
    /// Appointments starting on or after this instant.
    pub starts_from: Option<scalars::DateTime>,
    /// Appointments starting before this instant.
    pub starts_before: Option<scalars::DateTime>,
    /// Appointments starting on this UTC date.
    pub date: Option<scalars::Date>,
    pub room_id: Option<String>,
    /// The provider's name (case-insensitive, exact).
    pub provider_name: Option<String>,
    /// The appointment type (case-insensitive, exact).
    pub appointment_type: Option<String>,
    pub status: Option<Vec<AppointmentStatus>>,
    pub pims_appointment_id: Option<String>,
    /// Include cancelled (soft-deleted) appointments; default false.
    pub include_deleted: Option<bool>,
}

impl AppointmentFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let (Some(from), Some(to)) = (self.starts_from.inner(), self.starts_before.inner()) {
            validate::time_range("filter.startsBefore", from, to).gql()?;
        }
        if let Some(from) = self.starts_from {
            cond = cond.add(schedule_appointments::Column::StartsAt.gte(from));
        }
        if let Some(to) = self.starts_before {
            cond = cond.add(schedule_appointments::Column::StartsAt.lt(to));
        }
        if let Some(date) = self.date {
            cond = cond.add(schedule_appointments::Column::Date.eq(date));
        }
        if let Some(room) = &self.room_id {
            cond = cond.add(schedule_appointments::Column::RoomId.eq(room.clone()));
        }
        if let Some(name) = &self.provider_name {
            cond = cond.add(Expr::cust_with_values(
                r#"lower("schedule_appointments"."provider_name") = lower($1)"#,
                [name.trim().to_owned()],
            ));
        }
        if let Some(kind) = &self.appointment_type {
            cond = cond.add(Expr::cust_with_values(
                r#"lower("schedule_appointments"."appointment_type") = lower($1)"#,
                [kind.trim().to_owned()],
            ));
        }
        if let Some(statuses) = &self.status {
            let statuses: Vec<entity::enums::AppointmentStatus> =
                statuses.iter().map(|s| (*s).into()).collect();
            cond = cond.add(schedule_appointments::Column::Status.is_in(statuses));
        }
        if let Some(pims_id) = &self.pims_appointment_id {
            cond = cond.add(schedule_appointments::Column::PimsAppointmentId.eq(pims_id.clone()));
        }
        if !self.include_deleted.unwrap_or(false) {
            cond = cond.add(schedule_appointments::Column::DeletedAt.is_null());
        }
        Ok(cond)
    }
}

/// The field a list of `Appointment` items is sorted by (in `AppointmentOrder`); ties are broken by ID.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AppointmentOrderField {
    /// By start time.
    #[default]
    StartsAt,
    /// By when it was created.
    CreatedAt,
    /// By when it was last changed.
    UpdatedAt,
}

/// The order of an appointment list (ties broken by id); start order by default.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct AppointmentOrder {
    pub field: AppointmentOrderField,
    pub direction: OrderDirection,
}

impl Default for AppointmentOrder {
    fn default() -> Self {
        AppointmentOrder {
            field: AppointmentOrderField::StartsAt,
            direction: OrderDirection::Asc,
        }
    }
}

impl AppointmentOrder {
    pub fn sort(self) -> SortOrder<schedule_appointments::Column> {
        SortOrder {
            column: match self.field {
                AppointmentOrderField::StartsAt => schedule_appointments::Column::StartsAt,
                AppointmentOrderField::CreatedAt => schedule_appointments::Column::CreatedAt,
                AppointmentOrderField::UpdatedAt => schedule_appointments::Column::UpdatedAt,
            },
            descending: self.direction == OrderDirection::Desc,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shared by the area's mutations

/// The current value of a column that is always loaded (`update` starts from the stored row).
pub(crate) fn current<V: Into<sea_orm::Value> + Clone>(
    value: &sea_orm::ActiveValue<V>,
) -> Result<V, DomainError> {
    value
        .try_as_ref()
        .cloned()
        .ok_or_else(|| DomainError::Internal("a loaded row lacks a column".into()))
}

/// Boxes a mutation's future. The root mutation type nests the resolvers of every area (one
/// future level per merged object); leaving the deep futures of the writes inline pushes the
/// compiler's layout computation for the whole tree past its recursion limit.
pub(crate) fn boxed<'a, T>(
    work: impl std::future::Future<Output = T> + Send + 'a,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>> {
    Box::pin(work)
}

/// Every mutation of the scheduling area (its resolvers are listed in `mutations`).
#[derive(Default)]
pub struct SchedulingMutations;

impl Listed for schedule_appointments::Entity {
    type Filter = AppointmentFilter;
    type Order = AppointmentOrder;
    fn condition(filter: AppointmentFilter) -> async_graphql::Result<Condition> {
        filter.condition()
    }
    fn sort(order: AppointmentOrder) -> SortOrder<schedule_appointments::Column> {
        order.sort()
    }
}
