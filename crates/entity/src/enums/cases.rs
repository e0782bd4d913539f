//! Enums of the cases tier: case workflow status and where a case came from.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Workflow status of a case (`cases.status`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Being written.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Active follow-up.
    #[sea_orm(string_value = "ongoing")]
    Ongoing,
    /// Reviewed by staff.
    #[sea_orm(string_value = "reviewed")]
    Reviewed,
    /// Closed.
    #[sea_orm(string_value = "completed")]
    Completed,
}

impl CaseStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Ongoing => "ongoing",
            Self::Reviewed => "reviewed",
            Self::Completed => "completed",
        }
    }
}

/// How a case entered the system (`cases.source`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum CaseSource {
    /// Created by a user.
    #[sea_orm(string_value = "manual")]
    Manual,
    /// Created by a PIMS sync.
    #[sea_orm(string_value = "pims_sync")]
    PimsSync,
    /// Bulk import.
    #[sea_orm(string_value = "import")]
    Import,
}

impl CaseSource {
    /// The database / wire string of this source.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::PimsSync => "pims_sync",
            Self::Import => "import",
        }
    }
}

super::display_as_str!(CaseStatus, CaseSource);
