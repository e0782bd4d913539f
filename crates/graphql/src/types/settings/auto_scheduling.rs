//! The clinic's auto-scheduling configuration (`auto_scheduling_config`, one per clinic):
//! whether follow-up calls and e-mails are scheduled automatically, after how many days, at
//! what time, and for which cases; saved with the generated `saveAutoSchedulingConfig`.

use async_graphql::InputObject;
use domain::{DomainError, validate};
use entity::auto_scheduling_config;
use serde_json::{Map, Value};

use crate::enums::CaseStatus;
use crate::row::{
    CheckedInput, Exposed, Row, Step, Write, Writes, input, no_links, not_negative, step,
};

/// A row of `auto_scheduling_config` (described with its table in `domain::registry`).
pub type AutoSchedulingConfig = Row<auto_scheduling_config::Entity>;

const SAVE: Step = step(
    "saveAutoSchedulingConfig",
    Write::Save,
    "autoSchedulingConfig",
    "Creates or updates the clinic's auto-scheduling configuration (admin or above).",
)
.inputs(&[
    input("is_enabled").kept(),
    input("auto_email_enabled").kept(),
    input("auto_call_enabled").kept(),
    input("email_delay_days").kept().check(not_negative),
    input("call_delay_days").kept().check(not_negative),
    input("preferred_email_time"),
    input("preferred_call_time"),
    input("scheduling_criteria")
        .json_checked::<SchedulingCriteriaInput, Value>()
        .about("Replaces the stored criteria."),
]);

impl Exposed for auto_scheduling_config::Entity {
    const WRITES: &'static Writes = &Writes {
        steps: &[SAVE],
        ..Writes::NONE
    };
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

impl CheckedInput for SchedulingCriteriaInput {
    /// Every excluded case type names one.
    fn check(&self, path: &str) -> Result<(), DomainError> {
        for (i, t) in self.exclude_case_types.iter().flatten().enumerate() {
            validate::required(&format!("{path}.excludeCaseTypes[{i}]"), t)?;
        }
        Ok(())
    }
}

/// The stored JSON of the criteria (the keys the scheduler reads).
impl From<SchedulingCriteriaInput> for Value {
    fn from(criteria: SchedulingCriteriaInput) -> Value {
        let mut out = Map::new();
        if let Some(statuses) = criteria.case_statuses {
            let statuses = statuses
                .into_iter()
                .map(|s| Value::from(entity::enums::CaseStatus::from(s).as_str()))
                .collect();
            out.insert("case_statuses".into(), Value::Array(statuses));
        }
        if let Some(types) = criteria.exclude_case_types {
            let types = types.iter().map(|t| Value::from(t.trim())).collect();
            out.insert("exclude_case_types".into(), Value::Array(types));
        }
        if let Some(v) = criteria.require_client_phone {
            out.insert("require_client_phone".into(), Value::Bool(v));
        }
        Value::Object(out)
    }
}
