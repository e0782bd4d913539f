//! The case mutations: open, change and delete cases. A case's patient and client must belong
//! to its clinic, and the patient to the client.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use domain::Resource;
use domain::{Action, DomainError, validate};
use entity::{cases, clients, patients};
use sea_orm::{ActiveModelTrait, NotSet, Set};
use uuid::Uuid;

use super::Case;
use crate::context::session;
use crate::enums::CaseStatus;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::{decode_maybe, set_maybe};
use crate::payloads::{Changed, Create, Update};
use crate::scalars::{self, Inner};
use crate::types::clinical::caller_user_id;

/// The input of `createCase`, which opens a case (member or above).
#[derive(InputObject)]
pub struct CreateCaseInput {
    pub clinic_id: ID,
    pub patient_id: Option<ID>,
    pub client_id: Option<ID>,
    /// The kind of case (free text).
    pub case_type: Option<String>,
    pub status: Option<CaseStatus>,
    pub scheduled_at: Option<scalars::DateTime>,
    pub is_urgent: Option<bool>,
    pub external_id: Option<String>,
}

/// The result of `createCase` (`payloads::Changed`).
pub type CreateCasePayload = Changed<entity::cases::Entity, Create>;

/// Absent fields are left as they are; `null` clears a nullable field. A new patient brings
/// its owner as the client unless `clientId` is given; the patient must belong to the client.
#[derive(InputObject)]
pub struct UpdateCaseInput {
    pub id: ID,
    pub status: Option<CaseStatus>,
    pub case_type: MaybeUndefined<String>,
    /// `private` or `clinic` (free text).
    pub visibility: MaybeUndefined<String>,
    pub scheduled_at: MaybeUndefined<scalars::DateTime>,
    pub call_enabled: Option<bool>,
    pub email_enabled: Option<bool>,
    /// Days after discharge for the follow-up call. Setting either delay makes the case's
    /// delays its own: they then take precedence over the clinic's cadences.
    pub call_delay_days: MaybeUndefined<i32>,
    /// Days after discharge for the follow-up e-mail (see `callDelayDays`).
    pub email_delay_days: MaybeUndefined<i32>,
    pub is_urgent: Option<bool>,
    pub is_starred: Option<bool>,
    pub patient_id: MaybeUndefined<ID>,
    pub client_id: MaybeUndefined<ID>,
}

/// The result of `updateCase` (`payloads::Changed`).
pub type UpdateCasePayload = Changed<entity::cases::Entity, Update>;

/// The patient as recorded on the case (`cases.patient_snapshot`).
fn snapshot(
    patient: &patients::Model,
    client: Option<&clients::Model>,
) -> entity::json::PatientSnapshot {
    entity::json::PatientSnapshot {
        name: Some(patient.name.clone()),
        species: patient.species.clone(),
        breed: patient.breed.clone(),
        owner_name: client.map(|c| c.display_name.clone()),
        owner_phone: client.and_then(|c| c.phone.clone()),
        owner_email: client.and_then(|c| c.email.clone()),
    }
}

#[derive(Default)]
pub struct CaseMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl CaseMutations {
    /// Opens a case (member or above). The patient and client must belong to the clinic, and
    /// the patient to the client; the patient snapshot is taken from them.
    async fn create_case(
        &self,
        ctx: &Context<'_>,
        input: CreateCaseInput,
    ) -> async_graphql::Result<CreateCasePayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        let patient_id = input
            .patient_id
            .as_ref()
            .map(|id| ids::decode_as(id, Resource::Patients))
            .transpose()
            .gql()?;
        let client_id = input
            .client_id
            .as_ref()
            .map(|id| ids::decode_as(id, Resource::Clients))
            .transpose()
            .gql()?;
        validate::optional_text("input.caseType", input.case_type.as_deref()).gql()?;
        let row = session(ctx)?
            .atomically(async |w| {
                let patient = match patient_id {
                    Some(id) => Some(
                        w.reference::<patients::Entity>(id, clinic_id, "input.patientId")
                            .await?,
                    ),
                    None => None,
                };
                let client = match client_id.or(patient.as_ref().map(|p| p.client_id)) {
                    Some(id) => Some(
                        w.reference::<clients::Entity>(id, clinic_id, "input.clientId")
                            .await?,
                    ),
                    None => None,
                };
                if let (Some(patient), Some(client)) = (&patient, &client)
                    && patient.client_id != client.id
                {
                    return Err(DomainError::bad_input(
                        "input.patientId",
                        "the patient belongs to another client",
                    ));
                }
                let snapshot = patient.as_ref().map(|p| snapshot(p, client.as_ref()));
                let created_by = caller_user_id(w.session());
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
                    scheduled_at: Set(input.scheduled_at.inner()),
                    is_urgent: input.is_urgent.map_or(NotSet, |v| Set(Some(v))),
                    external_id: Set(input.external_id),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(CreateCasePayload::new(Case::new(row)))
    }

    /// Changes a case (member or above) and records the caller as its last editor. A new
    /// patient or client refreshes the patient snapshot.
    async fn update_case(
        &self,
        ctx: &Context<'_>,
        input: UpdateCaseInput,
    ) -> async_graphql::Result<UpdateCasePayload> {
        let id = ids::decode_as(&input.id, Resource::Cases).gql()?;
        let patient_id = decode_maybe(&input.patient_id, Resource::Patients)?;
        let client_id = decode_maybe(&input.client_id, Resource::Clients)?;
        validate::optional_text("input.caseType", input.case_type.as_opt_deref().flatten())
            .gql()?;
        validate::optional_text(
            "input.visibility",
            input.visibility.as_opt_deref().flatten(),
        )
        .gql()?;
        validate::non_negative(
            "input.callDelayDays",
            input.call_delay_days.as_opt_ref().flatten().copied(),
        )
        .gql()?;
        validate::non_negative(
            "input.emailDelayDays",
            input.email_delay_days.as_opt_ref().flatten().copied(),
        )
        .gql()?;
        let (_, case) = session(ctx)?
            .atomically(async |w| {
                let current = w.load_for::<cases::Entity>(id, Action::Update).await?;
                let clinic_id = current.clinic_id;
                // `Some(x)`: the input changes the reference to `x`; `None`: it stays.
                let mut patient: Option<Option<patients::Model>> = match patient_id {
                    MaybeUndefined::Value(id) => Some(Some(
                        w.reference::<patients::Entity>(id, clinic_id, "input.patientId")
                            .await?,
                    )),
                    MaybeUndefined::Null => Some(None),
                    MaybeUndefined::Undefined => None,
                };
                let mut client: Option<Option<clients::Model>> = match client_id {
                    MaybeUndefined::Value(id) => Some(Some(
                        w.reference::<clients::Entity>(id, clinic_id, "input.clientId")
                            .await?,
                    )),
                    MaybeUndefined::Null => Some(None),
                    MaybeUndefined::Undefined => None,
                };
                if let (Some(Some(p)), None) = (&patient, &client) {
                    client = Some(Some(
                        w.reference::<clients::Entity>(p.client_id, clinic_id, "input.patientId")
                            .await?,
                    ));
                }
                let changed = patient.is_some() || client.is_some();
                if changed
                    && patient.is_none()
                    && let Some(id) = current.patient_id
                {
                    patient = Some(w.fetch::<patients::Entity>(id, Action::Read).await?);
                }
                if changed
                    && client.is_none()
                    && let Some(id) = current.client_id
                {
                    client = Some(w.fetch::<clients::Entity>(id, Action::Read).await?);
                }
                if let (Some(Some(p)), Some(Some(c))) = (&patient, &client)
                    && p.client_id != c.id
                {
                    let field = if input.client_id.is_undefined() {
                        "input.patientId"
                    } else {
                        "input.clientId"
                    };
                    return Err(DomainError::bad_input(
                        field,
                        "the patient belongs to another client",
                    ));
                }
                let editor = caller_user_id(w.session());
                w.update::<cases::Entity, cases::ActiveModel>(id, Action::Update, |row| {
                    if let Some(status) = input.status {
                        row.status = Set(Some(status.into()));
                    }
                    set_maybe(&mut row.r#type, input.case_type);
                    set_maybe(&mut row.visibility, input.visibility);
                    set_maybe(&mut row.scheduled_at, input.scheduled_at.inner());
                    for (field, value) in [
                        (&mut row.call_enabled, input.call_enabled),
                        (&mut row.email_enabled, input.email_enabled),
                        (&mut row.is_urgent, input.is_urgent),
                        (&mut row.is_starred, input.is_starred),
                    ] {
                        if let Some(v) = value {
                            *field = Set(Some(v));
                        }
                    }
                    // Delays staff set are the case's own: they take precedence over the
                    // clinic's cadences (`follow_up::cadence`).
                    if !input.call_delay_days.is_undefined()
                        || !input.email_delay_days.is_undefined()
                    {
                        row.cadence_source =
                            Set(Some(domain::follow_up::cadence::OWN_CADENCE.to_owned()));
                    }
                    set_maybe(&mut row.call_delay_days, input.call_delay_days);
                    set_maybe(&mut row.email_delay_days, input.email_delay_days);
                    if changed {
                        let patient = patient.flatten();
                        let client = client.flatten();
                        if let Some(p) = &patient {
                            row.patient_snapshot = Set(Some(snapshot(p, client.as_ref())));
                        }
                        row.patient_id = Set(patient.map(|p| p.id));
                        row.client_id = Set(client.map(|c| c.id));
                    }
                    if row.is_changed() {
                        row.updated_by = Set(editor);
                    }
                    Ok(())
                })
                .await
            })
            .await
            .gql()?;
        Ok(UpdateCasePayload::new(Case::new(case)))
    }
}
