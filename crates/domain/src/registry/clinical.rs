//! Tier 4: cases and the clinical record.

use super::*;

pub const cases: Table = Table {
    resource: Resource::Cases,
    table: "cases",
    type_name: "Case",
    noun: "case",
    about: "A case: one visit's discharge workflow, with its notes, calls and e-mails.",
    delete: Some(
        "Deletes a case with its notes, vitals and summaries (admin or above). A case that\ncalls, e-mails, batches or scheduled items still refer to cannot be deleted, which\nanswers BAD_USER_INPUT; delete those first.",
    ),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff follow cases"),
        allow(Create, Role(M), "clinical work"),
        allow(Update, Role(M), "clinical work"),
        allow(Delete, Role(A), "hard deletes destroy clinical history"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("type").named("caseType").about("The kind of case (free text from the clinic or the PIMS)."), col("status").shown_as("CaseStatus"), col("visibility"), col("source").shown_as("CaseSource"), col("patient_snapshot"),
        col("scheduled_at"), col("auto_scheduled_at"), col("scheduling_source"), col("call_enabled"), col("email_enabled"),
        col("cadence_source"), col("call_delay_days"), col("email_delay_days"), col("detected_case_type"),
        col("external_id").about("The case's id in the clinic's PIMS."), col("entity_extraction"), col("extreme_case_check"), col("is_urgent"), col("is_starred"),
        col("metadata"), col("created_at"), col("updated_at"), col("patient_id").named("patient"),
        col("client_id").named("client"), col("created_by").named("createdBy").about("Who opened the case."), col("updated_by").named("updatedBy").about("Who changed the case last (null when the last change came from a system job)."),
    ],
};

pub const soap_notes: Table = Table {
    resource: Resource::SoapNotes,
    table: "soap_notes",
    type_name: "SoapNote",
    noun: "SOAP note",
    about: "A SOAP note (subjective, objective, assessment, plan) written for a case.",
    delete: Some(
        "Deletes a SOAP note (admin or above). A note that discharge summaries or vital signs\nstill refer to cannot be deleted (BAD_USER_INPUT).",
    ),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff read clinical notes"),
        allow(Create, Role(M), "clinical work"),
        allow(Update, Role(M), "clinical work"),
        allow(Delete, Role(A), "hard deletes destroy clinical history"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("transcript").about("The visit's transcript the note was written from."), col("subjective"), col("objective"), col("assessment"), col("plan"),
        col("client_instructions"), col("created_at"), col("updated_at"), col("case_id").named("case"),
    ],
};

pub const discharge_summaries: Table = Table {
    resource: Resource::DischargeSummaries,
    table: "discharge_summaries",
    type_name: "DischargeSummary",
    noun: "discharge summary",
    about: "The discharge instructions given to the client for a case.",
    delete: Some("Deletes a discharge summary (admin or above)."),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff read discharge summaries"),
        allow(Create, Role(M), "clinical work"),
        allow(Update, Role(M), "clinical work"),
        allow(Delete, Role(A), "hard deletes destroy clinical history"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("content"), col("structured_content").about("The summary's parts (diagnosis, medications, home care, warning signs) as JSON."), col("created_at"), col("updated_at"),
        col("case_id").named("case"), col("soap_note_id").named("soapNote").about("The SOAP note the summary was written from."), col("template_id").about("The discharge template the summary was written from (the clinic's or a global one)."),
        col("template_id").named("template").about("The discharge template itself, when the caller may read it."), col("created_by").named("createdBy").about("Who wrote the summary."),
    ],
};

pub const vital_signs: Table = Table {
    resource: Resource::VitalSigns,
    table: "vital_signs",
    type_name: "VitalSigns",
    noun: "vital signs",
    about: "One set of vital signs measured during a case.",
    delete: Some("Deletes recorded vital signs (admin or above)."),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff read vitals"),
        allow(Create, Role(M), "clinical work"),
        allow(Update, Role(M), "clinical work"),
        allow(Delete, Role(A), "hard deletes destroy clinical history"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("temperature"), col("temperature_unit").about("`F` or `C`."), col("pulse").about("Beats per minute."), col("respiration").about("Breaths per minute."), col("weight"),
        col("weight_unit").about("`kg`, `g` or `lb`."), col("systolic").about("Systolic blood pressure, mmHg."), col("diastolic").about("Diastolic blood pressure, mmHg."), col("notes"), col("source").about("Where the measurement came from (`manual`, `pims`, a device)."), col("measured_at"),
        col("metadata"), col("created_at"), col("updated_at"), col("case_id").named("case"),
        col("soap_note_id").named("soapNote").about("The SOAP note the measurement belongs to, if any."),
    ],
};
