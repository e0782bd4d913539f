//! Vital signs (temperature, pulse, respiration, weight, blood pressure) recorded for a case.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `vital_signs`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "vital_signs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub clinic_id: Uuid,
    pub soap_note_id: Option<Uuid>,
    pub temperature: Option<Decimal>,
    #[sea_orm(column_type = "Text")]
    pub temperature_unit: Option<String>,
    pub pulse: Option<i32>,
    pub respiration: Option<i32>,
    pub weight: Option<Decimal>,
    #[sea_orm(column_type = "Text")]
    pub weight_unit: Option<String>,
    pub systolic: Option<i32>,
    pub diastolic: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub notes: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub source: Option<String>,
    pub measured_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Option<Json>,
    pub created_at: Option<DateTimeUtc>,
    pub updated_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `case_id` → `cases.id`.
    #[sea_orm(
        belongs_to = "super::cases::Entity",
        from = "Column::CaseId",
        to = "super::cases::Column::Id",
        on_delete = "Cascade"
    )]
    Case,
    /// `clinic_id` → `clinics.id`.
    #[sea_orm(
        belongs_to = "super::clinics::Entity",
        from = "Column::ClinicId",
        to = "super::clinics::Column::Id"
    )]
    Clinic,
    /// `soap_note_id` → `soap_notes.id`.
    #[sea_orm(
        belongs_to = "super::soap_notes::Entity",
        from = "Column::SoapNoteId",
        to = "super::soap_notes::Column::Id"
    )]
    SoapNote,
}

impl Related<super::cases::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Case.def()
    }
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::soap_notes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SoapNote.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
