//! Audit trail of the actions taken by PIMS syncs, per resource.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `pims_sync_audit_log`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "pims_sync_audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    pub sync_session_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub action_type: String,
    #[sea_orm(column_type = "Text")]
    pub resource_type: String,
    pub resource_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub status: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub details: Option<Json>,
    pub created_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `clinic_id` → `clinics.id`.
    #[sea_orm(
        belongs_to = "super::clinics::Entity",
        from = "Column::ClinicId",
        to = "super::clinics::Column::Id"
    )]
    Clinic,
    /// `sync_session_id` → `pims_sync_sessions.id`.
    #[sea_orm(
        belongs_to = "super::pims_sync_sessions::Entity",
        from = "Column::SyncSessionId",
        to = "super::pims_sync_sessions::Column::Id"
    )]
    SyncSession,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::pims_sync_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SyncSession.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
