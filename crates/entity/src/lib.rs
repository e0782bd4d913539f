//! SeaORM entities for the 44 tables of Schema V2 (one module per table), their string-backed
//! enums and typed JSONB shapes. Knows nothing about GraphQL.
//!
//! Deviations from the spec (time ranges stored as `starts_at`/`ends_at` pairs, the read-only
//! generated `date` column) are described in `docs/SCHEMA_DECISIONS.md`.

pub mod enums;
pub mod json;

/// Every table the gateway serves, once: the 44 of Schema V2 in the spec's tier order, then,
/// after `;`, the gateway's own audit trail; each as its entity module and the name its
/// resource and entity go by. The other lists of tables are derived from this one with
/// `entity::for_each_table!(callback)`, which hands the list to the macro `callback`: the
/// modules and `prelude` here, [`TABLES`], `domain::policy::Resource` and its `TenantScoped`
/// impls, and `graphql::Node` with its dispatch.
#[macro_export]
macro_rules! for_each_table {
    ($callback:ident) => {
        $callback! {
            clinics => Clinics,
            users => Users,
            user_clinic_access => UserClinicAccess,
            clinic_invitations => ClinicInvitations,
            providers => Providers,
            clients => Clients,
            patients => Patients,
            pims_credentials => PimsCredentials,
            pims_mappings => PimsMappings,
            pims_sync_sessions => PimsSyncSessions,
            pims_sync_audit_log => PimsSyncAuditLog,
            cases => Cases,
            soap_notes => SoapNotes,
            discharge_summaries => DischargeSummaries,
            vital_signs => VitalSigns,
            outbound_calls => OutboundCalls,
            inbound_calls => InboundCalls,
            call_analysis => CallAnalysis,
            outbound_emails => OutboundEmails,
            clinic_messages => ClinicMessages,
            refill_requests => RefillRequests,
            schedule_appointments => ScheduleAppointments,
            vapi_bookings => VapiBookings,
            clinic_schedule_config => ClinicScheduleConfig,
            clinic_blocked_periods => ClinicBlockedPeriods,
            schedule_syncs => ScheduleSyncs,
            appointment_audit_log => AppointmentAuditLog,
            vapi_assistant_mappings => VapiAssistantMappings,
            clinic_settings => ClinicSettings,
            auto_scheduling_config => AutoSchedulingConfig,
            clinic_case_type_cadence => ClinicCaseTypeCadence,
            auto_scheduling_runs => AutoSchedulingRuns,
            auto_scheduled_items => AutoScheduledItems,
            discharge_batches => DischargeBatches,
            discharge_batch_items => DischargeBatchItems,
            soap_templates => SoapTemplates,
            discharge_templates => DischargeTemplates,
            ai_templates => AiTemplates,
            slack_workspaces => SlackWorkspaces,
            slack_channels => SlackChannels,
            slack_tasks => SlackTasks,
            slack_task_completions => SlackTaskCompletions,
            waitlist_signups => WaitlistSignups,
            contact_submissions => ContactSubmissions,
            ;
            audit_events => AuditEvents,
        }
    };
}

macro_rules! table_modules {
    ($($module:ident => $name:ident,)* ; $($own:ident => $own_name:ident,)*) => {
        $(pub mod $module;)*
        $(pub mod $own;)*

        /// Every `Entity`, under the PascalCase name of its table.
        pub mod prelude {
            $(pub use super::$module::Entity as $name;)*
            $(pub use super::$own::Entity as $own_name;)*
        }

        /// The 44 table names of Schema V2, in the spec's tier order.
        pub const TABLES: &[&str] = &[$(stringify!($module)),*];
    };
}

for_each_table!(table_modules);

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
