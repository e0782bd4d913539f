//! Canonical patient records (pets), scoped to a client.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `patients`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "patients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    pub client_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub species: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub breed: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub sex: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub color: Option<String>,
    pub date_of_birth: Option<Date>,
    pub weight_kg: Option<Decimal>,
    #[sea_orm(column_type = "Text")]
    pub microchip_id: Option<String>,
    pub is_deceased: Option<bool>,
    pub deceased_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Array(RcOrArc::new(ColumnType::Text))")]
    pub allergies: Option<Vec<String>>,
    #[sea_orm(column_type = "Array(RcOrArc::new(ColumnType::Text))")]
    pub chronic_conditions: Option<Vec<String>>,
    pub is_active: Option<bool>,
    pub first_visit_at: Option<DateTimeUtc>,
    pub last_visit_at: Option<DateTimeUtc>,
    pub visit_count: Option<i32>,
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
    /// `client_id` → `clients.id`.
    #[sea_orm(
        belongs_to = "super::clients::Entity",
        from = "Column::ClientId",
        to = "super::clients::Column::Id",
        on_delete = "Cascade"
    )]
    Client,
    /// `cases` rows referencing this row.
    #[sea_orm(has_many = "super::cases::Entity")]
    Cases,
    /// `discharge_batch_items` rows referencing this row.
    #[sea_orm(has_many = "super::discharge_batch_items::Entity")]
    DischargeBatchItems,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::clients::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Client.def()
    }
}

impl Related<super::cases::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Cases.def()
    }
}

impl Related<super::discharge_batch_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DischargeBatchItems.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
