//! All clinic configuration that was scattered across `users` and other tables; one row per clinic.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `clinic_settings`.
#[derive(Clone, Debug, Default, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "clinic_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub clinic_id: Uuid,
    // Discharge call settings
    pub voicemail_detection_enabled: Option<bool>,
    pub voicemail_hangup_on_detection: Option<bool>,
    #[sea_orm(column_type = "Text")]
    pub voicemail_message: Option<String>,
    pub max_call_retries: Option<i32>,
    // Scheduling preferences
    pub preferred_email_start_time: Option<Time>,
    pub preferred_email_end_time: Option<Time>,
    pub preferred_call_start_time: Option<Time>,
    pub preferred_call_end_time: Option<Time>,
    pub email_delay_days: Option<i32>,
    pub call_delay_days: Option<i32>,
    // Batch settings
    pub batch_include_pims_notes: Option<bool>,
    pub batch_include_manual_transcriptions: Option<bool>,
    // Emergency
    #[sea_orm(column_type = "Text")]
    pub emergency_phone: Option<String>,
    // Email branding
    #[sea_orm(column_type = "Text")]
    pub email_header_text: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub email_footer_text: Option<String>,
    // Test mode
    pub test_mode_enabled: Option<bool>,
    #[sea_orm(column_type = "Text")]
    pub test_contact_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub test_contact_email: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub test_contact_phone: Option<String>,
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
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
