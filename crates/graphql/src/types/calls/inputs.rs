//! Inputs and payloads of the call mutations (`mutations.rs`).

use async_graphql::{ID, InputObject, MaybeUndefined, SimpleObject};

use super::{CallAnalysis, InboundCall, OutboundCall};
use crate::enums::{AttentionSeverity, InboundCallOutcome, InboundCallStatus, OutboundCallStatus};
use crate::payloads::{Changed, Update};
use crate::scalars;

// ---------------------------------------------------------------------------------------------
// Outbound calls

/// The input of `scheduleOutboundCall`, which schedules a discharge follow-up call for a case
/// (member or above); the call is queued in the case's clinic.
#[derive(InputObject)]
pub struct ScheduleOutboundCallInput {
    pub case_id: ID,
    pub customer_phone: String,
    pub scheduled_for: scalars::DateTime,
}

/// The result of `scheduleOutboundCall`: the outbound call as it is after the change.
#[derive(SimpleObject)]
pub struct ScheduleOutboundCallPayload {
    pub outbound_call: OutboundCall,
}

/// Staff changes to a call: reschedule or cancel it while it is queued, and file its review.
#[derive(InputObject)]
pub struct UpdateOutboundCallInput {
    pub id: ID,
    /// Only while the call is queued.
    pub scheduled_for: Option<scalars::DateTime>,
    pub review_category: MaybeUndefined<String>,
    /// Only `CANCELLED`, and only while the call is queued; the telephony webhook records the
    /// other statuses.
    pub status: Option<OutboundCallStatus>,
}

/// The result of `updateOutboundCall` (`payloads::Changed`).
pub type UpdateOutboundCallPayload = Changed<entity::outbound_calls::Entity, Update>;

/// What the telephony provider reported about a call; absent fields are left as they are.
#[derive(InputObject)]
pub struct RecordOutboundCallResultInput {
    pub id: ID,
    pub vapi_call_id: Option<String>,
    pub status: OutboundCallStatus,
    pub started_at: Option<scalars::DateTime>,
    pub ended_at: Option<scalars::DateTime>,
    pub ended_reason: Option<String>,
    pub duration_seconds: Option<i32>,
    pub cost: Option<scalars::Decimal>,
    pub recording_url: Option<String>,
    pub stereo_recording_url: Option<String>,
    pub transcript: Option<String>,
    pub cleaned_transcript: Option<String>,
    /// The provider's message list (a JSON array).
    pub transcript_messages: Option<scalars::Json>,
}

/// The result of `recordOutboundCallResult`: the outbound call as it is after the change.
#[derive(SimpleObject)]
pub struct RecordOutboundCallResultPayload {
    pub outbound_call: OutboundCall,
}

// ---------------------------------------------------------------------------------------------
// Inbound calls

/// A call the voice assistant answered, as the telephony webhook reports it.
#[derive(InputObject)]
pub struct RecordInboundCallInput {
    pub clinic_id: ID,
    /// The provider's call id; recording the same call twice answers CONFLICT.
    pub vapi_call_id: String,
    pub assistant_id: Option<String>,
    pub phone_number_id: Option<String>,
    pub customer_phone: Option<String>,
    pub call_type: Option<String>,
    pub status: Option<InboundCallStatus>,
    pub started_at: Option<scalars::DateTime>,
    pub ended_at: Option<scalars::DateTime>,
    pub ended_reason: Option<String>,
    pub duration_seconds: Option<i32>,
    pub cost: Option<scalars::Decimal>,
    pub recording_url: Option<String>,
    pub stereo_recording_url: Option<String>,
    pub transcript: Option<String>,
    pub transcript_messages: Option<scalars::Json>,
    pub cleaned_transcript: Option<String>,
    pub outcome: Option<InboundCallOutcome>,
    pub actions_taken: Option<scalars::Json>,
    pub extracted_caller_phone: Option<String>,
    pub extracted_caller_name: Option<String>,
    pub extracted_pet_name: Option<String>,
}

/// The result of `recordInboundCall`: the inbound call as it is after the change.
#[derive(SimpleObject)]
pub struct RecordInboundCallPayload {
    pub inbound_call: InboundCall,
}

/// The input of `updateInboundCall`, which confirms or corrects an inbound call's outcome and its
/// display transcript (member or above).
#[derive(InputObject)]
pub struct UpdateInboundCallInput {
    pub id: ID,
    pub outcome: MaybeUndefined<InboundCallOutcome>,
    pub action_confirmed: Option<bool>,
    /// A transcript edited for display (e.g. with phone numbers masked).
    pub display_transcript: MaybeUndefined<String>,
    pub use_display_transcript: Option<bool>,
}

/// The result of `updateInboundCall` (`payloads::Changed`).
pub type UpdateInboundCallPayload = Changed<entity::inbound_calls::Entity, Update>;

// ---------------------------------------------------------------------------------------------
// Call analyses

/// The analysis of one call: give exactly one of `inboundCallId` and `outboundCallId`. An
/// existing analysis of that call is updated (absent fields left as they are).
#[derive(InputObject)]
pub struct UpsertCallAnalysisInput {
    pub inbound_call_id: Option<ID>,
    pub outbound_call_id: Option<ID>,
    pub call_outcome: Option<String>,
    pub call_outcome_details: Option<scalars::Json>,
    pub pet_recovery_status: Option<String>,
    pub pet_health_details: Option<scalars::Json>,
    pub medication_compliance: Option<String>,
    pub medication_details: Option<scalars::Json>,
    pub owner_sentiment: Option<String>,
    pub owner_sentiment_details: Option<scalars::Json>,
    pub escalation_triggered: Option<bool>,
    pub escalation_details: Option<scalars::Json>,
    pub follow_up_needed: Option<bool>,
    pub follow_up_details: Option<scalars::Json>,
    pub attention_types: Option<Vec<String>>,
    pub attention_severity: Option<AttentionSeverity>,
    pub attention_summary: Option<String>,
    /// Defaults to now when a severity is first given.
    pub attention_flagged_at: Option<scalars::DateTime>,
    pub summary: Option<String>,
    pub success_evaluation: Option<String>,
    pub structured_data: Option<scalars::Json>,
}

/// The result of `upsertCallAnalysis`: the call's analysis as stored, and whether it was created
/// (true) or an existing one was updated (false).
#[derive(SimpleObject)]
pub struct UpsertCallAnalysisPayload {
    pub call_analysis: CallAnalysis,
    /// Whether a new analysis was created (false when the call's analysis was updated).
    pub created: bool,
}
