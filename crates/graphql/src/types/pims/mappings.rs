//! Mappings of the clinic's rows to their ids in a PIMS (`PimsMapping`), their filter and
//! order, and their mutations: an upsert by the natural key (clinic, entity type, entity, PIMS),
//! used by admins and by the sync, and a delete.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use domain::session::Writer;
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::{cases, clients, clinics, patients, pims_mappings, providers, schedule_appointments};
use sea_orm::{ColumnTrait, Condition, NotSet, Set};
use uuid::Uuid;

use super::a_pims;
use crate::context::session;
use crate::enums::{PimsEntityType, PimsType};
use crate::errors::GqlResult;
use crate::guard::ensure_may;
use crate::ids;
use crate::row::{
    BY_CREATED_AT, Exposed, Filtered, Filtering, Listed, Ordering, Parent, Row, any_of, by, custom,
    equals, nullable, parent, text,
};
use crate::scalars::{self, Inner};

/// The global-id type of the rows each kind of mapping points at.
fn entity_type_name(kind: PimsEntityType) -> (&'static str, &'static str) {
    match kind {
        PimsEntityType::Client => ("Client", "client"),
        PimsEntityType::Patient => ("Patient", "patient"),
        PimsEntityType::Provider => ("Provider", "provider"),
        PimsEntityType::Appointment => ("Appointment", "appointment"),
        PimsEntityType::Consultation => ("Case", "case"),
    }
}

/// A row of `pims_mappings` (described with its table in `domain::registry`).
pub type PimsMapping = Row<pims_mappings::Entity>;

/// The hand-written fields of `PimsMapping` (its columns come from its declaration).
pub struct PimsMappingLinks<'a>(&'a pims_mappings::Model);

#[Object(name = "PimsMappingLinks")]
impl PimsMappingLinks<'_> {
    /// The global id of the mapped row: a `Client`, `Patient`, `Provider`, `Appointment` or
    /// (for consultations) `Case`, by `entityType`.
    async fn entity_id(&self) -> ID {
        ids::encode(
            entity_type_name(self.0.entity_type.into()).0,
            self.0.entity_id,
        )
    }
}

impl Exposed for pims_mappings::Entity {
    const PARENTS: &'static [Parent] = &[parent::<clinics::Entity>("clinic")];
    type Links<'a> = PimsMappingLinks<'a>;
    fn links(model: &pims_mappings::Model) -> Self::Links<'_> {
        PimsMappingLinks(model)
    }
}

impl Filtered for pims_mappings::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "PimsMappingFilter",
        about: "Which mappings a list returns.",
        fields: &[
            any_of("entity_type"),
            any_of("pims_type"),
            equals("external_id").about("The PIMS's id, exactly."),
            custom("entityId", nullable::<ID>, |path, value, _| {
                let id = ID(text(value).unwrap_or_default().to_owned());
                let (_, uuid) = ids::decode_any(&id)
                    .map_err(|_| DomainError::bad_input(path, "not a valid id"))?;
                Ok(Condition::all().add(pims_mappings::Column::EntityId.eq(uuid)))
            })
            .about("The global id of one of our rows (any mapped type)."),
            equals("sync_status"),
        ],
    };
}

impl Listed for pims_mappings::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "PimsMappingOrder",
        about: "The order of a mapping list (ties broken by id); most recently changed first by \
                default.",
        keys: &[
            by("updated_at", "By when it was last changed."),
            BY_CREATED_AT,
            by(
                "last_synced_at",
                "By when it was last synced with the practice management system.",
            ),
            by(
                "external_id",
                "By its ID in the practice management system.",
            ),
        ],
        descending: true,
    };
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// Creates the mapping of one of our rows to a PIMS id, or updates it when the row already has
/// one for that PIMS.
#[derive(InputObject)]
pub struct UpsertPimsMappingInput {
    pub clinic_id: ID,
    pub entity_type: PimsEntityType,
    /// The global id of the row, of the type `entityType` names (`Case` for consultations).
    pub entity_id: ID,
    pub pims_type: PimsType,
    pub external_id: String,
    pub external_data: Option<scalars::Json>,
    pub sync_status: Option<String>,
    pub last_synced_at: Option<scalars::DateTime>,
}

/// The result of `upsertPimsMapping`: the mapping as stored, and whether it was created (true) or
/// an existing one was updated (false).
#[derive(SimpleObject)]
pub struct UpsertPimsMappingPayload {
    pub pims_mapping: PimsMapping,
    /// `true` when the mapping did not exist before.
    pub created: bool,
}

/// Checks that the row a mapping points at exists in the clinic.
async fn mapped_row(
    w: &Writer<'_>,
    kind: PimsEntityType,
    id: Uuid,
    clinic_id: Uuid,
) -> Result<(), DomainError> {
    const FIELD: &str = "input.entityId";
    match kind {
        PimsEntityType::Client => w
            .reference::<clients::Entity>(id, clinic_id, FIELD)
            .await
            .map(drop),
        PimsEntityType::Patient => w
            .reference::<patients::Entity>(id, clinic_id, FIELD)
            .await
            .map(drop),
        PimsEntityType::Provider => w
            .reference::<providers::Entity>(id, clinic_id, FIELD)
            .await
            .map(drop),
        PimsEntityType::Appointment => w
            .reference::<schedule_appointments::Entity>(id, clinic_id, FIELD)
            .await
            .map(drop),
        PimsEntityType::Consultation => w
            .reference::<cases::Entity>(id, clinic_id, FIELD)
            .await
            .map(drop),
    }
}

#[derive(Default)]
pub struct PimsMappingMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl PimsMappingMutations {
    /// Maps one of the clinic's rows to its PIMS id, or updates the existing mapping (admin or
    /// above; the sync as the service principal).
    async fn upsert_pims_mapping(
        &self,
        ctx: &Context<'_>,
        input: UpsertPimsMappingInput,
    ) -> async_graphql::Result<UpsertPimsMappingPayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        let pims = a_pims("input.pimsType", input.pims_type).gql()?;
        let (type_name, noun) = entity_type_name(input.entity_type);
        let entity_id = ids::decode(&input.entity_id, type_name, noun)
            .map_err(|_| {
                DomainError::bad_input("input.entityId", format!("must be the id of a {type_name}"))
            })
            .gql()?;
        validate::required("input.externalId", &input.external_id).gql()?;
        validate::optional_text("input.syncStatus", input.sync_status.as_deref()).gql()?;
        let kind: entity::enums::PimsEntityType = input.entity_type.into();
        let (row, created) = session(ctx)?
            .atomically(async |w| {
                ensure_may(w, Resource::PimsMappings, Action::Create, clinic_id)?;
                mapped_row(w, input.entity_type, entity_id, clinic_id).await?;
                let existing = w
                    .find_one::<pims_mappings::Entity>(
                        Action::Update,
                        Condition::all()
                            .add(pims_mappings::Column::ClinicId.eq(clinic_id))
                            .add(pims_mappings::Column::EntityType.eq(kind))
                            .add(pims_mappings::Column::EntityId.eq(entity_id))
                            .add(pims_mappings::Column::PimsType.eq(pims)),
                    )
                    .await?;
                let external_data = input.external_data.map(|j| j.0);
                match existing {
                    Some(existing) => {
                        let (_, row) = w
                            .update::<pims_mappings::Entity, pims_mappings::ActiveModel>(
                                existing.id,
                                Action::Update,
                                |row| {
                                    row.external_id = Set(input.external_id.trim().to_owned());
                                    if let Some(data) = external_data {
                                        row.external_data = Set(Some(data));
                                    }
                                    if let Some(status) = input.sync_status {
                                        row.sync_status = Set(Some(status));
                                    }
                                    if let Some(at) = input.last_synced_at {
                                        row.last_synced_at = Set(Some(at.into()));
                                    }
                                    Ok(())
                                },
                            )
                            .await?;
                        Ok((row, false))
                    }
                    None => {
                        let row = w
                            .insert(pims_mappings::ActiveModel {
                                id: Set(Uuid::new_v4()),
                                clinic_id: Set(clinic_id),
                                entity_type: Set(kind),
                                entity_id: Set(entity_id),
                                pims_type: Set(pims),
                                external_id: Set(input.external_id.trim().to_owned()),
                                external_data: external_data.map_or(NotSet, |d| Set(Some(d))),
                                sync_status: input.sync_status.map_or(NotSet, |s| Set(Some(s))),
                                last_synced_at: Set(input.last_synced_at.inner()),
                                ..Default::default()
                            })
                            .await?;
                        Ok((row, true))
                    }
                }
            })
            .await
            .gql()?;
        Ok(UpsertPimsMappingPayload {
            pims_mapping: PimsMapping::new(row),
            created,
        })
    }
}
