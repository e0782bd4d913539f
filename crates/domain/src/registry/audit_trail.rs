//! The gateway's own audit trail.

use super::*;

pub const audit_events: Table = Table {
    resource: Resource::AuditEvents,
    table: "audit_events",
    type_name: "AuditEvent",
    noun: "audit event",
    about: "One change made through the API: who made it, to which record, and the record before and\nafter.",
    delete: None,
    archive: None,
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
        col("id"), col("actor_kind").about("`user`, `service` or `anonymous`."), col("actor_user_id"), col("actor_name").about("The service's name, or the user's identity-provider id."), col("entity").about("The table written."), col("entity_id").about("The row's id (a UUID; the global id depends on the entity's type)."),
        col("action").about("`create`, `update`, `archive`, `delete`, or a named action."), col("before"), col("after"), col("request_id"), col("created_at"),
    ],
};
