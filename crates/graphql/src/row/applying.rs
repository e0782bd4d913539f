//! Applying a parsed input to a row (`apply`, column by column through
//! `ActiveModelTrait::try_set`), and the row as it would be written, which declared checks and
//! conditions read (`Written`, `require`).

use chrono::NaiveTime;
use sea_orm::ActiveModelTrait;

use super::lists::column_named;
use super::writes::{Change, Input, RowCheck};
use super::*;

/// The row a write is about to store, for a [`RowCheck`].
pub struct Written<'a> {
    value: &'a dyn Fn(&str) -> Option<SqlValue>,
    set: &'a dyn Fn(&str) -> bool,
    given: &'a [(&'static Input, Change)],
}

impl Written<'_> {
    /// The column's value as it would be written (`None`: null, or not set and so the
    /// column's default).
    pub fn value(&self, column: &str) -> Option<SqlValue> {
        (self.value)(column)
    }

    /// A time-of-day window ends after it starts, else BAD_USER_INPUT at `end`. Each end is
    /// as written, or, when a new row leaves it to the database, `defaults` (the column
    /// defaults of the spec; a stored null stays null); with an end unknown there is nothing
    /// to check.
    pub fn window(
        &self,
        start: &str,
        end: &str,
        defaults: (Option<NaiveTime>, Option<NaiveTime>),
    ) -> Result<(), DomainError> {
        let time = |column: &str, default: Option<NaiveTime>| {
            let value = if (self.set)(column) {
                self.value(column)
            } else {
                default.map(SqlValue::from)
            };
            match value {
                Some(SqlValue::ChronoTime(Some(t))) => Some(t),
                _ => None,
            }
        };
        match (time(start, defaults.0), time(end, defaults.1)) {
            (Some(first), Some(last)) => {
                domain::validate::time_of_day_range(&self.path(end), first, last)
            }
            _ => Ok(()),
        }
    }

    /// Whether the input gave the column.
    pub fn given(&self, column: &str) -> bool {
        self.given.iter().any(|(i, _)| i.column == column)
    }

    /// The timestamp `end` is not before `start` (both as written), else BAD_USER_INPUT at
    /// `end` saying `message`.
    pub fn in_order(&self, start: &str, end: &str, message: &str) -> Result<(), DomainError> {
        match (self.value(start), self.value(end)) {
            (
                Some(SqlValue::ChronoDateTimeUtc(Some(first))),
                Some(SqlValue::ChronoDateTimeUtc(Some(last))),
            ) if last < first => Err(DomainError::bad_input(self.path(end), message)),
            _ => Ok(()),
        }
    }

    /// The input path of a column (for an error about it).
    pub fn path(&self, column: &str) -> String {
        format!("input.{}", registry::camel_case(column))
    }
}

/// Checks the stored row against an update's condition (before it changes); the condition
/// sees which columns the input gives.
pub(crate) fn require<E: Exposed>(
    row: &E::ActiveModel,
    given: &[(&'static Input, Change)],
    check: RowCheck,
) -> Result<(), DomainError>
where
    E::ActiveModel: ActiveModelTrait<Entity = E>,
{
    with_written::<E, _>(row, given, check)
}

/// Applies the given changes to `row`, then the values a step sets, and checks the row as a
/// whole with `check`.
pub(crate) fn apply<E: Exposed>(
    row: &mut E::ActiveModel,
    given: &[(&'static Input, Change)],
    sets: &[(&'static str, SqlValue)],
    check: Option<RowCheck>,
) -> Result<(), DomainError>
where
    E::ActiveModel: ActiveModelTrait<Entity = E>,
{
    for (input, change) in given {
        let column = column_named::<E>(input.column).expect("a declared input column");
        let value = match change {
            Change::Set(value) => value.clone(),
            Change::Clear => match row.get(column).into_value() {
                Some(current) => current.as_null(),
                None => continue,
            },
        };
        // The same value again is no change: the row stays unwritten and unaudited.
        if row.get(column).into_value().as_ref() == Some(&value) {
            continue;
        }
        row.try_set(column, value)
            .map_err(|err| DomainError::Internal(format!("{}: {err}", input.column)))?;
    }
    let derived = match E::WRITES.derive {
        Some(derive) => with_written::<E, _>(row, given, derive),
        None => Vec::new(),
    };
    for (name, value) in sets.iter().cloned().chain(derived) {
        let column = column_named::<E>(name).expect("a set or derived column of the table");
        if row.get(column).into_value().as_ref() != Some(&value) {
            row.try_set(column, value)
                .map_err(|err| DomainError::Internal(format!("{name}: {err}")))?;
        }
    }
    match check {
        Some(check) => with_written::<E, _>(row, given, check),
        None => Ok(()),
    }
}

/// Runs `f` over the row as it would be written.
fn with_written<E: Exposed, T>(
    row: &E::ActiveModel,
    given: &[(&'static Input, Change)],
    f: fn(&Written<'_>) -> T,
) -> T
where
    E::ActiveModel: ActiveModelTrait<Entity = E>,
{
    let value = |name: &str| {
        column_named::<E>(name)
            .ok()
            .and_then(|column| row.get(column).into_value())
            .filter(|v| *v != v.as_null())
    };
    let set = |name: &str| {
        column_named::<E>(name)
            .ok()
            .is_some_and(|column| !matches!(row.get(column), sea_orm::ActiveValue::NotSet))
    };
    f(&Written {
        value: &value,
        set: &set,
        given,
    })
}
