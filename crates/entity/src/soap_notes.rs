//! SOAP notes (subjective, objective, assessment, plan) of a case, with their transcript.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `soap_notes`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "soap_notes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub clinic_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub transcript: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub subjective: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub objective: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub assessment: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub plan: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub client_instructions: Option<String>,
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
    /// `discharge_summaries` rows referencing this row.
    #[sea_orm(has_many = "super::discharge_summaries::Entity")]
    DischargeSummaries,
    /// `vital_signs` rows referencing this row.
    #[sea_orm(has_many = "super::vital_signs::Entity")]
    VitalSigns,
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

impl Related<super::discharge_summaries::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DischargeSummaries.def()
    }
}

impl Related<super::vital_signs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::VitalSigns.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
