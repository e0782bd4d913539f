//! Pet owners, scoped to a clinic: the source of truth for contact info.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::json::Address;

/// A row of `clients`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "clients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub first_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub last_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub display_name: String,
    #[sea_orm(column_type = "Text")]
    pub phone: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub phone_secondary: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub email: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub address: Option<Address>,
    #[sea_orm(column_type = "Text")]
    pub preferred_contact_method: Option<String>,
    pub communication_opt_out: Option<bool>,
    pub is_active: Option<bool>,
    pub first_visit_at: Option<DateTimeUtc>,
    pub last_visit_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Option<Json>,
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
    /// `cases` rows referencing this row.
    #[sea_orm(has_many = "super::cases::Entity")]
    Cases,
    /// `patients` rows referencing this row.
    #[sea_orm(has_many = "super::patients::Entity")]
    Patients,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::cases::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Cases.def()
    }
}

impl Related<super::patients::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Patients.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
