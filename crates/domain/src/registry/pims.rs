//! Tier 3: the practice-management-system integration.

use super::*;

pub const pims_credentials: Table = Table {
    resource: Resource::PimsCredentials,
    table: "pims_credentials",
    type_name: "PimsCredential",
    noun: "PIMS credential",
    about: "The clinic's connection to one PIMS. The credentials themselves are write-only.",
    delete: None,
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(
            Read,
            Role(A),
            "integration settings (the secret itself is never served)",
        ),
        allow(Create, Role(A), "admins connect the PIMS"),
        allow(Update, Role(A), "admins rotate credentials"),
        allow(Archive, Role(A), "admins disconnect the PIMS"),
        allow(Delete, Role(A), "admins remove credentials"),
    ],
    // Not shown: credentials_encrypted (a secret; `hasCredentials` says whether one is stored).
    #[rustfmt::skip]
    fields: &[
        col("id"), col("pims_type").shown_as("PimsType"), col("encryption_key_id").about("The key the client encrypted the credentials with."), col("is_active"), col("validation_status").about("The last check of the credentials against the PIMS, e.g. `unknown`, `valid`, `invalid`."),
        col("last_validated_at"), col("last_used_at"), col("sync_enabled"), computed("hasCredentials"),
        col("created_at"), col("updated_at"), col("clinic_id").named("clinic"),
    ],
};

pub const pims_mappings: Table = Table {
    resource: Resource::PimsMappings,
    table: "pims_mappings",
    type_name: "PimsMapping",
    noun: "PIMS mapping",
    about: "A link between a record here (client, patient, provider, appointment or case) and its ID\nin the clinic's practice management system (PIMS).",
    delete: Some("Removes a wrong mapping (admin or above)."),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(M), "staff trace records to the PIMS"),
        allow(Create, Role(A), "written by the sync; admins fix mappings"),
        allow(Update, Role(A), "written by the sync; admins fix mappings"),
        allow(Delete, Role(A), "admins remove wrong mappings"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("entity_type").shown_as("PimsEntityType"), col("entity_id"), col("pims_type").shown_as("PimsType"), col("external_id").about("The row's id in the PIMS."), col("external_data").about("What the PIMS last said about the row."),
        col("last_synced_at"), col("sync_status").about("e.g. `active`."), col("created_at"), col("updated_at"), col("clinic_id").named("clinic"),
    ],
};

pub const pims_sync_sessions: Table = Table {
    resource: Resource::PimsSyncSessions,
    table: "pims_sync_sessions",
    type_name: "PimsSyncSession",
    noun: "PIMS sync session",
    about: "One run of the PIMS sync for a clinic.",
    delete: None,
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(M), "staff see whether the sync is healthy"),
        allow(
            Create,
            Role(A),
            "admins may request a sync; jobs create the rest",
        ),
        allow(Update, Service, "only the sync job records progress"),
        allow(Delete, Nobody, "sync history is kept"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("pims_type").shown_as("PimsType"), col("session_type").shown_as("SyncSessionType"), col("status").shown_as("SyncStatus"), col("started_at"), col("completed_at"),
        col("items_synced"), col("items_failed"), col("error_message"), col("error_details"), col("metadata"),
        col("next_scheduled_sync"), col("created_at"), col("updated_at"), col("clinic_id").named("clinic"),
        col("credential_id").named("credential").about("The credentials the session used (null for imports without them, and for callers below\nadmin, who do not see credentials)."),
    ],
};

pub const pims_sync_audit_log: Table = Table {
    resource: Resource::PimsSyncAuditLog,
    table: "pims_sync_audit_log",
    type_name: "PimsSyncAuditEntry",
    noun: "sync audit entry",
    about: "One action a sync took on one resource.",
    delete: None,
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(A), "integration diagnostics"),
        allow(Create, Service, "written by the sync job"),
        allow(Update, Nobody, "audit entries are immutable"),
        allow(Delete, Nobody, "audit entries are immutable"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("action_type").about("e.g. `fetch`, `upsert`, `import`."), col("resource_type").about("e.g. `case`, `client`, `appointment`."), col("resource_id").about("The UUID of the resource acted on (its global id depends on `resourceType`)."), col("status").about("e.g. `success`, `failed`, `skipped`."), col("details"),
        col("created_at"), col("clinic_id").named("clinic"), col("sync_session_id").named("syncSession"),
    ],
};
