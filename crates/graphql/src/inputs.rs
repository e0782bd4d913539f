//! Input types shared by the areas: filters on dates and times, and typed JSON inputs.

use crate::scalars;
use async_graphql::InputObject;
use domain::DomainError;
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
