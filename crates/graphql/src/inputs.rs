//! Input types shared by the areas (filters on dates and times, typed JSON inputs), and the
//! helpers every area uses to read mutation inputs: global ids of a given resource, fields that
//! may be absent or null, JSON that must be an object.

use async_graphql::{ID, InputObject, MaybeUndefined};
use domain::{DomainError, Resource};
use sea_orm::ActiveValue::Set;
use uuid::Uuid;

use crate::errors::GqlResult;
use crate::{ids, scalars};
use sea_orm::{ColumnTrait, Condition};

/// A half-open time window `[from, to)`; either end may be open.
#[derive(InputObject, Clone, Debug, Default)]
pub struct DateTimeRange {
    pub from: Option<scalars::DateTime>,
    pub to: Option<scalars::DateTime>,
}

impl DateTimeRange {
    /// `column >= from AND column < to`, for the ends given.
    pub fn condition<C: ColumnTrait>(&self, column: C) -> Condition {
        let mut cond = Condition::all();
        if let Some(from) = self.from {
            cond = cond.add(column.gte(from));
        }
        if let Some(to) = self.to {
            cond = cond.add(column.lt(to));
        }
        cond
    }

    pub fn validate(&self, field: &str) -> Result<(), DomainError> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if to <= from => {
                Err(DomainError::bad_input(field, "`to` must be after `from`"))
            }
            _ => Ok(()),
        }
    }
}

/// A postal address.
#[derive(InputObject, Clone, Debug, Default)]
pub struct AddressInput {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub zip: Option<String>,
    pub country: Option<String>,
}

impl From<AddressInput> for entity::json::Address {
    fn from(a: AddressInput) -> Self {
        entity::json::Address {
            line1: a.line1,
            line2: a.line2,
            city: a.city,
            state: a.state,
            zip: a.zip,
            country: a.country,
        }
    }
}

/// Sets an ActiveModel field from a `MaybeUndefined` input: absent leaves it, `null` clears it.
pub(crate) fn set_maybe<T: Into<sea_orm::Value> + sea_orm::sea_query::Nullable>(
    field: &mut sea_orm::ActiveValue<Option<T>>,
    value: MaybeUndefined<T>,
) {
    match value {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *field = Set(None),
        MaybeUndefined::Value(v) => *field = Set(Some(v)),
    }
}

/// An optional global id that must be of `resource`.
pub(crate) fn decode_opt(
    id: Option<&ID>,
    resource: Resource,
) -> async_graphql::Result<Option<Uuid>> {
    id.map(|id| ids::decode_as(id, resource)).transpose().gql()
}

/// A global id that may be absent (left as it is) or null (cleared), of `resource`.
pub(crate) fn decode_maybe(
    id: &MaybeUndefined<ID>,
    resource: Resource,
) -> async_graphql::Result<MaybeUndefined<Uuid>> {
    Ok(match id {
        MaybeUndefined::Undefined => MaybeUndefined::Undefined,
        MaybeUndefined::Null => MaybeUndefined::Null,
        MaybeUndefined::Value(id) => MaybeUndefined::Value(ids::decode_as(id, resource).gql()?),
    })
}

/// A JSON input that must be an object (`metadata`, `errorDetails`, error summaries).
pub(crate) fn json_object(
    field: &str,
    value: scalars::Json,
) -> Result<serde_json::Value, DomainError> {
    match value.0 {
        v @ serde_json::Value::Object(_) => Ok(v),
        _ => Err(DomainError::bad_input(field, "must be a JSON object")),
    }
}

/// An optional JSON input that must be an object when given.
pub(crate) fn optional_json_object(
    field: &str,
    value: Option<scalars::Json>,
) -> async_graphql::Result<Option<serde_json::Value>> {
    value.map(|v| json_object(field, v)).transpose().gql()
}
