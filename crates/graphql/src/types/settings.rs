//! Clinic configuration: the one-per-clinic rows (`ClinicSettings`, `ScheduleConfig`,
//! `AutoSchedulingConfig`, saved with the generated `save…` upserts and shown on `Clinic` as
//! declared `one` fields), and the clinic's lists of blocked periods, voice-assistant mappings
//! and case-type cadences. One submodule per table; the cadence list, which takes no filter, is
//! the one hand-written field here (`ClinicConfiguration`, merged into `Clinic`).

pub(crate) mod assistants;
pub(crate) mod auto_scheduling;
pub(crate) mod blocked_periods;
pub(crate) mod cadences;
pub(crate) mod clinic_settings;
pub(crate) mod schedule_config;

use async_graphql::{Context, Object};
use entity::{clinic_case_type_cadence, clinics};
use sea_orm::Condition;

pub use assistants::{AssistantMapping, AssistantMappingFilter};
pub use auto_scheduling::AutoSchedulingConfig;
pub use blocked_periods::{BlockedPeriod, BlockedPeriodFilter};
pub use cadences::CaseTypeCadence;
pub use clinic_settings::ClinicSettings;
pub use schedule_config::ScheduleConfig;

use crate::connection::{List, child_list, window};

/// The hand-written configuration field of `Clinic` (merged into `ClinicLinks`). It reads with
/// its own table's rule: a caller whose role is below it gets an empty list.
pub struct ClinicConfiguration<'a>(pub &'a clinics::Model);

/// The hand-written configuration field of `Clinic`.
#[Object]
impl ClinicConfiguration<'_> {
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
