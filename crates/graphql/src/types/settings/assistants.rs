//! Which voice assistant answers for which clinic (`vapi_assistant_mappings`): the assistant's
//! id at the voice provider, its role and environment, and the clinic whose PIMS it books into.
//!
//! Assistant ids are unique across all clinics (an inbound call is routed by its assistant),
//! so binding one is the platform's: the service creates a mapping once the voice provider
//! confirmed the assistant is the clinic's, and the id never changes afterwards (admins manage
//! the rest). An admin therefore can neither claim another clinic's assistant nor learn from a
//! CONFLICT which ids are in use. The clinic an assistant books into (`pimsClinicId`) is one
//! the caller could manage the mapping in: admin there, or NOT_FOUND / FORBIDDEN as for the
//! mapping itself.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use domain::session::Writer;
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::{clinics, vapi_assistant_mappings};
use sea_orm::{NotSet, Set};
use uuid::Uuid;

use crate::context::session;
use crate::errors::GqlResult;
use crate::guard::{ensure_may, permit};
use crate::ids;
use crate::inputs::set_maybe;
use crate::payloads::{Changed, Create, Update};
use crate::row::{Exposed, Filter, Filtered, Filtering, Row, equals};

/// A row of `vapi_assistant_mappings` (described with its table in `domain::registry`).
pub type AssistantMapping = Row<vapi_assistant_mappings::Entity>;

/// The hand-written fields of `AssistantMapping` (its columns come from its declaration).
pub struct AssistantMappingLinks<'a>(&'a vapi_assistant_mappings::Model);

#[Object(name = "AssistantMappingLinks")]
impl AssistantMappingLinks<'_> {
    /// The clinic whose PIMS the assistant books into.
    async fn pims_clinic_id(&self) -> Option<ID> {
        self.0
            .pims_clinic_id
            .map(|id| ids::of(Resource::Clinics, id))
    }
}

impl Exposed for vapi_assistant_mappings::Entity {
    type Links<'a> = AssistantMappingLinks<'a>;
    fn links(model: &vapi_assistant_mappings::Model) -> Self::Links<'_> {
        AssistantMappingLinks(model)
    }
}

/// Which assistant mappings a list returns.
pub type AssistantMappingFilter = Filter<vapi_assistant_mappings::Entity>;

impl Filtered for vapi_assistant_mappings::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "AssistantMappingFilter",
        about: "Which assistant mappings a list returns.",
        fields: &[
            equals("is_active"),
            equals("assistant_type"),
            equals("environment"),
        ],
    };
}

/// The input of `createAssistantMapping`, which maps a voice assistant to the clinic (the service
/// only, once the voice provider confirmed the assistant is the clinic's: assistant ids are unique
/// across clinics).
#[derive(InputObject)]
pub struct CreateAssistantMappingInput {
    pub clinic_id: ID,
    /// The id the voice provider confirmed is the clinic's (the service only binds it); unique
    /// across all clinics, so one in use answers CONFLICT.
    pub assistant_id: String,
    pub assistant_name: Option<String>,
    /// `inbound` when absent.
    pub assistant_type: Option<String>,
    /// `production` when absent.
    pub environment: Option<String>,
    /// The clinic whose PIMS the assistant books into: one where the caller may manage
    /// assistant mappings.
    pub pims_clinic_id: Option<ID>,
    pub is_active: Option<bool>,
}

/// The result of `createAssistantMapping` (`payloads::Changed`).
pub type CreateAssistantMappingPayload = Changed<entity::vapi_assistant_mappings::Entity, Create>;

/// Absent fields are left as they are; `null` clears a nullable field. The assistant id is not
/// among them: it is bound once, by the platform (map another assistant with a new mapping).
#[derive(InputObject)]
pub struct UpdateAssistantMappingInput {
    pub id: ID,
    pub assistant_name: MaybeUndefined<String>,
    pub assistant_type: MaybeUndefined<String>,
    pub environment: MaybeUndefined<String>,
    /// A clinic where the caller may manage assistant mappings; `null` clears it.
    pub pims_clinic_id: MaybeUndefined<ID>,
    pub is_active: Option<bool>,
}

/// The result of `updateAssistantMapping` (`payloads::Changed`).
pub type UpdateAssistantMappingPayload = Changed<entity::vapi_assistant_mappings::Entity, Update>;

/// The clinic an assistant is to book into: the caller must be allowed `action` on assistant
/// mappings there, as for the mapping itself (NOT_FOUND outside the caller's clinics, FORBIDDEN
/// below the role inside them), and it must exist.
async fn check_pims_clinic(
    w: &Writer<'_>,
    action: Action,
    pims_clinic_id: Uuid,
) -> Result<(), DomainError> {
    ensure_may(w, Resource::VapiAssistantMappings, action, pims_clinic_id)?;
    w.load_for::<clinics::Entity>(pims_clinic_id, Action::Read)
        .await
        .map(|_| ())
}

pub(crate) async fn create_assistant_mapping(
    ctx: &Context<'_>,
    input: CreateAssistantMappingInput,
) -> async_graphql::Result<CreateAssistantMappingPayload> {
    let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
    let pims_clinic_id = input
        .pims_clinic_id
        .as_ref()
        .map(|id| ids::decode_as(id, Resource::Clinics))
        .transpose()
        .gql()?;
    validate::required("input.assistantId", &input.assistant_id).gql()?;
    validate::optional_text("input.assistantType", input.assistant_type.as_deref()).gql()?;
    validate::optional_text("input.environment", input.environment.as_deref()).gql()?;
    let row = session(ctx)?
        .atomically(async |w| {
            // First: only the service binds assistant ids, and nobody else learns from a
            // CONFLICT which ids other clinics use.
            permit(
                w,
                Resource::VapiAssistantMappings,
                Action::Create,
                clinic_id,
            )
            .await?;
            if let Some(id) = pims_clinic_id {
                check_pims_clinic(w, Action::Create, id).await?;
            }
            w.insert(vapi_assistant_mappings::ActiveModel {
                id: Set(Uuid::new_v4()),
                clinic_id: Set(clinic_id),
                assistant_id: Set(input.assistant_id.trim().to_owned()),
                assistant_name: Set(input.assistant_name),
                assistant_type: input
                    .assistant_type
                    .map_or(NotSet, |v| Set(Some(v.trim().to_owned()))),
                environment: input
                    .environment
                    .map_or(NotSet, |v| Set(Some(v.trim().to_owned()))),
                pims_clinic_id: Set(pims_clinic_id),
                is_active: input.is_active.map_or(NotSet, |v| Set(Some(v))),
                ..Default::default()
            })
            .await
        })
        .await
        .gql()?;
    Ok(CreateAssistantMappingPayload::new(AssistantMapping::new(
        row,
    )))
}

pub(crate) async fn update_assistant_mapping(
    ctx: &Context<'_>,
    input: UpdateAssistantMappingInput,
) -> async_graphql::Result<UpdateAssistantMappingPayload> {
    let id = ids::decode_as(&input.id, Resource::VapiAssistantMappings).gql()?;
    let pims_clinic_id = match &input.pims_clinic_id {
        MaybeUndefined::Value(id) => {
            MaybeUndefined::Value(ids::decode_as(id, Resource::Clinics).gql()?)
        }
        MaybeUndefined::Null => MaybeUndefined::Null,
        MaybeUndefined::Undefined => MaybeUndefined::Undefined,
    };
    let (_, row) = session(ctx)?
        .atomically(async |w| {
            w.load_for::<vapi_assistant_mappings::Entity>(id, Action::Update)
                .await?;
            if let MaybeUndefined::Value(pims) = pims_clinic_id {
                check_pims_clinic(w, Action::Update, pims).await?;
            }
            w.update::<vapi_assistant_mappings::Entity, vapi_assistant_mappings::ActiveModel>(
                id,
                Action::Update,
                |row| {
                    set_maybe(&mut row.assistant_name, input.assistant_name);
                    set_maybe(&mut row.assistant_type, input.assistant_type);
                    set_maybe(&mut row.environment, input.environment);
                    set_maybe(&mut row.pims_clinic_id, pims_clinic_id);
                    if let Some(v) = input.is_active {
                        row.is_active = Set(Some(v));
                    }
                    Ok(())
                },
            )
            .await
        })
        .await
        .gql()?;
    Ok(UpdateAssistantMappingPayload::new(AssistantMapping::new(
        row,
    )))
}
