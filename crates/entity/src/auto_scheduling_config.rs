//! Auto-scheduling configuration of a clinic for discharge emails and calls; one row per clinic.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `auto_scheduling_config`.
#[derive(Clone, Debug, Default, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "auto_scheduling_config")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub clinic_id: Uuid,
    pub is_enabled: Option<bool>,
    pub auto_email_enabled: Option<bool>,
    pub auto_call_enabled: Option<bool>,
    pub email_delay_days: Option<i32>,
    pub call_delay_days: Option<i32>,
    pub preferred_email_time: Option<Time>,
    pub preferred_call_time: Option<Time>,
    #[sea_orm(column_type = "JsonBinary")]
    pub scheduling_criteria: Option<Json>,
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
