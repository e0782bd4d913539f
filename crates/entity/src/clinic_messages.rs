//! Voicemails and messages from inbound calls.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{MessagePriority, MessageStatus};

/// A row of `clinic_messages`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "clinic_messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    pub inbound_call_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub caller_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub caller_phone: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub message_content: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub message_type: Option<String>,
    pub status: Option<MessageStatus>,
    pub priority: Option<MessagePriority>,
    pub assigned_to_user_id: Option<Uuid>,
    #[sea_orm(column_type = "JsonBinary")]
    pub triage_data: Option<Json>,
    pub read_at: Option<DateTimeUtc>,
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
    /// `inbound_call_id` → `inbound_calls.id`.
    #[sea_orm(
        belongs_to = "super::inbound_calls::Entity",
        from = "Column::InboundCallId",
        to = "super::inbound_calls::Column::Id"
    )]
    InboundCall,
    /// `assigned_to_user_id` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::AssignedToUserId",
        to = "super::users::Column::Id"
    )]
    AssignedToUser,
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

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AssignedToUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
