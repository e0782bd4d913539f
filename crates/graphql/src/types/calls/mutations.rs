//! Mutations of calls and their analyses. Staff schedule, review and cancel outbound calls and
//! confirm inbound call outcomes; what happened on a call (its result, an inbound call, an
//! analysis) is recorded by the service principal (telephony webhook, analysis job).

use async_graphql::{Context, Object};
use chrono::{DateTime, Utc};
use domain::Resource;
use domain::{Action, DomainError, validate};
use entity::{call_analysis, inbound_calls, outbound_calls};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, Condition, NotSet, Set};
use uuid::Uuid;

use super::inputs::*;
use super::{CallAnalysis, InboundCall, OutboundCall};
use crate::context::session;
use crate::enums::OutboundCallStatus;
use crate::errors::{GqlResult, to_gql};
use crate::ids;
use crate::inputs::set_maybe;
use crate::scalars::{self, Inner};
use crate::types::clinical::{case_for, non_negative_decimal};

// ---------------------------------------------------------------------------------------------
// Checks

/// Records of what happened on a call come from the telephony webhook or the analysis job. The
/// policy table lets members update outbound calls (to review and cancel them), so the result
/// fields need this extra check; it answers the same for every id, so it reveals nothing.
fn service_only(ctx: &Context<'_>, what: &str) -> async_graphql::Result<()> {
    if session(ctx)?.principal().is_service() {
        Ok(())
    } else {
        Err(to_gql(&DomainError::forbidden(format!(
            "{what} is recorded by the service only"
        ))))
    }
}

fn json_array(field: &str, value: &Option<scalars::Json>) -> Result<(), DomainError> {
    match value {
        Some(scalars::Json(v)) if !v.is_array() => {
            Err(DomainError::bad_input(field, "must be a JSON array"))
        }
        _ => Ok(()),
    }
}

/// The common checks on what a call record reports.
fn check_call_record(
    started_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
    duration_seconds: Option<i32>,
    cost: Option<Decimal>,
    transcript_messages: &Option<scalars::Json>,
) -> Result<(), DomainError> {
    if let (Some(start), Some(end)) = (started_at, ended_at)
        && end < start
    {
        return Err(DomainError::bad_input(
            "input.endedAt",
            "must not be before startedAt",
        ));
    }
    validate::non_negative("input.durationSeconds", duration_seconds)?;
    non_negative_decimal("input.cost", cost)?;
    json_array("input.transcriptMessages", transcript_messages)
}

fn some<T>(v: Option<T>) -> sea_orm::ActiveValue<Option<T>>
where
    T: Into<sea_orm::Value>,
    Option<T>: Into<sea_orm::Value>,
{
    v.map_or(NotSet, |v| Set(Some(v)))
}

fn some_json(v: Option<scalars::Json>) -> sea_orm::ActiveValue<Option<serde_json::Value>> {
    v.map_or(NotSet, |scalars::Json(v)| Set(Some(v)))
}

/// Sets the analysis fields the input gives on a new or an existing row.
fn apply_analysis(row: &mut call_analysis::ActiveModel, input: UpsertCallAnalysisInput) {
    let keep = |field: &mut sea_orm::ActiveValue<Option<String>>, v: Option<String>| {
        if let Some(v) = v {
            *field = Set(Some(v));
        }
    };
    let keep_json = |field: &mut sea_orm::ActiveValue<Option<serde_json::Value>>,
                     v: Option<scalars::Json>| {
        if let Some(scalars::Json(v)) = v {
            *field = Set(Some(v));
        }
    };
    keep(&mut row.call_outcome, input.call_outcome);
    keep_json(&mut row.call_outcome_details, input.call_outcome_details);
    keep(&mut row.pet_recovery_status, input.pet_recovery_status);
    keep_json(&mut row.pet_health_details, input.pet_health_details);
    keep(&mut row.medication_compliance, input.medication_compliance);
    keep_json(&mut row.medication_details, input.medication_details);
    keep(&mut row.owner_sentiment, input.owner_sentiment);
    keep_json(
        &mut row.owner_sentiment_details,
        input.owner_sentiment_details,
    );
    keep_json(&mut row.escalation_details, input.escalation_details);
    keep_json(&mut row.follow_up_details, input.follow_up_details);
    keep(&mut row.attention_summary, input.attention_summary);
    keep(&mut row.summary, input.summary);
    keep(&mut row.success_evaluation, input.success_evaluation);
    keep_json(&mut row.structured_data, input.structured_data);
    if let Some(v) = input.escalation_triggered {
        row.escalation_triggered = Set(Some(v));
    }
    if let Some(v) = input.follow_up_needed {
        row.follow_up_needed = Set(Some(v));
    }
    if let Some(v) = input.attention_types {
        row.attention_types = Set(Some(v));
    }
    let already_flagged = row
        .attention_flagged_at
        .try_as_ref()
        .copied()
        .flatten()
        .is_some();
    if let Some(severity) = input.attention_severity {
        row.attention_severity = Set(Some(severity.into()));
        if input.attention_flagged_at.is_none() && !already_flagged {
            row.attention_flagged_at = Set(Some(Utc::now()));
        }
    }
    if let Some(at) = input.attention_flagged_at {
        row.attention_flagged_at = Set(Some(at.into()));
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations

#[derive(Default)]
pub struct CallMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl CallMutations {
    /// Schedules a discharge follow-up call for a case (member or above); the call is queued
    /// in the case's clinic.
    async fn schedule_outbound_call(
        &self,
        ctx: &Context<'_>,
        input: ScheduleOutboundCallInput,
    ) -> async_graphql::Result<ScheduleOutboundCallPayload> {
        let case_id = ids::decode_as(&input.case_id, Resource::Cases).gql()?;
        validate::required("input.customerPhone", &input.customer_phone).gql()?;
        validate::phone("input.customerPhone", Some(&input.customer_phone)).gql()?;
        let call = session(ctx)?
            .atomically(async |w| {
                let case = case_for(w, case_id, "input.caseId").await?;
                w.insert(outbound_calls::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(case.clinic_id),
                    case_id: Set(case.id),
                    customer_phone: Set(Some(input.customer_phone.trim().to_owned())),
                    scheduled_for: Set(Some(input.scheduled_for.inner())),
                    status: Set(Some(entity::enums::OutboundCallStatus::Queued)),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(ScheduleOutboundCallPayload {
            outbound_call: OutboundCall::new(call),
        })
    }

    /// Reschedules, cancels or files the review of a call (member or above).
    async fn update_outbound_call(
        &self,
        ctx: &Context<'_>,
        input: UpdateOutboundCallInput,
    ) -> async_graphql::Result<UpdateOutboundCallPayload> {
        let id = ids::decode_as(&input.id, Resource::OutboundCalls).gql()?;
        if input
            .status
            .is_some_and(|s| s != OutboundCallStatus::Cancelled)
        {
            return Err(to_gql(&DomainError::bad_input(
                "input.status",
                "staff may only set CANCELLED",
            )));
        }
        validate::optional_text(
            "input.reviewCategory",
            input.review_category.as_opt_deref().flatten(),
        )
        .gql()?;
        let (_, call) = session(ctx)?
            .atomically(async |w| {
                w.update::<outbound_calls::Entity, outbound_calls::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        let queued = row.status.try_as_ref().copied().flatten()
                            == Some(entity::enums::OutboundCallStatus::Queued);
                        if let Some(at) = input.scheduled_for {
                            if !queued {
                                return Err(DomainError::bad_input(
                                    "input.scheduledFor",
                                    "only a queued call can be rescheduled",
                                ));
                            }
                            row.scheduled_for = Set(Some(at.into()));
                        }
                        if let Some(status) = input.status {
                            if !queued {
                                return Err(DomainError::bad_input(
                                    "input.status",
                                    "only a queued call can be cancelled",
                                ));
                            }
                            row.status = Set(Some(status.into()));
                        }
                        set_maybe(&mut row.review_category, input.review_category);
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateOutboundCallPayload::new(OutboundCall::new(call)))
    }

    /// Records what happened on a call (service only, for the telephony webhook).
    async fn record_outbound_call_result(
        &self,
        ctx: &Context<'_>,
        input: RecordOutboundCallResultInput,
    ) -> async_graphql::Result<RecordOutboundCallResultPayload> {
        service_only(ctx, "a call's result")?;
        let id = ids::decode_as(&input.id, Resource::OutboundCalls).gql()?;
        check_call_record(
            input.started_at.inner(),
            input.ended_at.inner(),
            input.duration_seconds,
            input.cost.inner(),
            &input.transcript_messages,
        )
        .gql()?;
        validate::optional_text("input.vapiCallId", input.vapi_call_id.as_deref()).gql()?;
        let (_, call) = session(ctx)?
            .atomically(async |w| {
                w.update::<outbound_calls::Entity, outbound_calls::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        row.status = Set(Some(input.status.into()));
                        if input.vapi_call_id.is_some() {
                            row.vapi_call_id = some(input.vapi_call_id);
                        }
                        for (field, value) in [
                            (&mut row.ended_reason, input.ended_reason),
                            (&mut row.recording_url, input.recording_url),
                            (&mut row.stereo_recording_url, input.stereo_recording_url),
                            (&mut row.transcript, input.transcript),
                            (&mut row.cleaned_transcript, input.cleaned_transcript),
                        ] {
                            if value.is_some() {
                                *field = Set(value);
                            }
                        }
                        if input.started_at.is_some() {
                            row.started_at = Set(input.started_at.inner());
                        }
                        if input.ended_at.is_some() {
                            row.ended_at = Set(input.ended_at.inner());
                        }
                        if input.duration_seconds.is_some() {
                            row.duration_seconds = Set(input.duration_seconds);
                        }
                        if input.cost.is_some() {
                            row.cost = Set(input.cost.inner());
                        }
                        if let Some(scalars::Json(messages)) = input.transcript_messages {
                            row.transcript_messages = Set(Some(messages));
                        }
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(RecordOutboundCallResultPayload {
            outbound_call: OutboundCall::new(call),
        })
    }

    /// Records a call the voice assistant answered (service only, for the telephony webhook).
    async fn record_inbound_call(
        &self,
        ctx: &Context<'_>,
        input: RecordInboundCallInput,
    ) -> async_graphql::Result<RecordInboundCallPayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        validate::required("input.vapiCallId", &input.vapi_call_id).gql()?;
        validate::phone("input.customerPhone", input.customer_phone.as_deref()).gql()?;
        check_call_record(
            input.started_at.inner(),
            input.ended_at.inner(),
            input.duration_seconds,
            input.cost.inner(),
            &input.transcript_messages,
        )
        .gql()?;
        let row = inbound_calls::ActiveModel {
            id: Set(Uuid::new_v4()),
            clinic_id: Set(clinic_id),
            vapi_call_id: Set(input.vapi_call_id.trim().to_owned()),
            assistant_id: Set(input.assistant_id),
            phone_number_id: Set(input.phone_number_id),
            customer_phone: Set(input.customer_phone),
            r#type: some(input.call_type),
            status: some(input.status.map(Into::into)),
            started_at: Set(input.started_at.inner()),
            ended_at: Set(input.ended_at.inner()),
            ended_reason: Set(input.ended_reason),
            duration_seconds: Set(input.duration_seconds),
            cost: Set(input.cost.inner()),
            recording_url: Set(input.recording_url),
            stereo_recording_url: Set(input.stereo_recording_url),
            transcript: Set(input.transcript),
            transcript_messages: some_json(input.transcript_messages),
            cleaned_transcript: Set(input.cleaned_transcript),
            outcome: Set(input.outcome.map(Into::into)),
            actions_taken: some_json(input.actions_taken),
            extracted_caller_phone: Set(input.extracted_caller_phone),
            extracted_caller_name: Set(input.extracted_caller_name),
            extracted_pet_name: Set(input.extracted_pet_name),
            ..Default::default()
        };
        let call = session(ctx)?.insert(row).await.gql()?;
        Ok(RecordInboundCallPayload {
            inbound_call: InboundCall::new(call),
        })
    }

    /// Confirms or corrects an inbound call's outcome and its display transcript (member or
    /// above).
    async fn update_inbound_call(
        &self,
        ctx: &Context<'_>,
        input: UpdateInboundCallInput,
    ) -> async_graphql::Result<UpdateInboundCallPayload> {
        let id = ids::decode_as(&input.id, Resource::InboundCalls).gql()?;
        validate::optional_text(
            "input.displayTranscript",
            input.display_transcript.as_opt_deref().flatten(),
        )
        .gql()?;
        let (_, call) = session(ctx)?
            .atomically(async |w| {
                w.update::<inbound_calls::Entity, inbound_calls::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        set_maybe(
                            &mut row.outcome,
                            input
                                .outcome
                                .map_value(entity::enums::InboundCallOutcome::from),
                        );
                        if let Some(v) = input.action_confirmed {
                            row.action_confirmed = Set(Some(v));
                        }
                        set_maybe(&mut row.display_transcript, input.display_transcript);
                        if let Some(v) = input.use_display_transcript {
                            row.use_display_transcript = Set(Some(v));
                        }
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateInboundCallPayload::new(InboundCall::new(call)))
    }

    /// Creates or updates the analysis of a call (service only, for the analysis job). The
    /// analysis belongs to the call's clinic.
    async fn upsert_call_analysis(
        &self,
        ctx: &Context<'_>,
        input: UpsertCallAnalysisInput,
    ) -> async_graphql::Result<UpsertCallAnalysisPayload> {
        let parent = match (&input.inbound_call_id, &input.outbound_call_id) {
            (Some(id), None) => (true, ids::decode_as(id, Resource::InboundCalls).gql()?),
            (None, Some(id)) => (false, ids::decode_as(id, Resource::OutboundCalls).gql()?),
            (Some(_), Some(_)) => {
                return Err(to_gql(&DomainError::bad_input(
                    "input.outboundCallId",
                    "give exactly one of inboundCallId and outboundCallId",
                )));
            }
            (None, None) => {
                return Err(to_gql(&DomainError::bad_input(
                    "input.inboundCallId",
                    "give exactly one of inboundCallId and outboundCallId",
                )));
            }
        };
        let (analysis, created) = session(ctx)?
            .atomically(async |w| {
                let (inbound, call_id) = parent;
                let (clinic_id, existing_for) = if inbound {
                    let call = w
                        .fetch::<inbound_calls::Entity>(call_id, Action::Read)
                        .await?
                        .ok_or_else(|| {
                            DomainError::bad_input("input.inboundCallId", "no such inbound call")
                        })?;
                    (
                        call.clinic_id,
                        call_analysis::Column::InboundCallId.eq(call_id),
                    )
                } else {
                    let call = w
                        .fetch::<outbound_calls::Entity>(call_id, Action::Read)
                        .await?
                        .ok_or_else(|| {
                            DomainError::bad_input("input.outboundCallId", "no such outbound call")
                        })?;
                    (
                        call.clinic_id,
                        call_analysis::Column::OutboundCallId.eq(call_id),
                    )
                };
                let existing = w
                    .find_one::<call_analysis::Entity>(
                        Action::Update,
                        Condition::all().add(existing_for),
                    )
                    .await?;
                match existing {
                    Some(existing) => {
                        let (_, after) = w
                            .update::<call_analysis::Entity, call_analysis::ActiveModel>(
                                existing.id,
                                Action::Update,
                                |row| {
                                    apply_analysis(row, input);
                                    Ok(())
                                },
                            )
                            .await?;
                        Ok((after, false))
                    }
                    None => {
                        let mut row = call_analysis::ActiveModel {
                            id: Set(Uuid::new_v4()),
                            clinic_id: Set(clinic_id),
                            inbound_call_id: Set(inbound.then_some(call_id)),
                            outbound_call_id: Set((!inbound).then_some(call_id)),
                            ..Default::default()
                        };
                        apply_analysis(&mut row, input);
                        Ok((w.insert(row).await?, true))
                    }
                }
            })
            .await
            .gql()?;
        Ok(UpsertCallAnalysisPayload {
            call_analysis: CallAnalysis::new(analysis),
            created,
        })
    }
}
