//! Inputs and payloads of the messaging mutations (`mutations.rs`).

use async_graphql::{ID, InputObject, MaybeUndefined, SimpleObject};

use super::{OutboundEmail, RefillRequest};
use crate::payloads::{Changed, Update};
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
// Refill requests

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
