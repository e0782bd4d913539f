//! What the API shows of each table: one declaration per table listing every field of the
//! table's GraphQL type, the column the field shows (if any) and the action a caller needs on
//! the row to see it (`read`, or a stricter one such as `manage_billing` for billing fields).
//!
//! Everything that decides what a reader sees of a row is derived from these declarations:
//! - the GraphQL types' field-level rules: the row guard (`graphql::guard::ReadGuard`) looks
//!   the resolved field up here and answers FORBIDDEN when its action is not allowed, so a
//!   billing field cannot be added without its rule, and there is no second guard to forget;
//! - the audit trail at write time ([`stored`]): an event keeps only the columns some field
//!   shows, so secrets (`pims_credentials.credentials_encrypted`, `slack_workspaces.bot_token`,
//!   `clinic_invitations.token`) and columns no one is shown never reach `audit_events`;
//! - the audit trail at read time ([`visible_to`]): a reader sees of a recorded row exactly the
//!   columns the API would show them for that row, with the field-level rules of their role in
//!   the row's clinic.
//!
//! A test (`tests/it/audit_redaction.rs`) compares these declarations with the SDL in both
//! directions (every non-connection field of a row type is declared, every declared field is in
//! the schema) and every declared column with the database catalog. Connection fields are not
//! declared: a connection lists other rows, which carry their own declarations.
//!
//! This is the first slice of the "one description per table" registry: the GraphQL fields are
//! still written by hand, and the test holds them to this description.

use std::borrow::Cow;

use serde_json::{Map, Value as Json};
use uuid::Uuid;

use crate::policy::{Action, Resource};
use crate::session::Session;

/// One field of a table's GraphQL type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The field's name in the schema; `None`: the column's name in camelCase.
    name: Option<&'static str>,
    /// The column whose value the field shows as stored (a belongs-to field shows its foreign
    /// key); `None` for a field computed from other rows or from a secret (`hasBotToken`).
    column: Option<&'static str>,
    /// What the caller must be allowed to do with the row to see the field.
    action: Action,
}

/// A field showing `column` under the column's camelCase name, to every reader of the row.
const fn col(column: &'static str) -> Field {
    Field {
        name: None,
        column: Some(column),
        action: Action::Read,
    }
}

/// A field that shows no column as stored (a reverse relation, a count, a flag about a secret).
const fn computed(name: &'static str) -> Field {
    Field {
        name: Some(name),
        column: None,
        action: Action::Read,
    }
}

impl Field {
    /// The field has another name than the column's (a belongs-to field, a renamed column).
    const fn named(self, name: &'static str) -> Field {
        Field { name: Some(name), ..self }
    }

    /// The field is shown only to callers allowed `action` on the row.
    const fn needs(self, action: Action) -> Field {
        Field { action, ..self }
    }

    /// The field's name in the schema.
    pub fn name(&self) -> Cow<'static, str> {
        match (self.name, self.column) {
            (Some(name), _) => Cow::Borrowed(name),
            (None, Some(column)) => Cow::Owned(camel_case(column)),
            (None, None) => Cow::Borrowed(""),
        }
    }

    /// Whether this is the schema field `name` (no allocation: the guard asks for every field of
    /// every row).
    pub fn is(&self, name: &str) -> bool {
        match (self.name, self.column) {
            (Some(own), _) => own == name,
            (None, Some(column)) => is_camel_case_of(name, column),
            (None, None) => false,
        }
    }

    pub fn column(&self) -> Option<&'static str> {
        self.column
    }

    pub fn action(&self) -> Action {
        self.action
    }
}

fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn is_camel_case_of(camel: &str, snake: &str) -> bool {
    let mut expected = camel.chars();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
            continue;
        }
        let want = if upper { c.to_ascii_uppercase() } else { c };
        upper = false;
        if expected.next() != Some(want) {
            return false;
        }
    }
    expected.next().is_none()
}

/// The fields of `resource`'s GraphQL type. The match is exhaustive, so a new resource does not
/// compile without its declaration.
pub fn fields(resource: Resource) -> &'static [Field] {
    use Resource as R;
    match resource {
        R::Clinics => CLINICS,
        R::Users => USERS,
        R::UserClinicAccess => USER_CLINIC_ACCESS,
        R::ClinicInvitations => CLINIC_INVITATIONS,
        R::Providers => PROVIDERS,
        R::Clients => CLIENTS,
        R::Patients => PATIENTS,
        R::PimsCredentials => PIMS_CREDENTIALS,
        R::PimsMappings => PIMS_MAPPINGS,
        R::PimsSyncSessions => PIMS_SYNC_SESSIONS,
        R::PimsSyncAuditLog => PIMS_SYNC_AUDIT_LOG,
        R::Cases => CASES,
        R::SoapNotes => SOAP_NOTES,
        R::DischargeSummaries => DISCHARGE_SUMMARIES,
        R::VitalSigns => VITAL_SIGNS,
        R::OutboundCalls => OUTBOUND_CALLS,
        R::InboundCalls => INBOUND_CALLS,
        R::CallAnalysis => CALL_ANALYSIS,
        R::OutboundEmails => OUTBOUND_EMAILS,
        R::ClinicMessages => CLINIC_MESSAGES,
        R::RefillRequests => REFILL_REQUESTS,
        R::ScheduleAppointments => SCHEDULE_APPOINTMENTS,
        R::VapiBookings => VAPI_BOOKINGS,
        R::ClinicScheduleConfig => CLINIC_SCHEDULE_CONFIG,
        R::ClinicBlockedPeriods => CLINIC_BLOCKED_PERIODS,
        R::ScheduleSyncs => SCHEDULE_SYNCS,
        R::AppointmentAuditLog => APPOINTMENT_AUDIT_LOG,
        R::VapiAssistantMappings => VAPI_ASSISTANT_MAPPINGS,
        R::ClinicSettings => CLINIC_SETTINGS,
        R::AutoSchedulingConfig => AUTO_SCHEDULING_CONFIG,
        R::ClinicCaseTypeCadence => CLINIC_CASE_TYPE_CADENCE,
        R::AutoSchedulingRuns => AUTO_SCHEDULING_RUNS,
        R::AutoScheduledItems => AUTO_SCHEDULED_ITEMS,
        R::DischargeBatches => DISCHARGE_BATCHES,
        R::DischargeBatchItems => DISCHARGE_BATCH_ITEMS,
        R::SoapTemplates => SOAP_TEMPLATES,
        R::DischargeTemplates => DISCHARGE_TEMPLATES,
        R::AiTemplates => AI_TEMPLATES,
        R::SlackWorkspaces => SLACK_WORKSPACES,
        R::SlackChannels => SLACK_CHANNELS,
        R::SlackTasks => SLACK_TASKS,
        R::SlackTaskCompletions => SLACK_TASK_COMPLETIONS,
        R::WaitlistSignups => WAITLIST_SIGNUPS,
        R::ContactSubmissions => CONTACT_SUBMISSIONS,
        R::AuditEvents => AUDIT_EVENTS,
    }
}

/// The declared field `name` of `resource`'s type.
pub fn field(resource: Resource, name: &str) -> Option<&'static Field> {
    fields(resource).iter().find(|f| f.is(name))
}

/// The action a caller needs to see field `name` of a row of `resource`, when it is stricter
/// than reading the row (`None` for every other field, declared or not).
pub fn stricter_action(resource: Resource, name: &str) -> Option<Action> {
    field(resource, name).map(Field::action).filter(|a| *a != Action::Read)
}

/// Whether any field of `resource` shows `column`.
fn shown_at_all(resource: Resource, column: &str) -> bool {
    fields(resource).iter().any(|f| f.column == Some(column))
}

/// What the audit trail stores of a written row: the columns some field of its type shows (to
/// anyone), and nothing else. Secrets and columns the API never shows are dropped here, before
/// the event is written.
pub fn stored(resource: Resource, row: Json) -> Json {
    match row {
        Json::Object(map) => Json::Object(map.into_iter().filter(|(k, _)| shown_at_all(resource, k)).collect()),
        // Rows are serialised models, always objects; anything else is not shown.
        _ => Json::Object(Map::new()),
    }
}

/// What a reader sees of a recorded row of `resource` that belongs to `clinic_id`: the columns
/// of the fields whose action `session` may perform there, exactly as the API would show that
/// row's type to them.
pub fn visible_to(session: &Session, resource: Resource, clinic_id: Option<Uuid>, row: &Json) -> Json {
    let Json::Object(map) = row else {
        return Json::Object(Map::new());
    };
    let shown = |column: &str| {
        fields(resource)
            .iter()
            .any(|f| f.column == Some(column) && session.may(resource, f.action, clinic_id))
    };
    Json::Object(map.iter().filter(|(k, _)| shown(k)).map(|(k, v)| (k.clone(), v.clone())).collect())
}

use Action::{ManageBilling, ReadCrossClinic};

// The declarations, one per table, in the order of the spec's tiers. Columns a table has but no
// field shows are named in a comment, so a reader sees they are private on purpose.

// Not shown: clerk_org_id, stripe_customer_id, stripe_subscription_id.
#[rustfmt::skip]
const CLINICS: &[Field] = &[
    col("id"), col("name"), col("slug"), col("email"), col("phone"), col("address"), col("timezone"),
    col("business_hours"), col("er_config"), col("pims_type"), col("primary_color"), col("logo_url"),
    col("subscription_tier").needs(ManageBilling), col("subscription_status").needs(ManageBilling),
    col("current_period_start").needs(ManageBilling), col("current_period_end").needs(ManageBilling),
    col("is_active"), col("created_at"), col("updated_at"),
    computed("flaggedCalls"), computed("caseCountsByStatus"), computed("outboundCallCountsByStatus"),
    computed("inboundCallCountsByStatus"), computed("inboundCallCountsByOutcome"), computed("messageCountsByStatus"),
    computed("settings"), computed("scheduleConfig"), computed("autoSchedulingConfig"),
];

// Not shown: clerk_user_id (only to the user themself, through `Me`).
#[rustfmt::skip]
const USERS: &[Field] = &[
    col("id"), col("email"), col("first_name"), col("last_name"), col("role").named("profession"), col("avatar_url"),
    col("onboarding_completed"), col("created_at"), col("updated_at"),
];

#[rustfmt::skip]
const USER_CLINIC_ACCESS: &[Field] = &[
    col("id"), col("role"), col("is_primary"), col("granted_at"), col("created_at"),
    col("clinic_id").named("clinic"), col("user_id").named("user"), col("granted_by").named("grantedBy"),
];

// Not shown: token (a secret: returned once, by `inviteStaff`).
#[rustfmt::skip]
const CLINIC_INVITATIONS: &[Field] = &[
    col("id"), col("email"), col("role"), col("status"), col("accepted_at"), col("expires_at"), col("created_at"),
    col("clinic_id").named("clinic"), col("invited_by").named("invitedBy"), col("accepted_by").named("acceptedBy"),
];

#[rustfmt::skip]
const PROVIDERS: &[Field] = &[
    col("id"), col("name"), col("role"), col("is_active"), col("created_at"), col("updated_at"),
    col("clinic_id").named("clinic"), col("user_id").named("user"),
];

#[rustfmt::skip]
const CLIENTS: &[Field] = &[
    col("id"), col("first_name"), col("last_name"), col("display_name"), col("phone"), col("phone_secondary"),
    col("email"), col("address"), col("preferred_contact_method"), col("communication_opt_out"), col("is_active"),
    col("first_visit_at"), col("last_visit_at"), col("metadata"), col("created_at"), col("updated_at"),
    col("clinic_id").named("clinic"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const PATIENTS: &[Field] = &[
    col("id"), col("name"), col("species"), col("breed"), col("sex"), col("color"), col("date_of_birth"),
    col("weight_kg"), col("microchip_id"), col("is_deceased"), col("deceased_at"), col("allergies"),
    col("chronic_conditions"), col("is_active"), col("first_visit_at"), col("last_visit_at"), col("visit_count"),
    col("metadata"), col("created_at"), col("updated_at"), col("client_id").named("client"),
];

// Not shown: credentials_encrypted (a secret; `hasCredentials` says whether one is stored).
#[rustfmt::skip]
const PIMS_CREDENTIALS: &[Field] = &[
    col("id"), col("pims_type"), col("encryption_key_id"), col("is_active"), col("validation_status"),
    col("last_validated_at"), col("last_used_at"), col("sync_enabled"), computed("hasCredentials"),
    col("created_at"), col("updated_at"), col("clinic_id").named("clinic"),
];

#[rustfmt::skip]
const PIMS_MAPPINGS: &[Field] = &[
    col("id"), col("entity_type"), col("entity_id"), col("pims_type"), col("external_id"), col("external_data"),
    col("last_synced_at"), col("sync_status"), col("created_at"), col("updated_at"), col("clinic_id").named("clinic"),
];

#[rustfmt::skip]
const PIMS_SYNC_SESSIONS: &[Field] = &[
    col("id"), col("pims_type"), col("session_type"), col("status"), col("started_at"), col("completed_at"),
    col("items_synced"), col("items_failed"), col("error_message"), col("error_details"), col("metadata"),
    col("next_scheduled_sync"), col("created_at"), col("updated_at"), col("clinic_id").named("clinic"),
    col("credential_id").named("credential"),
];

#[rustfmt::skip]
const PIMS_SYNC_AUDIT_LOG: &[Field] = &[
    col("id"), col("action_type"), col("resource_type"), col("resource_id"), col("status"), col("details"),
    col("created_at"), col("clinic_id").named("clinic"), col("sync_session_id").named("syncSession"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const CASES: &[Field] = &[
    col("id"), col("type").named("caseType"), col("status"), col("visibility"), col("source"), col("patient_snapshot"),
    col("scheduled_at"), col("auto_scheduled_at"), col("scheduling_source"), col("call_enabled"), col("email_enabled"),
    col("cadence_source"), col("call_delay_days"), col("email_delay_days"), col("detected_case_type"),
    col("external_id"), col("entity_extraction"), col("extreme_case_check"), col("is_urgent"), col("is_starred"),
    col("metadata"), col("created_at"), col("updated_at"), col("patient_id").named("patient"),
    col("client_id").named("client"), col("created_by").named("createdBy"), col("updated_by").named("updatedBy"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const SOAP_NOTES: &[Field] = &[
    col("id"), col("transcript"), col("subjective"), col("objective"), col("assessment"), col("plan"),
    col("client_instructions"), col("created_at"), col("updated_at"), col("case_id").named("case"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const DISCHARGE_SUMMARIES: &[Field] = &[
    col("id"), col("content"), col("structured_content"), col("created_at"), col("updated_at"),
    col("case_id").named("case"), col("soap_note_id").named("soapNote"), col("template_id"),
    col("template_id").named("template"), col("created_by").named("createdBy"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const VITAL_SIGNS: &[Field] = &[
    col("id"), col("temperature"), col("temperature_unit"), col("pulse"), col("respiration"), col("weight"),
    col("weight_unit"), col("systolic"), col("diastolic"), col("notes"), col("source"), col("measured_at"),
    col("metadata"), col("created_at"), col("updated_at"), col("case_id").named("case"),
    col("soap_note_id").named("soapNote"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const OUTBOUND_CALLS: &[Field] = &[
    col("id"), col("vapi_call_id"), col("assistant_id"), col("outbound_phone_number_id"), col("customer_phone"),
    col("scheduled_for"), col("qstash_message_id"), col("status"), col("started_at"), col("ended_at"),
    col("ended_reason"), col("duration_seconds"), col("cost"), col("recording_url"), col("stereo_recording_url"),
    col("transcript"), col("transcript_messages"), col("cleaned_transcript"), col("review_category"), col("metadata"),
    col("created_at"), col("updated_at"), col("case_id").named("case"), computed("analysis"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const INBOUND_CALLS: &[Field] = &[
    col("id"), col("vapi_call_id"), col("assistant_id"), col("phone_number_id"), col("customer_phone"),
    col("type").named("callType"), col("status"), col("started_at"), col("ended_at"), col("ended_reason"),
    col("duration_seconds"), col("cost"), col("recording_url"), col("stereo_recording_url"), col("transcript"),
    col("transcript_messages"), col("cleaned_transcript"), col("display_transcript"), col("use_display_transcript"),
    col("outcome"), col("actions_taken"), col("action_confirmed"), col("extracted_caller_phone"),
    col("extracted_caller_name"), col("extracted_pet_name"), col("metadata"), col("created_at"), col("updated_at"),
    computed("analysis"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const CALL_ANALYSIS: &[Field] = &[
    col("id"), col("call_outcome"), col("call_outcome_details"), col("pet_recovery_status"), col("pet_health_details"),
    col("medication_compliance"), col("medication_details"), col("owner_sentiment"), col("owner_sentiment_details"),
    col("escalation_triggered"), col("escalation_details"), col("follow_up_needed"), col("follow_up_details"),
    col("attention_types"), col("attention_severity"), col("attention_summary"), col("attention_flagged_at"),
    col("summary"), col("success_evaluation"), col("structured_data"), col("created_at"),
    col("inbound_call_id").named("inboundCall"), col("outbound_call_id").named("outboundCall"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const OUTBOUND_EMAILS: &[Field] = &[
    col("id"), col("recipient_email"), col("recipient_name"), col("subject"), col("html_content"), col("text_content"),
    col("scheduled_for"), col("status"), col("sent_at"), col("resend_email_id"), col("qstash_message_id"),
    col("metadata"), col("created_at"), col("updated_at"), col("case_id").named("case"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const CLINIC_MESSAGES: &[Field] = &[
    col("id"), col("caller_name"), col("caller_phone"), col("message_content"), col("message_type"), col("status"),
    col("priority"), col("triage_data"), col("read_at"), col("metadata"), col("created_at"), col("updated_at"),
    col("assigned_to_user_id").named("assignedTo"), col("inbound_call_id").named("inboundCall"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const REFILL_REQUESTS: &[Field] = &[
    col("id"), col("client_name"), col("client_phone"), col("pet_name"), col("species"), col("medication_name"),
    col("medication_strength"), col("last_refill_date"), col("pharmacy_preference"), col("pharmacy_name"),
    col("pharmacy_phone"), col("status"), col("requires_exam"), col("vet_notes"), col("approved_at"), col("metadata"),
    col("created_at"), col("updated_at"), col("approved_by").named("approvedBy"),
    col("inbound_call_id").named("inboundCall"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const SCHEDULE_APPOINTMENTS: &[Field] = &[
    col("id"), col("starts_at"), col("ends_at"), col("date"), col("source"), col("pims_appointment_id"),
    col("patient_name"), col("client_name"), col("client_phone"), col("provider_name"), col("room_id"),
    col("appointment_type"), col("status"), col("sync_hash"), col("last_synced_at"), col("deleted_at"),
    col("created_at"), col("updated_at"), computed("auditEntries"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const VAPI_BOOKINGS: &[Field] = &[
    col("id"), col("inbound_call_id"), col("starts_at"), col("ends_at"), col("date"), col("client_name"),
    col("client_phone"), col("patient_name"), col("species"), col("breed"), col("reason"), col("is_new_client"),
    col("status"), col("confirmation_number"), col("vapi_call_id"), col("hold_expires_at"), col("has_conflict"),
    col("pims_appointment_id"), col("pims_client_id"), col("pims_patient_id"), col("original_starts_at"),
    col("original_ends_at"), col("rescheduled_at"), col("rescheduled_reason"), col("cancelled_at"),
    col("cancelled_reason"), col("metadata"), col("created_at"), col("updated_at"),
    col("rescheduled_from_id").named("rescheduledFrom"), computed("rescheduledTo"), computed("auditEntries"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const CLINIC_SCHEDULE_CONFIG: &[Field] = &[
    col("id"), col("daily_hours"), col("slot_duration_minutes"), col("sync_horizon_days"),
    col("stale_threshold_minutes"), col("sync_schedules"), col("vapi_availability_start_time"),
    col("vapi_availability_end_time"), col("target_room_id"), col("target_room_name"), col("created_at"),
    col("updated_at"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const CLINIC_BLOCKED_PERIODS: &[Field] = &[
    col("id"), col("name"), col("start_time"), col("end_time"), col("days_of_week"), col("is_active"),
    col("created_at"), col("updated_at"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const SCHEDULE_SYNCS: &[Field] = &[
    col("id"), col("sync_type"), col("sync_start_date"), col("sync_end_date"), col("status"),
    col("appointments_added"), col("appointments_updated"), col("appointments_removed"), col("error_message"),
    col("error_details"), col("started_at"), col("completed_at"), col("duration_ms"), col("created_at"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const APPOINTMENT_AUDIT_LOG: &[Field] = &[
    col("id"), col("action"), col("pims_appointment_id"), col("old_starts_at"), col("old_ends_at"),
    col("new_starts_at"), col("new_ends_at"), col("reason"), col("error_code"), col("error_message"),
    col("vapi_call_id"), col("performed_by"), col("created_at"), col("booking_id").named("booking"),
    col("appointment_id").named("appointment"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const VAPI_ASSISTANT_MAPPINGS: &[Field] = &[
    col("id"), col("assistant_id"), col("assistant_name"), col("assistant_type"), col("environment"),
    col("pims_clinic_id"), col("is_active"), col("created_at"), col("updated_at"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const CLINIC_SETTINGS: &[Field] = &[
    col("id"), col("voicemail_detection_enabled"), col("voicemail_hangup_on_detection"), col("voicemail_message"),
    col("max_call_retries"), col("preferred_email_start_time"), col("preferred_email_end_time"),
    col("preferred_call_start_time"), col("preferred_call_end_time"), col("email_delay_days"),
    col("call_delay_days"), col("batch_include_pims_notes"), col("batch_include_manual_transcriptions"),
    col("emergency_phone"), col("email_header_text"), col("email_footer_text"), col("test_mode_enabled"),
    col("test_contact_name"), col("test_contact_email"), col("test_contact_phone"), col("created_at"),
    col("updated_at"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const AUTO_SCHEDULING_CONFIG: &[Field] = &[
    col("id"), col("is_enabled"), col("auto_email_enabled"), col("auto_call_enabled"), col("email_delay_days"),
    col("call_delay_days"), col("preferred_email_time"), col("preferred_call_time"), col("scheduling_criteria"),
    col("created_at"), col("updated_at"),
];

// Not shown: clinic_id.
#[rustfmt::skip]
const CLINIC_CASE_TYPE_CADENCE: &[Field] = &[
    col("id"), col("case_type"), col("auto_schedule_call"), col("auto_schedule_email"), col("call_delay_days"),
    col("email_delay_days"), col("preferred_call_time"), col("preferred_email_time"), col("never_auto_schedule"),
    col("created_at"), col("updated_at"),
];

// A run covers every clinic: its results and totals are the service's.
#[rustfmt::skip]
const AUTO_SCHEDULING_RUNS: &[Field] = &[
    col("id"), col("status"), col("started_at"), col("completed_at"), col("created_at"),
    col("results").needs(ReadCrossClinic), col("total_cases_processed").needs(ReadCrossClinic),
    col("total_emails_scheduled").needs(ReadCrossClinic), col("total_calls_scheduled").needs(ReadCrossClinic),
    col("total_errors").needs(ReadCrossClinic), col("error_message").needs(ReadCrossClinic),
];

#[rustfmt::skip]
const AUTO_SCHEDULED_ITEMS: &[Field] = &[
    col("id"), col("status"), col("case_id"), col("outbound_email_id"), col("outbound_call_id"), col("cancelled_at"),
    col("cancellation_reason"), col("scheduled_config"), col("created_at"), col("clinic_id").named("clinic"),
    col("run_id").named("run"), col("cancelled_by").named("cancelledBy"),
];

#[rustfmt::skip]
const DISCHARGE_BATCHES: &[Field] = &[
    col("id"), col("status"), col("total_cases"), col("processed_cases"), col("successful_cases"),
    col("failed_cases"), col("email_schedule_time"), col("call_schedule_time"), col("started_at"),
    col("completed_at"), col("cancelled_at"), col("error_summary"), col("metadata"), col("created_at"),
    col("updated_at"), col("clinic_id").named("clinic"), col("created_by").named("createdBy"),
];

#[rustfmt::skip]
const DISCHARGE_BATCH_ITEMS: &[Field] = &[
    col("id"), col("status"), col("case_id"), col("patient_id"), col("email_scheduled"), col("call_scheduled"),
    col("outbound_email_id"), col("outbound_call_id"), col("error_message"), col("processed_at"), col("created_at"),
    col("batch_id").named("batch"),
];

// Not shown: clinic_id (`isGlobal` says whether it is null).
#[rustfmt::skip]
const SOAP_TEMPLATES: &[Field] = &[
    col("id"), computed("isGlobal"), col("template_name"), col("display_name"), col("icon_name"),
    col("subjective_template"), col("objective_template"), col("assessment_template"), col("plan_template"),
    col("client_instructions_template"), col("subjective_prompt"), col("objective_prompt"),
    col("assessment_prompt"), col("plan_prompt"), col("client_instructions_prompt"),
    col("system_prompt_addition"), col("is_default"), col("created_at"), col("updated_at"),
    col("created_by").named("createdBy"),
];

// Not shown: clinic_id (`isGlobal` says whether it is null).
#[rustfmt::skip]
const DISCHARGE_TEMPLATES: &[Field] = &[
    col("id"), computed("isGlobal"), col("name"), col("content"), col("is_default"), col("created_at"),
    col("updated_at"), col("created_by").named("createdBy"),
];

#[rustfmt::skip]
const AI_TEMPLATES: &[Field] = &[
    col("id"), col("name"), col("type"), col("key"), col("content"), col("prompt"), col("model"), col("description"),
    col("output_format"), col("validation_schema"), col("metadata"), col("created_at"), col("updated_at"),
];

// Not shown: bot_token (a secret; `hasBotToken` says whether one is stored).
#[rustfmt::skip]
const SLACK_WORKSPACES: &[Field] = &[
    col("id"), col("team_id"), col("team_name"), col("bot_user_id"), col("scope"), col("is_active"),
    computed("hasBotToken"), col("created_at"), col("updated_at"), col("clinic_id").named("clinic"),
];

#[rustfmt::skip]
const SLACK_CHANNELS: &[Field] = &[
    col("id"), col("channel_id"), col("channel_name"), col("timezone"), col("is_active"), col("created_at"),
    col("updated_at"), col("workspace_id").named("workspace"), col("added_by").named("addedBy"),
];

#[rustfmt::skip]
const SLACK_TASKS: &[Field] = &[
    col("id"), col("title"), col("description"), col("reminder_time"), col("is_active"), col("created_at"),
    col("updated_at"), col("channel_id").named("channel"), col("created_by").named("createdBy"),
];

#[rustfmt::skip]
const SLACK_TASK_COMPLETIONS: &[Field] = &[
    col("id"), col("completion_date"), col("completed_by_username"), col("completed_at"), col("message_ts"),
    col("task_id").named("task"),
];

#[rustfmt::skip]
const WAITLIST_SIGNUPS: &[Field] = &[
    col("id"), col("email"), col("full_name"), col("source"), col("campaign"), col("status"), col("metadata"),
    col("created_at"),
];

#[rustfmt::skip]
const CONTACT_SUBMISSIONS: &[Field] = &[
    col("id"), col("first_name"), col("last_name"), col("email"), col("clinic_name"), col("phone"), col("message"),
    col("source"), col("metadata"), col("created_at"),
];

// Not shown: clinic_id (events are listed under their clinic).
#[rustfmt::skip]
const AUDIT_EVENTS: &[Field] = &[
    col("id"), col("actor_kind"), col("actor_user_id"), col("actor_name"), col("entity"), col("entity_id"),
    col("action"), col("before"), col("after"), col("request_id"), col("created_at"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The three secrets of the schema are shown by no field, so neither the API nor the audit
    /// trail ever carries them.
    #[test]
    fn no_field_shows_a_secret() {
        for (resource, secret) in [
            (Resource::PimsCredentials, "credentials_encrypted"),
            (Resource::SlackWorkspaces, "bot_token"),
            (Resource::ClinicInvitations, "token"),
        ] {
            assert!(!shown_at_all(resource, secret), "{secret} must not be shown");
            let row = serde_json::json!({ "id": "x", secret: "s3cret" });
            assert_eq!(stored(resource, row), serde_json::json!({ "id": "x" }));
        }
    }

    #[test]
    fn field_names_are_the_columns_in_camel_case_unless_named() {
        let f = col("date_of_birth");
        assert_eq!(f.name(), "dateOfBirth");
        assert!(f.is("dateOfBirth") && !f.is("dateOfBirt") && !f.is("dateOfBirthX") && !f.is("date_of_birth"));
        let g = col("role").named("profession");
        assert!(g.is("profession") && !g.is("role"));
        assert!(computed("hasBotToken").is("hasBotToken"));
        assert_eq!(computed("hasBotToken").column(), None);
    }

    #[test]
    fn every_resource_declares_id_and_no_field_twice() {
        for resource in Resource::ALL {
            let fields = fields(resource);
            assert!(fields.iter().any(|f| f.is("id") && f.column() == Some("id")), "{resource:?} has no id");
            let mut names: Vec<_> = fields.iter().map(Field::name).collect();
            names.sort();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "{resource:?} declares a field twice");
        }
    }

    #[test]
    fn stricter_actions_are_in_the_policy_table() {
        for resource in Resource::ALL {
            for f in fields(resource) {
                assert!(
                    crate::policy::rule(resource, f.action()).is_some(),
                    "{resource:?}.{} needs {:?}, which has no policy rule",
                    f.name(),
                    f.action()
                );
            }
        }
    }
}
