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

use super::calls::{OutboundCall, OutboundCallFilter, OutboundCallOrder};
use super::identity::User;
use super::messaging::{OutboundEmail, OutboundEmailFilter, OutboundEmailOrder};
use super::notes::{DischargeSummary, NoteFilter, SoapNote, VitalSigns, VitalSignsFilter};
use super::people::{Client, Patient};
use super::values::{PatientSnapshot, json};
use crate::connection::{List, OrderDirection, child_list, window};
use crate::context::loaders;
use crate::enums::{CaseSource, CaseStatus};
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;
use crate::inputs::DateTimeRange;
use crate::scalars;

/// A case: one visit's discharge workflow, with its notes, calls and e-mails.
pub struct Case(pub cases::Model);

/// A case: one visit's discharge workflow, with its notes, calls and e-mails.
#[Object(guard = "ReadGuard::new(Resource::Cases, self.0.clinic_id)")]
impl Case {
    pub async fn id(&self) -> ID {
        ids::of(Resource::Cases, self.0.id)
    }
    /// The kind of case (free text from the clinic or the PIMS).
    async fn case_type(&self) -> Option<&str> {
        self.0.r#type.as_deref()
    }
    async fn status(&self) -> Option<CaseStatus> {
        self.0.status.map(Into::into)
    }
    async fn visibility(&self) -> Option<&str> {
        self.0.visibility.as_deref()
    }
    async fn source(&self) -> Option<CaseSource> {
        self.0.source.map(Into::into)
    }
    async fn patient_snapshot(&self) -> Option<PatientSnapshot> {
        self.0.patient_snapshot.as_ref().map(PatientSnapshot::from)
    }
    async fn scheduled_at(&self) -> Option<scalars::DateTime> {
        self.0.scheduled_at.map(Into::into)
    }
    async fn auto_scheduled_at(&self) -> Option<scalars::DateTime> {
        self.0.auto_scheduled_at.map(Into::into)
    }
    async fn scheduling_source(&self) -> Option<&str> {
        self.0.scheduling_source.as_deref()
    }
    async fn call_enabled(&self) -> Option<bool> {
        self.0.call_enabled
    }
    async fn email_enabled(&self) -> Option<bool> {
        self.0.email_enabled
    }
    async fn cadence_source(&self) -> Option<&str> {
        self.0.cadence_source.as_deref()
    }
    async fn call_delay_days(&self) -> Option<i32> {
        self.0.call_delay_days
    }
    async fn email_delay_days(&self) -> Option<i32> {
        self.0.email_delay_days
    }
    async fn detected_case_type(&self) -> Option<&str> {
        self.0.detected_case_type.as_deref()
    }
    /// The case's id in the clinic's PIMS.
    async fn external_id(&self) -> Option<&str> {
        self.0.external_id.as_deref()
    }
    async fn entity_extraction(&self) -> Option<scalars::Json> {
        json(&self.0.entity_extraction)
    }
    async fn extreme_case_check(&self) -> Option<scalars::Json> {
        json(&self.0.extreme_case_check)
    }
    async fn is_urgent(&self) -> Option<bool> {
        self.0.is_urgent
    }
    async fn is_starred(&self) -> Option<bool> {
        self.0.is_starred
    }
    async fn metadata(&self) -> Option<scalars::Json> {
        json(&self.0.metadata)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
    async fn updated_at(&self) -> Option<scalars::DateTime> {
        self.0.updated_at.map(Into::into)
    }

    async fn patient(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Patient>> {
        let Some(id) = self.0.patient_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<patients::Entity>(id)
            .await
            .gql()?
            .map(Patient))
    }

    async fn client(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Client>> {
        let Some(id) = self.0.client_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<clients::Entity>(id)
            .await
            .gql()?
            .map(Client))
    }

    /// Who opened the case.
    async fn created_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.created_by else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<users::Entity>(id)
            .await
            .gql()?
            .map(User))
    }

    /// Who changed the case last (null when the last change came from a system job).
    async fn updated_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.updated_by else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<users::Entity>(id)
            .await
            .gql()?
            .map(User))
    }

    /// The case's SOAP notes, oldest first.
    async fn soap_notes(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<NoteFilter>,
    ) -> async_graphql::Result<List<SoapNote>> {
        let filter = filter
            .unwrap_or_default()
            .condition(soap_notes::Column::CreatedAt)?;
        let order = SortOrder {
            column: soap_notes::Column::CreatedAt,
            descending: false,
        };
        let window = window(first, after, last, before)?;
        child_list::<soap_notes::Entity, _>(
            ctx,
            soap_notes::Column::CaseId,
            self.0.id,
            filter,
            order,
            window,
            SoapNote,
        )
        .await
    }

    /// The case's discharge summaries, oldest first.
    async fn discharge_summaries(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<NoteFilter>,
    ) -> async_graphql::Result<List<DischargeSummary>> {
        let filter = filter
            .unwrap_or_default()
            .condition(discharge_summaries::Column::CreatedAt)?;
        let order = SortOrder {
            column: discharge_summaries::Column::CreatedAt,
            descending: false,
        };
        let window = window(first, after, last, before)?;
        child_list::<discharge_summaries::Entity, _>(
            ctx,
            discharge_summaries::Column::CaseId,
            self.0.id,
            filter,
            order,
            window,
            DischargeSummary,
        )
        .await
    }

    /// Vital signs taken during the case, in the order they were measured.
    async fn vital_signs(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<VitalSignsFilter>,
    ) -> async_graphql::Result<List<VitalSigns>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = SortOrder {
            column: vital_signs::Column::MeasuredAt,
            descending: false,
        };
        let window = window(first, after, last, before)?;
        child_list::<vital_signs::Entity, _>(
            ctx,
            vital_signs::Column::CaseId,
            self.0.id,
            filter,
            order,
            window,
            VitalSigns,
        )
        .await
    }

    /// Discharge call attempts for the case, newest first unless ordered otherwise.
    #[allow(clippy::too_many_arguments)]
    async fn outbound_calls(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<OutboundCallFilter>,
        order_by: Option<OutboundCallOrder>,
    ) -> async_graphql::Result<List<OutboundCall>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = order_by.unwrap_or_default().sort();
        let window = window(first, after, last, before)?;
        child_list::<outbound_calls::Entity, _>(
            ctx,
            outbound_calls::Column::CaseId,
            self.0.id,
            filter,
            order,
            window,
            OutboundCall,
        )
        .await
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
            super::automation::AutoScheduledItem,
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
            super::automation::batch_items::DischargeBatchItem,
        )
        .await
    }

    /// Discharge e-mails for the case, newest first unless ordered otherwise.
    #[allow(clippy::too_many_arguments)]
    async fn outbound_emails(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<OutboundEmailFilter>,
        order_by: Option<OutboundEmailOrder>,
    ) -> async_graphql::Result<List<OutboundEmail>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = order_by.unwrap_or_default().sort();
        let window = window(first, after, last, before)?;
        child_list::<outbound_emails::Entity, _>(
            ctx,
            outbound_emails::Column::CaseId,
            self.0.id,
            filter,
            order,
            window,
            OutboundEmail,
        )
        .await
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
