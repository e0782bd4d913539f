//! The clinical and communications fields of `Clinic` (cases, calls, messages …), dashboard
//! counts, and the mutations of this area.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::validate;
use domain::Resource;
use domain::paging::SortOrder;
use entity::{cases, clients, clinics, inbound_calls, patients};
use sea_orm::{Condition, NotSet, Set};
use uuid::Uuid;

use super::TypeRule;
use super::calls::InboundCall;
use super::cases::{Case, CaseFilter, CaseOrder};
use crate::connection::{List, child_list, window};
use crate::context::session;
use crate::enums::CaseStatus;
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;

/// The object types of this area and their resources (for the schema-coverage test).
pub const TYPE_RULES: &[(&str, TypeRule)] = &[
    ("Case", TypeRule::Row(Resource::Cases)),
    ("OutboundCall", TypeRule::Row(Resource::OutboundCalls)),
    ("InboundCall", TypeRule::Row(Resource::InboundCalls)),
    ("CallAnalysis", TypeRule::Row(Resource::CallAnalysis)),
    ("ClinicClinical", TypeRule::Row(Resource::Clinics)),
];

/// The clinical fields of `Clinic`.
pub struct ClinicClinical(pub Arc<clinics::Model>);

#[Object(guard = "ReadGuard::new(Resource::Clinics, self.0.id)")]
impl ClinicClinical {
    /// The clinic's cases, newest first unless ordered otherwise.
    #[allow(clippy::too_many_arguments)]
    async fn cases(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<CaseFilter>,
        order_by: Option<CaseOrder>,
    ) -> async_graphql::Result<List<Case>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = order_by.unwrap_or_default().sort();
        let window = window(first, after, last, before)?;
        child_list::<cases::Entity, _>(ctx, cases::Column::ClinicId, self.0.id, filter, order, window, Case).await
    }

    /// Calls the voice assistant answered for the clinic, newest first.
    async fn inbound_calls(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<List<InboundCall>> {
        let order = SortOrder {
            column: inbound_calls::Column::CreatedAt,
            descending: true,
        };
        let window = window(first, after, last, before)?;
        child_list::<inbound_calls::Entity, _>(
            ctx,
            inbound_calls::Column::ClinicId,
            self.0.id,
            Condition::all(),
            order,
            window,
            InboundCall,
        )
        .await
    }
}

#[derive(InputObject)]
pub struct CreateCaseInput {
    pub clinic_id: ID,
    pub patient_id: Option<ID>,
    pub client_id: Option<ID>,
    /// The kind of case (free text).
    pub case_type: Option<String>,
    pub status: Option<CaseStatus>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub is_urgent: Option<bool>,
    pub external_id: Option<String>,
}

#[derive(SimpleObject)]
pub struct CreateCasePayload {
    pub case: Case,
}

#[derive(Default)]
pub struct ClinicalMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl ClinicalMutations {
    /// Opens a case (member or above). The patient and client must belong to the clinic, and
    /// the patient to the client; the patient snapshot is taken from them.
    async fn create_case(&self, ctx: &Context<'_>, input: CreateCaseInput) -> async_graphql::Result<CreateCasePayload> {
        let clinic_id = ids::decode(&input.clinic_id, "Clinic", "clinic").gql()?;
        let patient_id = input
            .patient_id
            .as_ref()
            .map(|id| ids::decode(id, "Patient", "patient"))
            .transpose()
            .gql()?;
        let client_id = input
            .client_id
            .as_ref()
            .map(|id| ids::decode(id, "Client", "client"))
            .transpose()
            .gql()?;
        validate::optional_text("input.caseType", input.case_type.as_deref()).gql()?;
        let row = session(ctx)?
            .atomically(async |w| {
                let patient = match patient_id {
                    Some(id) => Some(w.reference::<patients::Entity>(id, clinic_id, "input.patientId").await?),
                    None => None,
                };
                let client = match client_id.or(patient.as_ref().map(|p| p.client_id)) {
                    Some(id) => Some(w.reference::<clients::Entity>(id, clinic_id, "input.clientId").await?),
                    None => None,
                };
                if let (Some(patient), Some(client)) = (&patient, &client) {
                    if patient.client_id != client.id {
                        return Err(domain::DomainError::bad_input("input.patientId", "the patient belongs to another client"));
                    }
                }
                let snapshot = patient.as_ref().map(|p| entity::json::PatientSnapshot {
                    name: Some(p.name.clone()),
                    species: p.species.clone(),
                    breed: p.breed.clone(),
                    owner_name: client.as_ref().map(|c| c.display_name.clone()),
                    owner_phone: client.as_ref().and_then(|c| c.phone.clone()),
                    owner_email: client.as_ref().and_then(|c| c.email.clone()),
                });
                let created_by = w.session().principal().as_user().map(|u| u.user_id);
                w.insert(cases::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(clinic_id),
                    patient_id: Set(patient.map(|p| p.id)),
                    client_id: Set(client.map(|c| c.id)),
                    created_by: Set(created_by),
                    updated_by: Set(created_by),
                    r#type: Set(input.case_type),
                    status: input.status.map_or(NotSet, |s| Set(Some(s.into()))),
                    patient_snapshot: Set(snapshot),
                    scheduled_at: Set(input.scheduled_at),
                    is_urgent: input.is_urgent.map_or(NotSet, |v| Set(Some(v))),
                    external_id: Set(input.external_id),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(CreateCasePayload { case: Case(row) })
    }
}
