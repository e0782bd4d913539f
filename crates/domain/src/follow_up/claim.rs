//! Workers (the service principal) claim the calls and e-mails that are due, so that
//! concurrent workers never place the same call or send the same e-mail: the due rows are
//! locked `FOR UPDATE SKIP LOCKED` and marked in flight in the worker's transaction.

use chrono::{DateTime, Utc};
use entity::enums::{EmailStatus, OutboundCallStatus};
use entity::{outbound_calls, outbound_emails};
use sea_orm::{ColumnTrait, Condition, Set};
use uuid::Uuid;

use crate::session::Writer;
use crate::{Action, DomainError, Resource};

/// The most rows one claim may take.
pub const MAX_CLAIM: u64 = 100;

/// Checks a claim's size and that the principal claims `resource` (in `clinic_id`, or in every
/// clinic it reaches: the service's workers).
async fn may_claim(
    w: &Writer<'_>,
    resource: Resource,
    clinic_id: Option<Uuid>,
    limit: u64,
) -> Result<(), DomainError> {
    if !(1..=MAX_CLAIM).contains(&limit) {
        return Err(DomainError::bad_input(
            "input.limit",
            format!("must be from 1 to {MAX_CLAIM}"),
        ));
    }
    if let Some(clinic) = clinic_id {
        w.permit(resource, Action::Claim, clinic).await
    } else if w.session().may(resource, Action::Claim, None) {
        Ok(())
    } else {
        Err(DomainError::forbidden(format!(
            "only the service's workers claim {}s",
            resource.noun()
        )))
    }
}

/// Claims up to `limit` queued calls whose `scheduled_for` has come (of one clinic, or of
/// every clinic the principal reaches), earliest due first: each becomes `in-progress` with
/// `started_at = now`, in this transaction. A call another worker is claiming at the same
/// moment is skipped, not waited for. The outcome is recorded afterwards with
/// `recordOutboundCallResult`.
pub async fn claim_due_calls(
    w: &Writer<'_>,
    clinic_id: Option<Uuid>,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<Vec<outbound_calls::Model>, DomainError> {
    use outbound_calls::Column;
    may_claim(w, Resource::OutboundCalls, clinic_id, limit).await?;
    let mut due = Condition::all()
        .add(Column::Status.eq(OutboundCallStatus::Queued))
        .add(Column::ScheduledFor.lte(now));
    if let Some(clinic) = clinic_id {
        due = due.add(Column::ClinicId.eq(clinic));
    }
    let rows = w
        .claim::<outbound_calls::Entity>(Action::Claim, due, Column::ScheduledFor, limit)
        .await?;
    let mut claimed = Vec::with_capacity(rows.len());
    for row in rows {
        let (_, call) = w
            .update::<outbound_calls::Entity, outbound_calls::ActiveModel>(
                row.id,
                Action::Claim,
                |call| {
                    call.status = Set(Some(OutboundCallStatus::InProgress));
                    call.started_at = Set(Some(now));
                    Ok(())
                },
            )
            .await?;
        claimed.push(call);
    }
    Ok(claimed)
}

/// Claims up to `limit` queued e-mails whose `scheduled_for` has come, as
/// [`claim_due_calls`] does: each becomes `sending` until the worker records the provider's
/// answer with `recordOutboundEmailResult`.
pub async fn claim_due_emails(
    w: &Writer<'_>,
    clinic_id: Option<Uuid>,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<Vec<outbound_emails::Model>, DomainError> {
    use outbound_emails::Column;
    may_claim(w, Resource::OutboundEmails, clinic_id, limit).await?;
    let mut due = Condition::all()
        .add(Column::Status.eq(EmailStatus::Queued))
        .add(Column::ScheduledFor.lte(now));
    if let Some(clinic) = clinic_id {
        due = due.add(Column::ClinicId.eq(clinic));
    }
    let rows = w
        .claim::<outbound_emails::Entity>(Action::Claim, due, Column::ScheduledFor, limit)
        .await?;
    let mut claimed = Vec::with_capacity(rows.len());
    for row in rows {
        let (_, email) = w
            .update::<outbound_emails::Entity, outbound_emails::ActiveModel>(
                row.id,
                Action::Claim,
                |email| {
                    email.status = Set(Some(EmailStatus::Sending));
                    Ok(())
                },
            )
            .await?;
        claimed.push(email);
    }
    Ok(claimed)
}
