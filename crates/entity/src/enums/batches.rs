//! Enums of the auto-scheduling and discharge-batch tiers (all defined by us; the spec only
//! gives defaults).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Status of a discharge batch (`discharge_batches.status`; spec default `pending`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    /// Created, not started.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Items are being processed.
    #[sea_orm(string_value = "processing")]
    Processing,
    /// Every item succeeded (or was skipped).
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Finished with some failed items.
    #[sea_orm(string_value = "partial")]
    Partial,
    /// Aborted, or every item failed.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Stopped on request.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

impl BatchStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Processing => "processing",
            Self::Completed => "completed",
            Self::Partial => "partial",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Status of one case within a discharge batch (`discharge_batch_items.status`; spec default
/// `pending`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum BatchItemStatus {
    /// Not processed yet.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Being processed.
    #[sea_orm(string_value = "processing")]
    Processing,
    /// Email and/or call scheduled.
    #[sea_orm(string_value = "success")]
    Success,
    /// Error (`error_message`).
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Intentionally not processed.
    #[sea_orm(string_value = "skipped")]
    Skipped,
}

impl BatchItemStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Processing => "processing",
            Self::Success => "success",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
        }
    }
}

/// Status of an auto-scheduling run (`auto_scheduling_runs.status`; spec default `running`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// In progress.
    #[sea_orm(string_value = "running")]
    Running,
    /// Finished.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Aborted by an error (`error_message`).
    #[sea_orm(string_value = "failed")]
    Failed,
}

impl RunStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Completed => "completed",
            Self::Failed => "failed",
        }
    }
}

/// Status of one auto-scheduled email/call (`auto_scheduled_items.status`; spec default
/// `scheduled`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum ScheduledItemStatus {
    /// Waiting for its time.
    #[sea_orm(string_value = "scheduled")]
    Scheduled,
    /// Sent / placed.
    #[sea_orm(string_value = "sent")]
    Sent,
    /// Cancelled (`cancelled_by`, `cancellation_reason`).
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
    /// Could not be sent.
    #[sea_orm(string_value = "failed")]
    Failed,
}

impl ScheduledItemStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Sent => "sent",
            Self::Cancelled => "cancelled",
            Self::Failed => "failed",
        }
    }
}

super::display_as_str!(BatchStatus, BatchItemStatus, RunStatus, ScheduledItemStatus);
