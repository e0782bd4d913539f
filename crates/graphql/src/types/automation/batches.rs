//! Discharge batches (`DischargeBatch`): staff start a batch of cases to contact after
//! discharge, the batch job records its progress. The items are in `batch_items`.

use std::collections::HashSet;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use domain::{Action, DomainError, Resource};
use entity::enums::BatchStatus as Status;
use entity::{cases, clinics, discharge_batch_items, discharge_batches, users};
use sea_orm::sea_query::Value as SqlValue;
use sea_orm::{NotSet, Set};
use uuid::Uuid;

use crate::context::session;
use crate::errors::{GqlResult, to_gql};
use crate::guard::ensure_may_create;
use crate::ids;
use crate::inputs::optional_json_object;
use crate::row::{
    BY_CREATED_AT, Children, Exposed, Filter, Filtered, Filtering, Listed, Ordering, Parent, Row,
    Sort, Write, Writes, Written, any_of, by, children_in_order, input, json_object, no_links, now,
    parent, sets, step, within,
};
use crate::scalars::{self, Inner};

/// The most cases one batch may hold.
const MAX_BATCH_CASES: usize = 200;

// ---------------------------------------------------------------------------------------------
// DischargeBatch

/// A row of `discharge_batches` (described with its table in `domain::registry`).
pub type DischargeBatch = Row<discharge_batches::Entity>;

impl Exposed for discharge_batches::Entity {
    const WRITES: &'static Writes = &Writes {
        steps: &[
            step(
                "cancelDischargeBatch",
                Write::Update,
                "batch",
                "Cancels a batch that has not finished (member or above).",
            )
            .requires(unfinished)
            .sets(&[
                sets("status", || SqlValue::from("cancelled")),
                sets("cancelled_at", now),
            ]),
            step(
                "recordDischargeBatchProgress",
                Write::Update,
                "batch",
                "Records the batch job's progress (the service only). Absent fields are left as they are; `null` clears a nullable field. The counters are not written: they are the batch's items, counted whenever an item changes.",
            )
            .service_only()
            .inputs(&[
                input("status").kept(),
                input("started_at"),
                input("completed_at"),
                input("error_summary")
                    .kept()
                    .check(json_object)
                    .about("A JSON object."),
            ])
            .check(ends_after_start),
        ],
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[
        parent::<users::Entity>("createdBy"),
        parent::<clinics::Entity>("clinic"),
    ];
    const CHILDREN: &'static [Children] = &[children_in_order::<discharge_batch_items::Entity>(
        "items",
        "batch_id",
        "The batch's cases, in the order they were added.",
        "created_at",
        false,
    )];
    no_links!();
}

/// Which batches a list returns.
pub type DischargeBatchFilter = Filter<discharge_batches::Entity>;

/// The order of a batch list.
pub type DischargeBatchOrder = Sort<discharge_batches::Entity>;

impl Filtered for discharge_batches::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "DischargeBatchFilter",
        about: "Which batches a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            within("created_at"),
        ],
    };
}

impl Listed for discharge_batches::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "DischargeBatchOrder",
        about: "The order of a batch list (ties broken by id); newest first by default.",
        keys: &[
            BY_CREATED_AT,
            by(
                "email_schedule_time",
                "By when the batch's follow-up e-mails are scheduled.",
            ),
            by(
                "call_schedule_time",
                "By when the batch's follow-up calls are scheduled.",
            ),
        ],
        descending: true,
    };
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// The input of `createDischargeBatch`, which starts a discharge batch of 1 to 200 cases of one
/// clinic (member or above): the batch and one pending item per case (with the case's patient), all
/// or nothing.
#[derive(InputObject)]
pub struct CreateDischargeBatchInput {
    pub clinic_id: ID,
    /// 1 to 200 cases of the clinic, each once.
    pub case_ids: Vec<ID>,
    pub email_schedule_time: Option<scalars::DateTime>,
    pub call_schedule_time: Option<scalars::DateTime>,
    /// Free-form JSON object (e.g. a label).
    pub metadata: Option<scalars::Json>,
}

/// The result of `createDischargeBatch`: the new batch.
#[derive(SimpleObject)]
pub struct CreateDischargeBatchPayload {
    pub batch: DischargeBatch,
}

#[derive(Default)]
pub struct BatchMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl BatchMutations {
    /// Starts a discharge batch of 1 to 200 cases of one clinic (member or above): the batch and
    /// one pending item per case (with the case's patient), all or nothing.
    async fn create_discharge_batch(
        &self,
        ctx: &Context<'_>,
        input: CreateDischargeBatchInput,
    ) -> async_graphql::Result<CreateDischargeBatchPayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        if input.case_ids.is_empty() || input.case_ids.len() > MAX_BATCH_CASES {
            return Err(to_gql(&DomainError::bad_input(
                "input.caseIds",
                format!("a batch holds 1 to {MAX_BATCH_CASES} cases"),
            )));
        }
        let mut case_ids = Vec::with_capacity(input.case_ids.len());
        let mut seen = HashSet::new();
        for (n, id) in input.case_ids.iter().enumerate() {
            let field = format!("input.caseIds[{n}]");
            let id = ids::decode_as(id, Resource::Cases)
                .map_err(|_| to_gql(&DomainError::bad_input(&field, "not a case id")))?;
            if !seen.insert(id) {
                return Err(to_gql(&DomainError::bad_input(
                    field,
                    "the case is listed twice",
                )));
            }
            case_ids.push(id);
        }
        let metadata = optional_json_object("input.metadata", input.metadata)?;
        ensure_may_create(ctx, Resource::DischargeBatches, clinic_id)?;
        let session = session(ctx)?;
        let created_by = session.principal().as_user().map(|u| u.user_id);
        let batch = session
            .atomically(async |w| {
                let mut cases = Vec::with_capacity(case_ids.len());
                for (n, id) in case_ids.iter().enumerate() {
                    cases.push(
                        w.reference::<cases::Entity>(
                            *id,
                            clinic_id,
                            &format!("input.caseIds[{n}]"),
                        )
                        .await?,
                    );
                }
                let batch = w
                    .insert(discharge_batches::ActiveModel {
                        id: Set(Uuid::new_v4()),
                        clinic_id: Set(clinic_id),
                        created_by: Set(created_by),
                        status: Set(Some(Status::Pending)),
                        email_schedule_time: Set(input.email_schedule_time.inner()),
                        call_schedule_time: Set(input.call_schedule_time.inner()),
                        metadata: metadata.map_or(NotSet, |m| Set(Some(m))),
                        ..Default::default()
                    })
                    .await?;
                for case in cases {
                    w.insert(discharge_batch_items::ActiveModel {
                        id: Set(Uuid::new_v4()),
                        batch_id: Set(batch.id),
                        case_id: Set(case.id),
                        patient_id: Set(case.patient_id),
                        status: Set(Some(entity::enums::BatchItemStatus::Pending)),
                        ..Default::default()
                    })
                    .await?;
                }
                // As its items made it: the trigger of migration 000024 counted them.
                w.fetch::<discharge_batches::Entity>(batch.id, Action::Read)
                    .await?
                    .ok_or(DomainError::NotFound("discharge batch"))
            })
            .await
            .gql()?;
        Ok(CreateDischargeBatchPayload {
            batch: DischargeBatch::new(batch),
        })
    }
}

/// A batch is cancelled while it runs or waits, once.
fn unfinished(row: &Written<'_>) -> Result<(), DomainError> {
    let status = match row.value("status") {
        Some(SqlValue::String(Some(status))) => status.to_string(),
        _ => String::new(),
    };
    match status.as_str() {
        "cancelled" => Err(DomainError::bad_input(
            "input.id",
            "the batch is already cancelled",
        )),
        // A finished batch has nothing left to stop.
        "completed" | "partial" | "failed" => Err(DomainError::bad_input(
            "input.id",
            "a finished batch cannot be cancelled",
        )),
        _ => Ok(()),
    }
}

/// A batch does not complete before it started.
fn ends_after_start(row: &Written<'_>) -> Result<(), DomainError> {
    row.in_order("started_at", "completed_at", "must not be before startedAt")
}
