//! Enums of the communications tier for written messages: emails, clinic messages and refill
//! requests (all defined by us; the spec only gives defaults).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Lifecycle of an outbound email (`outbound_emails.status`; spec default `queued`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum EmailStatus {
    /// Scheduled, not yet handed to the provider.
    #[sea_orm(string_value = "queued")]
    Queued,
    /// Claimed by a sending worker (`claimDueOutboundEmails`), not yet accepted by the provider.
    #[sea_orm(string_value = "sending")]
    Sending,
    /// Accepted by the email provider.
    #[sea_orm(string_value = "sent")]
    Sent,
    /// Delivery confirmed.
    #[sea_orm(string_value = "delivered")]
    Delivered,
    /// Could not be sent.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Cancelled before sending.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
    /// Rejected by the recipient's server.
    #[sea_orm(string_value = "bounced")]
    Bounced,
}

impl EmailStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Bounced => "bounced",
        }
    }
}

/// Handling state of a clinic message (`clinic_messages.status`; spec default `new`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    /// Not yet opened.
    #[sea_orm(string_value = "new")]
    New,
    /// Opened by staff.
    #[sea_orm(string_value = "read")]
    Read,
    /// Being handled.
    #[sea_orm(string_value = "in_progress")]
    InProgress,
    /// Handled.
    #[sea_orm(string_value = "resolved")]
    Resolved,
    /// Hidden from the inbox.
    #[sea_orm(string_value = "archived")]
    Archived,
}

impl MessageStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Read => "read",
            Self::InProgress => "in_progress",
            Self::Resolved => "resolved",
            Self::Archived => "archived",
        }
    }
}

/// Priority of a clinic message (`clinic_messages.priority`; spec default `normal`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum MessagePriority {
    /// Can wait.
    #[sea_orm(string_value = "low")]
    Low,
    /// Default.
    #[sea_orm(string_value = "normal")]
    Normal,
    /// Handle soon.
    #[sea_orm(string_value = "high")]
    High,
    /// Handle now.
    #[sea_orm(string_value = "urgent")]
    Urgent,
}

impl MessagePriority {
    /// The database / wire string of this priority.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
            Self::Urgent => "urgent",
        }
    }
}

/// Lifecycle of a prescription refill request (`refill_requests.status`; spec default `pending`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum RefillStatus {
    /// Awaiting a vet's decision.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Approved by a vet (`approved_by`).
    #[sea_orm(string_value = "approved")]
    Approved,
    /// Denied (e.g. an exam is required).
    #[sea_orm(string_value = "denied")]
    Denied,
    /// Filled / picked up.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Withdrawn.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

impl RefillStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Denied => "denied",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }
}

super::display_as_str!(EmailStatus, MessageStatus, MessagePriority, RefillStatus);
