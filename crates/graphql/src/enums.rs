//! GraphQL mirrors of the entity enums (the entity crate derives no GraphQL traits). Each is
//! declared with `remote`, so async-graphql generates the conversions both ways and a variant
//! added to an entity enum without its mirror fails to compile.

use async_graphql::Enum;

/// Mirror of `entity::enums::BatchStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::BatchStatus")]
pub enum BatchStatus {
    Pending,
    Processing,
    Completed,
    Partial,
    Failed,
    Cancelled,
}

/// Mirror of `entity::enums::BatchItemStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::BatchItemStatus")]
pub enum BatchItemStatus {
    Pending,
    Processing,
    Success,
    Failed,
    Skipped,
}

/// Mirror of `entity::enums::RunStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::RunStatus")]
pub enum RunStatus {
    Running,
    Completed,
    Failed,
}

/// Mirror of `entity::enums::ScheduledItemStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ScheduledItemStatus")]
pub enum ScheduledItemStatus {
    Scheduled,
    Sent,
    Cancelled,
    Failed,
}

/// Mirror of `entity::enums::OutboundCallStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::OutboundCallStatus")]
pub enum OutboundCallStatus {
    Queued,
    InProgress,
    Ended,
    Failed,
    Cancelled,
}

/// Mirror of `entity::enums::InboundCallStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::InboundCallStatus")]
pub enum InboundCallStatus {
    Queued,
    Ringing,
    InProgress,
    Forwarding,
    Ended,
    Failed,
}

/// Mirror of `entity::enums::InboundCallOutcome`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::InboundCallOutcome")]
pub enum InboundCallOutcome {
    AppointmentBooked,
    AppointmentRescheduled,
    AppointmentCancelled,
    MessageTaken,
    RefillRequested,
    InfoProvided,
    Transferred,
    EmergencyRedirected,
    Voicemail,
    HungUp,
    NoAnswer,
    Other,
}

/// Mirror of `entity::enums::AttentionSeverity`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::AttentionSeverity")]
pub enum AttentionSeverity {
    Low,
    Medium,
    High,
    Critical,
}

/// Mirror of `entity::enums::CaseStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::CaseStatus")]
pub enum CaseStatus {
    Draft,
    Ongoing,
    Reviewed,
    Completed,
}

/// Mirror of `entity::enums::CaseSource`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::CaseSource")]
pub enum CaseSource {
    Manual,
    PimsSync,
    Import,
}

/// Mirror of `entity::enums::ClinicRole`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ClinicRole")]
pub enum ClinicRole {
    Owner,
    Admin,
    Member,
    Viewer,
}

/// Mirror of `entity::enums::InvitationStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::InvitationStatus")]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Expired,
}

/// Mirror of `entity::enums::EmailStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::EmailStatus")]
pub enum EmailStatus {
    Queued,
    Sent,
    Delivered,
    Failed,
    Cancelled,
    Bounced,
}

/// Mirror of `entity::enums::MessageStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::MessageStatus")]
pub enum MessageStatus {
    New,
    Read,
    InProgress,
    Resolved,
    Archived,
}

/// Mirror of `entity::enums::MessagePriority`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::MessagePriority")]
pub enum MessagePriority {
    Low,
    Normal,
    High,
    Urgent,
}

/// Mirror of `entity::enums::RefillStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::RefillStatus")]
pub enum RefillStatus {
    Pending,
    Approved,
    Denied,
    Completed,
    Cancelled,
}

/// Mirror of `entity::enums::PimsType`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::PimsType")]
pub enum PimsType {
    IdexxNeo,
    IdexxAvimark,
    IdexxEzyvet,
    None,
}

/// Mirror of `entity::enums::PimsEntityType`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::PimsEntityType")]
pub enum PimsEntityType {
    Client,
    Patient,
    Provider,
    Appointment,
    Consultation,
}

/// Mirror of `entity::enums::SyncSessionType`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::SyncSessionType")]
pub enum SyncSessionType {
    Consultations,
    Appointments,
    Schedule,
    Full,
}

/// Mirror of `entity::enums::SyncStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::SyncStatus")]
pub enum SyncStatus {
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// Mirror of `entity::enums::AppointmentStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::AppointmentStatus")]
pub enum AppointmentStatus {
    Scheduled,
    Confirmed,
    CheckedIn,
    InProgress,
    Completed,
    Cancelled,
    NoShow,
}

/// Mirror of `entity::enums::BookingStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::BookingStatus")]
pub enum BookingStatus {
    Pending,
    Held,
    Confirmed,
    Rescheduled,
    Cancelled,
    Completed,
    NoShow,
}

/// Mirror of `entity::enums::ScheduleSyncStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ScheduleSyncStatus")]
pub enum ScheduleSyncStatus {
    InProgress,
    Completed,
    Failed,
}

/// Mirror of `entity::enums::WaitlistStatus`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::WaitlistStatus")]
pub enum WaitlistStatus {
    Waiting,
    Invited,
    Converted,
    Removed,
}
