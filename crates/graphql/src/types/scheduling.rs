//! The appointment book (`Appointment`), the scheduling and configuration fields of `Clinic`
//! (`ClinicScheduling`, which flattens the parts defined in `bookings` and `settings`), and
//! what the area's mutations share. `SchedulingMutations` carries every mutation of the area:
//! its resolvers are listed in `mutations`, the appointment ones implemented in `appointments`.

mod appointments;
mod mutations;

use async_graphql::Value;
use async_graphql::{Context, Object};
use domain::DomainError;
use domain::validate;
use entity::{appointment_audit_log, schedule_appointments};
use sea_orm::{ColumnTrait, Condition};

use super::bookings::AppointmentAuditEntry;
use crate::context::loaders;
use crate::errors::GqlResult;
use crate::row::{
    BY_CREATED_AT, Exposed, Filtered, Filtering, Listed, Ordering, Row, any_of, by, custom, equals,
    equals_ignoring_case, nullable,
};
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

impl Filtered for schedule_appointments::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "AppointmentFilter",
        about: "Which appointments a list returns.",
        fields: &[
            custom("startsFrom", nullable::<scalars::DateTime>, |_, from, _| {
                Ok(Condition::all()
                    .add(schedule_appointments::Column::StartsAt.gte(instant(from)?)))
            })
            .about("Appointments starting on or after this instant."),
            custom(
                "startsBefore",
                nullable::<scalars::DateTime>,
                |path, to, filter| {
                    let to = instant(to)?;
                    if let Some(from) = filter.get("startsFrom").map(instant).transpose()? {
                        validate::time_range(path, from, to)?;
                    }
                    Ok(Condition::all().add(schedule_appointments::Column::StartsAt.lt(to)))
                },
            )
            .about("Appointments starting before this instant."),
            equals("date").about("Appointments starting on this UTC date."),
            equals("room_id"),
            equals_ignoring_case("provider_name")
                .about("The provider's name (case-insensitive, exact)."),
            equals_ignoring_case("appointment_type")
                .about("The appointment type (case-insensitive, exact)."),
            any_of("status"),
            equals("pims_appointment_id"),
            custom("includeDeleted", nullable::<bool>, |_, include, _| {
                Ok(match include {
                    Value::Boolean(true) => Condition::all(),
                    _ => not_deleted(),
                })
            })
            .when_absent(not_deleted)
            .about("Include cancelled (soft-deleted) appointments; default false."),
        ],
    };
}

/// Appointments not cancelled (soft-deleted).
fn not_deleted() -> Condition {
    Condition::all().add(schedule_appointments::Column::DeletedAt.is_null())
}

/// An instant given to a filter.
fn instant(value: &Value) -> Result<chrono::DateTime<chrono::Utc>, DomainError> {
    <scalars::DateTime as async_graphql::InputType>::parse(Some(value.clone()))
        .map(Inner::inner)
        .map_err(|_| DomainError::bad_input("filter", "expected a DateTime"))
}

impl Listed for schedule_appointments::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "AppointmentOrder",
        about: "The order of an appointment list (ties broken by id); start order by default.",
        keys: &[
            by("starts_at", "By start time."),
            BY_CREATED_AT,
            by("updated_at", "By when it was last changed."),
        ],
        descending: false,
    };
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
