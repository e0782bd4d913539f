//! Recurring daily periods (e.g. lunch) during which a clinic takes no bookings.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `clinic_blocked_periods`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "clinic_blocked_periods")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    pub start_time: Time,
    pub end_time: Time,
    #[sea_orm(column_type = "Array(RcOrArc::new(ColumnType::Integer))")]
    pub days_of_week: Option<Vec<i32>>,
    pub is_active: Option<bool>,
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
