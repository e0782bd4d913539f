//! Mutations of outbound e-mails, clinic messages and refill requests.

use async_graphql::{Context, ID, MaybeUndefined, Object};
use chrono::Utc;
use domain::Resource;
use domain::session::Writer;
use domain::{Action, DomainError, validate};
use entity::enums::{
    EmailStatus as DbEmailStatus, MessageStatus as DbMessageStatus, RefillStatus as DbRefillStatus,
};
use entity::{
    clinic_messages, inbound_calls, outbound_emails, refill_requests, user_clinic_access,
};
use sea_orm::{ColumnTrait, Condition, NotSet, Set};
use uuid::Uuid;

use super::inputs::*;
use super::{ClinicMessage, OutboundEmail, RefillRequest};
use crate::context::session;
use crate::enums::RefillStatus;
use crate::errors::{GqlResult, to_gql};
use crate::ids;
use crate::inputs::{decode_opt, set_maybe};
use crate::scalars::Inner;
use crate::types::clinical::{caller_user_id, case_for};

// ---------------------------------------------------------------------------------------------
// Checks

fn bad(field: &str, message: &str) -> async_graphql::Error {
    to_gql(&DomainError::bad_input(field, message))
}

/// A user an input assigns work to: a member of `clinic_id`, looked up through the caller's
/// scoped view of `user_clinic_access` (so it reveals nothing about other clinics' staff).
async fn member_of(
    w: &Writer<'_>,
    user_id: Uuid,
    clinic_id: Uuid,
    field: &str,
) -> Result<Uuid, DomainError> {
    let membership = w
        .find_one::<user_clinic_access::Entity>(
            Action::Read,
            Condition::all()
                .add(user_clinic_access::Column::UserId.eq(user_id))
                .add(user_clinic_access::Column::ClinicId.eq(clinic_id)),
        )
        .await?;
    membership
        .map(|m| m.user_id)
        .ok_or_else(|| DomainError::bad_input(field, "no such member of this clinic"))
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

    /// Notes a message for the clinic (member or above).
    async fn create_clinic_message(
        &self,
        ctx: &Context<'_>,
        input: CreateClinicMessageInput,
    ) -> async_graphql::Result<CreateClinicMessagePayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        let call_id = decode_opt(input.inbound_call_id.as_ref(), Resource::InboundCalls)?;
        let assignee = decode_opt(input.assigned_to_user_id.as_ref(), Resource::Users)?;
        validate::required("input.messageContent", &input.message_content).gql()?;
        validate::phone("input.callerPhone", input.caller_phone.as_deref()).gql()?;
        validate::optional_text("input.messageType", input.message_type.as_deref()).gql()?;
        let message = session(ctx)?
            .atomically(async |w| {
                if let Some(id) = call_id {
                    w.reference::<inbound_calls::Entity>(id, clinic_id, "input.inboundCallId")
                        .await?;
                }
                let assignee = match assignee {
                    Some(id) => Some(member_of(w, id, clinic_id, "input.assignedToUserId").await?),
                    None => None,
                };
                w.insert(clinic_messages::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(clinic_id),
                    inbound_call_id: Set(call_id),
                    caller_name: Set(input.caller_name),
                    caller_phone: Set(input.caller_phone),
                    message_content: Set(Some(input.message_content)),
                    message_type: input.message_type.map_or(NotSet, |v| Set(Some(v))),
                    priority: input.priority.map_or(NotSet, |v| Set(Some(v.into()))),
                    assigned_to_user_id: Set(assignee),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(CreateClinicMessagePayload::new(ClinicMessage::new(message)))
    }

    /// Triages a message by status, priority and assignee (member or above).
    async fn update_clinic_message(
        &self,
        ctx: &Context<'_>,
        input: UpdateClinicMessageInput,
    ) -> async_graphql::Result<UpdateClinicMessagePayload> {
        let id = ids::decode_as(&input.id, Resource::ClinicMessages).gql()?;
        let assignee = match &input.assigned_to_user_id {
            MaybeUndefined::Undefined => MaybeUndefined::Undefined,
            MaybeUndefined::Null => MaybeUndefined::Null,
            MaybeUndefined::Value(id) => {
                MaybeUndefined::Value(ids::decode_as(id, Resource::Users).gql()?)
            }
        };
        let (_, message) = session(ctx)?
            .atomically(async |w| {
                let current_row = w
                    .load_for::<clinic_messages::Entity>(id, Action::Update)
                    .await?;
                let assignee = match assignee {
                    MaybeUndefined::Value(user) => MaybeUndefined::Value(
                        member_of(w, user, current_row.clinic_id, "input.assignedToUserId").await?,
                    ),
                    other => other,
                };
                w.update::<clinic_messages::Entity, clinic_messages::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        if let Some(status) = input.status {
                            let status: DbMessageStatus = status.into();
                            let read_at = row.read_at.try_as_ref().copied().flatten();
                            if status == DbMessageStatus::New {
                                row.read_at = Set(None);
                            } else if read_at.is_none() {
                                row.read_at = Set(Some(Utc::now()));
                            }
                            row.status = Set(Some(status));
                        }
                        if let Some(priority) = input.priority {
                            row.priority = Set(Some(priority.into()));
                        }
                        set_maybe(&mut row.assigned_to_user_id, assignee);
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateClinicMessagePayload::new(ClinicMessage::new(message)))
    }

    /// Records a refill request (member or above); it starts `PENDING`.
    async fn create_refill_request(
        &self,
        ctx: &Context<'_>,
        input: CreateRefillRequestInput,
    ) -> async_graphql::Result<CreateRefillRequestPayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        let call_id = decode_opt(input.inbound_call_id.as_ref(), Resource::InboundCalls)?;
        validate::required("input.medicationName", &input.medication_name).gql()?;
        validate::phone("input.clientPhone", input.client_phone.as_deref()).gql()?;
        validate::phone("input.pharmacyPhone", input.pharmacy_phone.as_deref()).gql()?;
        let request = session(ctx)?
            .atomically(async |w| {
                if let Some(id) = call_id {
                    w.reference::<inbound_calls::Entity>(id, clinic_id, "input.inboundCallId")
                        .await?;
                }
                w.insert(refill_requests::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(clinic_id),
                    inbound_call_id: Set(call_id),
                    client_name: Set(input.client_name),
                    client_phone: Set(input.client_phone),
                    pet_name: Set(input.pet_name),
                    species: Set(input.species),
                    medication_name: Set(input.medication_name.trim().to_owned()),
                    medication_strength: Set(input.medication_strength),
                    last_refill_date: Set(input.last_refill_date.inner()),
                    pharmacy_preference: input.pharmacy_preference.map_or(NotSet, |v| Set(Some(v))),
                    pharmacy_name: Set(input.pharmacy_name),
                    pharmacy_phone: Set(input.pharmacy_phone),
                    status: Set(Some(DbRefillStatus::Pending)),
                    requires_exam: input.requires_exam.map_or(NotSet, |v| Set(Some(v))),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(CreateRefillRequestPayload::new(RefillRequest::new(request)))
    }

    /// Changes a refill request's details, or completes or cancels it (member or above).
    async fn update_refill_request(
        &self,
        ctx: &Context<'_>,
        input: UpdateRefillRequestInput,
    ) -> async_graphql::Result<UpdateRefillRequestPayload> {
        let id = ids::decode_as(&input.id, Resource::RefillRequests).gql()?;
        if let Some(name) = &input.medication_name {
            validate::required("input.medicationName", name).gql()?;
        }
        validate::phone(
            "input.clientPhone",
            input.client_phone.as_opt_deref().flatten(),
        )
        .gql()?;
        validate::phone(
            "input.pharmacyPhone",
            input.pharmacy_phone.as_opt_deref().flatten(),
        )
        .gql()?;
        if matches!(
            input.status,
            Some(RefillStatus::Approved | RefillStatus::Denied)
        ) {
            return Err(bad(
                "input.status",
                "use approveRefillRequest or denyRefillRequest",
            ));
        }
        let (_, request) = session(ctx)?
            .atomically(async |w| {
                w.update::<refill_requests::Entity, refill_requests::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        set_maybe(&mut row.client_name, input.client_name);
                        set_maybe(&mut row.client_phone, input.client_phone);
                        set_maybe(&mut row.pet_name, input.pet_name);
                        set_maybe(&mut row.species, input.species);
                        if let Some(v) = input.medication_name {
                            row.medication_name = Set(v.trim().to_owned());
                        }
                        set_maybe(&mut row.medication_strength, input.medication_strength);
                        set_maybe(&mut row.last_refill_date, input.last_refill_date.inner());
                        set_maybe(&mut row.pharmacy_preference, input.pharmacy_preference);
                        set_maybe(&mut row.pharmacy_name, input.pharmacy_name);
                        set_maybe(&mut row.pharmacy_phone, input.pharmacy_phone);
                        if let Some(v) = input.requires_exam {
                            row.requires_exam = Set(Some(v));
                        }
                        set_maybe(&mut row.vet_notes, input.vet_notes);
                        if let Some(status) = input.status {
                            row.status = Set(Some(status.into()));
                        }
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateRefillRequestPayload::new(RefillRequest::new(request)))
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
