//! Tiers 7-8: voice assistant configuration and clinic settings.

use super::*;

pub const vapi_assistant_mappings: Table = Table {
    resource: Resource::VapiAssistantMappings,
    table: "vapi_assistant_mappings",
    type_name: "AssistantMapping",
    noun: "assistant mapping",
    about: "A voice assistant of the clinic (members and above).",
    delete: Some("Deletes an assistant mapping (admin or above)."),
    archive: Some("Deactivates an assistant mapping (admin or above)."),
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(M), "staff see which assistant answers"),
        allow(
            Create,
            Service,
            "an assistant id is bound by the platform after the voice provider confirmed it is the clinic's: ids are unique across clinics, so an admin could otherwise claim another clinic's assistant",
        ),
        allow(Update, Role(A), "integration settings"),
        allow(Archive, Role(A), "integration settings"),
        allow(Delete, Role(A), "integration settings"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("assistant_id").about("The assistant's id at the voice provider (unique across all clinics; bound by the\nplatform)."), col("assistant_name"), col("assistant_type").about("`inbound` or `outbound`."), col("environment").about("`production`, `staging`, …"),
        col("pims_clinic_id").about("The clinic whose PIMS the assistant books into."), col("is_active"), col("created_at"), col("updated_at"),
    ],
};

pub const clinic_settings: Table = Table {
    resource: Resource::ClinicSettings,
    table: "clinic_settings",
    type_name: "ClinicSettings",
    noun: "clinic settings",
    about: "A clinic's settings (members and above: the test contact is personal data).",
    delete: None,
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(
            Read,
            Role(M),
            "settings include test contacts; viewers do not need them",
        ),
        allow(Create, Role(A), "settings are administration"),
        allow(Update, Role(A), "settings are administration"),
        allow(Delete, Role(A), "settings are administration"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("voicemail_detection_enabled"), col("voicemail_hangup_on_detection"), col("voicemail_message").about("The message left on voicemail."),
        col("max_call_retries"), col("preferred_email_start_time"), col("preferred_email_end_time"),
        col("preferred_call_start_time"), col("preferred_call_end_time"), col("email_delay_days"),
        col("call_delay_days"), col("batch_include_pims_notes"), col("batch_include_manual_transcriptions"),
        col("emergency_phone"), col("email_header_text"), col("email_footer_text"), col("test_mode_enabled").about("While on, calls and e-mails go to the test contact instead of clients."),
        col("test_contact_name"), col("test_contact_email"), col("test_contact_phone"), col("created_at"),
        col("updated_at"),
    ],
};

pub const auto_scheduling_config: Table = Table {
    resource: Resource::AutoSchedulingConfig,
    table: "auto_scheduling_config",
    type_name: "AutoSchedulingConfig",
    noun: "auto-scheduling configuration",
    about: "How a clinic's follow-ups are scheduled automatically (members and above).",
    delete: None,
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(M), "staff see how follow-ups are scheduled"),
        allow(Create, Role(A), "settings are administration"),
        allow(Update, Role(A), "settings are administration"),
        allow(Delete, Role(A), "settings are administration"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("is_enabled"), col("auto_email_enabled"), col("auto_call_enabled"), col("email_delay_days"),
        col("call_delay_days"), col("preferred_email_time"), col("preferred_call_time"), col("scheduling_criteria").about("Which cases qualify: `{\"case_statuses\": […], \"exclude_case_types\": […],\n\"require_client_phone\": true}`."),
        col("created_at"), col("updated_at"),
    ],
};

pub const clinic_case_type_cadence: Table = Table {
    resource: Resource::ClinicCaseTypeCadence,
    table: "clinic_case_type_cadence",
    type_name: "CaseTypeCadence",
    noun: "case type cadence",
    about: "The follow-up cadence of one case type (members and above).",
    delete: Some(
        "Deletes a case type's cadence; its cases fall back to the clinic's defaults (admin or\nabove).",
    ),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(M), "staff see follow-up cadences"),
        allow(Create, Role(A), "settings are administration"),
        allow(Update, Role(A), "settings are administration"),
        allow(Delete, Role(A), "settings are administration"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("case_type"), col("auto_schedule_call"), col("auto_schedule_email"), col("call_delay_days"),
        col("email_delay_days"), col("preferred_call_time"), col("preferred_email_time"), col("never_auto_schedule").about("Cases of this type are never followed up automatically."),
        col("created_at"), col("updated_at"),
    ],
};
