//! The discharge follow-up workflow, outbound: workers (the service principal) claim the calls
//! that are due, so that concurrent workers never dial the same one.

use chrono::{DateTime, Utc};
use entity::enums::OutboundCallStatus;
use entity::outbound_calls;
use sea_orm::{ColumnTrait, Condition, Set};
use uuid::Uuid;

use crate::session::Writer;
use crate::{Action, DomainError, Resource};

/// The most calls one claim may take.
pub const MAX_CLAIM: u64 = 100;

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
    if !(1..=MAX_CLAIM).contains(&limit) {
        return Err(DomainError::bad_input(
            "input.limit",
            format!("must be from 1 to {MAX_CLAIM}"),
        ));
    }
    if let Some(clinic) = clinic_id {
        w.permit(Resource::OutboundCalls, Action::Claim, clinic)
            .await?;
    } else if !w
        .session()
        .may(Resource::OutboundCalls, Action::Claim, None)
    {
        return Err(DomainError::forbidden(
            "only the service's workers claim calls",
        ));
    }
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
