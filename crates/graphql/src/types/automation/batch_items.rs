//! Discharge batch items (`DischargeBatchItem`): the cases of a batch and what the batch job did
//! with each. Staff add and remove items while the batch is pending; the job records results.
//!
//! Items have no clinic of their own; the domain scopes them through their batch.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::Utc;
use domain::Resource;
use domain::{Action, DomainError};
use entity::enums::BatchStatus as Status;
use entity::{cases, discharge_batch_items, discharge_batches, outbound_calls, outbound_emails};
use sea_orm::{ColumnTrait, Condition, Set};
use uuid::Uuid;

use crate::context::session;
use crate::enums::BatchItemStatus;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::decode_opt;
use crate::row::{Exposed, Filter, Filtered, Filtering, Parent, Row, any_of, no_links, parent};
use crate::scalars::{self, Inner};
use crate::types::operations::require_service;

// ---------------------------------------------------------------------------------------------
// DischargeBatchItem

/// A row of `discharge_batch_items` (described with its table in `domain::registry`).
pub type DischargeBatchItem = Row<discharge_batch_items::Entity>;

// No clinic column: the domain reaches items only through batches of the caller's clinics.
impl Exposed for discharge_batch_items::Entity {
    const PARENTS: &'static [Parent] = &[parent::<discharge_batches::Entity>("batch")];
    no_links!();
}

/// Which batch items a list returns.
pub type DischargeBatchItemFilter = Filter<discharge_batch_items::Entity>;

impl Filtered for discharge_batch_items::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "DischargeBatchItemFilter",
        about: "Which batch items a list returns.",
        fields: &[any_of("status").about("Any of these statuses.")],
    };
}

/// The input of `addDischargeBatchItem`, which adds a case of the batch's clinic to a pending batch
/// (member or above).
#[derive(InputObject)]
pub struct AddDischargeBatchItemInput {
    pub batch_id: ID,
    /// A case of the batch's clinic that is not in the batch yet.
    pub case_id: ID,
}

/// The result of `addDischargeBatchItem`: the new item.
#[derive(SimpleObject)]
pub struct AddDischargeBatchItemPayload {
    pub item: DischargeBatchItem,
}

/// The input of `removeDischargeBatchItem`, which removes a case from a pending batch (member or
/// above).
#[derive(InputObject)]
pub struct RemoveDischargeBatchItemInput {
    pub id: ID,
}

/// The result of `removeDischargeBatchItem`: the removed discharge batch item id as it is after the
/// change.
#[derive(SimpleObject)]
pub struct RemoveDischargeBatchItemPayload {
    pub removed_discharge_batch_item_id: ID,
}

/// The input of `recordDischargeBatchItemResult`, which records what the batch job did with one
/// item (the service only).
#[derive(InputObject)]
pub struct RecordDischargeBatchItemResultInput {
    pub id: ID,
    pub status: BatchItemStatus,
    pub email_scheduled: Option<bool>,
    pub call_scheduled: Option<bool>,
    /// An e-mail of the batch's clinic.
    pub outbound_email_id: Option<ID>,
    /// A call of the batch's clinic.
    pub outbound_call_id: Option<ID>,
    pub error_message: Option<String>,
    /// Defaults to now.
    pub processed_at: Option<scalars::DateTime>,
}

/// The result of `recordDischargeBatchItemResult`: the item as it is after the change.
#[derive(SimpleObject)]
pub struct RecordDischargeBatchItemResultPayload {
    pub item: DischargeBatchItem,
}

/// A batch whose items may still change: only a pending batch (the job has not picked it up).
fn ensure_pending(batch: &discharge_batches::Model, field: &str) -> Result<(), DomainError> {
    if batch.status.unwrap_or(Status::Pending) == Status::Pending {
        Ok(())
    } else {
        Err(DomainError::bad_input(
            field,
            "the batch is no longer pending",
        ))
    }
}

#[derive(Default)]
pub struct BatchItemMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl BatchItemMutations {
    /// Adds a case of the batch's clinic to a pending batch (member or above).
    async fn add_discharge_batch_item(
        &self,
        ctx: &Context<'_>,
        input: AddDischargeBatchItemInput,
    ) -> async_graphql::Result<AddDischargeBatchItemPayload> {
        let batch_id = ids::decode_as(&input.batch_id, Resource::DischargeBatches).gql()?;
        let case_id = ids::decode_as(&input.case_id, Resource::Cases).gql()?;
        let item = session(ctx)?
            .atomically(async |w| {
                let batch = w
                    .load_for::<discharge_batches::Entity>(batch_id, Action::Update)
                    .await?;
                ensure_pending(&batch, "input.batchId")?;
                let case = w
                    .reference::<cases::Entity>(case_id, batch.clinic_id, "input.caseId")
                    .await?;
                let present = Condition::all()
                    .add(discharge_batch_items::Column::BatchId.eq(batch.id))
                    .add(discharge_batch_items::Column::CaseId.eq(case.id));
                if w.find_one::<discharge_batch_items::Entity>(Action::Read, present)
                    .await?
                    .is_some()
                {
                    return Err(DomainError::Conflict {
                        message: "the case is already in this batch".into(),
                        constraint: None,
                    });
                }
                let item = w
                    .insert(discharge_batch_items::ActiveModel {
                        id: Set(Uuid::new_v4()),
                        batch_id: Set(batch.id),
                        case_id: Set(case.id),
                        patient_id: Set(case.patient_id),
                        status: Set(Some(entity::enums::BatchItemStatus::Pending)),
                        ..Default::default()
                    })
                    .await?;
                // The batch's counters follow (migration 000024's trigger).
                Ok(item)
            })
            .await
            .gql()?;
        Ok(AddDischargeBatchItemPayload {
            item: DischargeBatchItem::new(item),
        })
    }

    /// Removes a case from a pending batch (member or above).
    async fn remove_discharge_batch_item(
        &self,
        ctx: &Context<'_>,
        input: RemoveDischargeBatchItemInput,
    ) -> async_graphql::Result<RemoveDischargeBatchItemPayload> {
        let id = ids::decode_as(&input.id, Resource::DischargeBatchItems).gql()?;
        session(ctx)?
            .atomically(async |w| {
                let item = w
                    .load_for::<discharge_batch_items::Entity>(id, Action::Delete)
                    .await?;
                let batch = w
                    .load_for::<discharge_batches::Entity>(item.batch_id, Action::Update)
                    .await?;
                ensure_pending(&batch, "input.id")?;
                w.delete::<discharge_batch_items::Entity>(id).await?;
                Ok(())
            })
            .await
            .gql()?;
        Ok(RemoveDischargeBatchItemPayload {
            removed_discharge_batch_item_id: input.id,
        })
    }

    /// Records what the batch job did with one item (the service only). The e-mail and call
    /// must belong to the batch's clinic.
    async fn record_discharge_batch_item_result(
        &self,
        ctx: &Context<'_>,
        input: RecordDischargeBatchItemResultInput,
    ) -> async_graphql::Result<RecordDischargeBatchItemResultPayload> {
        require_service(ctx)?;
        let id = ids::decode_as(&input.id, Resource::DischargeBatchItems).gql()?;
        let email_id = decode_opt(input.outbound_email_id.as_ref(), Resource::OutboundEmails)?;
        let call_id = decode_opt(input.outbound_call_id.as_ref(), Resource::OutboundCalls)?;
        let processed_at = input.processed_at.inner().unwrap_or_else(Utc::now);
        let (_, item) = session(ctx)?
            .atomically(async |w| {
                let item = w
                    .load_for::<discharge_batch_items::Entity>(id, Action::Update)
                    .await?;
                let batch = w
                    .load_for::<discharge_batches::Entity>(item.batch_id, Action::Read)
                    .await?;
                if let Some(id) = email_id {
                    w.reference::<outbound_emails::Entity>(
                        id,
                        batch.clinic_id,
                        "input.outboundEmailId",
                    )
                    .await?;
                }
                if let Some(id) = call_id {
                    w.reference::<outbound_calls::Entity>(
                        id,
                        batch.clinic_id,
                        "input.outboundCallId",
                    )
                    .await?;
                }
                w.update::<discharge_batch_items::Entity, discharge_batch_items::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        row.status = Set(Some(input.status.into()));
                        if let Some(v) = input.email_scheduled {
                            row.email_scheduled = Set(Some(v));
                        }
                        if let Some(v) = input.call_scheduled {
                            row.call_scheduled = Set(Some(v));
                        }
                        if email_id.is_some() {
                            row.outbound_email_id = Set(email_id);
                        }
                        if call_id.is_some() {
                            row.outbound_call_id = Set(call_id);
                        }
                        if let Some(v) = input.error_message {
                            row.error_message = Set(Some(v));
                        }
                        row.processed_at = Set(Some(processed_at));
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(RecordDischargeBatchItemResultPayload {
            item: DischargeBatchItem::new(item),
        })
    }
}
