//! Automation: the nightly auto-scheduling runs (`AutoSchedulingRun`, global jobs), the
//! follow-ups they scheduled per clinic (`AutoScheduledItem`), and their writes (a run is
//! started and finished, an item recorded and cancelled: declared steps). Discharge batches are
//! in [`batches`] and their items in [`batch_items`].
//!
//! A run belongs to no clinic: admins read the runs that scheduled something for their clinic
//! (the domain scopes that), but its totals and per-clinic results describe every clinic the run
//! touched, so those fields are for the service principal only.

pub mod batch_items;
pub mod batches;

use async_graphql::InputObject;
use domain::{DomainError, validate};
use entity::{auto_scheduled_items, auto_scheduling_runs, clinics, users};
use sea_orm::sea_query::Value as SqlValue;

use crate::row::{
    Children, Exposed, Filter, Filtered, Filtering, Parent, RootList, Row, Write, Writes, Written,
    any_of, children_in_order, input, json_array, no_links, nonblank, not_negative, now, parent,
    reference, refers, root_list, sets, sets_caller, step, within,
};

// ---------------------------------------------------------------------------------------------
// AutoSchedulingRun

/// A row of `auto_scheduling_runs` (described with its table in `domain::registry`).
pub type AutoSchedulingRun = Row<auto_scheduling_runs::Entity>;

// Runs have no clinic: which runs a caller reaches is decided by the domain's scope (the runs
// with an item in one of the caller's admin clinics); the cross-clinic fields need
// `read_cross_clinic` (the service's), as `domain::exposure` declares.

impl Exposed for auto_scheduling_runs::Entity {
    const WRITES: &'static Writes = &Writes {
        steps: &[
            step(
                "startAutoSchedulingRun",
                Write::Create,
                "run",
                "Starts an auto-scheduling run (the service only).",
            )
            .inputs(&[input("started_at").about("Defaults to now.")]),
            step(
                "finishAutoSchedulingRun",
                Write::Update,
                "run",
                "Records the end of a run with its totals (the service only).",
            )
            .inputs(&[
                input("status")
                    .always()
                    .check(finished)
                    .about("`COMPLETED` or `FAILED`."),
                input("completed_at").or(now).about("Defaults to now."),
                input("results")
                    .kept()
                    .check(json_array)
                    .about("Per-clinic results (a JSON array)."),
                input("total_cases_processed").kept().check(not_negative),
                input("total_emails_scheduled").kept().check(not_negative),
                input("total_calls_scheduled").kept().check(not_negative),
                input("total_errors").kept().check(not_negative),
                input("error_message").kept(),
            ])
            .check(ends_after_start),
        ],
        ..Writes::NONE
    };
    const ROOT: Option<&'static RootList> = Some(&root_list::<auto_scheduling_runs::Entity>(
        "autoSchedulingRuns",
        "Auto-scheduling runs, newest first: the service sees all of them, admins the runs that scheduled something for their clinics.",
        "started_at",
        true,
    ));
    const CHILDREN: &'static [Children] = &[children_in_order::<auto_scheduled_items::Entity>(
        "items",
        "run_id",
        "What the run scheduled, as far as the caller's clinics go, oldest first.",
        "created_at",
        false,
    )];
    no_links!();
}

/// Which runs a list returns.
pub type AutoSchedulingRunFilter = Filter<auto_scheduling_runs::Entity>;

impl Filtered for auto_scheduling_runs::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "AutoSchedulingRunFilter",
        about: "Which runs a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            within("started_at"),
        ],
    };
}

// ---------------------------------------------------------------------------------------------
// AutoScheduledItem

/// A row of `auto_scheduled_items` (described with its table in `domain::registry`).
pub type AutoScheduledItem = Row<auto_scheduled_items::Entity>;

impl Exposed for auto_scheduled_items::Entity {
    const WRITES: &'static Writes = &Writes {
        steps: &[
            step(
                "recordAutoScheduledItem",
                Write::Create,
                "item",
                "Records a follow-up a run scheduled for a case (the service only). The e-mail and call must belong to the case's clinic.",
            )
            .inputs(&[
                reference("run_id"),
                reference("case_id")
                    .required()
                    .about("The case followed up; the item belongs to the case's clinic."),
                reference("outbound_email_id"),
                reference("outbound_call_id"),
                input("status").about("Defaults to `SCHEDULED`."),
                input("scheduled_config")
                    .json_as::<ScheduledConfigInput, serde_json::Value>()
                    .check(scheduled_config),
            ]),
            step(
                "cancelAutoScheduledItem",
                Write::Update,
                "item",
                "Cancels an automatically scheduled follow-up (member or above): records who, when and why. An item already cancelled is refused.",
            )
            .inputs(&[input("cancellation_reason").named("reason").check(nonblank)])
            .requires(not_cancelled)
            .sets(&[
                sets("status", || SqlValue::from("cancelled")),
                sets("cancelled_at", now),
                sets_caller("cancelled_by"),
            ]),
        ],
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[
        parent::<auto_scheduling_runs::Entity>("run"),
        parent::<users::Entity>("cancelledBy"),
        parent::<clinics::Entity>("clinic"),
    ];
    no_links!();
}

/// Which scheduled items a list returns.
pub type AutoScheduledItemFilter = Filter<auto_scheduled_items::Entity>;

impl Filtered for auto_scheduled_items::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "AutoScheduledItemFilter",
        about: "Which scheduled items a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            refers("case_id"),
            within("created_at"),
        ],
    };
}

/// A finished run is completed or failed.
fn finished(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    match &value {
        SqlValue::String(Some(status)) if status.as_str() == "running" => Err(
            DomainError::bad_input(path, "a finished run is COMPLETED or FAILED"),
        ),
        _ => Ok(value),
    }
}

/// A run does not end before it started.
fn ends_after_start(row: &Written<'_>) -> Result<(), DomainError> {
    row.in_order(
        "started_at",
        "completed_at",
        "must not be before the run started",
    )
}

/// The settings a run applied to an item (returned as the item's `scheduledConfig`).
#[derive(InputObject)]
pub struct ScheduledConfigInput {
    pub call_delay_days: Option<i32>,
    pub email_delay_days: Option<i32>,
    /// `HH:MM`, in the clinic's time zone.
    pub preferred_call_time: Option<String>,
}

/// The JSON stored in `scheduled_config`, with the keys the scheduler reads.
impl From<ScheduledConfigInput> for serde_json::Value {
    fn from(config: ScheduledConfigInput) -> Self {
        let mut map = serde_json::Map::new();
        if let Some(v) = config.call_delay_days {
            map.insert("call_delay_days".into(), v.into());
        }
        if let Some(v) = config.email_delay_days {
            map.insert("email_delay_days".into(), v.into());
        }
        if let Some(v) = config.preferred_call_time {
            map.insert("preferred_call_time".into(), v.into());
        }
        serde_json::Value::Object(map)
    }
}

/// The delays of a scheduled config are not negative and its call time is `HH:MM`.
fn scheduled_config(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    if let SqlValue::Json(Some(json)) = &value {
        for (key, field) in [
            ("call_delay_days", "callDelayDays"),
            ("email_delay_days", "emailDelayDays"),
        ] {
            let days = json[key]
                .as_i64()
                .map(|d| i32::try_from(d).unwrap_or(i32::MIN));
            validate::non_negative(&format!("{path}.{field}"), days)?;
        }
        if let Some(time) = json["preferred_call_time"].as_str() {
            validate::clock_time(&format!("{path}.preferredCallTime"), time)?;
        }
    }
    Ok(value)
}

/// An item is cancelled once.
fn not_cancelled(row: &Written<'_>) -> Result<(), DomainError> {
    match row.value("status") {
        Some(SqlValue::String(Some(status))) if status.as_str() == "cancelled" => Err(
            DomainError::bad_input("input.id", "the item is already cancelled"),
        ),
        _ => Ok(()),
    }
}
