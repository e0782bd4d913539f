//! Enums of the communications tier for voice calls: call lifecycles, inbound outcomes and the
//! severity of attention flags raised by call analysis.

use std::cmp::Ordering;

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Lifecycle of an outbound (discharge follow-up) call (`outbound_calls.status`).
///
/// Note the hyphen in `in-progress` (VAPI's spelling).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum OutboundCallStatus {
    /// Scheduled, not yet dialled.
    #[sea_orm(string_value = "queued")]
    Queued,
    /// Call is live.
    #[sea_orm(string_value = "in-progress")]
    #[serde(rename = "in-progress")]
    InProgress,
    /// Call finished (see `ended_reason`).
    #[sea_orm(string_value = "ended")]
    Ended,
    /// Could not be placed.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Cancelled before dialling.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

impl OutboundCallStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::InProgress => "in-progress",
            Self::Ended => "ended",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Lifecycle of an inbound call (`inbound_calls.status`; defined by us, spec default `queued`).
///
/// Uses VAPI's spellings, hence the hyphen in `in-progress`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum InboundCallStatus {
    /// Received by VAPI, not yet ringing.
    #[sea_orm(string_value = "queued")]
    Queued,
    /// Ringing.
    #[sea_orm(string_value = "ringing")]
    Ringing,
    /// Call is live.
    #[sea_orm(string_value = "in-progress")]
    #[serde(rename = "in-progress")]
    InProgress,
    /// Being transferred to the clinic.
    #[sea_orm(string_value = "forwarding")]
    Forwarding,
    /// Call finished (see `ended_reason`).
    #[sea_orm(string_value = "ended")]
    Ended,
    /// Errored.
    #[sea_orm(string_value = "failed")]
    Failed,
}

impl InboundCallStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Ringing => "ringing",
            Self::InProgress => "in-progress",
            Self::Forwarding => "forwarding",
            Self::Ended => "ended",
            Self::Failed => "failed",
        }
    }
}

/// What an inbound call achieved (`inbound_calls.outcome`).
///
/// The spec lists `appointment_booked`, `message_taken`, `info_provided`, `transferred`,
/// `no_answer` "etc."; the remaining values complete the set.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum InboundCallOutcome {
    /// A new booking was made (`vapi_bookings`).
    #[sea_orm(string_value = "appointment_booked")]
    AppointmentBooked,
    /// An existing booking was moved.
    #[sea_orm(string_value = "appointment_rescheduled")]
    AppointmentRescheduled,
    /// An existing booking was cancelled.
    #[sea_orm(string_value = "appointment_cancelled")]
    AppointmentCancelled,
    /// A message was left (`clinic_messages`).
    #[sea_orm(string_value = "message_taken")]
    MessageTaken,
    /// A prescription refill was requested (`refill_requests`).
    #[sea_orm(string_value = "refill_requested")]
    RefillRequested,
    /// The caller's question was answered.
    #[sea_orm(string_value = "info_provided")]
    InfoProvided,
    /// Transferred to clinic staff.
    #[sea_orm(string_value = "transferred")]
    Transferred,
    /// Sent to an emergency clinic (`clinics.er_config`).
    #[sea_orm(string_value = "emergency_redirected")]
    EmergencyRedirected,
    /// Went to voicemail.
    #[sea_orm(string_value = "voicemail")]
    Voicemail,
    /// Caller hung up before anything was done.
    #[sea_orm(string_value = "hung_up")]
    HungUp,
    /// Nobody answered.
    #[sea_orm(string_value = "no_answer")]
    NoAnswer,
    /// Anything else.
    #[sea_orm(string_value = "other")]
    Other,
}

impl InboundCallOutcome {
    /// The database / wire string of this outcome.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AppointmentBooked => "appointment_booked",
            Self::AppointmentRescheduled => "appointment_rescheduled",
            Self::AppointmentCancelled => "appointment_cancelled",
            Self::MessageTaken => "message_taken",
            Self::RefillRequested => "refill_requested",
            Self::InfoProvided => "info_provided",
            Self::Transferred => "transferred",
            Self::EmergencyRedirected => "emergency_redirected",
            Self::Voicemail => "voicemail",
            Self::HungUp => "hung_up",
            Self::NoAnswer => "no_answer",
            Self::Other => "other",
        }
    }
}

/// How urgently a call needs staff attention (`call_analysis.attention_severity`; defined by us).
///
/// Ordered by severity (see [`AttentionSeverity::rank`]): `Low < Medium < High < Critical`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum AttentionSeverity {
    /// Informational.
    #[sea_orm(string_value = "low")]
    Low,
    /// Should be looked at today.
    #[sea_orm(string_value = "medium")]
    Medium,
    /// Should be looked at soon.
    #[sea_orm(string_value = "high")]
    High,
    /// Needs immediate action.
    #[sea_orm(string_value = "critical")]
    Critical,
}

impl AttentionSeverity {
    /// The database / wire string of this severity.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    /// Severity rank used by `Ord`: low = 0, medium = 1, high = 2, critical = 3.
    pub const fn rank(self) -> u8 {
        match self {
            Self::Low => 0,
            Self::Medium => 1,
            Self::High => 2,
            Self::Critical => 3,
        }
    }
}

impl PartialOrd for AttentionSeverity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Compares by severity ([`AttentionSeverity::rank`]): `Critical > High > Medium > Low`.
impl Ord for AttentionSeverity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

super::display_as_str!(
    OutboundCallStatus,
    InboundCallStatus,
    InboundCallOutcome,
    AttentionSeverity
);
