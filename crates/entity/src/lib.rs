//! SeaORM entities for the 44 tables of Schema V2 (one module per table), their string-backed
//! enums and typed JSONB shapes. Knows nothing about GraphQL.
//!
//! Deviations from the spec (time ranges stored as `starts_at`/`ends_at` pairs, the read-only
//! generated `date` column) are described in `docs/SCHEMA_DECISIONS.md`.

pub mod ai_templates;
pub mod appointment_audit_log;
pub mod audit_events;
pub mod auto_scheduled_items;
pub mod auto_scheduling_config;
pub mod auto_scheduling_runs;
pub mod call_analysis;
pub mod cases;
pub mod clients;
pub mod clinic_blocked_periods;
pub mod clinic_case_type_cadence;
pub mod clinic_invitations;
pub mod clinic_messages;
pub mod clinic_schedule_config;
pub mod clinic_settings;
pub mod clinics;
pub mod contact_submissions;
pub mod discharge_batch_items;
pub mod discharge_batches;
pub mod discharge_summaries;
pub mod discharge_templates;
pub mod inbound_calls;
pub mod outbound_calls;
pub mod outbound_emails;
pub mod patients;
pub mod pims_credentials;
pub mod pims_mappings;
pub mod pims_sync_audit_log;
pub mod pims_sync_sessions;
pub mod providers;
pub mod refill_requests;
pub mod schedule_appointments;
pub mod schedule_syncs;
pub mod slack_channels;
pub mod slack_task_completions;
pub mod slack_tasks;
pub mod slack_workspaces;
pub mod soap_notes;
pub mod soap_templates;
pub mod user_clinic_access;
pub mod users;
pub mod vapi_assistant_mappings;
pub mod vapi_bookings;
pub mod vital_signs;
pub mod waitlist_signups;

pub mod enums;
pub mod json;

/// Every `Entity`, under the PascalCase name of its table.
pub mod prelude {
    pub use super::ai_templates::Entity as AiTemplates;
    pub use super::appointment_audit_log::Entity as AppointmentAuditLog;
    pub use super::auto_scheduled_items::Entity as AutoScheduledItems;
    pub use super::auto_scheduling_config::Entity as AutoSchedulingConfig;
    pub use super::auto_scheduling_runs::Entity as AutoSchedulingRuns;
    pub use super::call_analysis::Entity as CallAnalysis;
    pub use super::cases::Entity as Cases;
    pub use super::clients::Entity as Clients;
    pub use super::clinic_blocked_periods::Entity as ClinicBlockedPeriods;
    pub use super::clinic_case_type_cadence::Entity as ClinicCaseTypeCadence;
    pub use super::clinic_invitations::Entity as ClinicInvitations;
    pub use super::clinic_messages::Entity as ClinicMessages;
    pub use super::clinic_schedule_config::Entity as ClinicScheduleConfig;
    pub use super::clinic_settings::Entity as ClinicSettings;
    pub use super::clinics::Entity as Clinics;
    pub use super::contact_submissions::Entity as ContactSubmissions;
    pub use super::discharge_batch_items::Entity as DischargeBatchItems;
    pub use super::discharge_batches::Entity as DischargeBatches;
    pub use super::discharge_summaries::Entity as DischargeSummaries;
    pub use super::discharge_templates::Entity as DischargeTemplates;
    pub use super::inbound_calls::Entity as InboundCalls;
    pub use super::outbound_calls::Entity as OutboundCalls;
    pub use super::outbound_emails::Entity as OutboundEmails;
    pub use super::patients::Entity as Patients;
    pub use super::pims_credentials::Entity as PimsCredentials;
    pub use super::pims_mappings::Entity as PimsMappings;
    pub use super::pims_sync_audit_log::Entity as PimsSyncAuditLog;
    pub use super::pims_sync_sessions::Entity as PimsSyncSessions;
    pub use super::providers::Entity as Providers;
    pub use super::refill_requests::Entity as RefillRequests;
    pub use super::schedule_appointments::Entity as ScheduleAppointments;
    pub use super::schedule_syncs::Entity as ScheduleSyncs;
    pub use super::slack_channels::Entity as SlackChannels;
    pub use super::slack_task_completions::Entity as SlackTaskCompletions;
    pub use super::slack_tasks::Entity as SlackTasks;
    pub use super::slack_workspaces::Entity as SlackWorkspaces;
    pub use super::soap_notes::Entity as SoapNotes;
    pub use super::soap_templates::Entity as SoapTemplates;
    pub use super::user_clinic_access::Entity as UserClinicAccess;
    pub use super::users::Entity as Users;
    pub use super::vapi_assistant_mappings::Entity as VapiAssistantMappings;
    pub use super::vapi_bookings::Entity as VapiBookings;
    pub use super::vital_signs::Entity as VitalSigns;
    pub use super::waitlist_signups::Entity as WaitlistSignups;
}

/// The 44 table names of Schema V2, in the spec's tier order.
pub const TABLES: &[&str] = &[
    "clinics",
    "users",
    "user_clinic_access",
    "clinic_invitations",
    "providers",
    "clients",
    "patients",
    "pims_credentials",
    "pims_mappings",
    "pims_sync_sessions",
    "pims_sync_audit_log",
    "cases",
    "soap_notes",
    "discharge_summaries",
    "vital_signs",
    "outbound_calls",
    "inbound_calls",
    "call_analysis",
    "outbound_emails",
    "clinic_messages",
    "refill_requests",
    "schedule_appointments",
    "vapi_bookings",
    "clinic_schedule_config",
    "clinic_blocked_periods",
    "schedule_syncs",
    "appointment_audit_log",
    "vapi_assistant_mappings",
    "clinic_settings",
    "auto_scheduling_config",
    "clinic_case_type_cadence",
    "auto_scheduling_runs",
    "auto_scheduled_items",
    "discharge_batches",
    "discharge_batch_items",
    "soap_templates",
    "discharge_templates",
    "ai_templates",
    "slack_workspaces",
    "slack_channels",
    "slack_tasks",
    "slack_task_completions",
    "waitlist_signups",
    "contact_submissions",
];

#[cfg(test)]
mod relation_tests;

#[cfg(test)]
mod tests {
    use sea_orm::EntityName;

    use super::TABLES;
    use super::prelude::*;

    /// `TABLES` lists every entity's table exactly once, and there are 44 of them.
    #[test]
    fn tables_match_entities() {
        let names = [
            Clinics.table_name(),
            Users.table_name(),
            UserClinicAccess.table_name(),
            ClinicInvitations.table_name(),
            Providers.table_name(),
            Clients.table_name(),
            Patients.table_name(),
            PimsCredentials.table_name(),
            PimsMappings.table_name(),
            PimsSyncSessions.table_name(),
            PimsSyncAuditLog.table_name(),
            Cases.table_name(),
            SoapNotes.table_name(),
            DischargeSummaries.table_name(),
            VitalSigns.table_name(),
            OutboundCalls.table_name(),
            InboundCalls.table_name(),
            CallAnalysis.table_name(),
            OutboundEmails.table_name(),
            ClinicMessages.table_name(),
            RefillRequests.table_name(),
            ScheduleAppointments.table_name(),
            VapiBookings.table_name(),
            ClinicScheduleConfig.table_name(),
            ClinicBlockedPeriods.table_name(),
            ScheduleSyncs.table_name(),
            AppointmentAuditLog.table_name(),
            VapiAssistantMappings.table_name(),
            ClinicSettings.table_name(),
            AutoSchedulingConfig.table_name(),
            ClinicCaseTypeCadence.table_name(),
            AutoSchedulingRuns.table_name(),
            AutoScheduledItems.table_name(),
            DischargeBatches.table_name(),
            DischargeBatchItems.table_name(),
            SoapTemplates.table_name(),
            DischargeTemplates.table_name(),
            AiTemplates.table_name(),
            SlackWorkspaces.table_name(),
            SlackChannels.table_name(),
            SlackTasks.table_name(),
            SlackTaskCompletions.table_name(),
            WaitlistSignups.table_name(),
            ContactSubmissions.table_name(),
        ];
        assert_eq!(names.as_slice(), TABLES);
        let mut unique = TABLES.to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 44);
    }
}
