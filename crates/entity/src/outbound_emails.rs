//! Discharge follow-up emails for a case; replaces `scheduled_discharge_emails`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::EmailStatus;

/// A row of `outbound_emails`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "outbound_emails")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    pub case_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub recipient_email: String,
    #[sea_orm(column_type = "Text")]
    pub recipient_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub subject: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub html_content: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub text_content: Option<String>,
    pub scheduled_for: Option<DateTimeUtc>,
    pub status: Option<EmailStatus>,
    pub sent_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub resend_email_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub qstash_message_id: Option<String>,
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

impl Related<super::discharge_batch_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DischargeBatchItems.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
