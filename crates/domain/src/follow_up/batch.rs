//! Discharge batches: the batch job (the service principal) processes a batch's pending items a
//! step at a time, planning each case as a discharge would (`plan`), with the batch's schedule
//! times where it sets them. Each item records its result; the batch's counters are its items,
//! counted by the database (migration 000024), and its status follows them; a cancelled batch
//! stops planning, and its pending items are recorded as skipped.

use chrono::{DateTime, Utc};
use entity::enums::{BatchItemStatus, BatchStatus};
use entity::{cases, discharge_batch_items, discharge_batches};
use sea_orm::{ColumnTrait, Condition, Set};
use uuid::Uuid;

use super::plan::{Planned, Trigger, plan_cases};
use crate::session::Writer;
use crate::{Action, DomainError, Resource};

/// The most items one step may process.
pub const MAX_STEP: u64 = 200;

/// What a step did: the batch after it, and the items it recorded.
pub struct Processed {
    pub batch: discharge_batches::Model,
    pub items: Vec<discharge_batch_items::Model>,
}

/// The reason recorded on the pending items of a cancelled batch.
pub const BATCH_CANCELLED: &str = "the batch was cancelled";

/// Processes up to `limit` pending items of the batch, oldest first. A pending batch becomes
/// `processing`; when no pending item is left it becomes `completed` (every item succeeded or
/// was skipped), `partial` (some failed) or `failed` (none succeeded). A finished batch is
/// answered as it is.
pub async fn process(
    w: &Writer<'_>,
    batch_id: Uuid,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<Processed, DomainError> {
    if !(1..=MAX_STEP).contains(&limit) {
        return Err(DomainError::bad_input(
            "input.limit",
            format!("must be from 1 to {MAX_STEP}"),
        ));
    }
    let Some(batch) = w
        .fetch::<discharge_batches::Entity>(batch_id, Action::Read)
        .await?
    else {
        return Err(DomainError::NotFound("discharge batch"));
    };
    w.permit(
        Resource::DischargeBatchItems,
        Action::Update,
        batch.clinic_id,
    )
    .await?;
    // One step of a batch at a time: a second worker waits, then sees the first one's results.
    let batch = w
        .lock::<discharge_batches::Entity>(
            Action::Update,
            Condition::all().add(discharge_batches::Column::Id.eq(batch_id)),
        )
        .await?
        .into_iter()
        .next()
        .ok_or(DomainError::NotFound("discharge batch"))?;
    let status = batch.status.unwrap_or(BatchStatus::Pending);
    if matches!(
        status,
        BatchStatus::Completed | BatchStatus::Partial | BatchStatus::Failed
    ) {
        return Ok(Processed {
            batch,
            items: Vec::new(),
        });
    }
    let mut pending = w
        .all::<discharge_batch_items::Entity>(
            Action::Update,
            Condition::all()
                .add(discharge_batch_items::Column::BatchId.eq(batch_id))
                .add(discharge_batch_items::Column::Status.eq(BatchItemStatus::Pending)),
        )
        .await?;
    pending.sort_by_key(|i| (i.created_at, i.id));

    let mut recorded = Vec::new();
    if status == BatchStatus::Cancelled {
        for item in &pending {
            recorded.push(record(w, item, None, Some(BATCH_CANCELLED), now).await?);
        }
    } else {
        let step: Vec<_> = pending
            .iter()
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect();
        let cases = w
            .all::<cases::Entity>(
                Action::Read,
                Condition::all().add(cases::Column::Id.is_in(step.iter().map(|i| i.case_id))),
            )
            .await?;
        let ordered: Vec<cases::Model> = step
            .iter()
            .filter_map(|i| cases.iter().find(|c| c.id == i.case_id).cloned())
            .collect();
        let trigger = Trigger::Batch {
            batch_id,
            email_at: batch.email_schedule_time,
            call_at: batch.call_schedule_time,
        };
        let planned = plan_cases(w, &ordered, trigger, now).await?;
        for item in step {
            let plan = planned.iter().find(|p| p.case_id == item.case_id);
            let missing = plan.is_none().then_some("the case no longer exists");
            recorded.push(record(w, item, plan, missing, now).await?);
        }
    }
    let batch = recount(w, &batch, status, now).await?;
    Ok(Processed {
        batch,
        items: recorded,
    })
}

/// Records an item's result: `success` with what was planned (or what an earlier plan of the
/// case left), `skipped` with why nothing was.
async fn record(
    w: &Writer<'_>,
    item: &discharge_batch_items::Model,
    plan: Option<&Planned>,
    refused: Option<&str>,
    now: DateTime<Utc>,
) -> Result<discharge_batch_items::Model, DomainError> {
    let email = plan.and_then(|p| {
        p.email
            .as_ref()
            .map(|e| e.id)
            .or_else(|| p.item.as_ref().and_then(|i| i.outbound_email_id))
    });
    let call = plan.and_then(|p| {
        p.call
            .as_ref()
            .map(|c| c.id)
            .or_else(|| p.item.as_ref().and_then(|i| i.outbound_call_id))
    });
    let why_not = refused.map(str::to_owned).or_else(|| {
        plan.filter(|_| email.is_none() && call.is_none()).map(|p| {
            p.skipped
                .iter()
                .map(|(_, why)| *why)
                .collect::<Vec<_>>()
                .join("; ")
        })
    });
    let status = if why_not.is_some() {
        BatchItemStatus::Skipped
    } else {
        BatchItemStatus::Success
    };
    let (_, after) = w
        .update::<discharge_batch_items::Entity, discharge_batch_items::ActiveModel>(
            item.id,
            Action::Update,
            |row| {
                row.status = Set(Some(status));
                row.email_scheduled = Set(Some(email.is_some()));
                row.call_scheduled = Set(Some(call.is_some()));
                row.outbound_email_id = Set(email);
                row.outbound_call_id = Set(call);
                row.error_message = Set(why_not);
                row.processed_at = Set(Some(now));
                Ok(())
            },
        )
        .await?;
    Ok(after)
}

/// Sets the batch's status from its counters, which the database keeps equal to its items
/// (migration 000024 recounts a batch whenever one of its items changes).
async fn recount(
    w: &Writer<'_>,
    batch: &discharge_batches::Model,
    status: BatchStatus,
    now: DateTime<Utc>,
) -> Result<discharge_batches::Model, DomainError> {
    let counted = w
        .fetch::<discharge_batches::Entity>(batch.id, Action::Read)
        .await?
        .ok_or(DomainError::NotFound("discharge batch"))?;
    let total = counted.total_cases.unwrap_or(0);
    let processed = counted.processed_cases.unwrap_or(0);
    let successful = counted.successful_cases.unwrap_or(0);
    let failed = counted.failed_cases.unwrap_or(0);
    let finished = processed == total;
    let next = match status {
        BatchStatus::Cancelled => BatchStatus::Cancelled,
        _ if !finished => BatchStatus::Processing,
        _ if failed == 0 => BatchStatus::Completed,
        _ if successful > 0 => BatchStatus::Partial,
        _ => BatchStatus::Failed,
    };
    let (_, after) = w
        .update::<discharge_batches::Entity, discharge_batches::ActiveModel>(
            batch.id,
            Action::Update,
            |row| {
                row.status = Set(Some(next));
                if counted.started_at.is_none() && next != BatchStatus::Cancelled {
                    row.started_at = Set(Some(now));
                }
                if finished && next != BatchStatus::Cancelled && counted.completed_at.is_none() {
                    row.completed_at = Set(Some(now));
                }
                Ok(())
            },
        )
        .await?;
    Ok(after)
}
