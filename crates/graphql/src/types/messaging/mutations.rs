//! The hand-written mutations of outbound e-mails (schedule, change while queued, cancel) and
//! the decisions on refill requests; the create and update of clinic messages and refill
//! requests are declared with their tables (`messaging.rs`).

use async_graphql::{Context, ID, Object};
use chrono::Utc;
use domain::Resource;
use domain::{Action, DomainError, validate};
use entity::enums::{EmailStatus as DbEmailStatus, RefillStatus as DbRefillStatus};
use entity::{outbound_emails, refill_requests};
use sea_orm::Set;
use uuid::Uuid;

use super::inputs::*;
use super::{OutboundEmail, RefillRequest};
use crate::context::session;
use crate::errors::{GqlResult, to_gql};
use crate::ids;
use crate::inputs::set_maybe;
use crate::scalars::Inner;
use crate::types::clinical::{caller_user_id, case_for};

// ---------------------------------------------------------------------------------------------
// Checks

fn bad(field: &str, message: &str) -> async_graphql::Error {
    to_gql(&DomainError::bad_input(field, message))
}

/// The current status of a row being updated.
fn current<V: Copy + Into<sea_orm::Value>>(field: &sea_orm::ActiveValue<Option<V>>) -> Option<V>
where
    Option<V>: Into<sea_orm::Value>,
{
    field.try_as_ref().copied().flatten()
}

// ---------------------------------------------------------------------------------------------
// Mutations

#[derive(Default)]
pub struct MessagingMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl MessagingMutations {
    /// Schedules a discharge e-mail for a case (member or above); it is queued in the case's
    /// clinic.
    async fn schedule_outbound_email(
        &self,
        ctx: &Context<'_>,
        input: ScheduleOutboundEmailInput,
    ) -> async_graphql::Result<ScheduleOutboundEmailPayload> {
        let case_id = ids::decode_as(&input.case_id, Resource::Cases).gql()?;
        validate::required("input.recipientEmail", &input.recipient_email).gql()?;
        validate::email("input.recipientEmail", Some(input.recipient_email.trim())).gql()?;
        validate::required("input.subject", &input.subject).gql()?;
        validate::optional_text("input.htmlContent", input.html_content.as_deref()).gql()?;
        validate::optional_text("input.textContent", input.text_content.as_deref()).gql()?;
        if input.html_content.is_none() && input.text_content.is_none() {
            return Err(bad("input.textContent", "give htmlContent or textContent"));
        }
        let email = session(ctx)?
            .atomically(async |w| {
                let case = case_for(w, case_id, "input.caseId").await?;
                w.insert(outbound_emails::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(case.clinic_id),
                    case_id: Set(case.id),
                    recipient_email: Set(input.recipient_email.trim().to_owned()),
                    recipient_name: Set(input.recipient_name),
                    subject: Set(Some(input.subject)),
                    html_content: Set(input.html_content),
                    text_content: Set(input.text_content),
                    scheduled_for: Set(Some(input.scheduled_for.inner())),
                    status: Set(Some(DbEmailStatus::Queued)),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(ScheduleOutboundEmailPayload {
            outbound_email: OutboundEmail::new(email),
        })
    }

    /// Changes an e-mail while it is queued (member or above); afterwards BAD_USER_INPUT.
    async fn update_outbound_email(
        &self,
        ctx: &Context<'_>,
        input: UpdateOutboundEmailInput,
    ) -> async_graphql::Result<UpdateOutboundEmailPayload> {
        let id = ids::decode_as(&input.id, Resource::OutboundEmails).gql()?;
        if let Some(email) = &input.recipient_email {
            validate::required("input.recipientEmail", email).gql()?;
            validate::email("input.recipientEmail", Some(email.trim())).gql()?;
        }
        if let Some(subject) = &input.subject {
            validate::required("input.subject", subject).gql()?;
        }
        validate::optional_text(
            "input.htmlContent",
            input.html_content.as_opt_deref().flatten(),
        )
        .gql()?;
        validate::optional_text(
            "input.textContent",
            input.text_content.as_opt_deref().flatten(),
        )
        .gql()?;
        let (_, email) = session(ctx)?
            .atomically(async |w| {
                w.update::<outbound_emails::Entity, outbound_emails::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        if current(&row.status) != Some(DbEmailStatus::Queued) {
                            return Err(DomainError::bad_input(
                                "input.id",
                                "only a queued e-mail can be changed",
                            ));
                        }
                        if let Some(v) = input.recipient_email {
                            row.recipient_email = Set(v.trim().to_owned());
                        }
                        set_maybe(&mut row.recipient_name, input.recipient_name);
                        if let Some(v) = input.subject {
                            row.subject = Set(Some(v));
                        }
                        set_maybe(&mut row.html_content, input.html_content);
                        set_maybe(&mut row.text_content, input.text_content);
                        if let Some(v) = input.scheduled_for {
                            row.scheduled_for = Set(Some(v.into()));
                        }
                        let has_body = |f: &sea_orm::ActiveValue<Option<String>>| {
                            f.try_as_ref().is_some_and(Option::is_some)
                        };
                        if !has_body(&row.html_content) && !has_body(&row.text_content) {
                            return Err(DomainError::bad_input(
                                "input.textContent",
                                "the e-mail needs htmlContent or textContent",
                            ));
                        }
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateOutboundEmailPayload::new(OutboundEmail::new(email)))
    }

    /// Cancels a queued e-mail (member or above); the row is kept with status `CANCELLED`.
    async fn cancel_outbound_email(
        &self,
        ctx: &Context<'_>,
        input: CancelOutboundEmailInput,
    ) -> async_graphql::Result<CancelOutboundEmailPayload> {
        let id = ids::decode_as(&input.id, Resource::OutboundEmails).gql()?;
        let (_, email) = session(ctx)?
            .atomically(async |w| {
                w.update::<outbound_emails::Entity, outbound_emails::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        if current(&row.status) != Some(DbEmailStatus::Queued) {
                            return Err(DomainError::bad_input(
                                "input.id",
                                "only a queued e-mail can be cancelled",
                            ));
                        }
                        row.status = Set(Some(DbEmailStatus::Cancelled));
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(CancelOutboundEmailPayload {
            outbound_email: OutboundEmail::new(email),
        })
    }

    /// Approves a pending refill request (member or above), recording who decided and when.
    async fn approve_refill_request(
        &self,
        ctx: &Context<'_>,
        input: ApproveRefillRequestInput,
    ) -> async_graphql::Result<ApproveRefillRequestPayload> {
        let refill_request =
            decide(ctx, &input.id, input.vet_notes, DbRefillStatus::Approved).await?;
        Ok(ApproveRefillRequestPayload { refill_request })
    }

    /// Denies a pending refill request (member or above), recording who decided and when.
    async fn deny_refill_request(
        &self,
        ctx: &Context<'_>,
        input: DenyRefillRequestInput,
    ) -> async_graphql::Result<DenyRefillRequestPayload> {
        let refill_request =
            decide(ctx, &input.id, input.vet_notes, DbRefillStatus::Denied).await?;
        Ok(DenyRefillRequestPayload { refill_request })
    }
}

/// Approves or denies a pending refill request (`Action::Approve`).
async fn decide(
    ctx: &Context<'_>,
    id: &ID,
    vet_notes: Option<String>,
    decision: DbRefillStatus,
) -> async_graphql::Result<RefillRequest> {
    let id = ids::decode_as(id, Resource::RefillRequests).gql()?;
    validate::optional_text("input.vetNotes", vet_notes.as_deref()).gql()?;
    let session = session(ctx)?;
    let decided_by = caller_user_id(session);
    let (_, request) = session
        .atomically(async |w| {
            w.update::<refill_requests::Entity, refill_requests::ActiveModel>(
                id,
                Action::Approve,
                |row| {
                    if current(&row.status) != Some(DbRefillStatus::Pending) {
                        return Err(DomainError::bad_input(
                            "input.id",
                            "only a pending refill request can be decided",
                        ));
                    }
                    row.status = Set(Some(decision));
                    row.approved_by = Set(decided_by);
                    row.approved_at = Set(Some(Utc::now()));
                    if let Some(notes) = vet_notes {
                        row.vet_notes = Set(Some(notes));
                    }
                    Ok(())
                },
            )
            .await
        })
        .await
        .gql()?;
    Ok(RefillRequest::new(request))
}
