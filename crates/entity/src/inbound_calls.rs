//! Inbound voice calls answered by the VAPI assistant; replaces `inbound_vapi_calls`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{InboundCallOutcome, InboundCallStatus};

/// A row of `inbound_calls`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "inbound_calls")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    // VAPI data
    #[sea_orm(column_type = "Text", unique)]
    pub vapi_call_id: String,
    #[sea_orm(column_type = "Text")]
    pub assistant_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub phone_number_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub customer_phone: Option<String>,
    // Call lifecycle
    #[sea_orm(column_type = "Text")]
    pub r#type: Option<String>,
    pub status: Option<InboundCallStatus>,
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
    #[sea_orm(column_type = "Text")]
    pub display_transcript: Option<String>,
    pub use_display_transcript: Option<bool>,
    // Outcome
    pub outcome: Option<InboundCallOutcome>,
    #[sea_orm(column_type = "JsonBinary")]
    pub actions_taken: Option<Json>,
    pub action_confirmed: Option<bool>,
    // Extracted caller info
    #[sea_orm(column_type = "Text")]
    pub extracted_caller_phone: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub extracted_caller_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub extracted_pet_name: Option<String>,
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
    /// `call_analysis` rows referencing this row (at most one).
    #[sea_orm(has_one = "super::call_analysis::Entity")]
    CallAnalysis,
    /// `clinic_messages` rows referencing this row.
    #[sea_orm(has_many = "super::clinic_messages::Entity")]
    ClinicMessages,
    /// `refill_requests` rows referencing this row.
    #[sea_orm(has_many = "super::refill_requests::Entity")]
    RefillRequests,
    /// `vapi_bookings` rows referencing this row.
    #[sea_orm(has_many = "super::vapi_bookings::Entity")]
    VapiBookings,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::call_analysis::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CallAnalysis.def()
    }
}

impl Related<super::clinic_messages::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ClinicMessages.def()
    }
}

impl Related<super::refill_requests::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RefillRequests.def()
    }
}

impl Related<super::vapi_bookings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::VapiBookings.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
