//! Which voice assistant answers for which clinic (`vapi_assistant_mappings`): the assistant's
//! id at the voice provider, its role and environment, and the clinic whose PIMS it books into.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::validate;
use domain::{Action, Resource};
use entity::{clinics, vapi_assistant_mappings};
use sea_orm::{ColumnTrait, Condition, NotSet, Set};
use uuid::Uuid;

use super::name_conflict;
use crate::context::session;
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;
use crate::types::people::set_maybe;
use crate::types::scheduling::permit;

const ASSISTANT_ID_TAKEN: (&str, &str) = (
    "vapi_assistant_mappings_assistant_id_key",
    "this assistant is already mapped to a clinic",
);

/// A voice assistant of the clinic (members and above).
pub struct AssistantMapping(pub vapi_assistant_mappings::Model);

#[Object(guard = "ReadGuard::new(Resource::VapiAssistantMappings, self.0.clinic_id)")]
impl AssistantMapping {
    pub async fn id(&self) -> ID {
        ids::encode("AssistantMapping", self.0.id)
    }
    /// The assistant's id at the voice provider (unique across all clinics).
    async fn assistant_id(&self) -> &str {
        &self.0.assistant_id
    }
    async fn assistant_name(&self) -> Option<&str> {
        self.0.assistant_name.as_deref()
    }
    /// `inbound` or `outbound`.
    async fn assistant_type(&self) -> Option<&str> {
        self.0.assistant_type.as_deref()
    }
    /// `production`, `staging`, …
    async fn environment(&self) -> Option<&str> {
        self.0.environment.as_deref()
    }
    /// The clinic whose PIMS the assistant books into.
    async fn pims_clinic_id(&self) -> Option<ID> {
        self.0.pims_clinic_id.map(|id| ids::encode("Clinic", id))
    }
    async fn is_active(&self) -> Option<bool> {
        self.0.is_active
    }
    async fn created_at(&self) -> Option<DateTime<Utc>> {
        self.0.created_at
    }
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.updated_at
    }
}

/// Which assistant mappings a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct AssistantMappingFilter {
    pub is_active: Option<bool>,
    pub assistant_type: Option<String>,
    pub environment: Option<String>,
}

impl AssistantMappingFilter {
    pub fn condition(&self) -> Condition {
        let mut cond = Condition::all();
        if let Some(v) = self.is_active {
            cond = cond.add(vapi_assistant_mappings::Column::IsActive.eq(v));
        }
        if let Some(v) = &self.assistant_type {
            cond = cond.add(vapi_assistant_mappings::Column::AssistantType.eq(v.clone()));
        }
        if let Some(v) = &self.environment {
            cond = cond.add(vapi_assistant_mappings::Column::Environment.eq(v.clone()));
        }
        cond
    }
}

#[derive(InputObject)]
pub struct CreateAssistantMappingInput {
    pub clinic_id: ID,
    /// Unique across all clinics; one in use answers CONFLICT.
    pub assistant_id: String,
    pub assistant_name: Option<String>,
    /// `inbound` when absent.
    pub assistant_type: Option<String>,
    /// `production` when absent.
    pub environment: Option<String>,
    /// A clinic the caller belongs to.
    pub pims_clinic_id: Option<ID>,
    pub is_active: Option<bool>,
}

#[derive(SimpleObject)]
pub struct CreateAssistantMappingPayload {
    pub assistant_mapping: AssistantMapping,
}

/// Absent fields are left as they are; `null` clears a nullable field.
#[derive(InputObject)]
pub struct UpdateAssistantMappingInput {
    pub id: ID,
    pub assistant_id: Option<String>,
    pub assistant_name: MaybeUndefined<String>,
    pub assistant_type: MaybeUndefined<String>,
    pub environment: MaybeUndefined<String>,
    pub pims_clinic_id: MaybeUndefined<ID>,
    pub is_active: Option<bool>,
}

#[derive(SimpleObject)]
pub struct UpdateAssistantMappingPayload {
    pub assistant_mapping: AssistantMapping,
}

#[derive(InputObject)]
pub struct ArchiveAssistantMappingInput {
    pub id: ID,
}

#[derive(SimpleObject)]
pub struct ArchiveAssistantMappingPayload {
    pub assistant_mapping: AssistantMapping,
}

#[derive(InputObject)]
pub struct DeleteAssistantMappingInput {
    pub id: ID,
}

#[derive(SimpleObject)]
pub struct DeleteAssistantMappingPayload {
    pub deleted_assistant_mapping_id: ID,
}

pub(crate) async fn create_assistant_mapping(ctx: &Context<'_>, input: CreateAssistantMappingInput) -> async_graphql::Result<CreateAssistantMappingPayload> {
    let clinic_id = ids::decode(&input.clinic_id, "Clinic", "clinic").gql()?;
    let pims_clinic_id = input.pims_clinic_id.as_ref().map(|id| ids::decode(id, "Clinic", "clinic")).transpose().gql()?;
    validate::required("input.assistantId", &input.assistant_id).gql()?;
    validate::optional_text("input.assistantType", input.assistant_type.as_deref()).gql()?;
    validate::optional_text("input.environment", input.environment.as_deref()).gql()?;
    let row = session(ctx)?
        .atomically(async |w| {
            // First, so a caller who may not add mappings does not learn which assistant
            // ids other clinics use from a CONFLICT.
            permit(w, Resource::VapiAssistantMappings, Action::Create, clinic_id).await?;
            if let Some(id) = pims_clinic_id {
                w.reference::<clinics::Entity>(id, clinic_id, "input.pimsClinicId").await?;
            }
            w.insert(vapi_assistant_mappings::ActiveModel {
                id: Set(Uuid::new_v4()),
                clinic_id: Set(clinic_id),
                assistant_id: Set(input.assistant_id.trim().to_owned()),
                assistant_name: Set(input.assistant_name),
                assistant_type: input.assistant_type.map_or(NotSet, |v| Set(Some(v.trim().to_owned()))),
                environment: input.environment.map_or(NotSet, |v| Set(Some(v.trim().to_owned()))),
                pims_clinic_id: Set(pims_clinic_id),
                is_active: input.is_active.map_or(NotSet, |v| Set(Some(v))),
                ..Default::default()
            })
            .await
        })
        .await
        .map_err(name_conflict(ASSISTANT_ID_TAKEN.0, ASSISTANT_ID_TAKEN.1))
        .gql()?;
    Ok(CreateAssistantMappingPayload {
        assistant_mapping: AssistantMapping(row),
    })
}

pub(crate) async fn update_assistant_mapping(ctx: &Context<'_>, input: UpdateAssistantMappingInput) -> async_graphql::Result<UpdateAssistantMappingPayload> {
    let id = ids::decode(&input.id, "AssistantMapping", "assistant mapping").gql()?;
    if let Some(v) = &input.assistant_id {
        validate::required("input.assistantId", v).gql()?;
    }
    let pims_clinic_id = match &input.pims_clinic_id {
        MaybeUndefined::Value(id) => MaybeUndefined::Value(ids::decode(id, "Clinic", "clinic").gql()?),
        MaybeUndefined::Null => MaybeUndefined::Null,
        MaybeUndefined::Undefined => MaybeUndefined::Undefined,
    };
    let (_, row) = session(ctx)?
        .atomically(async |w| {
            let mapping = w.load_for::<vapi_assistant_mappings::Entity>(id, Action::Update).await?;
            if let MaybeUndefined::Value(pims) = pims_clinic_id {
                w.reference::<clinics::Entity>(pims, mapping.clinic_id, "input.pimsClinicId").await?;
            }
            w.update::<vapi_assistant_mappings::Entity, vapi_assistant_mappings::ActiveModel>(id, Action::Update, |row| {
                if let Some(v) = input.assistant_id {
                    row.assistant_id = Set(v.trim().to_owned());
                }
                set_maybe(&mut row.assistant_name, input.assistant_name);
                set_maybe(&mut row.assistant_type, input.assistant_type);
                set_maybe(&mut row.environment, input.environment);
                set_maybe(&mut row.pims_clinic_id, pims_clinic_id);
                if let Some(v) = input.is_active {
                    row.is_active = Set(Some(v));
                }
                Ok(())
            })
            .await
        })
        .await
        .map_err(name_conflict(ASSISTANT_ID_TAKEN.0, ASSISTANT_ID_TAKEN.1))
        .gql()?;
    Ok(UpdateAssistantMappingPayload {
        assistant_mapping: AssistantMapping(row),
    })
}

pub(crate) async fn archive_assistant_mapping(ctx: &Context<'_>, input: ArchiveAssistantMappingInput) -> async_graphql::Result<ArchiveAssistantMappingPayload> {
    let id = ids::decode(&input.id, "AssistantMapping", "assistant mapping").gql()?;
    let (_, row) = session(ctx)?
        .atomically(async |w| {
            w.update::<vapi_assistant_mappings::Entity, vapi_assistant_mappings::ActiveModel>(id, Action::Archive, |row| {
                row.is_active = Set(Some(false));
                Ok(())
            })
            .await
        })
        .await
        .gql()?;
    Ok(ArchiveAssistantMappingPayload {
        assistant_mapping: AssistantMapping(row),
    })
}

pub(crate) async fn delete_assistant_mapping(ctx: &Context<'_>, input: DeleteAssistantMappingInput) -> async_graphql::Result<DeleteAssistantMappingPayload> {
    let id = ids::decode(&input.id, "AssistantMapping", "assistant mapping").gql()?;
    session(ctx)?
        .atomically(async |w| w.delete::<vapi_assistant_mappings::Entity>(id).await)
        .await
        .gql()?;
    Ok(DeleteAssistantMappingPayload {
        deleted_assistant_mapping_id: input.id,
    })
}
