//! Unified encrypted credentials for any PIMS system.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::PimsType;

/// A row of `pims_credentials`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "pims_credentials")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "clinic_id_pims_type")]
    pub clinic_id: Uuid,
    #[sea_orm(unique_key = "clinic_id_pims_type")]
    pub pims_type: PimsType,
    /// Encrypted credential blob; never expose it.
    #[sea_orm(column_type = "JsonBinary")]
    pub credentials_encrypted: Json,
    #[sea_orm(column_type = "Text")]
    pub encryption_key_id: Option<String>,
    pub is_active: Option<bool>,
    #[sea_orm(column_type = "Text")]
    pub validation_status: Option<String>,
    pub last_validated_at: Option<DateTimeUtc>,
    pub last_used_at: Option<DateTimeUtc>,
    pub sync_enabled: Option<bool>,
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
    /// `pims_sync_sessions` rows referencing this row.
    #[sea_orm(has_many = "super::pims_sync_sessions::Entity")]
    PimsSyncSessions,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::pims_sync_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PimsSyncSessions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
