//! Enums of the PIMS integration tier: vendor, mapped entity kind, sync session type and status.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Practice-management system vendor (`clinics.pims_type`, `pims_credentials.pims_type`,
/// `pims_mappings.pims_type`, `pims_sync_sessions.pims_type`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum PimsType {
    /// IDEXX Neo.
    #[sea_orm(string_value = "idexx_neo")]
    IdexxNeo,
    /// IDEXX Cornerstone/AVImark.
    #[sea_orm(string_value = "idexx_avimark")]
    IdexxAvimark,
    /// IDEXX ezyVet.
    #[sea_orm(string_value = "idexx_ezyvet")]
    IdexxEzyvet,
    /// No PIMS connected.
    #[sea_orm(string_value = "none")]
    None,
}

impl PimsType {
    /// The database / wire string of this vendor.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::IdexxNeo => "idexx_neo",
            Self::IdexxAvimark => "idexx_avimark",
            Self::IdexxEzyvet => "idexx_ezyvet",
            Self::None => "none",
        }
    }
}

/// Kind of internal entity a PIMS mapping points at (`pims_mappings.entity_type`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum PimsEntityType {
    /// A row of `clients`.
    #[sea_orm(string_value = "client")]
    Client,
    /// A row of `patients`.
    #[sea_orm(string_value = "patient")]
    Patient,
    /// A row of `providers`.
    #[sea_orm(string_value = "provider")]
    Provider,
    /// A row of `schedule_appointments`.
    #[sea_orm(string_value = "appointment")]
    Appointment,
    /// A consultation (a row of `cases`).
    #[sea_orm(string_value = "consultation")]
    Consultation,
}

impl PimsEntityType {
    /// The database / wire string of this entity kind.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Patient => "patient",
            Self::Provider => "provider",
            Self::Appointment => "appointment",
            Self::Consultation => "consultation",
        }
    }
}

/// What a PIMS sync session pulls (`pims_sync_sessions.session_type`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum SyncSessionType {
    /// Consultations (become cases).
    #[sea_orm(string_value = "consultations")]
    Consultations,
    /// Appointments.
    #[sea_orm(string_value = "appointments")]
    Appointments,
    /// The schedule (availability).
    #[sea_orm(string_value = "schedule")]
    Schedule,
    /// Everything.
    #[sea_orm(string_value = "full")]
    Full,
}

impl SyncSessionType {
    /// The database / wire string of this session type.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Consultations => "consultations",
            Self::Appointments => "appointments",
            Self::Schedule => "schedule",
            Self::Full => "full",
        }
    }
}

/// Lifecycle of a PIMS sync session (`pims_sync_sessions.status`; defined by us, spec default
/// `pending`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum SyncStatus {
    /// Created, not started.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// In progress.
    #[sea_orm(string_value = "running")]
    Running,
    /// Finished (possibly with some `items_failed`).
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Aborted by an error.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Stopped on request.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

impl SyncStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

super::display_as_str!(PimsType, PimsEntityType, SyncSessionType, SyncStatus);
