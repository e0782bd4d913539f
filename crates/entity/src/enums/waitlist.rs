//! Enum of the marketing tier: waitlist signup state.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// State of a waitlist signup (`waitlist_signups.status`; defined by us, spec default `waiting`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum WaitlistStatus {
    /// On the list.
    #[sea_orm(string_value = "waiting")]
    Waiting,
    /// Invited to sign up.
    #[sea_orm(string_value = "invited")]
    Invited,
    /// Became a customer.
    #[sea_orm(string_value = "converted")]
    Converted,
    /// Taken off the list.
    #[sea_orm(string_value = "removed")]
    Removed,
}

impl WaitlistStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Invited => "invited",
            Self::Converted => "converted",
            Self::Removed => "removed",
        }
    }
}

super::display_as_str!(WaitlistStatus);
