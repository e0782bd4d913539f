//! Clinical notes of a case: SOAP notes (`SoapNote`), the discharge summaries written from them
//! (`DischargeSummary`) and vital signs (`VitalSigns`). Their mutations are in `notes/mutations.rs`.

mod inputs;
mod mutations;

pub use mutations::NoteMutations;

use async_graphql::{Context, ID, InputObject, Object};
use domain::Resource;
use domain::paging::SortOrder;
use entity::{cases, discharge_summaries, soap_notes, users, vital_signs};
use sea_orm::{ColumnTrait, Condition};

use super::cases::Case;
use super::identity::User;
use super::values::json;
use crate::connection::{List, child_list, window};
use crate::context::loaders;
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;
use crate::inputs::DateTimeRange;
use crate::scalars;

// ---------------------------------------------------------------------------------------------
// SoapNote

/// A SOAP note (subjective, objective, assessment, plan) written for a case.
pub struct SoapNote(pub soap_notes::Model);

/// A SOAP note (subjective, objective, assessment, plan) written for a case.
#[Object(guard = "ReadGuard::new(Resource::SoapNotes, self.0.clinic_id)")]
impl SoapNote {
    pub async fn id(&self) -> ID {
        ids::of(Resource::SoapNotes, self.0.id)
    }
    /// The visit's transcript the note was written from.
    async fn transcript(&self) -> Option<&str> {
        self.0.transcript.as_deref()
    }
    async fn subjective(&self) -> Option<&str> {
        self.0.subjective.as_deref()
    }
    async fn objective(&self) -> Option<&str> {
        self.0.objective.as_deref()
    }
    async fn assessment(&self) -> Option<&str> {
        self.0.assessment.as_deref()
    }
    async fn plan(&self) -> Option<&str> {
        self.0.plan.as_deref()
    }
    async fn client_instructions(&self) -> Option<&str> {
        self.0.client_instructions.as_deref()
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
    async fn updated_at(&self) -> Option<scalars::DateTime> {
        self.0.updated_at.map(Into::into)
    }

    async fn case(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Case>> {
        Ok(loaders(ctx)?
            .one::<cases::Entity>(self.0.case_id)
            .await
            .gql()?
            .map(Case))
    }

    /// Discharge summaries written from this note, oldest first.
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
            discharge_summaries::Column::SoapNoteId,
            self.0.id,
            filter,
            order,
            window,
            DischargeSummary,
        )
        .await
    }

    /// Vital signs recorded with this note, in the order they were measured.
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
            vital_signs::Column::SoapNoteId,
            self.0.id,
            filter,
            order,
            window,
            VitalSigns,
        )
        .await
    }
}

/// Which notes (SOAP notes, discharge summaries) a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct NoteFilter {
    pub created_at: Option<DateTimeRange>,
}

impl NoteFilter {
    /// The condition on the list's `created_at` column.
    pub fn condition<C: ColumnTrait>(&self, created_at: C) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(range) = &self.created_at {
            range.validate("filter.createdAt").gql()?;
            cond = cond.add(range.condition(created_at));
        }
        Ok(cond)
    }
}

// ---------------------------------------------------------------------------------------------
// DischargeSummary

/// The discharge instructions given to the client for a case.
pub struct DischargeSummary(pub discharge_summaries::Model);

/// The discharge instructions given to the client for a case.
#[Object(guard = "ReadGuard::new(Resource::DischargeSummaries, self.0.clinic_id)")]
impl DischargeSummary {
    pub async fn id(&self) -> ID {
        ids::of(Resource::DischargeSummaries, self.0.id)
    }
    async fn content(&self) -> Option<&str> {
        self.0.content.as_deref()
    }
    /// The summary's parts (diagnosis, medications, home care, warning signs) as JSON.
    async fn structured_content(&self) -> Option<scalars::Json> {
        json(&self.0.structured_content)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
    async fn updated_at(&self) -> Option<scalars::DateTime> {
        self.0.updated_at.map(Into::into)
    }

    async fn case(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Case>> {
        Ok(loaders(ctx)?
            .one::<cases::Entity>(self.0.case_id)
            .await
            .gql()?
            .map(Case))
    }

    /// The SOAP note the summary was written from.
    async fn soap_note(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SoapNote>> {
        let Some(id) = self.0.soap_note_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<soap_notes::Entity>(id)
            .await
            .gql()?
            .map(SoapNote))
    }

    /// The discharge template the summary was written from (the clinic's or a global one).
    async fn template_id(&self) -> Option<ID> {
        self.0
            .template_id
            .map(|id| ids::of(Resource::DischargeTemplates, id))
    }

    /// The discharge template itself, when the caller may read it.
    async fn template(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::templates::DischargeTemplate>> {
        let Some(id) = self.0.template_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<entity::discharge_templates::Entity>(id)
            .await
            .gql()?
            .map(super::templates::DischargeTemplate))
    }

    /// Who wrote the summary.
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
}

// ---------------------------------------------------------------------------------------------
// VitalSigns

/// One set of vital signs measured during a case.
pub struct VitalSigns(pub vital_signs::Model);

/// One set of vital signs measured during a case.
#[Object(guard = "ReadGuard::new(Resource::VitalSigns, self.0.clinic_id)")]
impl VitalSigns {
    pub async fn id(&self) -> ID {
        ids::of(Resource::VitalSigns, self.0.id)
    }
    async fn temperature(&self) -> Option<scalars::Decimal> {
        self.0.temperature.map(Into::into)
    }
    /// `F` or `C`.
    async fn temperature_unit(&self) -> Option<&str> {
        self.0.temperature_unit.as_deref()
    }
    /// Beats per minute.
    async fn pulse(&self) -> Option<i32> {
        self.0.pulse
    }
    /// Breaths per minute.
    async fn respiration(&self) -> Option<i32> {
        self.0.respiration
    }
    async fn weight(&self) -> Option<scalars::Decimal> {
        self.0.weight.map(Into::into)
    }
    /// `kg`, `g` or `lb`.
    async fn weight_unit(&self) -> Option<&str> {
        self.0.weight_unit.as_deref()
    }
    /// Systolic blood pressure, mmHg.
    async fn systolic(&self) -> Option<i32> {
        self.0.systolic
    }
    /// Diastolic blood pressure, mmHg.
    async fn diastolic(&self) -> Option<i32> {
        self.0.diastolic
    }
    async fn notes(&self) -> Option<&str> {
        self.0.notes.as_deref()
    }
    /// Where the measurement came from (`manual`, `pims`, a device).
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    async fn measured_at(&self) -> Option<scalars::DateTime> {
        self.0.measured_at.map(Into::into)
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

    async fn case(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Case>> {
        Ok(loaders(ctx)?
            .one::<cases::Entity>(self.0.case_id)
            .await
            .gql()?
            .map(Case))
    }

    /// The SOAP note the measurement belongs to, if any.
    async fn soap_note(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SoapNote>> {
        let Some(id) = self.0.soap_note_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<soap_notes::Entity>(id)
            .await
            .gql()?
            .map(SoapNote))
    }
}

/// Which vital signs a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct VitalSignsFilter {
    pub measured_at: Option<DateTimeRange>,
    /// `manual`, `pims`, … (exact match).
    pub source: Option<String>,
}

impl VitalSignsFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(range) = &self.measured_at {
            range.validate("filter.measuredAt").gql()?;
            cond = cond.add(range.condition(vital_signs::Column::MeasuredAt));
        }
        if let Some(source) = &self.source {
            cond = cond.add(vital_signs::Column::Source.eq(source.clone()));
        }
        Ok(cond)
    }
}
