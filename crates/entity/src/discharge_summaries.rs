//! Discharge summaries of a case, optionally generated from a SOAP note and a template.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `discharge_summaries`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "discharge_summaries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub clinic_id: Uuid,
    pub soap_note_id: Option<Uuid>,
    pub template_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub content: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub structured_content: Option<Json>,
    pub created_by: Option<Uuid>,
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
    /// `template_id` → `discharge_templates.id`.
    #[sea_orm(
        belongs_to = "super::discharge_templates::Entity",
        from = "Column::TemplateId",
        to = "super::discharge_templates::Column::Id"
    )]
    Template,
    /// `created_by` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::CreatedBy",
        to = "super::users::Column::Id"
    )]
    CreatedBy,
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

impl Related<super::discharge_templates::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Template.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CreatedBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
