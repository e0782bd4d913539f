//! Maps internal entities to their external PIMS IDs: the bridge between our schema and any PIMS.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{PimsEntityType, PimsType};

/// A row of `pims_mappings`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "pims_mappings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "clinic_id_entity_type_entity_id_pims_type")]
    pub clinic_id: Uuid,
    #[sea_orm(unique_key = "clinic_id_entity_type_entity_id_pims_type")]
    pub entity_type: PimsEntityType,
    /// Id of the row of the table named by `entity_type` (polymorphic, no foreign key).
    #[sea_orm(unique_key = "clinic_id_entity_type_entity_id_pims_type")]
    pub entity_id: Uuid,
    #[sea_orm(unique_key = "clinic_id_entity_type_entity_id_pims_type")]
    pub pims_type: PimsType,
    #[sea_orm(column_type = "Text")]
    pub external_id: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub external_data: Option<Json>,
    pub last_synced_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub sync_status: Option<String>,
    pub created_at: Option<DateTimeUtc>,
    pub updated_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `clinic_id` → `clinics.id`.
    #[sea_orm(
        belongs_to = "super::clinics::Entity",
        from = "Column::ClinicId",
        to = "super::clinics::Column::Id",
        on_delete = "Cascade"
    )]
    Clinic,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
