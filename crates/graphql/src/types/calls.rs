//! Phone calls: discharge calls the clinic makes (`OutboundCall`), calls the voice assistant
//! answers (`InboundCall`), and the structured analysis of either (`CallAnalysis`). Their list
//! filters and orders are in `calls/filters.rs`, their mutations in `calls/mutations.rs`.

mod filters;
mod inputs;
mod mutations;

pub use filters::{
    CallAnalysisFilter, CallAnalysisOrder, InboundCallFilter, OutboundCallFilter, OutboundCallOrder,
};
pub use mutations::CallMutations;

use async_graphql::{Context, ID, Object};
use domain::Resource;
use domain::paging::SortOrder;
use entity::{
    call_analysis, cases, clinic_messages, inbound_calls, outbound_calls, refill_requests,
    vapi_bookings,
};

use super::bookings::{Booking, BookingFilter};
use super::cases::Case;
use super::messaging::{ClinicMessage, ClinicMessageFilter, RefillRequest, RefillRequestFilter};
use super::values::json;
use crate::connection::{List, child_list, window};
use crate::context::loaders;
use crate::enums::{AttentionSeverity, InboundCallOutcome, InboundCallStatus, OutboundCallStatus};
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;
use crate::scalars;

/// A discharge follow-up call placed for a case.
pub struct OutboundCall(pub outbound_calls::Model);

/// A discharge follow-up call placed for a case.
#[Object(guard = "ReadGuard::new(Resource::OutboundCalls, self.0.clinic_id)")]
impl OutboundCall {
    pub async fn id(&self) -> ID {
        ids::of(Resource::OutboundCalls, self.0.id)
    }
    async fn vapi_call_id(&self) -> Option<&str> {
        self.0.vapi_call_id.as_deref()
    }
    async fn assistant_id(&self) -> Option<&str> {
        self.0.assistant_id.as_deref()
    }
    async fn outbound_phone_number_id(&self) -> Option<&str> {
        self.0.outbound_phone_number_id.as_deref()
    }
    async fn customer_phone(&self) -> Option<&str> {
        self.0.customer_phone.as_deref()
    }
    async fn scheduled_for(&self) -> Option<scalars::DateTime> {
        self.0.scheduled_for.map(Into::into)
    }
    async fn qstash_message_id(&self) -> Option<&str> {
        self.0.qstash_message_id.as_deref()
    }
    async fn status(&self) -> Option<OutboundCallStatus> {
        self.0.status.map(Into::into)
    }
    async fn started_at(&self) -> Option<scalars::DateTime> {
        self.0.started_at.map(Into::into)
    }
    async fn ended_at(&self) -> Option<scalars::DateTime> {
        self.0.ended_at.map(Into::into)
    }
    async fn ended_reason(&self) -> Option<&str> {
        self.0.ended_reason.as_deref()
    }
    async fn duration_seconds(&self) -> Option<i32> {
        self.0.duration_seconds
    }
    async fn cost(&self) -> Option<scalars::Decimal> {
        self.0.cost.map(Into::into)
    }
    async fn recording_url(&self) -> Option<&str> {
        self.0.recording_url.as_deref()
    }
    async fn stereo_recording_url(&self) -> Option<&str> {
        self.0.stereo_recording_url.as_deref()
    }
    async fn transcript(&self) -> Option<&str> {
        self.0.transcript.as_deref()
    }
    async fn transcript_messages(&self) -> Option<scalars::Json> {
        json(&self.0.transcript_messages)
    }
    async fn cleaned_transcript(&self) -> Option<&str> {
        self.0.cleaned_transcript.as_deref()
    }
    async fn review_category(&self) -> Option<&str> {
        self.0.review_category.as_deref()
    }
    async fn metadata(&self) -> Option<scalars::Json> {
        json(&self.0.metadata)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
    async fn updated_at(&self) -> Option<scalars::DateTime> {
        self.0.updated_at.map(Into::into)
    }

    async fn case(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Case>> {
        Ok(loaders(ctx)?
            .one::<cases::Entity>(self.0.case_id)
            .await
            .gql()?
            .map(Case))
    }

    /// The analysis of the call, once the analysis job has produced it.
    async fn analysis(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CallAnalysis>> {
        let rows = loaders(ctx)?
            .children::<call_analysis::Entity>(call_analysis::Column::OutboundCallId, self.0.id)
            .await
            .gql()?;
        Ok(rows.into_iter().next().map(CallAnalysis))
    }
}

/// A call the clinic's voice assistant answered.
pub struct InboundCall(pub inbound_calls::Model);

/// A call the clinic's voice assistant answered.
#[Object(guard = "ReadGuard::new(Resource::InboundCalls, self.0.clinic_id)")]
impl InboundCall {
    pub async fn id(&self) -> ID {
        ids::of(Resource::InboundCalls, self.0.id)
    }
    async fn vapi_call_id(&self) -> &str {
        &self.0.vapi_call_id
    }
    async fn assistant_id(&self) -> Option<&str> {
        self.0.assistant_id.as_deref()
    }
    async fn phone_number_id(&self) -> Option<&str> {
        self.0.phone_number_id.as_deref()
    }
    async fn customer_phone(&self) -> Option<&str> {
        self.0.customer_phone.as_deref()
    }
    async fn call_type(&self) -> Option<&str> {
        self.0.r#type.as_deref()
    }
    async fn status(&self) -> Option<InboundCallStatus> {
        self.0.status.map(Into::into)
    }
    async fn started_at(&self) -> Option<scalars::DateTime> {
        self.0.started_at.map(Into::into)
    }
    async fn ended_at(&self) -> Option<scalars::DateTime> {
        self.0.ended_at.map(Into::into)
    }
    async fn ended_reason(&self) -> Option<&str> {
        self.0.ended_reason.as_deref()
    }
    async fn duration_seconds(&self) -> Option<i32> {
        self.0.duration_seconds
    }
    async fn cost(&self) -> Option<scalars::Decimal> {
        self.0.cost.map(Into::into)
    }
    async fn recording_url(&self) -> Option<&str> {
        self.0.recording_url.as_deref()
    }
    async fn stereo_recording_url(&self) -> Option<&str> {
        self.0.stereo_recording_url.as_deref()
    }
    async fn transcript(&self) -> Option<&str> {
        self.0.transcript.as_deref()
    }
    async fn transcript_messages(&self) -> Option<scalars::Json> {
        json(&self.0.transcript_messages)
    }
    async fn cleaned_transcript(&self) -> Option<&str> {
        self.0.cleaned_transcript.as_deref()
    }
    async fn display_transcript(&self) -> Option<&str> {
        self.0.display_transcript.as_deref()
    }
    async fn use_display_transcript(&self) -> Option<bool> {
        self.0.use_display_transcript
    }
    async fn outcome(&self) -> Option<InboundCallOutcome> {
        self.0.outcome.map(Into::into)
    }
    async fn actions_taken(&self) -> Option<scalars::Json> {
        json(&self.0.actions_taken)
    }
    async fn action_confirmed(&self) -> Option<bool> {
        self.0.action_confirmed
    }
    async fn extracted_caller_phone(&self) -> Option<&str> {
        self.0.extracted_caller_phone.as_deref()
    }
    async fn extracted_caller_name(&self) -> Option<&str> {
        self.0.extracted_caller_name.as_deref()
    }
    async fn extracted_pet_name(&self) -> Option<&str> {
        self.0.extracted_pet_name.as_deref()
    }
    async fn metadata(&self) -> Option<scalars::Json> {
        json(&self.0.metadata)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
    async fn updated_at(&self) -> Option<scalars::DateTime> {
        self.0.updated_at.map(Into::into)
    }

    /// The analysis of the call, once the analysis job has produced it.
    async fn analysis(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CallAnalysis>> {
        let rows = loaders(ctx)?
            .children::<call_analysis::Entity>(call_analysis::Column::InboundCallId, self.0.id)
            .await
            .gql()?;
        Ok(rows.into_iter().next().map(CallAnalysis))
    }

    /// Messages taken on the call, newest first.
    async fn messages(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<ClinicMessageFilter>,
    ) -> async_graphql::Result<List<ClinicMessage>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = SortOrder {
            column: clinic_messages::Column::CreatedAt,
            descending: true,
        };
        let window = window(first, after, last, before)?;
        child_list::<clinic_messages::Entity, _>(
            ctx,
            clinic_messages::Column::InboundCallId,
            self.0.id,
            filter,
            order,
            window,
            ClinicMessage,
        )
        .await
    }

    /// Appointments the voice assistant booked on the call, in start order.
    async fn bookings(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<BookingFilter>,
    ) -> async_graphql::Result<List<Booking>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = SortOrder {
            column: vapi_bookings::Column::StartsAt,
            descending: false,
        };
        let window = window(first, after, last, before)?;
        child_list::<vapi_bookings::Entity, _>(
            ctx,
            vapi_bookings::Column::InboundCallId,
            self.0.id,
            filter,
            order,
            window,
            Booking,
        )
        .await
    }

    /// Refill requests taken on the call, newest first.
    async fn refill_requests(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<RefillRequestFilter>,
    ) -> async_graphql::Result<List<RefillRequest>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = SortOrder {
            column: refill_requests::Column::CreatedAt,
            descending: true,
        };
        let window = window(first, after, last, before)?;
        child_list::<refill_requests::Entity, _>(
            ctx,
            refill_requests::Column::InboundCallId,
            self.0.id,
            filter,
            order,
            window,
            RefillRequest,
        )
        .await
    }
}

/// What a call revealed: outcome, the pet's recovery, medication compliance, sentiment, and
/// whether staff attention is needed.
pub struct CallAnalysis(pub call_analysis::Model);

/// What a call revealed: outcome, the pet's recovery, medication compliance, sentiment, and
/// whether staff attention is needed.
#[Object(guard = "ReadGuard::new(Resource::CallAnalysis, self.0.clinic_id)")]
impl CallAnalysis {
    pub async fn id(&self) -> ID {
        ids::of(Resource::CallAnalysis, self.0.id)
    }
    async fn call_outcome(&self) -> Option<&str> {
        self.0.call_outcome.as_deref()
    }
    async fn call_outcome_details(&self) -> Option<scalars::Json> {
        json(&self.0.call_outcome_details)
    }
    async fn pet_recovery_status(&self) -> Option<&str> {
        self.0.pet_recovery_status.as_deref()
    }
    async fn pet_health_details(&self) -> Option<scalars::Json> {
        json(&self.0.pet_health_details)
    }
    async fn medication_compliance(&self) -> Option<&str> {
        self.0.medication_compliance.as_deref()
    }
    async fn medication_details(&self) -> Option<scalars::Json> {
        json(&self.0.medication_details)
    }
    async fn owner_sentiment(&self) -> Option<&str> {
        self.0.owner_sentiment.as_deref()
    }
    async fn owner_sentiment_details(&self) -> Option<scalars::Json> {
        json(&self.0.owner_sentiment_details)
    }
    async fn escalation_triggered(&self) -> Option<bool> {
        self.0.escalation_triggered
    }
    async fn escalation_details(&self) -> Option<scalars::Json> {
        json(&self.0.escalation_details)
    }
    async fn follow_up_needed(&self) -> Option<bool> {
        self.0.follow_up_needed
    }
    async fn follow_up_details(&self) -> Option<scalars::Json> {
        json(&self.0.follow_up_details)
    }
    async fn attention_types(&self) -> Option<&[String]> {
        self.0.attention_types.as_deref()
    }
    async fn attention_severity(&self) -> Option<AttentionSeverity> {
        self.0.attention_severity.map(Into::into)
    }
    async fn attention_summary(&self) -> Option<&str> {
        self.0.attention_summary.as_deref()
    }
    async fn attention_flagged_at(&self) -> Option<scalars::DateTime> {
        self.0.attention_flagged_at.map(Into::into)
    }
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }
    async fn success_evaluation(&self) -> Option<&str> {
        self.0.success_evaluation.as_deref()
    }
    async fn structured_data(&self) -> Option<scalars::Json> {
        json(&self.0.structured_data)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }

    /// The analysed call, when it was an inbound call.
    async fn inbound_call(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<InboundCall>> {
        let Some(id) = self.0.inbound_call_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<inbound_calls::Entity>(id)
            .await
            .gql()?
            .map(InboundCall))
    }

    /// The analysed call, when it was an outbound call.
    async fn outbound_call(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<OutboundCall>> {
        let Some(id) = self.0.outbound_call_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<outbound_calls::Entity>(id)
            .await
            .gql()?
            .map(OutboundCall))
    }
}
