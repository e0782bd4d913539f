//! Tracks sync operations for any PIMS system.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{PimsType, SyncSessionType, SyncStatus};

/// A row of `pims_sync_sessions`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "pims_sync_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    pub credential_id: Option<Uuid>,
    pub pims_type: PimsType,
    pub session_type: SyncSessionType,
    pub status: Option<SyncStatus>,
    pub started_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub items_synced: Option<i32>,
    pub items_failed: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub error_message: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub error_details: Option<Json>,
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Option<Json>,
    pub next_scheduled_sync: Option<DateTimeUtc>,
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
    /// `credential_id` → `pims_credentials.id`.
    #[sea_orm(
        belongs_to = "super::pims_credentials::Entity",
        from = "Column::CredentialId",
        to = "super::pims_credentials::Column::Id"
    )]
    Credential,
    /// `pims_sync_audit_log` rows referencing this row.
    #[sea_orm(has_many = "super::pims_sync_audit_log::Entity")]
    PimsSyncAuditLog,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::pims_credentials::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Credential.def()
    }
}

impl Related<super::pims_sync_audit_log::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PimsSyncAuditLog.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
