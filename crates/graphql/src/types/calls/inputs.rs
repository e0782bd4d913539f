//! Inputs and payloads of the call mutations (`mutations.rs`).

use async_graphql::{ID, InputObject, SimpleObject};

use super::CallAnalysis;
use crate::enums::AttentionSeverity;
use crate::scalars;

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
