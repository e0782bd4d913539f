//! Workers (the service principal) claim the calls and e-mails that are due, so that
//! concurrent workers never place the same call or send the same e-mail: the due rows are
//! locked `FOR UPDATE SKIP LOCKED` and marked in flight in the worker's transaction.

use chrono::{DateTime, Utc};
use entity::enums::{EmailStatus, OutboundCallStatus};
use entity::{outbound_calls, outbound_emails};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, Condition, IntoActiveModel,
    PrimaryKeyTrait, Set,
};
use uuid::Uuid;

use crate::session::Writer;
use crate::tenancy::TenantScoped;
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
    let due = Condition::all()
        .add(Column::Status.eq(OutboundCallStatus::Queued))
        .add(Column::ScheduledFor.lte(now));
    let wanted = Wanted {
        clinic_id,
        limit,
        clinic: Column::ClinicId,
        due_order: Column::ScheduledFor,
    };
    claim_due::<outbound_calls::Entity, outbound_calls::ActiveModel>(w, wanted, due, &|call| {
        call.status = Set(Some(OutboundCallStatus::InProgress));
        call.started_at = Set(Some(now));
    })
    .await
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
    let due = Condition::all()
        .add(Column::Status.eq(EmailStatus::Queued))
        .add(Column::ScheduledFor.lte(now));
    let wanted = Wanted {
        clinic_id,
        limit,
        clinic: Column::ClinicId,
        due_order: Column::ScheduledFor,
    };
    claim_due::<outbound_emails::Entity, outbound_emails::ActiveModel>(w, wanted, due, &|email| {
        email.status = Set(Some(EmailStatus::Sending));
    })
    .await
}

/// What a worker asks for: how many rows, of which clinic (all it reaches when `None`).
struct Wanted<C> {
    clinic_id: Option<Uuid>,
    limit: u64,
    clinic: C,
    due_order: C,
}

/// Locks up to `limit` rows matching `due`, earliest due first, skipping rows other workers
/// hold, and marks each in flight with `start`.
async fn claim_due<E, A>(
    w: &Writer<'_>,
    wanted: Wanted<E::Column>,
    due: Condition,
    start: &(dyn Fn(&mut A) + Sync),
) -> Result<Vec<E::Model>, DomainError>
where
    E: TenantScoped,
    A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
    E::Model: IntoActiveModel<A> + Clone,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    may_claim(w, E::RESOURCE, wanted.clinic_id, wanted.limit).await?;
    let due = match wanted.clinic_id {
        Some(clinic) => due.add(wanted.clinic.eq(clinic)),
        None => due,
    };
    let rows = w
        .claim::<E>(Action::Claim, due, wanted.due_order, wanted.limit)
        .await?;
    let mut claimed = Vec::with_capacity(rows.len());
    for row in rows {
        let (_, after) = w
            .update::<E, A>(E::id_of(&row), Action::Claim, |active| {
                start(active);
                Ok(())
            })
            .await?;
        claimed.push(after);
    }
    Ok(claimed)
}
