//! Recurring times the clinic's schedule is closed (`clinic_blocked_periods`): lunch, staff
//! meetings. The voice assistant offers no slot inside an active one.

use async_graphql::Value;
use async_graphql::{Context, ID, InputObject, MaybeUndefined};
use chrono::Utc;
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::clinic_blocked_periods;
use sea_orm::sea_query::Expr;
use sea_orm::{Condition, NotSet, Set};
use uuid::Uuid;

use crate::context::session;
use crate::errors::GqlResult;
use crate::ids;
use crate::payloads::{Changed, Create, Update};
use crate::row::{Exposed, Filter, Filtered, Filtering, NoLinks, Row, custom, equals, nullable};
use crate::scalars::{self, Inner};
use crate::types::scheduling::current;

/// A row of `clinic_blocked_periods` (described with its table in `domain::registry`).
pub type BlockedPeriod = Row<clinic_blocked_periods::Entity>;

impl Exposed for clinic_blocked_periods::Entity {
    type Links<'a> = NoLinks;
    fn links(_model: &clinic_blocked_periods::Model) -> Self::Links<'_> {
        NoLinks
    }
}

/// Which blocked periods a list returns.
pub type BlockedPeriodFilter = Filter<clinic_blocked_periods::Entity>;

impl Filtered for clinic_blocked_periods::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "BlockedPeriodFilter",
        about: "Which blocked periods a list returns.",
        fields: &[
            equals("is_active"),
            custom("dayOfWeek", nullable::<i32>, |_, value, _| {
                let day = match value {
                    Value::Number(n) => n.as_i64().unwrap_or(-1),
                    _ => -1,
                };
                Ok(Condition::all().add(Expr::cust_with_values(
                    r#"$1 = ANY("clinic_blocked_periods"."days_of_week")"#,
                    [day],
                )))
            })
            .about("Only periods that apply on this weekday (0 = Sunday … 6 = Saturday)."),
        ],
    };
}

/// The input of `createBlockedPeriod`, which blocks a recurring time of the schedule (admin or
/// above).
#[derive(InputObject)]
pub struct CreateBlockedPeriodInput {
    pub clinic_id: ID,
    pub name: String,
    pub start_time: scalars::Time,
    pub end_time: scalars::Time,
    /// 0 = Sunday … 6 = Saturday; Monday to Saturday when absent.
    pub days_of_week: Option<Vec<i32>>,
    pub is_active: Option<bool>,
}

/// The result of `createBlockedPeriod` (`payloads::Changed`).
pub type CreateBlockedPeriodPayload = Changed<entity::clinic_blocked_periods::Entity, Create>;

/// Absent fields are left as they are; `null` clears `daysOfWeek`.
#[derive(InputObject)]
pub struct UpdateBlockedPeriodInput {
    pub id: ID,
    pub name: Option<String>,
    pub start_time: Option<scalars::Time>,
    pub end_time: Option<scalars::Time>,
    pub days_of_week: MaybeUndefined<Vec<i32>>,
    pub is_active: Option<bool>,
}

/// The result of `updateBlockedPeriod` (`payloads::Changed`).
pub type UpdateBlockedPeriodPayload = Changed<entity::clinic_blocked_periods::Entity, Update>;

/// Weekdays 0..=6, each once, in order.
fn weekdays(days: Vec<i32>) -> Result<Vec<i32>, DomainError> {
    if let Some(bad) = days.iter().find(|d| !(0..=6).contains(*d)) {
        return Err(DomainError::bad_input(
            "input.daysOfWeek",
            format!("{bad} is not a weekday (0 = Sunday … 6 = Saturday)"),
        ));
    }
    let mut days = days;
    days.sort_unstable();
    days.dedup();
    Ok(days)
}

pub(crate) async fn create_blocked_period(
    ctx: &Context<'_>,
    input: CreateBlockedPeriodInput,
) -> async_graphql::Result<CreateBlockedPeriodPayload> {
    let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
    validate::required("input.name", &input.name).gql()?;
    validate::time_of_day_range(
        "input.endTime",
        input.start_time.inner(),
        input.end_time.inner(),
    )
    .gql()?;
    let days = input.days_of_week.map(weekdays).transpose().gql()?;
    let row = clinic_blocked_periods::ActiveModel {
        id: Set(Uuid::new_v4()),
        clinic_id: Set(clinic_id),
        name: Set(input.name.trim().to_owned()),
        start_time: Set(input.start_time.inner()),
        end_time: Set(input.end_time.inner()),
        days_of_week: days.map_or(NotSet, |d| Set(Some(d))),
        is_active: input.is_active.map_or(NotSet, |v| Set(Some(v))),
        ..Default::default()
    };
    let period = session(ctx)?.insert(row).await.gql()?;
    Ok(CreateBlockedPeriodPayload::new(BlockedPeriod::new(period)))
}

pub(crate) async fn update_blocked_period(
    ctx: &Context<'_>,
    input: UpdateBlockedPeriodInput,
) -> async_graphql::Result<UpdateBlockedPeriodPayload> {
    let id = ids::decode_as(&input.id, Resource::ClinicBlockedPeriods).gql()?;
    if let Some(name) = &input.name {
        validate::required("input.name", name).gql()?;
    }
    let days = match input.days_of_week {
        MaybeUndefined::Value(d) => Some(Some(weekdays(d).gql()?)),
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Undefined => None,
    };
    let (_, period) = session(ctx)?
        .atomically(async |w| {
            w.update::<clinic_blocked_periods::Entity, clinic_blocked_periods::ActiveModel>(
                id,
                Action::Update,
                |row| {
                    // With one end given, the other is the stored one.
                    let start = input
                        .start_time
                        .inner()
                        .map_or_else(|| current(&row.start_time), Ok)?;
                    let end = input
                        .end_time
                        .inner()
                        .map_or_else(|| current(&row.end_time), Ok)?;
                    validate::time_of_day_range(
                        if input.end_time.is_some() {
                            "input.endTime"
                        } else {
                            "input.startTime"
                        },
                        start,
                        end,
                    )?;
                    if let Some(v) = input.name {
                        row.name = Set(v.trim().to_owned());
                    }
                    if let Some(v) = input.start_time {
                        row.start_time = Set(v.into());
                    }
                    if let Some(v) = input.end_time {
                        row.end_time = Set(v.into());
                    }
                    if let Some(d) = days {
                        row.days_of_week = Set(d);
                    }
                    if let Some(v) = input.is_active {
                        row.is_active = Set(Some(v));
                    }
                    // This table has no updated_at trigger (the spec does not list it).
                    touch(row);
                    Ok(())
                },
            )
            .await
        })
        .await
        .gql()?;
    Ok(UpdateBlockedPeriodPayload::new(BlockedPeriod::new(period)))
}

/// Sets `updated_at` when something else changes (only then: an unchanged row stays
/// unwritten and unaudited).
fn touch(row: &mut clinic_blocked_periods::ActiveModel) {
    use sea_orm::ActiveModelTrait;
    if row.is_changed() {
        row.updated_at = Set(Some(Utc::now()));
    }
}
