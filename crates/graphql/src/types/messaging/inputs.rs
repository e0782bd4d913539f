//! Inputs and payloads of the messaging mutations (`mutations.rs`).

use async_graphql::{ID, InputObject, MaybeUndefined, SimpleObject};

use super::{OutboundEmail, RefillRequest};
use crate::enums::{MessagePriority, MessageStatus, RefillStatus};
use crate::payloads::{Changed, Create, Update};
use crate::scalars;

// ---------------------------------------------------------------------------------------------
// Outbound e-mails

/// The input of `scheduleOutboundEmail`, which schedules a discharge e-mail for a case (member or
/// above); it is queued in the case's clinic.
#[derive(InputObject)]
pub struct ScheduleOutboundEmailInput {
    pub case_id: ID,
    pub recipient_email: String,
    pub recipient_name: Option<String>,
    pub subject: String,
    /// At least one of `htmlContent` and `textContent`.
    pub html_content: Option<String>,
    pub text_content: Option<String>,
    pub scheduled_for: scalars::DateTime,
}

/// The result of `scheduleOutboundEmail`: the outbound email as it is after the change.
#[derive(SimpleObject)]
pub struct ScheduleOutboundEmailPayload {
    pub outbound_email: OutboundEmail,
}

/// Changes to an e-mail that is still queued; absent fields are left as they are.
#[derive(InputObject)]
pub struct UpdateOutboundEmailInput {
    pub id: ID,
    pub recipient_email: Option<String>,
    pub recipient_name: MaybeUndefined<String>,
    pub subject: Option<String>,
    pub html_content: MaybeUndefined<String>,
    pub text_content: MaybeUndefined<String>,
    pub scheduled_for: Option<scalars::DateTime>,
}

/// The result of `updateOutboundEmail` (`payloads::Changed`).
pub type UpdateOutboundEmailPayload = Changed<entity::outbound_emails::Entity, Update>;

/// The input of `cancelOutboundEmail`, which cancels a queued e-mail (member or above); the row is
/// kept with status `CANCELLED`.
#[derive(InputObject)]
pub struct CancelOutboundEmailInput {
    pub id: ID,
}

/// The result of `cancelOutboundEmail`: the outbound email as it is after the change.
#[derive(SimpleObject)]
pub struct CancelOutboundEmailPayload {
    pub outbound_email: OutboundEmail,
}

// ---------------------------------------------------------------------------------------------
// Clinic messages

/// The input of `createClinicMessage`, which notes a message for the clinic (member or above).
#[derive(InputObject)]
pub struct CreateClinicMessageInput {
    pub clinic_id: ID,
    /// The call the message was taken on (of the same clinic).
    pub inbound_call_id: Option<ID>,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    pub message_content: String,
    /// `voicemail` by default.
    pub message_type: Option<String>,
    /// `NORMAL` by default.
    pub priority: Option<MessagePriority>,
    /// A member of the clinic.
    pub assigned_to_user_id: Option<ID>,
}

/// The result of `createClinicMessage` (`payloads::Changed`).
pub type CreateClinicMessagePayload = Changed<entity::clinic_messages::Entity, Create>;

/// Triage of a message. `readAt` is set the first time the status leaves `NEW` (e.g. becomes
/// `READ`), and cleared when it is set back to `NEW` (marked unread).
#[derive(InputObject)]
pub struct UpdateClinicMessageInput {
    pub id: ID,
    pub status: Option<MessageStatus>,
    pub priority: Option<MessagePriority>,
    /// A member of the clinic; `null` unassigns.
    pub assigned_to_user_id: MaybeUndefined<ID>,
}

/// The result of `updateClinicMessage` (`payloads::Changed`).
pub type UpdateClinicMessagePayload = Changed<entity::clinic_messages::Entity, Update>;

// ---------------------------------------------------------------------------------------------
// Refill requests

/// The input of `createRefillRequest`, which records a refill request (member or above); it starts
/// `PENDING`.
#[derive(InputObject)]
pub struct CreateRefillRequestInput {
    pub clinic_id: ID,
    /// The call the request was taken on (of the same clinic).
    pub inbound_call_id: Option<ID>,
    pub client_name: Option<String>,
    pub client_phone: Option<String>,
    pub pet_name: Option<String>,
    pub species: Option<String>,
    pub medication_name: String,
    pub medication_strength: Option<String>,
    pub last_refill_date: Option<scalars::Date>,
    /// `pickup` by default.
    pub pharmacy_preference: Option<String>,
    pub pharmacy_name: Option<String>,
    pub pharmacy_phone: Option<String>,
    pub requires_exam: Option<bool>,
}

/// The result of `createRefillRequest` (`payloads::Changed`).
pub type CreateRefillRequestPayload = Changed<entity::refill_requests::Entity, Create>;

/// Absent fields are left as they are; `null` clears a field. Approval and denial go through
/// `approveRefillRequest` / `denyRefillRequest`.
#[derive(InputObject)]
pub struct UpdateRefillRequestInput {
    pub id: ID,
    pub client_name: MaybeUndefined<String>,
    pub client_phone: MaybeUndefined<String>,
    pub pet_name: MaybeUndefined<String>,
    pub species: MaybeUndefined<String>,
    pub medication_name: Option<String>,
    pub medication_strength: MaybeUndefined<String>,
    pub last_refill_date: MaybeUndefined<scalars::Date>,
    pub pharmacy_preference: MaybeUndefined<String>,
    pub pharmacy_name: MaybeUndefined<String>,
    pub pharmacy_phone: MaybeUndefined<String>,
    pub requires_exam: Option<bool>,
    pub vet_notes: MaybeUndefined<String>,
    /// `PENDING`, `COMPLETED` or `CANCELLED`.
    pub status: Option<RefillStatus>,
}

/// The result of `updateRefillRequest` (`payloads::Changed`).
pub type UpdateRefillRequestPayload = Changed<entity::refill_requests::Entity, Update>;

/// Approval of a pending refill request.
#[derive(InputObject)]
pub struct ApproveRefillRequestInput {
    pub id: ID,
    pub vet_notes: Option<String>,
}

/// The result of `approveRefillRequest`: the refill request as it is after the change.
#[derive(SimpleObject)]
pub struct ApproveRefillRequestPayload {
    pub refill_request: RefillRequest,
}

/// Denial of a pending refill request.
#[derive(InputObject)]
pub struct DenyRefillRequestInput {
    pub id: ID,
    /// Why the refill was denied (e.g. an exam is due).
    pub vet_notes: Option<String>,
}

/// The result of `denyRefillRequest`: the refill request as it is after the change.
#[derive(SimpleObject)]
pub struct DenyRefillRequestPayload {
    pub refill_request: RefillRequest,
}
