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

use async_graphql::{Context, Object};
use domain::tenancy::TenantScoped;
use entity::{auto_scheduling_config, clinic_case_type_cadence, clinic_schedule_config, clinics};
use sea_orm::Condition;
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
