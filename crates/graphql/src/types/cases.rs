//! The central business entity of the discharge workflow: `Case`, its filter and order, and
//! its child lists (notes, vitals, discharge summaries, calls, e-mails). Its mutations are in
//! `cases/mutations.rs`.

mod mutations;

pub use mutations::CaseMutations;

use async_graphql::{Context, Enum, ID, InputObject, Object};
use domain::Resource;
use domain::paging::SortOrder;
use entity::{
    cases, clients, discharge_summaries, outbound_calls, outbound_emails, patients, soap_notes,
    users, vital_signs,
};
use sea_orm::{ColumnTrait, Condition};

use super::notes::{NoteFilter, VitalSignsFilter};
use super::values::PatientSnapshot;
use crate::connection::OrderDirection;
use crate::enums::{CaseSource, CaseStatus};
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::DateTimeRange;
use crate::row::{
    Children, Exposed, ListFilter, Listed, Parent, Row, children, children_in_order, parent,
};

/// A row of `cases` (described with its table in `domain::registry`).
pub type Case = Row<cases::Entity>;

/// The hand-written fields of `Case` (its columns come from its declaration).
pub struct CaseLinks<'a>(&'a cases::Model);

#[Object(name = "CaseLinks")]
impl CaseLinks<'_> {
    async fn patient_snapshot(&self) -> Option<PatientSnapshot> {
        self.0.patient_snapshot.as_ref().map(PatientSnapshot::from)
    }

    /// Follow-ups the auto-scheduler created for the case, newest first.
    async fn auto_scheduled_items(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<crate::connection::List<super::automation::AutoScheduledItem>> {
        let order = SortOrder {
            column: entity::auto_scheduled_items::Column::CreatedAt,
            descending: true,
        };
        let window = crate::connection::window(first, after, last, before)?;
        crate::connection::child_list::<entity::auto_scheduled_items::Entity, _>(
            ctx,
            entity::auto_scheduled_items::Column::CaseId,
            self.0.id,
            sea_orm::Condition::all(),
            order,
            window,
            super::automation::AutoScheduledItem::new,
        )
        .await
    }

    /// The discharge batches the case was part of, as batch items, newest first.
    async fn discharge_batch_items(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<
        crate::connection::List<super::automation::batch_items::DischargeBatchItem>,
    > {
        let order = SortOrder {
            column: entity::discharge_batch_items::Column::CreatedAt,
            descending: true,
        };
        let window = crate::connection::window(first, after, last, before)?;
        crate::connection::child_list::<entity::discharge_batch_items::Entity, _>(
            ctx,
            entity::discharge_batch_items::Column::CaseId,
            self.0.id,
            sea_orm::Condition::all(),
            order,
            window,
            super::automation::batch_items::DischargeBatchItem::new,
        )
        .await
    }
}

impl Exposed for cases::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<patients::Entity>("patient"),
        parent::<clients::Entity>("client"),
        parent::<users::Entity>("createdBy"),
        parent::<users::Entity>("updatedBy"),
    ];
    const CHILDREN: &'static [Children] = &[
        children::<outbound_calls::Entity>(
            "outboundCalls",
            "case_id",
            "Discharge call attempts for the case, newest first unless ordered otherwise.",
        ),
        children::<outbound_emails::Entity>(
            "outboundEmails",
            "case_id",
            "Discharge e-mails for the case, newest first unless ordered otherwise.",
        ),
        children_in_order::<soap_notes::Entity, NoteFilter>(
            "soapNotes",
            "case_id",
            "The case's SOAP notes, oldest first.",
            "created_at",
            false,
        ),
        children_in_order::<discharge_summaries::Entity, NoteFilter>(
            "dischargeSummaries",
            "case_id",
            "The case's discharge summaries, oldest first.",
            "created_at",
            false,
        ),
        children_in_order::<vital_signs::Entity, VitalSignsFilter>(
            "vitalSigns",
            "case_id",
            "Vital signs taken during the case, in the order they were measured.",
            "measured_at",
            false,
        ),
    ];
    type Links<'a> = CaseLinks<'a>;
    fn links(model: &cases::Model) -> Self::Links<'_> {
        CaseLinks(model)
    }
}

/// Which cases a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct CaseFilter {
    /// Any of these statuses.
    pub status: Option<Vec<CaseStatus>>,
    pub source: Option<CaseSource>,
    pub is_urgent: Option<bool>,
    pub is_starred: Option<bool>,
    pub patient_id: Option<ID>,
    pub client_id: Option<ID>,
    pub created_at: Option<DateTimeRange>,
    pub scheduled_at: Option<DateTimeRange>,
}

impl CaseFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(statuses) = &self.status {
            let statuses: Vec<entity::enums::CaseStatus> =
                statuses.iter().map(|s| (*s).into()).collect();
            cond = cond.add(cases::Column::Status.is_in(statuses));
        }
        if let Some(source) = self.source {
            cond = cond.add(cases::Column::Source.eq(entity::enums::CaseSource::from(source)));
        }
        if let Some(v) = self.is_urgent {
            cond = cond.add(cases::Column::IsUrgent.eq(v));
        }
        if let Some(v) = self.is_starred {
            cond = cond.add(cases::Column::IsStarred.eq(v));
        }
        if let Some(id) = &self.patient_id {
            let id = ids::decode_as(id, Resource::Patients).gql()?;
            cond = cond.add(cases::Column::PatientId.eq(id));
        }
        if let Some(id) = &self.client_id {
            let id = ids::decode_as(id, Resource::Clients).gql()?;
            cond = cond.add(cases::Column::ClientId.eq(id));
        }
        if let Some(range) = &self.created_at {
            range.validate("filter.createdAt").gql()?;
            cond = cond.add(range.condition(cases::Column::CreatedAt));
        }
        if let Some(range) = &self.scheduled_at {
            range.validate("filter.scheduledAt").gql()?;
            cond = cond.add(range.condition(cases::Column::ScheduledAt));
        }
        Ok(cond)
    }
}

/// The field a list of `Case` items is sorted by (in `CaseOrder`); ties are broken by ID.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CaseOrderField {
    /// By when it was created.
    #[default]
    CreatedAt,
    /// By when it was last changed.
    UpdatedAt,
    /// By the time it is scheduled for.
    ScheduledAt,
}

/// The order of a case list (ties broken by id); newest first by default.
#[derive(InputObject, Clone, Copy, Debug, Default)]
pub struct CaseOrder {
    pub field: CaseOrderField,
    pub direction: OrderDirection,
}

impl CaseOrder {
    pub fn sort(self) -> SortOrder<cases::Column> {
        SortOrder {
            column: match self.field {
                CaseOrderField::CreatedAt => cases::Column::CreatedAt,
                CaseOrderField::UpdatedAt => cases::Column::UpdatedAt,
                CaseOrderField::ScheduledAt => cases::Column::ScheduledAt,
            },
            descending: self.direction == OrderDirection::Desc,
        }
    }
}

impl Listed for cases::Entity {
    type Filter = CaseFilter;
    type Order = CaseOrder;
    fn condition(filter: CaseFilter) -> async_graphql::Result<Condition> {
        filter.condition()
    }
    fn sort(order: CaseOrder) -> SortOrder<cases::Column> {
        order.sort()
    }
}

impl ListFilter<soap_notes::Entity> for NoteFilter {
    fn list_condition(self) -> async_graphql::Result<sea_orm::Condition> {
        self.condition(soap_notes::Column::CreatedAt)
    }
}

impl ListFilter<discharge_summaries::Entity> for NoteFilter {
    fn list_condition(self) -> async_graphql::Result<sea_orm::Condition> {
        self.condition(discharge_summaries::Column::CreatedAt)
    }
}

impl ListFilter<vital_signs::Entity> for VitalSignsFilter {
    fn list_condition(self) -> async_graphql::Result<sea_orm::Condition> {
        self.condition()
    }
}
