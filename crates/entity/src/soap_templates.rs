//! SOAP note templates and prompts; a NULL `clinic_id` means a global/system template.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `soap_templates`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "soap_templates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub template_name: String,
    #[sea_orm(column_type = "Text")]
    pub display_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub icon_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub subjective_template: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub objective_template: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub assessment_template: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub plan_template: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub client_instructions_template: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub subjective_prompt: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub objective_prompt: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub assessment_prompt: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub plan_prompt: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub client_instructions_prompt: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub system_prompt_addition: Option<String>,
    pub is_default: Option<bool>,
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
    /// `created_by` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::CreatedBy",
        to = "super::users::Column::Id"
    )]
    CreatedBy,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CreatedBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
