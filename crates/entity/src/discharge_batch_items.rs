//! One case within a discharge batch and what was scheduled for it.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::BatchItemStatus;

/// A row of `discharge_batch_items`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "discharge_batch_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub batch_id: Uuid,
    pub case_id: Uuid,
    pub patient_id: Option<Uuid>,
    pub status: Option<BatchItemStatus>,
    pub email_scheduled: Option<bool>,
    pub call_scheduled: Option<bool>,
    pub outbound_email_id: Option<Uuid>,
    pub outbound_call_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub error_message: Option<String>,
    pub processed_at: Option<DateTimeUtc>,
    pub created_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `batch_id` → `discharge_batches.id`.
    #[sea_orm(
        belongs_to = "super::discharge_batches::Entity",
        from = "Column::BatchId",
        to = "super::discharge_batches::Column::Id",
        on_delete = "Cascade"
    )]
    Batch,
    /// `case_id` → `cases.id`.
    #[sea_orm(
        belongs_to = "super::cases::Entity",
        from = "Column::CaseId",
        to = "super::cases::Column::Id"
    )]
    Case,
    /// `patient_id` → `patients.id`.
    #[sea_orm(
        belongs_to = "super::patients::Entity",
        from = "Column::PatientId",
        to = "super::patients::Column::Id"
    )]
    Patient,
    /// `outbound_email_id` → `outbound_emails.id`.
    #[sea_orm(
        belongs_to = "super::outbound_emails::Entity",
        from = "Column::OutboundEmailId",
        to = "super::outbound_emails::Column::Id"
    )]
    OutboundEmail,
    /// `outbound_call_id` → `outbound_calls.id`.
    #[sea_orm(
        belongs_to = "super::outbound_calls::Entity",
        from = "Column::OutboundCallId",
        to = "super::outbound_calls::Column::Id"
    )]
    OutboundCall,
}

impl Related<super::discharge_batches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Batch.def()
    }
}

impl Related<super::cases::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Case.def()
    }
}

impl Related<super::patients::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Patient.def()
    }
}

impl Related<super::outbound_emails::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OutboundEmail.def()
    }
}

impl Related<super::outbound_calls::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OutboundCall.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
