//! GraphQL mirrors of the entity enums (the entity crate derives no GraphQL traits). Each is
//! declared with `remote`, so async-graphql generates the conversions both ways and a variant
//! added to an entity enum without its mirror fails to compile. The doc comments are the
//! schema's descriptions, written for client developers.

use async_graphql::registry::Registry;
use async_graphql::{Enum, EnumType, InputType};

/// The progress of a discharge batch: a set of discharged cases whose follow-up e-mails and calls
/// are scheduled together (`DischargeBatch.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::BatchStatus")]
pub enum BatchStatus {
    /// Created; no case has been processed yet.
    Pending,
    /// Its cases are being processed (follow-ups being scheduled).
    Processing,
    /// Every case was processed successfully or deliberately skipped.
    Completed,
    /// Finished, but some cases failed; see the failed items and `errorSummary`.
    Partial,
    /// Aborted, or every case failed.
    Failed,
    /// Stopped on request before it finished.
    Cancelled,
}

/// The progress of one case within a discharge batch (`DischargeBatchItem.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::BatchItemStatus")]
pub enum BatchItemStatus {
    /// Not processed yet.
    Pending,
    /// Being processed now.
    Processing,
    /// The follow-up e-mail and/or call for this case was scheduled.
    Success,
    /// Could not be processed; `errorMessage` says why.
    Failed,
    /// Deliberately not processed (for example, follow-ups are off for the case).
    Skipped,
}

/// The progress of an auto-scheduling run: one pass of the automation that schedules discharge
/// follow-up e-mails and calls for a clinic's eligible cases (`AutoSchedulingRun.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::RunStatus")]
pub enum RunStatus {
    /// The run is in progress.
    Running,
    /// The run finished.
    Completed,
    /// The run stopped on an error; `errorMessage` says which.
    Failed,
}

/// The state of one follow-up e-mail or call that auto-scheduling planned for a case
/// (`AutoScheduledItem.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ScheduledItemStatus")]
pub enum ScheduledItemStatus {
    /// Waiting for its scheduled time.
    Scheduled,
    /// The e-mail was sent or the call was placed.
    Sent,
    /// Cancelled before it was sent; the item records who cancelled it and why.
    Cancelled,
    /// Could not be sent or placed.
    Failed,
}

/// The lifecycle of an outbound call: a discharge follow-up call the voice assistant places to a
/// pet owner (`OutboundCall.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::OutboundCallStatus")]
pub enum OutboundCallStatus {
    /// Scheduled and waiting to be dialled.
    Queued,
    /// The call is live.
    InProgress,
    /// The call finished; `endedReason` says how.
    Ended,
    /// The call could not be placed.
    Failed,
    /// Cancelled before it was dialled.
    Cancelled,
}

/// The lifecycle of an inbound call: a call from a pet owner answered by the clinic's voice
/// assistant (`InboundCall.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::InboundCallStatus")]
pub enum InboundCallStatus {
    /// Received by the telephony provider, not ringing yet.
    Queued,
    /// Ringing.
    Ringing,
    /// The caller is talking to the voice assistant.
    InProgress,
    /// Being transferred to the clinic's staff.
    Forwarding,
    /// The call finished; `endedReason` says how.
    Ended,
    /// The call failed with an error.
    Failed,
}

/// What an inbound call to the voice assistant achieved (`InboundCall.outcome`); used to filter
/// calls and in dashboard counts.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::InboundCallOutcome")]
pub enum InboundCallOutcome {
    /// The voice assistant booked a new appointment (see `Booking`).
    AppointmentBooked,
    /// An existing booking was moved to another time.
    AppointmentRescheduled,
    /// An existing booking was cancelled.
    AppointmentCancelled,
    /// The caller left a message for the clinic (see `ClinicMessage`).
    MessageTaken,
    /// The caller asked for a prescription refill (see `RefillRequest`).
    RefillRequested,
    /// The caller's question was answered; nothing was booked or recorded.
    InfoProvided,
    /// The call was transferred to clinic staff.
    Transferred,
    /// The caller was sent to an emergency clinic, following the clinic's emergency settings.
    EmergencyRedirected,
    /// The call went to voicemail.
    Voicemail,
    /// The caller hung up before anything was done.
    HungUp,
    /// Nobody answered.
    NoAnswer,
    /// Any other outcome.
    Other,
}

/// How urgently a call needs a staff member's attention, as judged by the analysis of the call
/// (`CallAnalysis.attentionSeverity`). From least to most urgent: `LOW`, `MEDIUM`, `HIGH`,
/// `CRITICAL`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::AttentionSeverity")]
pub enum AttentionSeverity {
    /// Informational; no action needed soon.
    Low,
    /// Worth a look within the working day.
    Medium,
    /// Needs attention soon (for example, a worrying symptom or an unhappy owner).
    High,
    /// Needs attention now (for example, a possible emergency).
    Critical,
}

/// The workflow status of a case: one patient visit or discharge that the clinic follows up on
/// (`Case.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::CaseStatus")]
pub enum CaseStatus {
    /// Being written; no follow-up yet.
    Draft,
    /// Follow-up is active (e-mails and calls may be scheduled).
    Ongoing,
    /// Reviewed by staff.
    Reviewed,
    /// Closed; no more follow-up.
    Completed,
}

/// How a case entered the system (`Case.source`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::CaseSource")]
pub enum CaseSource {
    /// Created by a user in the app or through this API.
    Manual,
    /// Created by a sync from the clinic's practice management system (PIMS).
    PimsSync,
    /// Created by a bulk import.
    Import,
}

/// A user's role in one clinic, which decides what they may see and change (memberships and
/// invitations). From most to least privileged: `OWNER`, `ADMIN`, `MEMBER`, `VIEWER`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ClinicRole")]
pub enum ClinicRole {
    /// Full control of the clinic, including billing and deleting it.
    Owner,
    /// Manages members and settings.
    Admin,
    /// Regular staff access: works with cases, calls, messages and the schedule.
    Member,
    /// Read-only access.
    Viewer,
}

/// The state of an invitation to join a clinic (`Invitation.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::InvitationStatus")]
pub enum InvitationStatus {
    /// Sent and not yet accepted.
    Pending,
    /// The invitee accepted and became a member.
    Accepted,
    /// Not accepted before it expired.
    Expired,
}

/// The lifecycle of an outbound e-mail, such as a discharge follow-up e-mail to a pet owner
/// (`OutboundEmail.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::EmailStatus")]
pub enum EmailStatus {
    /// Scheduled and not yet handed to the e-mail provider.
    Queued,
    /// Claimed by a sending worker (`claimDueOutboundEmails`); not yet accepted by the provider.
    Sending,
    /// Accepted by the e-mail provider.
    Sent,
    /// Delivery to the recipient was confirmed.
    Delivered,
    /// Could not be sent.
    Failed,
    /// Cancelled before it was sent.
    Cancelled,
    /// Rejected by the recipient's mail server.
    Bounced,
}

/// How far staff have handled a message left for the clinic, for example through the voice
/// assistant (`ClinicMessage.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::MessageStatus")]
pub enum MessageStatus {
    /// Not opened yet.
    New,
    /// Opened by a staff member.
    Read,
    /// Being handled.
    InProgress,
    /// Handled.
    Resolved,
    /// Hidden from the inbox.
    Archived,
}

/// How soon a message left for the clinic should be handled (`ClinicMessage.priority`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::MessagePriority")]
pub enum MessagePriority {
    /// Can wait.
    Low,
    /// The default.
    Normal,
    /// Handle soon.
    High,
    /// Handle now.
    Urgent,
}

/// The lifecycle of a prescription refill request from a pet owner (`RefillRequest.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::RefillStatus")]
pub enum RefillStatus {
    /// Waiting for a veterinarian's decision.
    Pending,
    /// Approved by a veterinarian.
    Approved,
    /// Denied (for example, the patient needs an exam first).
    Denied,
    /// Filled, or picked up by the owner.
    Completed,
    /// Withdrawn.
    Cancelled,
}

/// The practice management system (PIMS) a clinic uses; its appointments, clients, patients and
/// consultations are synced from it.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::PimsType")]
pub enum PimsType {
    /// IDEXX Neo.
    IdexxNeo,
    /// IDEXX Cornerstone / AVImark.
    IdexxAvimark,
    /// IDEXX ezyVet.
    IdexxEzyvet,
    /// No practice management system is connected.
    None,
}

/// The kind of record a PIMS mapping links to its counterpart in the clinic's practice management
/// system (`PimsMapping.entityType`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::PimsEntityType")]
pub enum PimsEntityType {
    /// A client (pet owner).
    Client,
    /// A patient (pet).
    Patient,
    /// A provider (veterinarian or other staff who sees patients).
    Provider,
    /// An appointment on the schedule.
    Appointment,
    /// A consultation, which becomes a case here.
    Consultation,
}

/// What a PIMS sync session pulls from the clinic's practice management system
/// (`PimsSyncSession.sessionType`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::SyncSessionType")]
pub enum SyncSessionType {
    /// Consultations, which become cases.
    Consultations,
    /// Appointments.
    Appointments,
    /// The schedule: providers' availability.
    Schedule,
    /// Everything.
    Full,
}

/// The lifecycle of a PIMS sync session (`PimsSyncSession.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::SyncStatus")]
pub enum SyncStatus {
    /// Created, not started.
    Pending,
    /// In progress.
    Running,
    /// Finished, possibly with some failed items (`itemsFailed`).
    Completed,
    /// Stopped on an error.
    Failed,
    /// Stopped on request.
    Cancelled,
}

/// The status of an appointment on the clinic's schedule, as the practice management system reports
/// it (`Appointment.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::AppointmentStatus")]
pub enum AppointmentStatus {
    /// Booked.
    Scheduled,
    /// Confirmed by the client.
    Confirmed,
    /// The patient has arrived.
    CheckedIn,
    /// The patient is being seen.
    InProgress,
    /// The visit is over.
    Completed,
    /// Cancelled.
    Cancelled,
    /// The client did not come.
    NoShow,
}

/// The lifecycle of a booking made by the voice assistant during a call (`Booking.status`).
/// `PENDING`, `HELD` and `CONFIRMED` bookings occupy their time slot; overlapping ones are flagged
/// with `hasConflict`.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::BookingStatus")]
pub enum BookingStatus {
    /// Requested; not yet held or confirmed.
    Pending,
    /// The slot is held until `holdExpiresAt`.
    Held,
    /// Confirmed.
    Confirmed,
    /// Replaced by a booking at another time, which points back to this one.
    Rescheduled,
    /// Cancelled.
    Cancelled,
    /// The visit took place.
    Completed,
    /// The client did not come.
    NoShow,
}

/// The status of a schedule sync: one pull of the clinic's appointments from its practice
/// management system (`ScheduleSync.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ScheduleSyncStatus")]
pub enum ScheduleSyncStatus {
    /// Running.
    InProgress,
    /// Finished.
    Completed,
    /// Stopped on an error; `errorMessage` says which.
    Failed,
}

/// The state of a signup on the product's waitlist (`WaitlistSignup.status`).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::WaitlistStatus")]
pub enum WaitlistStatus {
    /// On the waitlist.
    Waiting,
    /// Invited to sign up.
    Invited,
    /// Became a customer.
    Converted,
    /// Taken off the waitlist.
    Removed,
}

/// A mirror found by its GraphQL name (a column declared `shown_as` it, a filter on that
/// column): how to register it, and which stored value each of its items stands for.
pub struct Mirror {
    pub name: &'static str,
    register: fn(&mut Registry) -> String,
    items: fn() -> Vec<(&'static str, &'static str)>,
}

impl Mirror {
    /// Registers the enum; its name.
    pub fn register(&self, registry: &mut Registry) -> &'static str {
        (self.register)(registry);
        self.name
    }

    /// Each item's name with the value stored for it (`IN_PROGRESS`, `in-progress`).
    pub fn items(&self) -> Vec<(&'static str, &'static str)> {
        (self.items)()
    }

    /// The value stored for `item`.
    pub fn stored(&self, item: &str) -> Option<&'static str> {
        self.items()
            .into_iter()
            .find(|(name, _)| *name == item)
            .map(|(_, stored)| stored)
    }
}

/// The mirror named `name` (a declaration naming an enum that is not here fails the schema
/// build, so a test catches it).
pub fn mirror(name: &str) -> Option<&'static Mirror> {
    MIRRORS.iter().find(|m| m.name == name)
}

macro_rules! mirrors {
    ($($mirror:ident),* $(,)?) => {
        /// Every mirror above.
        pub const MIRRORS: &[Mirror] = &[$(Mirror {
            name: stringify!($mirror),
            register: |registry| <$mirror as InputType>::create_type_info(registry),
            items: || {
                <$mirror as EnumType>::items()
                    .iter()
                    .map(|item| (item.name, entity::enums::$mirror::from(item.value).as_str()))
                    .collect()
            },
        }),*];
    };
}

mirrors!(
    BatchStatus,
    BatchItemStatus,
    RunStatus,
    ScheduledItemStatus,
    OutboundCallStatus,
    InboundCallStatus,
    InboundCallOutcome,
    AttentionSeverity,
    CaseStatus,
    CaseSource,
    ClinicRole,
    InvitationStatus,
    EmailStatus,
    MessageStatus,
    MessagePriority,
    RefillStatus,
    PimsType,
    PimsEntityType,
    SyncSessionType,
    SyncStatus,
    AppointmentStatus,
    BookingStatus,
    ScheduleSyncStatus,
    WaitlistStatus,
);
