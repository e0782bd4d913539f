//! The clinic's schedule configuration (`clinic_schedule_config`, one per clinic): opening
//! hours per weekday, slot length, how far ahead and how often the PIMS schedule is synced,
//! and when and in which room the voice assistant may book; saved with the generated
//! `saveScheduleConfig`.

use async_graphql::InputObject;
use chrono::NaiveTime;
use domain::{DomainError, validate};
use entity::clinic_schedule_config;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::row::{
    CheckedInput, Exposed, Row, Step, Write, Writes, Written, at_least_one, input, no_links,
    not_negative, step,
};

/// A row of `clinic_schedule_config` (described with its table in `domain::registry`).
pub type ScheduleConfig = Row<clinic_schedule_config::Entity>;

const SAVE: Step = step(
    "saveScheduleConfig",
    Write::Save,
    "scheduleConfig",
    "Creates or updates the clinic's schedule configuration (admin or above).",
)
.inputs(&[
    input("daily_hours").json_checked::<ScheduleWeekHoursInput, Value>(),
    input("slot_duration_minutes")
        .kept()
        .check(at_least_one)
        .about("At least 1."),
    input("sync_horizon_days").kept().check(not_negative),
    input("stale_threshold_minutes").kept().check(not_negative),
    input("sync_schedules")
        .kept()
        .json_checked::<Vec<SyncScheduleInput>, SyncSchedules>(),
    input("vapi_availability_start_time"),
    input("vapi_availability_end_time"),
    input("target_room_id"),
    input("target_room_name"),
])
.check(assistant_window);

impl Exposed for clinic_schedule_config::Entity {
    const WRITES: &'static Writes = &Writes {
        steps: &[SAVE],
        ..Writes::NONE
    };
    no_links!();
}

/// The voice assistant's window, when both ends are set, ends after it starts.
fn assistant_window(row: &Written<'_>) -> Result<(), DomainError> {
    row.window(
        "vapi_availability_start_time",
        "vapi_availability_end_time",
        (None, None),
    )
}

/// Opening hours of one day, `HH:MM` on a 24-hour clock in the clinic's time zone.
#[derive(InputObject)]
pub struct ScheduleDayHoursInput {
    pub open: String,
    pub close: String,
}

/// Opening hours per weekday; a day left out is closed.
#[derive(InputObject)]
pub struct ScheduleWeekHoursInput {
    pub mon: Option<ScheduleDayHoursInput>,
    pub tue: Option<ScheduleDayHoursInput>,
    pub wed: Option<ScheduleDayHoursInput>,
    pub thu: Option<ScheduleDayHoursInput>,
    pub fri: Option<ScheduleDayHoursInput>,
    pub sat: Option<ScheduleDayHoursInput>,
    pub sun: Option<ScheduleDayHoursInput>,
}

impl ScheduleWeekHoursInput {
    fn days(&self) -> [(&'static str, Option<&ScheduleDayHoursInput>); 7] {
        [
            ("mon", self.mon.as_ref()),
            ("tue", self.tue.as_ref()),
            ("wed", self.wed.as_ref()),
            ("thu", self.thu.as_ref()),
            ("fri", self.fri.as_ref()),
            ("sat", self.sat.as_ref()),
            ("sun", self.sun.as_ref()),
        ]
    }
}

impl CheckedInput for ScheduleWeekHoursInput {
    /// Every given day is `HH:MM` to `HH:MM` (surrounding spaces ignored), closing after
    /// opening.
    fn check(&self, path: &str) -> Result<(), DomainError> {
        for (day, hours) in self.days() {
            let Some(hours) = hours else { continue };
            let open_field = format!("{path}.{day}.open");
            let close_field = format!("{path}.{day}.close");
            validate::clock_time(&open_field, hours.open.trim())?;
            validate::clock_time(&close_field, hours.close.trim())?;
            let parse = |t: &str| {
                NaiveTime::parse_from_str(t.trim(), "%H:%M")
                    .map_err(|_| DomainError::bad_input(&open_field, "must be a time as HH:MM"))
            };
            validate::time_of_day_range(&close_field, parse(&hours.open)?, parse(&hours.close)?)?;
        }
        Ok(())
    }
}

/// The stored JSON of the weekly hours: the given days only, trimmed.
impl From<ScheduleWeekHoursInput> for Value {
    fn from(week: ScheduleWeekHoursInput) -> Value {
        let mut out = Map::new();
        for (day, hours) in week.days() {
            let Some(hours) = hours else { continue };
            out.insert(
                day.to_owned(),
                json!({ "open": hours.open.trim(), "close": hours.close.trim() }),
            );
        }
        Value::Object(out)
    }
}

/// One recurring sync: a cron expression (5 or 6 fields) and the kind of sync it runs.
#[derive(InputObject)]
pub struct SyncScheduleInput {
    pub cron: String,
    /// `appointments`, `incremental`, …
    pub sync_type: String,
}

impl CheckedInput for Vec<SyncScheduleInput> {
    /// Every schedule has a cron expression of 5 or 6 fields and names its kind.
    fn check(&self, path: &str) -> Result<(), DomainError> {
        for (i, schedule) in self.iter().enumerate() {
            if !(5..=6).contains(&schedule.cron.split_whitespace().count()) {
                return Err(DomainError::bad_input(
                    format!("{path}[{i}].cron"),
                    "must be a cron expression of 5 or 6 fields",
                ));
            }
            validate::required(&format!("{path}[{i}].syncType"), &schedule.sync_type)?;
        }
        Ok(())
    }
}

/// The stored JSON of the sync schedules (`[{ cron, type }]`, the cron's fields one space
/// apart).
#[derive(Serialize)]
#[serde(transparent)]
pub struct SyncSchedules(Vec<Value>);

impl From<Vec<SyncScheduleInput>> for SyncSchedules {
    fn from(schedules: Vec<SyncScheduleInput>) -> SyncSchedules {
        SyncSchedules(
            schedules
                .into_iter()
                .map(|s| {
                    let cron = s.cron.split_whitespace().collect::<Vec<_>>().join(" ");
                    json!({ "cron": cron, "type": s.sync_type.trim() })
                })
                .collect(),
        )
    }
}
