//! Maps VAPI assistants to clinics and environments.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `vapi_assistant_mappings`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "vapi_assistant_mappings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    #[sea_orm(column_type = "Text", unique)]
    pub assistant_id: String,
    #[sea_orm(column_type = "Text")]
    pub assistant_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub assistant_type: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub environment: Option<String>,
    /// Clinic whose PIMS the assistant uses (`Relation::PimsClinic` / `PimsClinicLink`).
    pub pims_clinic_id: Option<Uuid>,
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
    /// `pims_clinic_id` → `clinics.id`.
    #[sea_orm(
        belongs_to = "super::clinics::Entity",
        from = "Column::PimsClinicId",
        to = "super::clinics::Column::Id"
    )]
    PimsClinic,
}

/// Follows `clinic_id`; `Relation::PimsClinic` (and `PimsClinicLink`) cover the other reference.
impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

/// Follows `pims_clinic_id` to `clinics` (for `find_linked` / `find_also_linked`).
#[derive(Clone, Copy, Debug)]
pub struct PimsClinicLink;

impl Linked for PimsClinicLink {
    type FromEntity = Entity;
    type ToEntity = super::clinics::Entity;

    fn link(&self) -> Vec<RelationDef> {
        vec![Relation::PimsClinic.def()]
    }
}

impl ActiveModelBehavior for ActiveModel {}
