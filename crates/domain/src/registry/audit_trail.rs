//! The gateway's own audit trail.

use super::*;

pub const AUDIT_EVENTS: Table = Table {
    resource: Resource::AuditEvents,
    table: "audit_events",
    type_name: "AuditEvent",
    noun: "audit event",
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(A), "admins and owners review who changed what"),
        allow(
            Create,
            Nobody,
            "written only by the gateway itself, inside each mutation",
        ),
        allow(Update, Nobody, "the audit trail is immutable"),
        allow(Delete, Nobody, "the audit trail is immutable"),
    ],
    // Not shown: clinic_id (events are listed under their clinic).
    #[rustfmt::skip]
    fields: &[
        col("id"), col("actor_kind"), col("actor_user_id"), col("actor_name"), col("entity"), col("entity_id"),
        col("action"), col("before"), col("after"), col("request_id"), col("created_at"),
    ],
};
