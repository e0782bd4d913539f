//! The top-level tenant: every operational row belongs to one clinic.
//!
//! Users are reached many-to-many through `user_clinic_access` (`Related<users::Entity>` with
//! `via`). `vapi_assistant_mappings` references clinics twice; `Relation::VapiAssistantMappings`
//! follows its `clinic_id`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::PimsType;
use crate::json::{Address, BusinessHours, ErConfig};

/// A row of `clinics`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "clinics")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(column_type = "Text", unique)]
    pub clerk_org_id: Option<String>,
    /// Not unique (a deviation from the spec: `docs/SCHEMA_DECISIONS.md`).
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text", unique)]
    pub slug: String,
    #[sea_orm(column_type = "Text")]
    pub email: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub phone: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub address: Option<Address>,
    #[sea_orm(column_type = "Text")]
    pub timezone: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub business_hours: Option<BusinessHours>,
    #[sea_orm(column_type = "JsonBinary")]
    pub er_config: Option<ErConfig>,
    pub pims_type: PimsType,
    // Branding
    #[sea_orm(column_type = "Text")]
    pub primary_color: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub logo_url: Option<String>,
    // Billing
    #[sea_orm(column_type = "Text", unique)]
    pub stripe_customer_id: Option<String>,
    #[sea_orm(column_type = "Text", unique)]
    pub stripe_subscription_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub subscription_tier: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub subscription_status: Option<String>,
    pub current_period_start: Option<DateTimeUtc>,
    pub current_period_end: Option<DateTimeUtc>,
    // Status
    pub is_active: Option<bool>,
    pub created_at: Option<DateTimeUtc>,
    pub updated_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `appointment_audit_log` rows referencing this row.
    #[sea_orm(has_many = "super::appointment_audit_log::Entity")]
    AppointmentAuditLog,
    /// `auto_scheduled_items` rows referencing this row.
    #[sea_orm(has_many = "super::auto_scheduled_items::Entity")]
    AutoScheduledItems,
    /// `auto_scheduling_config` rows referencing this row (at most one).
    #[sea_orm(has_one = "super::auto_scheduling_config::Entity")]
    AutoSchedulingConfig,
    /// `call_analysis` rows referencing this row.
    #[sea_orm(has_many = "super::call_analysis::Entity")]
    CallAnalysis,
    /// `cases` rows referencing this row.
    #[sea_orm(has_many = "super::cases::Entity")]
    Cases,
    /// `clients` rows referencing this row.
    #[sea_orm(has_many = "super::clients::Entity")]
    Clients,
    /// `clinic_blocked_periods` rows referencing this row.
    #[sea_orm(has_many = "super::clinic_blocked_periods::Entity")]
    ClinicBlockedPeriods,
    /// `clinic_case_type_cadence` rows referencing this row.
    #[sea_orm(has_many = "super::clinic_case_type_cadence::Entity")]
    ClinicCaseTypeCadence,
    /// `clinic_invitations` rows referencing this row.
    #[sea_orm(has_many = "super::clinic_invitations::Entity")]
    ClinicInvitations,
    /// `clinic_messages` rows referencing this row.
    #[sea_orm(has_many = "super::clinic_messages::Entity")]
    ClinicMessages,
    /// `clinic_schedule_config` rows referencing this row (at most one).
    #[sea_orm(has_one = "super::clinic_schedule_config::Entity")]
    ClinicScheduleConfig,
    /// `clinic_settings` rows referencing this row (at most one).
    #[sea_orm(has_one = "super::clinic_settings::Entity")]
    ClinicSettings,
    /// `discharge_batches` rows referencing this row.
    #[sea_orm(has_many = "super::discharge_batches::Entity")]
    DischargeBatches,
    /// `discharge_summaries` rows referencing this row.
    #[sea_orm(has_many = "super::discharge_summaries::Entity")]
    DischargeSummaries,
    /// `discharge_templates` rows referencing this row.
    #[sea_orm(has_many = "super::discharge_templates::Entity")]
    DischargeTemplates,
    /// `inbound_calls` rows referencing this row.
    #[sea_orm(has_many = "super::inbound_calls::Entity")]
    InboundCalls,
    /// `outbound_calls` rows referencing this row.
    #[sea_orm(has_many = "super::outbound_calls::Entity")]
    OutboundCalls,
    /// `outbound_emails` rows referencing this row.
    #[sea_orm(has_many = "super::outbound_emails::Entity")]
    OutboundEmails,
    /// `patients` rows referencing this row.
    #[sea_orm(has_many = "super::patients::Entity")]
    Patients,
    /// `pims_credentials` rows referencing this row.
    #[sea_orm(has_many = "super::pims_credentials::Entity")]
    PimsCredentials,
    /// `pims_mappings` rows referencing this row.
    #[sea_orm(has_many = "super::pims_mappings::Entity")]
    PimsMappings,
    /// `pims_sync_audit_log` rows referencing this row.
    #[sea_orm(has_many = "super::pims_sync_audit_log::Entity")]
    PimsSyncAuditLog,
    /// `pims_sync_sessions` rows referencing this row.
    #[sea_orm(has_many = "super::pims_sync_sessions::Entity")]
    PimsSyncSessions,
    /// `providers` rows referencing this row.
    #[sea_orm(has_many = "super::providers::Entity")]
    Providers,
    /// `refill_requests` rows referencing this row.
    #[sea_orm(has_many = "super::refill_requests::Entity")]
    RefillRequests,
    /// `schedule_appointments` rows referencing this row.
    #[sea_orm(has_many = "super::schedule_appointments::Entity")]
    ScheduleAppointments,
    /// `schedule_syncs` rows referencing this row.
    #[sea_orm(has_many = "super::schedule_syncs::Entity")]
    ScheduleSyncs,
    /// `slack_workspaces` rows referencing this row.
    #[sea_orm(has_many = "super::slack_workspaces::Entity")]
    SlackWorkspaces,
    /// `soap_notes` rows referencing this row.
    #[sea_orm(has_many = "super::soap_notes::Entity")]
    SoapNotes,
    /// `soap_templates` rows referencing this row.
    #[sea_orm(has_many = "super::soap_templates::Entity")]
    SoapTemplates,
    /// `user_clinic_access` rows referencing this row.
    #[sea_orm(has_many = "super::user_clinic_access::Entity")]
    UserClinicAccess,
    /// `vapi_assistant_mappings` rows referencing this row.
    #[sea_orm(has_many = "super::vapi_assistant_mappings::Entity")]
    VapiAssistantMappings,
    /// `vapi_bookings` rows referencing this row.
    #[sea_orm(has_many = "super::vapi_bookings::Entity")]
    VapiBookings,
    /// `vital_signs` rows referencing this row.
    #[sea_orm(has_many = "super::vital_signs::Entity")]
    VitalSigns,
}

impl Related<super::appointment_audit_log::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppointmentAuditLog.def()
    }
}

impl Related<super::auto_scheduled_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AutoScheduledItems.def()
    }
}

impl Related<super::auto_scheduling_config::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AutoSchedulingConfig.def()
    }
}

impl Related<super::call_analysis::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CallAnalysis.def()
    }
}

impl Related<super::cases::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Cases.def()
    }
}

impl Related<super::clients::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clients.def()
    }
}

impl Related<super::clinic_blocked_periods::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ClinicBlockedPeriods.def()
    }
}

impl Related<super::clinic_case_type_cadence::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ClinicCaseTypeCadence.def()
    }
}

impl Related<super::clinic_invitations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ClinicInvitations.def()
    }
}

impl Related<super::clinic_messages::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ClinicMessages.def()
    }
}

impl Related<super::clinic_schedule_config::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ClinicScheduleConfig.def()
    }
}

impl Related<super::clinic_settings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ClinicSettings.def()
    }
}

impl Related<super::discharge_batches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DischargeBatches.def()
    }
}

impl Related<super::discharge_summaries::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DischargeSummaries.def()
    }
}

impl Related<super::discharge_templates::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DischargeTemplates.def()
    }
}

impl Related<super::inbound_calls::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InboundCalls.def()
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

impl Related<super::patients::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Patients.def()
    }
}

impl Related<super::pims_credentials::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PimsCredentials.def()
    }
}

impl Related<super::pims_mappings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PimsMappings.def()
    }
}

impl Related<super::pims_sync_audit_log::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PimsSyncAuditLog.def()
    }
}

impl Related<super::pims_sync_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PimsSyncSessions.def()
    }
}

impl Related<super::providers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Providers.def()
    }
}

impl Related<super::refill_requests::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RefillRequests.def()
    }
}

impl Related<super::schedule_appointments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ScheduleAppointments.def()
    }
}

impl Related<super::schedule_syncs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ScheduleSyncs.def()
    }
}

impl Related<super::slack_workspaces::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SlackWorkspaces.def()
    }
}

impl Related<super::soap_notes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SoapNotes.def()
    }
}

impl Related<super::soap_templates::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SoapTemplates.def()
    }
}

impl Related<super::user_clinic_access::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserClinicAccess.def()
    }
}

impl Related<super::vapi_assistant_mappings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::VapiAssistantMappings.def()
    }
}

impl Related<super::vapi_bookings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::VapiBookings.def()
    }
}

impl Related<super::vital_signs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::VitalSigns.def()
    }
}

/// Users of this clinic, through `user_clinic_access`.
impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        super::user_clinic_access::Relation::User.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::user_clinic_access::Relation::Clinic.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
