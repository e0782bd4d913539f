//! The central business entity for the outbound discharge workflow.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{CaseSource, CaseStatus};
use crate::json::PatientSnapshot;

/// A row of `cases`.
#[derive(Clone, Debug, Default, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "clinic_id_external_id")]
    pub clinic_id: Uuid,
    pub patient_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub updated_by: Option<Uuid>,
    // Case info
    #[sea_orm(column_type = "Text")]
    pub r#type: Option<String>,
    pub status: Option<CaseStatus>,
    #[sea_orm(column_type = "Text")]
    pub visibility: Option<String>,
    pub source: Option<CaseSource>,
    // Patient snapshot (denormalized for historical accuracy)
    #[sea_orm(column_type = "JsonBinary")]
    pub patient_snapshot: Option<PatientSnapshot>,
    // Scheduling
    pub scheduled_at: Option<DateTimeUtc>,
    pub auto_scheduled_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub scheduling_source: Option<String>,
    pub call_enabled: Option<bool>,
    pub email_enabled: Option<bool>,
    #[sea_orm(column_type = "Text")]
    pub cadence_source: Option<String>,
    pub call_delay_days: Option<i32>,
    pub email_delay_days: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub detected_case_type: Option<String>,
    // PIMS data
    #[sea_orm(column_type = "Text", unique_key = "clinic_id_external_id")]
    pub external_id: Option<String>,
    // AI extraction
    #[sea_orm(column_type = "JsonBinary")]
    pub entity_extraction: Option<Json>,
    #[sea_orm(column_type = "JsonBinary")]
    pub extreme_case_check: Option<Json>,
    pub is_urgent: Option<bool>,
    pub is_starred: Option<bool>,
    // Metadata
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
    /// `patient_id` → `patients.id`.
    #[sea_orm(
        belongs_to = "super::patients::Entity",
        from = "Column::PatientId",
        to = "super::patients::Column::Id"
    )]
    Patient,
    /// `client_id` → `clients.id`.
    #[sea_orm(
        belongs_to = "super::clients::Entity",
        from = "Column::ClientId",
        to = "super::clients::Column::Id"
    )]
    Client,
    /// `created_by` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::CreatedBy",
        to = "super::users::Column::Id"
    )]
    CreatedBy,
    /// `updated_by` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UpdatedBy",
        to = "super::users::Column::Id"
    )]
    UpdatedBy,
    /// `auto_scheduled_items` rows referencing this row.
    #[sea_orm(has_many = "super::auto_scheduled_items::Entity")]
    AutoScheduledItems,
    /// `discharge_batch_items` rows referencing this row.
    #[sea_orm(has_many = "super::discharge_batch_items::Entity")]
    DischargeBatchItems,
    /// `discharge_summaries` rows referencing this row.
    #[sea_orm(has_many = "super::discharge_summaries::Entity")]
    DischargeSummaries,
    /// `outbound_calls` rows referencing this row.
    #[sea_orm(has_many = "super::outbound_calls::Entity")]
    OutboundCalls,
    /// `outbound_emails` rows referencing this row.
    #[sea_orm(has_many = "super::outbound_emails::Entity")]
    OutboundEmails,
    /// `soap_notes` rows referencing this row.
    #[sea_orm(has_many = "super::soap_notes::Entity")]
    SoapNotes,
    /// `vital_signs` rows referencing this row.
    #[sea_orm(has_many = "super::vital_signs::Entity")]
    VitalSigns,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::patients::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Patient.def()
    }
}

impl Related<super::clients::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Client.def()
    }
}

/// Follows `created_by`; `Relation::UpdatedBy` (and `UpdatedByLink`) cover the other reference.
impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CreatedBy.def()
    }
}

impl Related<super::auto_scheduled_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AutoScheduledItems.def()
    }
}

impl Related<super::discharge_batch_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DischargeBatchItems.def()
    }
}

impl Related<super::discharge_summaries::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DischargeSummaries.def()
    }
}

impl Related<super::outbound_calls::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OutboundCalls.def()
    }
}

impl Related<super::outbound_emails::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OutboundEmails.def()
    }
}

impl Related<super::soap_notes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SoapNotes.def()
    }
}

impl Related<super::vital_signs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::VitalSigns.def()
    }
}

/// Follows `updated_by` to `users` (for `find_linked` / `find_also_linked`).
#[derive(Clone, Copy, Debug)]
pub struct UpdatedByLink;

impl Linked for UpdatedByLink {
    type FromEntity = Entity;
    type ToEntity = super::users::Entity;

    fn link(&self) -> Vec<RelationDef> {
        vec![Relation::UpdatedBy.def()]
    }
}

impl ActiveModelBehavior for ActiveModel {}
