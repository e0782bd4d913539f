//! Recurring times the clinic's schedule is closed (`clinic_blocked_periods`): lunch, staff
//! meetings. The voice assistant offers no slot inside an active one.

use async_graphql::Value;
use domain::DomainError;
use domain::validate;
use entity::clinic_blocked_periods;
use sea_orm::Condition;
use sea_orm::sea_query::{Expr, Value as SqlValue};

use crate::row::{
    Exposed, Filter, Filtered, Filtering, Row, Writes, Written, custom, equals, input, no_links,
    nonblank, nullable, reference,
};

/// A row of `clinic_blocked_periods` (described with its table in `domain::registry`).
pub type BlockedPeriod = Row<clinic_blocked_periods::Entity>;

impl Exposed for clinic_blocked_periods::Entity {
    const WRITES: &'static Writes = &Writes {
        create: Some("Blocks a recurring time of the schedule (admin or above)."),
        update: Some("Changes a blocked period (admin or above)."),
        inputs: &[
            reference("clinic_id").required().on_create(),
            input("name").required().check(nonblank),
            input("start_time").required(),
            input("end_time").required(),
            input("days_of_week")
                .check(weekdays)
                .about("0 = Sunday … 6 = Saturday; Monday to Saturday when absent."),
            input("is_active").kept(),
        ],
        check: Some(ends_after_start),
        ..Writes::NONE
    };
    no_links!();
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

/// Weekdays 0..=6, each once, in order.
fn weekdays(path: &str, days: SqlValue) -> Result<SqlValue, DomainError> {
    let SqlValue::Array(_, Some(items)) = days else {
        return Ok(days);
    };
    let mut days = Vec::with_capacity(items.len());
    for item in items.iter() {
        match item {
            SqlValue::Int(Some(day)) if (0..=6).contains(day) => days.push(*day),
            SqlValue::Int(Some(bad)) => {
                return Err(DomainError::bad_input(
                    path,
                    format!("{bad} is not a weekday (0 = Sunday … 6 = Saturday)"),
                ));
            }
            _ => return Err(DomainError::bad_input(path, "expected weekdays")),
        }
    }
    days.sort_unstable();
    days.dedup();
    Ok(SqlValue::from(days))
}

/// A period ends after it starts (with one end given, the other is the stored one).
fn ends_after_start(row: &Written<'_>) -> Result<(), DomainError> {
    let time = |column| match row.value(column) {
        Some(SqlValue::ChronoTime(Some(t))) => Ok(t),
        _ => Err(DomainError::Internal(format!(
            "a blocked period lacks {column}"
        ))),
    };
    let path = if row.given("end_time") || !row.given("start_time") {
        row.path("end_time")
    } else {
        row.path("start_time")
    };
    validate::time_of_day_range(&path, time("start_time")?, time("end_time")?)
}
