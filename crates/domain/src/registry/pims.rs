//! Tier 3: the practice-management-system integration.

use super::*;

pub const PIMS_CREDENTIALS: Table = Table {
    resource: Resource::PimsCredentials,
    table: "pims_credentials",
    type_name: "PimsCredential",
    noun: "PIMS credential",
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
        col("id"), col("pims_type"), col("encryption_key_id"), col("is_active"), col("validation_status"),
        col("last_validated_at"), col("last_used_at"), col("sync_enabled"), computed("hasCredentials"),
        col("created_at"), col("updated_at"), col("clinic_id").named("clinic"),
    ],
};

pub const PIMS_MAPPINGS: Table = Table {
    resource: Resource::PimsMappings,
    table: "pims_mappings",
    type_name: "PimsMapping",
    noun: "PIMS mapping",
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(M), "staff trace records to the PIMS"),
        allow(Create, Role(A), "written by the sync; admins fix mappings"),
        allow(Update, Role(A), "written by the sync; admins fix mappings"),
        allow(Delete, Role(A), "admins remove wrong mappings"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("entity_type"), col("entity_id"), col("pims_type"), col("external_id"), col("external_data"),
        col("last_synced_at"), col("sync_status"), col("created_at"), col("updated_at"), col("clinic_id").named("clinic"),
    ],
};

pub const PIMS_SYNC_SESSIONS: Table = Table {
    resource: Resource::PimsSyncSessions,
    table: "pims_sync_sessions",
    type_name: "PimsSyncSession",
    noun: "PIMS sync session",
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
        col("id"), col("pims_type"), col("session_type"), col("status"), col("started_at"), col("completed_at"),
        col("items_synced"), col("items_failed"), col("error_message"), col("error_details"), col("metadata"),
        col("next_scheduled_sync"), col("created_at"), col("updated_at"), col("clinic_id").named("clinic"),
        col("credential_id").named("credential"),
    ],
};

pub const PIMS_SYNC_AUDIT_LOG: Table = Table {
    resource: Resource::PimsSyncAuditLog,
    table: "pims_sync_audit_log",
    type_name: "PimsSyncAuditEntry",
    noun: "sync audit entry",
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(A), "integration diagnostics"),
        allow(Create, Service, "written by the sync job"),
        allow(Update, Nobody, "audit entries are immutable"),
        allow(Delete, Nobody, "audit entries are immutable"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("action_type"), col("resource_type"), col("resource_id"), col("status"), col("details"),
        col("created_at"), col("clinic_id").named("clinic"), col("sync_session_id").named("syncSession"),
    ],
};
