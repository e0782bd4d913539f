//! The one policy table: for every resource (table) and action, who may do it.
//!
//! Nothing is allowed by default: a resource/action pair missing from [`POLICY`] is refused,
//! and a test fails when any table lacks a rule for the four standard actions. The table is
//! printed in `docs/PERMISSIONS.md` (`gateway permissions` regenerates it; a test compares).
//!
//! How the rules were chosen (what a clinic would expect):
//! - **viewer** reads the clinic's operational data (clients, patients, cases, calls, schedule)
//!   and nothing about staff administration, integrations or billing;
//! - **member** runs the day-to-day work: clients, patients, cases and clinical notes, calls,
//!   messages, refills, appointments, batches, Slack checklists;
//! - **admin** manages staff (memberships, invitations, providers), settings, PIMS and Slack
//!   integrations, templates, and reads the audit trail; hard deletes of clinical records are
//!   admin-only because they destroy history;
//! - **owner** manages billing and can delete the clinic;
//! - the **service** principal (webhooks, jobs) writes what systems produce (calls, analyses,
//!   sync sessions, runs) and the global templates; it is the only caller not scoped to a clinic;
//! - **anonymous** callers may only insert into the two public sign-up tables.

use entity::enums::ClinicRole;

/// Every table the gateway serves, plus the gateway's own audit trail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Resource {
    Clinics,
    Users,
    UserClinicAccess,
    ClinicInvitations,
    Providers,
    Clients,
    Patients,
    PimsCredentials,
    PimsMappings,
    PimsSyncSessions,
    PimsSyncAuditLog,
    Cases,
    SoapNotes,
    DischargeSummaries,
    VitalSigns,
    OutboundCalls,
    InboundCalls,
    CallAnalysis,
    OutboundEmails,
    ClinicMessages,
    RefillRequests,
    ScheduleAppointments,
    VapiBookings,
    ClinicScheduleConfig,
    ClinicBlockedPeriods,
    ScheduleSyncs,
    AppointmentAuditLog,
    VapiAssistantMappings,
    ClinicSettings,
    AutoSchedulingConfig,
    ClinicCaseTypeCadence,
    AutoSchedulingRuns,
    AutoScheduledItems,
    DischargeBatches,
    DischargeBatchItems,
    SoapTemplates,
    DischargeTemplates,
    AiTemplates,
    SlackWorkspaces,
    SlackChannels,
    SlackTasks,
    SlackTaskCompletions,
    WaitlistSignups,
    ContactSubmissions,
    AuditEvents,
}

impl Resource {
    /// All resources, in tier order.
    pub const ALL: [Resource; 45] = [
        Resource::Clinics,
        Resource::Users,
        Resource::UserClinicAccess,
        Resource::ClinicInvitations,
        Resource::Providers,
        Resource::Clients,
        Resource::Patients,
        Resource::PimsCredentials,
        Resource::PimsMappings,
        Resource::PimsSyncSessions,
        Resource::PimsSyncAuditLog,
        Resource::Cases,
        Resource::SoapNotes,
        Resource::DischargeSummaries,
        Resource::VitalSigns,
        Resource::OutboundCalls,
        Resource::InboundCalls,
        Resource::CallAnalysis,
        Resource::OutboundEmails,
        Resource::ClinicMessages,
        Resource::RefillRequests,
        Resource::ScheduleAppointments,
        Resource::VapiBookings,
        Resource::ClinicScheduleConfig,
        Resource::ClinicBlockedPeriods,
        Resource::ScheduleSyncs,
        Resource::AppointmentAuditLog,
        Resource::VapiAssistantMappings,
        Resource::ClinicSettings,
        Resource::AutoSchedulingConfig,
        Resource::ClinicCaseTypeCadence,
        Resource::AutoSchedulingRuns,
        Resource::AutoScheduledItems,
        Resource::DischargeBatches,
        Resource::DischargeBatchItems,
        Resource::SoapTemplates,
        Resource::DischargeTemplates,
        Resource::AiTemplates,
        Resource::SlackWorkspaces,
        Resource::SlackChannels,
        Resource::SlackTasks,
        Resource::SlackTaskCompletions,
        Resource::WaitlistSignups,
        Resource::ContactSubmissions,
        Resource::AuditEvents,
    ];

    /// The table behind the resource.
    pub const fn table(self) -> &'static str {
        match self {
            Resource::Clinics => "clinics",
            Resource::Users => "users",
            Resource::UserClinicAccess => "user_clinic_access",
            Resource::ClinicInvitations => "clinic_invitations",
            Resource::Providers => "providers",
            Resource::Clients => "clients",
            Resource::Patients => "patients",
            Resource::PimsCredentials => "pims_credentials",
            Resource::PimsMappings => "pims_mappings",
            Resource::PimsSyncSessions => "pims_sync_sessions",
            Resource::PimsSyncAuditLog => "pims_sync_audit_log",
            Resource::Cases => "cases",
            Resource::SoapNotes => "soap_notes",
            Resource::DischargeSummaries => "discharge_summaries",
            Resource::VitalSigns => "vital_signs",
            Resource::OutboundCalls => "outbound_calls",
            Resource::InboundCalls => "inbound_calls",
            Resource::CallAnalysis => "call_analysis",
            Resource::OutboundEmails => "outbound_emails",
            Resource::ClinicMessages => "clinic_messages",
            Resource::RefillRequests => "refill_requests",
            Resource::ScheduleAppointments => "schedule_appointments",
            Resource::VapiBookings => "vapi_bookings",
            Resource::ClinicScheduleConfig => "clinic_schedule_config",
            Resource::ClinicBlockedPeriods => "clinic_blocked_periods",
            Resource::ScheduleSyncs => "schedule_syncs",
            Resource::AppointmentAuditLog => "appointment_audit_log",
            Resource::VapiAssistantMappings => "vapi_assistant_mappings",
            Resource::ClinicSettings => "clinic_settings",
            Resource::AutoSchedulingConfig => "auto_scheduling_config",
            Resource::ClinicCaseTypeCadence => "clinic_case_type_cadence",
            Resource::AutoSchedulingRuns => "auto_scheduling_runs",
            Resource::AutoScheduledItems => "auto_scheduled_items",
            Resource::DischargeBatches => "discharge_batches",
            Resource::DischargeBatchItems => "discharge_batch_items",
            Resource::SoapTemplates => "soap_templates",
            Resource::DischargeTemplates => "discharge_templates",
            Resource::AiTemplates => "ai_templates",
            Resource::SlackWorkspaces => "slack_workspaces",
            Resource::SlackChannels => "slack_channels",
            Resource::SlackTasks => "slack_tasks",
            Resource::SlackTaskCompletions => "slack_task_completions",
            Resource::WaitlistSignups => "waitlist_signups",
            Resource::ContactSubmissions => "contact_submissions",
            Resource::AuditEvents => "audit_events",
        }
    }

    /// The resource behind a table name (`None` for a name that is no table of ours).
    pub fn from_table(table: &str) -> Option<Resource> {
        Resource::ALL.into_iter().find(|r| r.table() == table)
    }

    /// What a new row hangs from, for the NOT_FOUND of a create aimed at someone else's parent.
    pub fn parent_noun(self) -> &'static str {
        match self {
            Resource::SlackChannels => "Slack workspace",
            Resource::SlackTasks => "Slack channel",
            Resource::SlackTaskCompletions => "Slack task",
            Resource::DischargeBatchItems => "discharge batch",
            Resource::Users | Resource::AiTemplates | Resource::AutoSchedulingRuns => "record",
            Resource::WaitlistSignups | Resource::ContactSubmissions => "record",
            _ => "clinic",
        }
    }

    /// A singular, human name for messages ("case not found").
    pub fn noun(self) -> &'static str {
        match self {
            Resource::Clinics => "clinic",
            Resource::Users => "user",
            Resource::UserClinicAccess => "membership",
            Resource::ClinicInvitations => "invitation",
            Resource::Providers => "provider",
            Resource::Clients => "client",
            Resource::Patients => "patient",
            Resource::PimsCredentials => "PIMS credential",
            Resource::PimsMappings => "PIMS mapping",
            Resource::PimsSyncSessions => "sync session",
            Resource::PimsSyncAuditLog => "sync audit entry",
            Resource::Cases => "case",
            Resource::SoapNotes => "SOAP note",
            Resource::DischargeSummaries => "discharge summary",
            Resource::VitalSigns => "vital signs record",
            Resource::OutboundCalls => "outbound call",
            Resource::InboundCalls => "inbound call",
            Resource::CallAnalysis => "call analysis",
            Resource::OutboundEmails => "outbound e-mail",
            Resource::ClinicMessages => "message",
            Resource::RefillRequests => "refill request",
            Resource::ScheduleAppointments => "appointment",
            Resource::VapiBookings => "booking",
            Resource::ClinicScheduleConfig => "schedule configuration",
            Resource::ClinicBlockedPeriods => "blocked period",
            Resource::ScheduleSyncs => "schedule sync",
            Resource::AppointmentAuditLog => "appointment audit entry",
            Resource::VapiAssistantMappings => "assistant mapping",
            Resource::ClinicSettings => "clinic settings",
            Resource::AutoSchedulingConfig => "auto-scheduling configuration",
            Resource::ClinicCaseTypeCadence => "case type cadence",
            Resource::AutoSchedulingRuns => "auto-scheduling run",
            Resource::AutoScheduledItems => "auto-scheduled item",
            Resource::DischargeBatches => "discharge batch",
            Resource::DischargeBatchItems => "discharge batch item",
            Resource::SoapTemplates => "SOAP template",
            Resource::DischargeTemplates => "discharge template",
            Resource::AiTemplates => "AI template",
            Resource::SlackWorkspaces => "Slack workspace",
            Resource::SlackChannels => "Slack channel",
            Resource::SlackTasks => "Slack task",
            Resource::SlackTaskCompletions => "Slack task completion",
            Resource::WaitlistSignups => "waitlist sign-up",
            Resource::ContactSubmissions => "contact submission",
            Resource::AuditEvents => "audit event",
        }
    }
}

/// What a caller wants to do with a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
    /// Soft delete (`is_active = false` or `deleted_at = now()`), where the table has one.
    Archive,
    /// Approve a refill request (a clinical decision).
    Approve,
    /// See and change billing fields of a clinic.
    ManageBilling,
    /// See the figures of a row that cover every clinic (an auto-scheduling run's totals).
    ReadCrossClinic,
}

impl Action {
    pub const STANDARD: [Action; 4] = [Action::Read, Action::Create, Action::Update, Action::Delete];

    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Archive => "archive",
            Action::Approve => "approve",
            Action::ManageBilling => "manage_billing",
            Action::ReadCrossClinic => "read_cross_clinic",
        }
    }
}

/// Who may perform one action on one resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A user holding at least this role in the row's clinic. The service principal too.
    Role(ClinicRole),
    /// Only the service principal.
    Service,
    /// Anyone, including anonymous callers (the public sign-up tables' inserts).
    Public,
    /// Any signed-in user (global, clinic-less rows such as system AI templates).
    SignedIn,
    /// The user the row is (the `users` table), or for reads also a user who shares a clinic
    /// with them. The service principal too.
    SelfOrColleague,
    /// The user the row is, and the service principal.
    SelfOnly,
    /// Nobody, not even the service principal (append-only history).
    Nobody,
}

impl Rule {
    /// How the rule reads in `docs/PERMISSIONS.md`.
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Role(ClinicRole::Viewer) => "viewer",
            Rule::Role(ClinicRole::Member) => "member",
            Rule::Role(ClinicRole::Admin) => "admin",
            Rule::Role(ClinicRole::Owner) => "owner",
            Rule::Service => "service",
            Rule::Public => "anyone",
            Rule::SignedIn => "signed-in",
            Rule::SelfOrColleague => "self or colleague",
            Rule::SelfOnly => "self",
            Rule::Nobody => "nobody",
        }
    }
}

use Action::*;
use ClinicRole::{Admin as A, Member as M, Owner as O, Viewer as V};
use Resource as R;
use Rule::*;

/// The policy table. One row per (resource, action); each with the reason a clinic would give.
pub const POLICY: &[(Resource, Action, Rule, &str)] = &[
    // Tier 1: organization and identity.
    (R::Clinics, Read, Role(V), "members see the clinics they belong to"),
    (R::Clinics, Create, Service, "clinics are provisioned from the identity provider's organizations"),
    (R::Clinics, Update, Role(A), "admins maintain the clinic's profile, hours and ER settings"),
    (R::Clinics, Delete, Role(O), "only an owner may delete the clinic"),
    (R::Clinics, ManageBilling, Role(O), "billing identifiers and the subscription are the owner's"),
    (R::Users, Read, SelfOrColleague, "users see themselves and the staff of their clinics"),
    (R::Users, Create, Service, "users are created from the identity provider"),
    (R::Users, Update, SelfOnly, "users edit their own profile"),
    (R::Users, Delete, Service, "users are deleted through the identity provider"),
    (R::UserClinicAccess, Read, Role(V), "staff see who works in their clinic"),
    (R::UserClinicAccess, Create, Role(A), "admins add staff (only an owner may grant owner)"),
    (R::UserClinicAccess, Update, Role(A), "admins change roles (only an owner may grant or revoke owner)"),
    (R::UserClinicAccess, Delete, Role(A), "admins remove staff; the last owner cannot be removed"),
    (R::ClinicInvitations, Read, Role(A), "invitations are staff administration"),
    (R::ClinicInvitations, Create, Role(A), "admins invite staff"),
    (R::ClinicInvitations, Update, Role(A), "admins resend or change invitations"),
    (R::ClinicInvitations, Delete, Role(A), "admins revoke invitations"),
    (R::Providers, Read, Role(V), "everyone schedules against providers"),
    (R::Providers, Create, Role(A), "admins manage the provider list"),
    (R::Providers, Update, Role(A), "admins manage the provider list"),
    (R::Providers, Archive, Role(A), "admins retire providers"),
    (R::Providers, Delete, Role(A), "admins remove providers entered by mistake"),
    // Tier 2: clients and patients.
    (R::Clients, Read, Role(V), "all staff look up clients"),
    (R::Clients, Create, Role(M), "front-desk work"),
    (R::Clients, Update, Role(M), "front-desk work"),
    (R::Clients, Archive, Role(M), "front-desk work; history is kept"),
    (R::Clients, Delete, Role(A), "hard deletes destroy history"),
    (R::Patients, Read, Role(V), "all staff look up patients"),
    (R::Patients, Create, Role(M), "front-desk work"),
    (R::Patients, Update, Role(M), "front-desk work"),
    (R::Patients, Archive, Role(M), "front-desk work; history is kept"),
    (R::Patients, Delete, Role(A), "hard deletes destroy history"),
    // Tier 3: PIMS integration.
    (R::PimsCredentials, Read, Role(A), "integration settings (the secret itself is never served)"),
    (R::PimsCredentials, Create, Role(A), "admins connect the PIMS"),
    (R::PimsCredentials, Update, Role(A), "admins rotate credentials"),
    (R::PimsCredentials, Archive, Role(A), "admins disconnect the PIMS"),
    (R::PimsCredentials, Delete, Role(A), "admins remove credentials"),
    (R::PimsMappings, Read, Role(M), "staff trace records to the PIMS"),
    (R::PimsMappings, Create, Role(A), "written by the sync; admins fix mappings"),
    (R::PimsMappings, Update, Role(A), "written by the sync; admins fix mappings"),
    (R::PimsMappings, Delete, Role(A), "admins remove wrong mappings"),
    (R::PimsSyncSessions, Read, Role(M), "staff see whether the sync is healthy"),
    (R::PimsSyncSessions, Create, Role(A), "admins may request a sync; jobs create the rest"),
    (R::PimsSyncSessions, Update, Service, "only the sync job records progress"),
    (R::PimsSyncSessions, Delete, Nobody, "sync history is kept"),
    (R::PimsSyncAuditLog, Read, Role(A), "integration diagnostics"),
    (R::PimsSyncAuditLog, Create, Service, "written by the sync job"),
    (R::PimsSyncAuditLog, Update, Nobody, "audit entries are immutable"),
    (R::PimsSyncAuditLog, Delete, Nobody, "audit entries are immutable"),
    // Tier 4: cases and clinical data.
    (R::Cases, Read, Role(V), "all staff follow cases"),
    (R::Cases, Create, Role(M), "clinical work"),
    (R::Cases, Update, Role(M), "clinical work"),
    (R::Cases, Delete, Role(A), "hard deletes destroy clinical history"),
    (R::SoapNotes, Read, Role(V), "all staff read clinical notes"),
    (R::SoapNotes, Create, Role(M), "clinical work"),
    (R::SoapNotes, Update, Role(M), "clinical work"),
    (R::SoapNotes, Delete, Role(A), "hard deletes destroy clinical history"),
    (R::DischargeSummaries, Read, Role(V), "all staff read discharge summaries"),
    (R::DischargeSummaries, Create, Role(M), "clinical work"),
    (R::DischargeSummaries, Update, Role(M), "clinical work"),
    (R::DischargeSummaries, Delete, Role(A), "hard deletes destroy clinical history"),
    (R::VitalSigns, Read, Role(V), "all staff read vitals"),
    (R::VitalSigns, Create, Role(M), "clinical work"),
    (R::VitalSigns, Update, Role(M), "clinical work"),
    (R::VitalSigns, Delete, Role(A), "hard deletes destroy clinical history"),
    // Tier 5: communications.
    (R::OutboundCalls, Read, Role(V), "all staff follow discharge calls"),
    (R::OutboundCalls, Create, Role(M), "staff schedule calls (the scheduler uses the service principal)"),
    (R::OutboundCalls, Update, Role(M), "staff review and reschedule calls; the telephony webhook records outcomes"),
    (R::OutboundCalls, Delete, Role(A), "hard deletes destroy history"),
    (R::InboundCalls, Read, Role(V), "all staff follow inbound calls"),
    (R::InboundCalls, Create, Service, "inbound calls are recorded by the telephony webhook"),
    (R::InboundCalls, Update, Role(M), "staff confirm outcomes and edit display transcripts"),
    (R::InboundCalls, Delete, Role(A), "hard deletes destroy history"),
    (R::CallAnalysis, Read, Role(V), "all staff see what calls need attention"),
    (R::CallAnalysis, Create, Service, "analyses are produced by the analysis job"),
    (R::CallAnalysis, Update, Service, "analyses are produced by the analysis job"),
    (R::CallAnalysis, Delete, Role(A), "admins remove a wrong analysis"),
    (R::OutboundEmails, Read, Role(V), "all staff follow discharge e-mails"),
    (R::OutboundEmails, Create, Role(M), "staff schedule e-mails"),
    (R::OutboundEmails, Update, Role(M), "staff edit or cancel e-mails before they are sent"),
    (R::OutboundEmails, Delete, Role(A), "hard deletes destroy history"),
    (R::ClinicMessages, Read, Role(V), "all staff see messages left for the clinic"),
    (R::ClinicMessages, Create, Role(M), "staff note messages; the telephony webhook records voicemails"),
    (R::ClinicMessages, Update, Role(M), "staff triage, assign and close messages"),
    (R::ClinicMessages, Delete, Role(A), "hard deletes destroy history"),
    (R::RefillRequests, Read, Role(V), "all staff see refill requests"),
    (R::RefillRequests, Create, Role(M), "staff record refill requests"),
    (R::RefillRequests, Update, Role(M), "staff process refill requests"),
    (R::RefillRequests, Approve, Role(M), "a clinician approves or denies a refill"),
    (R::RefillRequests, Delete, Role(A), "hard deletes destroy history"),
    // Tier 6: scheduling.
    (R::ScheduleAppointments, Read, Role(V), "all staff read the schedule"),
    (R::ScheduleAppointments, Create, Role(M), "front-desk work (the PIMS sync uses the service principal)"),
    (R::ScheduleAppointments, Update, Role(M), "front-desk work"),
    (R::ScheduleAppointments, Archive, Role(M), "cancelling keeps the row (deleted_at)"),
    (R::ScheduleAppointments, Delete, Role(A), "hard deletes destroy history"),
    (R::VapiBookings, Read, Role(V), "all staff read bookings"),
    (R::VapiBookings, Create, Role(M), "the voice assistant books through the service principal; staff may too"),
    (R::VapiBookings, Update, Role(M), "staff confirm, reschedule and cancel bookings"),
    (R::VapiBookings, Delete, Role(A), "hard deletes destroy history"),
    (R::ClinicScheduleConfig, Read, Role(V), "all staff see schedule settings"),
    (R::ClinicScheduleConfig, Create, Role(A), "settings are administration"),
    (R::ClinicScheduleConfig, Update, Role(A), "settings are administration"),
    (R::ClinicScheduleConfig, Delete, Role(A), "settings are administration"),
    (R::ClinicBlockedPeriods, Read, Role(V), "all staff see blocked periods"),
    (R::ClinicBlockedPeriods, Create, Role(A), "settings are administration"),
    (R::ClinicBlockedPeriods, Update, Role(A), "settings are administration"),
    (R::ClinicBlockedPeriods, Archive, Role(A), "settings are administration"),
    (R::ClinicBlockedPeriods, Delete, Role(A), "settings are administration"),
    (R::ScheduleSyncs, Read, Role(M), "staff see whether the schedule is fresh"),
    (R::ScheduleSyncs, Create, Service, "written by the sync job"),
    (R::ScheduleSyncs, Update, Service, "written by the sync job"),
    (R::ScheduleSyncs, Delete, Nobody, "sync history is kept"),
    (R::AppointmentAuditLog, Read, Role(M), "staff trace what happened to a booking"),
    (R::AppointmentAuditLog, Create, Service, "written by the booking flow"),
    (R::AppointmentAuditLog, Update, Nobody, "audit entries are immutable"),
    (R::AppointmentAuditLog, Delete, Nobody, "audit entries are immutable"),
    // Tier 7-8: voice assistant configuration and clinic settings.
    (R::VapiAssistantMappings, Read, Role(M), "staff see which assistant answers"),
    (R::VapiAssistantMappings, Create, Service, "an assistant id is bound by the platform after the voice provider confirmed it is the clinic's: ids are unique across clinics, so an admin could otherwise claim another clinic's assistant"),
    (R::VapiAssistantMappings, Update, Role(A), "integration settings"),
    (R::VapiAssistantMappings, Archive, Role(A), "integration settings"),
    (R::VapiAssistantMappings, Delete, Role(A), "integration settings"),
    (R::ClinicSettings, Read, Role(M), "settings include test contacts; viewers do not need them"),
    (R::ClinicSettings, Create, Role(A), "settings are administration"),
    (R::ClinicSettings, Update, Role(A), "settings are administration"),
    (R::ClinicSettings, Delete, Role(A), "settings are administration"),
    (R::AutoSchedulingConfig, Read, Role(M), "staff see how follow-ups are scheduled"),
    (R::AutoSchedulingConfig, Create, Role(A), "settings are administration"),
    (R::AutoSchedulingConfig, Update, Role(A), "settings are administration"),
    (R::AutoSchedulingConfig, Delete, Role(A), "settings are administration"),
    (R::ClinicCaseTypeCadence, Read, Role(M), "staff see follow-up cadences"),
    (R::ClinicCaseTypeCadence, Create, Role(A), "settings are administration"),
    (R::ClinicCaseTypeCadence, Update, Role(A), "settings are administration"),
    (R::ClinicCaseTypeCadence, Delete, Role(A), "settings are administration"),
    // Tier 9-10: automation.
    (R::AutoSchedulingRuns, Read, Role(A), "admins see the runs that touched their clinic (without other clinics' totals)"),
    (R::AutoSchedulingRuns, Create, Service, "runs are jobs"),
    (R::AutoSchedulingRuns, Update, Service, "runs are jobs"),
    (R::AutoSchedulingRuns, ReadCrossClinic, Service, "a run's results and totals cover every clinic"),
    (R::AutoSchedulingRuns, Delete, Nobody, "run history is kept"),
    (R::AutoScheduledItems, Read, Role(M), "staff see what was scheduled automatically"),
    (R::AutoScheduledItems, Create, Service, "items are produced by runs"),
    (R::AutoScheduledItems, Update, Role(M), "staff cancel automatically scheduled follow-ups"),
    (R::AutoScheduledItems, Delete, Nobody, "run history is kept"),
    (R::DischargeBatches, Read, Role(M), "staff follow batches"),
    (R::DischargeBatches, Create, Role(M), "staff start discharge batches"),
    (R::DischargeBatches, Update, Role(M), "staff cancel batches; the batch job records progress"),
    (R::DischargeBatches, Delete, Role(A), "hard deletes destroy history"),
    (R::DischargeBatchItems, Read, Role(M), "staff follow batches"),
    (R::DischargeBatchItems, Create, Role(M), "staff add cases to a batch"),
    (R::DischargeBatchItems, Update, Service, "the batch job records item outcomes"),
    (R::DischargeBatchItems, Delete, Role(M), "staff remove a case from a pending batch"),
    // Tier 11: templates (clinic_id NULL = global, written by the service principal only).
    (R::SoapTemplates, Read, Role(V), "the clinic's templates; global ones are readable by every signed-in user"),
    (R::SoapTemplates, Create, Role(A), "admins curate templates"),
    (R::SoapTemplates, Update, Role(A), "admins curate templates"),
    (R::SoapTemplates, Delete, Role(A), "admins curate templates"),
    (R::DischargeTemplates, Read, Role(V), "the clinic's templates; global ones are readable by every signed-in user"),
    (R::DischargeTemplates, Create, Role(A), "admins curate templates"),
    (R::DischargeTemplates, Update, Role(A), "admins curate templates"),
    (R::DischargeTemplates, Delete, Role(A), "admins curate templates"),
    (R::AiTemplates, Read, SignedIn, "system prompts are global and read-only"),
    (R::AiTemplates, Create, Service, "system prompts are maintained by the platform"),
    (R::AiTemplates, Update, Service, "system prompts are maintained by the platform"),
    (R::AiTemplates, Delete, Service, "system prompts are maintained by the platform"),
    // Tier 12: Slack.
    (R::SlackWorkspaces, Read, Role(A), "integration settings (the bot token is never served)"),
    (R::SlackWorkspaces, Create, Service, "Slack's OAuth callback connects a workspace once Slack confirmed the team: team ids are unique across clinics, so an admin could otherwise claim another clinic's team"),
    (R::SlackWorkspaces, Update, Role(A), "admins manage the connection"),
    (R::SlackWorkspaces, Archive, Role(A), "admins disconnect Slack"),
    (R::SlackWorkspaces, Delete, Role(A), "admins remove the connection"),
    (R::SlackChannels, Read, Role(M), "staff see where checklists are posted"),
    (R::SlackChannels, Create, Role(A), "integration settings"),
    (R::SlackChannels, Update, Role(A), "integration settings"),
    (R::SlackChannels, Archive, Role(A), "integration settings"),
    (R::SlackChannels, Delete, Role(A), "integration settings"),
    (R::SlackTasks, Read, Role(M), "daily checklists are day-to-day work"),
    (R::SlackTasks, Create, Role(M), "daily checklists are day-to-day work"),
    (R::SlackTasks, Update, Role(M), "daily checklists are day-to-day work"),
    (R::SlackTasks, Archive, Role(M), "daily checklists are day-to-day work"),
    (R::SlackTasks, Delete, Role(A), "hard deletes destroy history"),
    (R::SlackTaskCompletions, Read, Role(M), "staff see what was done"),
    (R::SlackTaskCompletions, Create, Role(M), "staff (or the Slack bot) tick tasks off"),
    (R::SlackTaskCompletions, Update, Role(M), "corrections"),
    (R::SlackTaskCompletions, Delete, Role(M), "un-ticking a task"),
    // Tier 13: public sign-ups.
    (R::WaitlistSignups, Read, Service, "marketing data, not clinic data"),
    (R::WaitlistSignups, Create, Public, "the public waitlist form"),
    (R::WaitlistSignups, Update, Service, "marketing data, not clinic data"),
    (R::WaitlistSignups, Delete, Service, "marketing data, not clinic data"),
    (R::ContactSubmissions, Read, Service, "marketing data, not clinic data"),
    (R::ContactSubmissions, Create, Public, "the public contact form"),
    (R::ContactSubmissions, Update, Service, "marketing data, not clinic data"),
    (R::ContactSubmissions, Delete, Service, "marketing data, not clinic data"),
    // The gateway's own audit trail.
    (R::AuditEvents, Read, Role(A), "admins and owners review who changed what"),
    (R::AuditEvents, Create, Nobody, "written only by the gateway itself, inside each mutation"),
    (R::AuditEvents, Update, Nobody, "the audit trail is immutable"),
    (R::AuditEvents, Delete, Nobody, "the audit trail is immutable"),
];

/// The rule for a resource and action; `None` (refused) when the table has no row for it.
/// Looked up on every field of every row, so the table is indexed once.
pub fn rule(resource: Resource, action: Action) -> Option<Rule> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<(Resource, Action), Rule>> =
        std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| POLICY.iter().map(|(r, a, rule, _)| ((*r, *a), *rule)).collect())
        .get(&(resource, action))
        .copied()
}

/// Why the policy table has its rule for a resource and action (the refusal message of a
/// field-level rule quotes it).
pub fn reason(resource: Resource, action: Action) -> Option<&'static str> {
    POLICY.iter().find(|(r, a, _, _)| *r == resource && *a == action).map(|(_, _, _, why)| *why)
}

/// The policy table as the Markdown of `docs/PERMISSIONS.md`.
pub fn permissions_markdown() -> String {
    let mut out = String::from(
        "# Permissions\n\n\
         Generated from `crates/domain/src/policy.rs` by `gateway permissions`; a test fails when \
         this file and the code differ.\n\n\
         Roles per clinic: owner > admin > member > viewer. A role rule means \"at least this role \
         in the row's clinic\"; the service principal (webhooks, jobs) may do everything a role \
         rule allows, and `service` rules are for it alone. `nobody` is refused to everyone. \
         Anything not listed is refused.\n\n\
         | resource | action | who | why |\n|---|---|---|---|\n",
    );
    for (resource, action, rule, why) in POLICY {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            resource.table(),
            action.as_str(),
            rule.describe(),
            why
        ));
    }
    out
}
