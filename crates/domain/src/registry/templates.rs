//! Tier 11: templates (a null clinic is a global template, written by the service only).

use super::*;

pub const soap_templates: Table = Table {
    resource: Resource::SoapTemplates,
    table: "soap_templates",
    type_name: "SoapTemplate",
    noun: "SOAP template",
    about: "A template for SOAP notes: section skeletons and the prompts that fill them.",
    delete: Some(
        "Deletes a SOAP template (admin or above for a clinic's own; the service for global ones).",
    ),
    archive: None,
    tenant: Tenant::ClinicOrGlobal,
    rules: &[
        allow(
            Read,
            Role(V),
            "the clinic's templates; global ones are readable by every signed-in user",
        ),
        allow(Create, Role(A), "admins curate templates"),
        allow(Update, Role(A), "admins curate templates"),
        allow(Delete, Role(A), "admins curate templates"),
    ],
    // Not shown: clinic_id (`isGlobal` says whether it is null).
    #[rustfmt::skip]
    fields: &[
        col("id"), computed("isGlobal"), col("template_name").about("The template's key, e.g. `general_exam`."), col("display_name"), col("icon_name"),
        col("subjective_template"), col("objective_template"), col("assessment_template"), col("plan_template"),
        col("client_instructions_template"), col("subjective_prompt"), col("objective_prompt"),
        col("assessment_prompt"), col("plan_prompt"), col("client_instructions_prompt"),
        col("system_prompt_addition"), col("is_default"), col("created_at"), col("updated_at"),
        col("created_by").named("createdBy"),
    ],
};

pub const discharge_templates: Table = Table {
    resource: Resource::DischargeTemplates,
    table: "discharge_templates",
    type_name: "DischargeTemplate",
    noun: "discharge template",
    about: "A template for discharge instructions (`{{placeholders}}` filled per case).",
    delete: Some(
        "Deletes a discharge template (admin or above for a clinic's own; the service for global\nones). A template still used by discharge summaries cannot be deleted.",
    ),
    archive: None,
    tenant: Tenant::ClinicOrGlobal,
    rules: &[
        allow(
            Read,
            Role(V),
            "the clinic's templates; global ones are readable by every signed-in user",
        ),
        allow(Create, Role(A), "admins curate templates"),
        allow(Update, Role(A), "admins curate templates"),
        allow(Delete, Role(A), "admins curate templates"),
    ],
    // Not shown: clinic_id (`isGlobal` says whether it is null).
    #[rustfmt::skip]
    fields: &[
        col("id"), computed("isGlobal"), col("name"), col("content"), col("is_default"), col("created_at"),
        col("updated_at"), col("created_by").named("createdBy"),
    ],
};

pub const ai_templates: Table = Table {
    resource: Resource::AiTemplates,
    table: "ai_templates",
    type_name: "AiTemplate",
    noun: "AI template",
    about: "A system prompt one of the AI jobs uses.",
    delete: Some("Deletes an AI prompt template (the service only)."),
    archive: None,
    tenant: Tenant::NoClinic,
    rules: &[
        allow(Read, SignedIn, "system prompts are global and read-only"),
        allow(
            Create,
            Service,
            "system prompts are maintained by the platform",
        ),
        allow(
            Update,
            Service,
            "system prompts are maintained by the platform",
        ),
        allow(
            Delete,
            Service,
            "system prompts are maintained by the platform",
        ),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("name"), col("type"), col("key").about("A stable key the jobs look the prompt up by, e.g. `discharge_summary_v2`."), col("content"), col("prompt"), col("model"), col("description"),
        col("output_format").about("`json` or `markdown`."), col("validation_schema").about("A JSON Schema the model's output must satisfy."), col("metadata"), col("created_at"), col("updated_at"),
    ],
};
