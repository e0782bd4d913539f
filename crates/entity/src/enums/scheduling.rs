//! Enums of the scheduling tier: PIMS appointments, VAPI bookings and schedule sync runs
//! (all defined by us; the spec only gives defaults).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Status of an appointment synced from the PIMS (`schedule_appointments.status`; spec default
/// `scheduled`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// Booked.
    #[sea_orm(string_value = "scheduled")]
    Scheduled,
    /// Confirmed by the client.
    #[sea_orm(string_value = "confirmed")]
    Confirmed,
    /// Patient has arrived.
    #[sea_orm(string_value = "checked_in")]
    CheckedIn,
    /// Being seen.
    #[sea_orm(string_value = "in_progress")]
    InProgress,
    /// Done.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Cancelled.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
    /// Client did not show up.
    #[sea_orm(string_value = "no_show")]
    NoShow,
}

impl AppointmentStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Confirmed => "confirmed",
            Self::CheckedIn => "checked_in",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::NoShow => "no_show",
        }
    }
}

/// Lifecycle of a booking made by the voice assistant (`vapi_bookings.status`; spec default
/// `pending`).
///
/// `pending`, `held` and `confirmed` are the *active* statuses ([`BookingStatus::is_active`]):
/// only those take part in the overlap check that sets `vapi_bookings.has_conflict`
/// (`docs/SCHEMA_DECISIONS.md` item 4).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Requested, not yet held or confirmed.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Slot held until `hold_expires_at`.
    #[sea_orm(string_value = "held")]
    Held,
    /// Confirmed.
    #[sea_orm(string_value = "confirmed")]
    Confirmed,
    /// Replaced by a booking at another time (`rescheduled_from_id` on the new row).
    #[sea_orm(string_value = "rescheduled")]
    Rescheduled,
    /// Cancelled.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
    /// The visit took place.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Client did not show up.
    #[sea_orm(string_value = "no_show")]
    NoShow,
}

impl BookingStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Held => "held",
            Self::Confirmed => "confirmed",
            Self::Rescheduled => "rescheduled",
            Self::Cancelled => "cancelled",
            Self::Completed => "completed",
            Self::NoShow => "no_show",
        }
    }

    /// True for the statuses that occupy their time slot: `pending`, `held`, `confirmed`.
    pub const fn is_active(self) -> bool {
        matches!(self, Self::Pending | Self::Held | Self::Confirmed)
    }
}

/// Status of a schedule sync run (`schedule_syncs.status`; spec default `in_progress`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum ScheduleSyncStatus {
    /// Running.
    #[sea_orm(string_value = "in_progress")]
    InProgress,
    /// Finished.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Aborted by an error (`error_message`).
    #[sea_orm(string_value = "failed")]
    Failed,
}

impl ScheduleSyncStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Failed => "failed",
        }
    }
}

super::display_as_str!(AppointmentStatus, BookingStatus, ScheduleSyncStatus);
