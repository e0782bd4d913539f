//! Prescription refill requests, typically taken on an inbound call.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::RefillStatus;

/// A row of `refill_requests`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "refill_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    pub inbound_call_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub client_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub client_phone: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub pet_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub species: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub medication_name: String,
    #[sea_orm(column_type = "Text")]
    pub medication_strength: Option<String>,
    pub last_refill_date: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub pharmacy_preference: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub pharmacy_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub pharmacy_phone: Option<String>,
    pub status: Option<RefillStatus>,
    pub requires_exam: Option<bool>,
    #[sea_orm(column_type = "Text")]
    pub vet_notes: Option<String>,
    pub approved_by: Option<Uuid>,
    pub approved_at: Option<DateTimeUtc>,
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
        to = "super::clinics::Column::Id"
    )]
    Clinic,
    /// `inbound_call_id` → `inbound_calls.id`.
    #[sea_orm(
        belongs_to = "super::inbound_calls::Entity",
        from = "Column::InboundCallId",
        to = "super::inbound_calls::Column::Id"
    )]
    InboundCall,
    /// `approved_by` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::ApprovedBy",
        to = "super::users::Column::Id"
    )]
    ApprovedBy,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::inbound_calls::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InboundCall.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApprovedBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
