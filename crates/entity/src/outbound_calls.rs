//! Outbound discharge follow-up voice calls (VAPI) for a case; replaces
//! `scheduled_discharge_calls`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::OutboundCallStatus;

/// A row of `outbound_calls`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "outbound_calls")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    pub case_id: Uuid,
    // VAPI data
    #[sea_orm(column_type = "Text", unique)]
    pub vapi_call_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub assistant_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub outbound_phone_number_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub customer_phone: Option<String>,
    // Scheduling
    pub scheduled_for: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub qstash_message_id: Option<String>,
    // Call lifecycle
    pub status: Option<OutboundCallStatus>,
    pub started_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub ended_reason: Option<String>,
    pub duration_seconds: Option<i32>,
    pub cost: Option<Decimal>,
    // Recordings & transcripts
    #[sea_orm(column_type = "Text")]
    pub recording_url: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub stereo_recording_url: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub transcript: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub transcript_messages: Option<Json>,
    #[sea_orm(column_type = "Text")]
    pub cleaned_transcript: Option<String>,
    // Review
    #[sea_orm(column_type = "Text")]
    pub review_category: Option<String>,
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
        to = "super::clinics::Column::Id"
    )]
    Clinic,
    /// `case_id` → `cases.id`.
    #[sea_orm(
        belongs_to = "super::cases::Entity",
        from = "Column::CaseId",
        to = "super::cases::Column::Id"
    )]
    Case,
    /// `auto_scheduled_items` rows referencing this row.
    #[sea_orm(has_many = "super::auto_scheduled_items::Entity")]
    AutoScheduledItems,
    /// `call_analysis` rows referencing this row (at most one).
    #[sea_orm(has_one = "super::call_analysis::Entity")]
    CallAnalysis,
    /// `discharge_batch_items` rows referencing this row.
    #[sea_orm(has_many = "super::discharge_batch_items::Entity")]
    DischargeBatchItems,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::cases::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Case.def()
    }
}

impl Related<super::auto_scheduled_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AutoScheduledItems.def()
    }
}

impl Related<super::call_analysis::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CallAnalysis.def()
    }
}

impl Related<super::discharge_batch_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DischargeBatchItems.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
