//! One run of the PIMS schedule sync, with counts of appointments added, updated and removed.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::ScheduleSyncStatus;

/// A row of `schedule_syncs`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "schedule_syncs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub sync_type: Option<String>,
    pub sync_start_date: Option<Date>,
    pub sync_end_date: Option<Date>,
    pub status: Option<ScheduleSyncStatus>,
    pub appointments_added: Option<i32>,
    pub appointments_updated: Option<i32>,
    pub appointments_removed: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub error_message: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub error_details: Option<Json>,
    pub started_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub duration_ms: Option<i32>,
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
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
