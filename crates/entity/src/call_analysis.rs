//! Structured analysis of one call, shared by inbound and outbound calls via a polymorphic foreign
//! key.
//!
//! Exactly one of `inbound_call_id` / `outbound_call_id` is set; each call has at most one
//! analysis (`has_one` on both call entities).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::AttentionSeverity;

/// A row of `call_analysis`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "call_analysis")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    // Polymorphic: exactly one must be set
    pub inbound_call_id: Option<Uuid>,
    pub outbound_call_id: Option<Uuid>,
    // Structured analysis
    #[sea_orm(column_type = "Text")]
    pub call_outcome: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub call_outcome_details: Option<Json>,
    #[sea_orm(column_type = "Text")]
    pub pet_recovery_status: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub pet_health_details: Option<Json>,
    #[sea_orm(column_type = "Text")]
    pub medication_compliance: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub medication_details: Option<Json>,
    #[sea_orm(column_type = "Text")]
    pub owner_sentiment: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub owner_sentiment_details: Option<Json>,
    pub escalation_triggered: Option<bool>,
    #[sea_orm(column_type = "JsonBinary")]
    pub escalation_details: Option<Json>,
    pub follow_up_needed: Option<bool>,
    #[sea_orm(column_type = "JsonBinary")]
    pub follow_up_details: Option<Json>,
    // Attention flags
    #[sea_orm(column_type = "Array(RcOrArc::new(ColumnType::Text))")]
    pub attention_types: Option<Vec<String>>,
    pub attention_severity: Option<AttentionSeverity>,
    #[sea_orm(column_type = "Text")]
    pub attention_summary: Option<String>,
    pub attention_flagged_at: Option<DateTimeUtc>,
    // Summary
    #[sea_orm(column_type = "Text")]
    pub summary: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub success_evaluation: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub structured_data: Option<Json>,
    pub created_at: Option<DateTimeUtc>,
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
        to = "super::inbound_calls::Column::Id",
        on_delete = "Cascade"
    )]
    InboundCall,
    /// `outbound_call_id` → `outbound_calls.id`.
    #[sea_orm(
        belongs_to = "super::outbound_calls::Entity",
        from = "Column::OutboundCallId",
        to = "super::outbound_calls::Column::Id",
        on_delete = "Cascade"
    )]
    OutboundCall,
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

impl Related<super::outbound_calls::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OutboundCall.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
