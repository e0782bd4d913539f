//! Scheduling configuration of a clinic (hours, slot length, sync horizon, VAPI availability); one
//! row per clinic.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `clinic_schedule_config`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "clinic_schedule_config")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub clinic_id: Uuid,
    #[sea_orm(column_type = "JsonBinary")]
    pub daily_hours: Option<Json>,
    pub slot_duration_minutes: Option<i32>,
    pub sync_horizon_days: Option<i32>,
    pub stale_threshold_minutes: Option<i32>,
    #[sea_orm(column_type = "JsonBinary")]
    pub sync_schedules: Option<Json>,
    pub vapi_availability_start_time: Option<Time>,
    pub vapi_availability_end_time: Option<Time>,
    #[sea_orm(column_type = "Text")]
    pub target_room_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub target_room_name: Option<String>,
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
