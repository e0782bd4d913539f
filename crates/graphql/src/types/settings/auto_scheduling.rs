//! The clinic's auto-scheduling configuration (`auto_scheduling_config`, one per clinic):
//! whether follow-up calls and e-mails are scheduled automatically, after how many days, at
//! what time, and for which cases.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, SimpleObject};
use domain::validate;
use domain::{DomainError, Resource};
use entity::auto_scheduling_config;
use serde_json::{Map, Value};

use super::{save_one, set_opt};
use crate::context::session;
use crate::enums::CaseStatus;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::set_maybe;
use crate::row::{Exposed, Row, no_links};
use crate::scalars::{self, Inner};

/// A row of `auto_scheduling_config` (described with its table in `domain::registry`).
pub type AutoSchedulingConfig = Row<auto_scheduling_config::Entity>;

impl Exposed for auto_scheduling_config::Entity {
    no_links!();
}

/// Which cases are scheduled automatically; a criterion left out does not restrict.
#[derive(InputObject)]
pub struct SchedulingCriteriaInput {
    /// Only cases in one of these statuses.
    pub case_statuses: Option<Vec<CaseStatus>>,
    /// Never cases of these types.
    pub exclude_case_types: Option<Vec<String>>,
    /// Only cases whose client has a phone number.
    pub require_client_phone: Option<bool>,
}

/// The configuration to save. The first save creates the row (absent fields take the
/// defaults); later saves leave absent fields as they are, and `null` clears a field.
#[derive(InputObject)]
pub struct SaveAutoSchedulingConfigInput {
    pub clinic_id: ID,
    pub is_enabled: Option<bool>,
    pub auto_email_enabled: Option<bool>,
    pub auto_call_enabled: Option<bool>,
    pub email_delay_days: Option<i32>,
    pub call_delay_days: Option<i32>,
    pub preferred_email_time: MaybeUndefined<scalars::Time>,
    pub preferred_call_time: MaybeUndefined<scalars::Time>,
    /// Replaces the stored criteria.
    pub scheduling_criteria: MaybeUndefined<SchedulingCriteriaInput>,
}

/// The result of `saveAutoSchedulingConfig`: the auto scheduling config as it is after the change.
#[derive(SimpleObject)]
pub struct SaveAutoSchedulingConfigPayload {
    pub auto_scheduling_config: AutoSchedulingConfig,
}

/// The stored JSON of the criteria (the keys the scheduler reads).
fn criteria_json(criteria: SchedulingCriteriaInput) -> Result<Value, DomainError> {
    let mut out = Map::new();
    if let Some(statuses) = criteria.case_statuses {
        let statuses: Vec<Value> = statuses
            .into_iter()
            .map(|s| Value::from(entity::enums::CaseStatus::from(s).as_str()))
            .collect();
        out.insert("case_statuses".into(), Value::Array(statuses));
    }
    if let Some(types) = criteria.exclude_case_types {
        let mut list = Vec::with_capacity(types.len());
        for (i, t) in types.iter().enumerate() {
            validate::required(
                &format!("input.schedulingCriteria.excludeCaseTypes[{i}]"),
                t,
            )?;
            list.push(Value::from(t.trim()));
        }
        out.insert("exclude_case_types".into(), Value::Array(list));
    }
    if let Some(v) = criteria.require_client_phone {
        out.insert("require_client_phone".into(), Value::Bool(v));
    }
    Ok(Value::Object(out))
}

pub(crate) async fn save_auto_scheduling_config(
    ctx: &Context<'_>,
    input: SaveAutoSchedulingConfigInput,
) -> async_graphql::Result<SaveAutoSchedulingConfigPayload> {
    let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
    validate::non_negative("input.emailDelayDays", input.email_delay_days).gql()?;
    validate::non_negative("input.callDelayDays", input.call_delay_days).gql()?;
    let criteria = match input.scheduling_criteria {
        MaybeUndefined::Value(c) => MaybeUndefined::Value(criteria_json(c).gql()?),
        MaybeUndefined::Null => MaybeUndefined::Null,
        MaybeUndefined::Undefined => MaybeUndefined::Undefined,
    };
    let row = session(ctx)?
        .atomically(async |w| {
            save_one::<auto_scheduling_config::Entity, auto_scheduling_config::ActiveModel>(
                w,
                clinic_id,
                |row| {
                    set_opt(&mut row.is_enabled, input.is_enabled);
                    set_opt(&mut row.auto_email_enabled, input.auto_email_enabled);
                    set_opt(&mut row.auto_call_enabled, input.auto_call_enabled);
                    set_opt(&mut row.email_delay_days, input.email_delay_days);
                    set_opt(&mut row.call_delay_days, input.call_delay_days);
                    set_maybe(
                        &mut row.preferred_email_time,
                        input.preferred_email_time.inner(),
                    );
                    set_maybe(
                        &mut row.preferred_call_time,
                        input.preferred_call_time.inner(),
                    );
                    set_maybe(&mut row.scheduling_criteria, criteria);
                    Ok(())
                },
            )
            .await
        })
        .await
        .gql()?;
    Ok(SaveAutoSchedulingConfigPayload {
        auto_scheduling_config: AutoSchedulingConfig::new(row),
    })
}
