//! The analysis upsert of a call (`upsertCallAnalysis`, service only, for the analysis job);
//! the other call mutations are declared with their tables (`calls.rs`).

use async_graphql::{Context, Object};
use chrono::Utc;
use domain::Resource;
use domain::{Action, DomainError};
use entity::{call_analysis, inbound_calls, outbound_calls};
use sea_orm::{ColumnTrait, Condition, Set};
use uuid::Uuid;

use super::CallAnalysis;
use super::inputs::*;
use crate::context::session;
use crate::errors::{GqlResult, to_gql};
use crate::ids;
use crate::scalars::{self};

// ---------------------------------------------------------------------------------------------
// Checks

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
