//! Follow-up cadence (call/email delays and times) of a clinic per case type.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `clinic_case_type_cadence`.
#[derive(Clone, Debug, Default, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "clinic_case_type_cadence")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "clinic_id_case_type")]
    pub clinic_id: Uuid,
    #[sea_orm(column_type = "Text", unique_key = "clinic_id_case_type")]
    pub case_type: String,
    pub auto_schedule_call: Option<bool>,
    pub auto_schedule_email: Option<bool>,
    pub call_delay_days: Option<i32>,
    pub email_delay_days: Option<i32>,
    pub preferred_call_time: Option<Time>,
    pub preferred_email_time: Option<Time>,
    pub never_auto_schedule: Option<bool>,
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
