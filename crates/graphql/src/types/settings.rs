//! Clinic configuration: the one-per-clinic rows (`ClinicSettings`, `ScheduleConfig`,
//! `AutoSchedulingConfig`, saved with `save…` mutations that create or update), and the
//! clinic's lists of blocked periods, voice-assistant mappings and case-type cadences. One
//! submodule per table; the clinic's fields of all of them are here (`ClinicConfiguration`,
//! flattened into `ClinicScheduling`).

pub(crate) mod assistants;
pub(crate) mod auto_scheduling;
pub(crate) mod blocked_periods;
pub(crate) mod cadences;
pub(crate) mod clinic_settings;
pub(crate) mod schedule_config;

use std::str::FromStr;

use async_graphql::{Context, Object};
use chrono::NaiveTime;
use domain::session::Writer;
use domain::tenancy::TenantScoped;
use domain::{Action, DomainError};
use entity::{auto_scheduling_config, clinic_case_type_cadence, clinic_schedule_config, clinics};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue, ColumnTrait, Condition, IntoActiveModel,
    PrimaryKeyTrait,
};
use uuid::Uuid;

pub use assistants::{AssistantMapping, AssistantMappingFilter};
pub use auto_scheduling::AutoSchedulingConfig;
pub use blocked_periods::{BlockedPeriod, BlockedPeriodFilter};
pub use cadences::CaseTypeCadence;
pub use clinic_settings::ClinicSettings;
pub use schedule_config::ScheduleConfig;

use crate::connection::{List, child_list, window};
use crate::context::loaders;
use crate::errors::GqlResult;
use crate::guard::permit;

/// The configuration fields of `Clinic` (flattened into `ClinicScheduling`). Each field reads
/// with its own table's rule: a caller whose role is below it gets null or an empty list.
pub struct ClinicConfiguration<'a>(pub &'a clinics::Model);

/// The configuration fields of `Clinic` (flattened into `ClinicScheduling`). Each field reads
/// with its own table's rule: a caller whose role is below it gets null or an empty list.
#[Object]
impl ClinicConfiguration<'_> {
    /// Call, e-mail, batch and test-mode settings (members and above); null until saved.
    async fn settings(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ClinicSettings>> {
        Ok(one_per_clinic::<entity::clinic_settings::Entity>(
            ctx,
            entity::clinic_settings::Column::ClinicId,
            self.0.id,
        )
        .await?
        .map(ClinicSettings::new))
    }

    /// How the schedule is synced and offered to the voice assistant; null until saved.
    async fn schedule_config(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ScheduleConfig>> {
        Ok(one_per_clinic::<clinic_schedule_config::Entity>(
            ctx,
            clinic_schedule_config::Column::ClinicId,
            self.0.id,
        )
        .await?
        .map(ScheduleConfig::new))
    }

    /// How follow-up calls and e-mails are scheduled automatically (members and above); null
    /// until saved.
    async fn auto_scheduling_config(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<AutoSchedulingConfig>> {
        Ok(one_per_clinic::<auto_scheduling_config::Entity>(
            ctx,
            auto_scheduling_config::Column::ClinicId,
            self.0.id,
        )
        .await?
        .map(AutoSchedulingConfig::new))
    }

    /// Follow-up cadence per case type (members and above), by case type.
    async fn case_type_cadences(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<List<CaseTypeCadence>> {
        let order = domain::paging::SortOrder {
            column: clinic_case_type_cadence::Column::CaseType,
            descending: false,
        };
        let window = window(first, after, last, before)?;
        child_list::<clinic_case_type_cadence::Entity, _>(
            ctx,
            clinic_case_type_cadence::Column::ClinicId,
            self.0.id,
            Condition::all(),
            order,
            window,
            CaseTypeCadence::new,
        )
        .await
    }
}

/// The clinic's row of a one-per-clinic table (batched with the other clinics of the query).
async fn one_per_clinic<E>(
    ctx: &Context<'_>,
    column: E::Column,
    clinic_id: Uuid,
) -> async_graphql::Result<Option<E::Model>>
where
    E: TenantScoped,
{
    let rows = loaders(ctx)?.children::<E>(column, clinic_id).await.gql()?;
    Ok(rows.into_iter().next())
}

/// Creates or updates the clinic's row of a one-per-clinic table, applying `change` to the
/// stored row or to a new one. The permission is checked first: the row may exist unseen by
/// a caller below the table's read rule, and an insert would then answer CONFLICT.
async fn save_one<E, A>(
    w: &Writer<'_>,
    clinic_id: Uuid,
    change: impl FnOnce(&mut A) -> Result<(), DomainError>,
) -> Result<E::Model, DomainError>
where
    E: TenantScoped,
    A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
    E::Model: IntoActiveModel<A> + Clone,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    permit(w, E::RESOURCE, Action::Create, clinic_id).await?;
    if !w
        .session()
        .may(E::RESOURCE, Action::Update, Some(clinic_id))
    {
        return Err(DomainError::forbidden(format!(
            "your role does not allow update on this {}",
            E::RESOURCE.noun()
        )));
    }
    let column = |name: &str| {
        E::Column::from_str(name).map_err(|_| {
            DomainError::Internal(format!("{} has no {name} column", E::RESOURCE.table()))
        })
    };
    let clinic_column = column("clinic_id")?;
    let existing = w
        .find_one::<E>(
            Action::Read,
            Condition::all().add(clinic_column.eq(clinic_id)),
        )
        .await?;
    match existing {
        Some(found) => Ok(w
            .update::<E, A>(E::id_of(&found), Action::Update, change)
            .await?
            .1),
        None => {
            let mut row = <A as ActiveModelTrait>::default();
            row.set(column("id")?, Uuid::new_v4().into());
            row.set(clinic_column, clinic_id.into());
            change(&mut row)?;
            w.insert(row).await
        }
    }
}

/// The value a nullable column will have after the write: what is set or stored, or the
/// column's database default when a new row leaves it unset.
fn will_be<V: Into<sea_orm::Value> + sea_orm::sea_query::Nullable + Clone>(
    value: &ActiveValue<Option<V>>,
    default: Option<V>,
) -> Option<V> {
    match value {
        ActiveValue::Set(v) | ActiveValue::Unchanged(v) => v.clone(),
        ActiveValue::NotSet => default,
    }
}

/// A preferred time window: when both ends are set, the end follows the start.
fn time_window(
    field: &str,
    start: Option<NaiveTime>,
    end: Option<NaiveTime>,
) -> Result<(), DomainError> {
    match (start, end) {
        (Some(s), Some(e)) => domain::validate::time_of_day_range(field, s, e),
        _ => Ok(()),
    }
}

/// A time of day (for the spec's column defaults).
fn time_of(hour: u32, minute: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// Sets a nullable column from an optional input: absent leaves it as it is.
fn set_opt<T: Into<sea_orm::Value> + sea_orm::sea_query::Nullable>(
    field: &mut ActiveValue<Option<T>>,
    value: Option<T>,
) {
    if let Some(v) = value {
        *field = ActiveValue::Set(Some(v));
    }
}
