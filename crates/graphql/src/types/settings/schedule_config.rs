//! The clinic's schedule configuration (`clinic_schedule_config`, one per clinic): opening
//! hours per weekday, slot length, how far ahead and how often the PIMS schedule is synced,
//! and when and in which room the voice assistant may book.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, SimpleObject};
use chrono::NaiveTime;
use domain::validate;
use domain::{DomainError, Resource};
use entity::clinic_schedule_config;
use sea_orm::Set;
use serde_json::{Map, Value, json};

use super::{save_one, set_opt, time_window, will_be};
use crate::context::session;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::set_maybe;
use crate::row::{Exposed, Row, no_links};
use crate::scalars::{self, Inner};

/// A row of `clinic_schedule_config` (described with its table in `domain::registry`).
pub type ScheduleConfig = Row<clinic_schedule_config::Entity>;

impl Exposed for clinic_schedule_config::Entity {
    no_links!();
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

/// One recurring sync: a cron expression (5 or 6 fields) and the kind of sync it runs.
#[derive(InputObject)]
pub struct SyncScheduleInput {
    pub cron: String,
    /// `appointments`, `incremental`, …
    pub sync_type: String,
}

/// The configuration to save. The first save creates the row (absent fields take the
/// defaults); later saves leave absent fields as they are, and `null` clears a field.
#[derive(InputObject)]
pub struct SaveScheduleConfigInput {
    pub clinic_id: ID,
    pub daily_hours: MaybeUndefined<ScheduleWeekHoursInput>,
    /// At least 1.
    pub slot_duration_minutes: Option<i32>,
    pub sync_horizon_days: Option<i32>,
    pub stale_threshold_minutes: Option<i32>,
    pub sync_schedules: Option<Vec<SyncScheduleInput>>,
    pub vapi_availability_start_time: MaybeUndefined<scalars::Time>,
    pub vapi_availability_end_time: MaybeUndefined<scalars::Time>,
    pub target_room_id: MaybeUndefined<String>,
    pub target_room_name: MaybeUndefined<String>,
}

/// The result of `saveScheduleConfig`: the schedule config as it is after the change.
#[derive(SimpleObject)]
pub struct SaveScheduleConfigPayload {
    pub schedule_config: ScheduleConfig,
}

/// The stored JSON of the weekly hours, each day checked.
fn daily_hours_json(week: ScheduleWeekHoursInput) -> Result<Value, DomainError> {
    let days = [
        ("mon", week.mon),
        ("tue", week.tue),
        ("wed", week.wed),
        ("thu", week.thu),
        ("fri", week.fri),
        ("sat", week.sat),
        ("sun", week.sun),
    ];
    let mut out = Map::new();
    for (day, hours) in days {
        let Some(hours) = hours else { continue };
        let open_field = format!("input.dailyHours.{day}.open");
        let close_field = format!("input.dailyHours.{day}.close");
        validate::clock_time(&open_field, hours.open.trim())?;
        validate::clock_time(&close_field, hours.close.trim())?;
        let parse = |t: &str| {
            NaiveTime::parse_from_str(t.trim(), "%H:%M")
                .map_err(|_| DomainError::bad_input(&open_field, "must be a time as HH:MM"))
        };
        validate::time_of_day_range(&close_field, parse(&hours.open)?, parse(&hours.close)?)?;
        out.insert(
            day.to_owned(),
            json!({ "open": hours.open.trim(), "close": hours.close.trim() }),
        );
    }
    Ok(Value::Object(out))
}

/// The stored JSON of the sync schedules, each checked.
fn sync_schedules_json(schedules: Vec<SyncScheduleInput>) -> Result<Value, DomainError> {
    let mut out = Vec::with_capacity(schedules.len());
    for (i, schedule) in schedules.into_iter().enumerate() {
        let cron = schedule.cron.split_whitespace().collect::<Vec<_>>();
        if !(5..=6).contains(&cron.len()) {
            return Err(DomainError::bad_input(
                format!("input.syncSchedules[{i}].cron"),
                "must be a cron expression of 5 or 6 fields",
            ));
        }
        validate::required(
            &format!("input.syncSchedules[{i}].syncType"),
            &schedule.sync_type,
        )?;
        out.push(json!({ "cron": cron.join(" "), "type": schedule.sync_type.trim() }));
    }
    Ok(Value::Array(out))
}

pub(crate) async fn save_schedule_config(
    ctx: &Context<'_>,
    input: SaveScheduleConfigInput,
) -> async_graphql::Result<SaveScheduleConfigPayload> {
    let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
    if input.slot_duration_minutes.is_some_and(|m| m < 1) {
        return Err(crate::errors::to_gql(&DomainError::bad_input(
            "input.slotDurationMinutes",
            "must be at least 1",
        )));
    }
    validate::non_negative("input.syncHorizonDays", input.sync_horizon_days).gql()?;
    validate::non_negative("input.staleThresholdMinutes", input.stale_threshold_minutes).gql()?;
    let daily_hours = match input.daily_hours {
        MaybeUndefined::Value(week) => MaybeUndefined::Value(daily_hours_json(week).gql()?),
        MaybeUndefined::Null => MaybeUndefined::Null,
        MaybeUndefined::Undefined => MaybeUndefined::Undefined,
    };
    let sync_schedules = input
        .sync_schedules
        .map(sync_schedules_json)
        .transpose()
        .gql()?;
    let row = session(ctx)?
        .atomically(async |w| {
            save_one::<clinic_schedule_config::Entity, clinic_schedule_config::ActiveModel>(
                w,
                clinic_id,
                |row| {
                    set_maybe(&mut row.daily_hours, daily_hours);
                    set_opt(&mut row.slot_duration_minutes, input.slot_duration_minutes);
                    set_opt(&mut row.sync_horizon_days, input.sync_horizon_days);
                    set_opt(
                        &mut row.stale_threshold_minutes,
                        input.stale_threshold_minutes,
                    );
                    if let Some(v) = sync_schedules {
                        row.sync_schedules = Set(Some(v));
                    }
                    set_maybe(
                        &mut row.vapi_availability_start_time,
                        input.vapi_availability_start_time.inner(),
                    );
                    set_maybe(
                        &mut row.vapi_availability_end_time,
                        input.vapi_availability_end_time.inner(),
                    );
                    set_maybe(&mut row.target_room_id, input.target_room_id);
                    set_maybe(&mut row.target_room_name, input.target_room_name);
                    time_window(
                        "input.vapiAvailabilityEndTime",
                        will_be(&row.vapi_availability_start_time, None),
                        will_be(&row.vapi_availability_end_time, None),
                    )
                },
            )
            .await
        })
        .await
        .gql()?;
    Ok(SaveScheduleConfigPayload {
        schedule_config: ScheduleConfig::new(row),
    })
}
