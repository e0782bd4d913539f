//! Tier 6: the schedule and the voice assistant's bookings.

use super::*;

pub const SCHEDULE_APPOINTMENTS: Table = Table {
    resource: Resource::ScheduleAppointments,
    table: "schedule_appointments",
    type_name: "Appointment",
    noun: "appointment",
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff read the schedule"),
        allow(
            Create,
            Role(M),
            "front-desk work (the PIMS sync uses the service principal)",
        ),
        allow(Update, Role(M), "front-desk work"),
        allow(Archive, Role(M), "cancelling keeps the row (deleted_at)"),
        allow(Delete, Role(A), "hard deletes destroy history"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("starts_at"), col("ends_at"), col("date"), col("source"), col("pims_appointment_id"),
        col("patient_name"), col("client_name"), col("client_phone"), col("provider_name"), col("room_id"),
        col("appointment_type"), col("status"), col("sync_hash"), col("last_synced_at"), col("deleted_at"),
        col("created_at"), col("updated_at"), computed("auditEntries"),
    ],
};

pub const VAPI_BOOKINGS: Table = Table {
    resource: Resource::VapiBookings,
    table: "vapi_bookings",
    type_name: "Booking",
    noun: "booking",
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff read bookings"),
        allow(
            Create,
            Role(M),
            "the voice assistant books through the service principal; staff may too",
        ),
        allow(
            Update,
            Role(M),
            "staff confirm, reschedule and cancel bookings",
        ),
        allow(Delete, Role(A), "hard deletes destroy history"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("inbound_call_id"), col("starts_at"), col("ends_at"), col("date"), col("client_name"),
        col("client_phone"), col("patient_name"), col("species"), col("breed"), col("reason"), col("is_new_client"),
        col("status"), col("confirmation_number"), col("vapi_call_id"), col("hold_expires_at"), col("has_conflict"),
        col("pims_appointment_id"), col("pims_client_id"), col("pims_patient_id"), col("original_starts_at"),
        col("original_ends_at"), col("rescheduled_at"), col("rescheduled_reason"), col("cancelled_at"),
        col("cancelled_reason"), col("metadata"), col("created_at"), col("updated_at"),
        col("rescheduled_from_id").named("rescheduledFrom"), computed("rescheduledTo"), computed("auditEntries"),
    ],
};

pub const CLINIC_SCHEDULE_CONFIG: Table = Table {
    resource: Resource::ClinicScheduleConfig,
    table: "clinic_schedule_config",
    type_name: "ScheduleConfig",
    noun: "schedule configuration",
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff see schedule settings"),
        allow(Create, Role(A), "settings are administration"),
        allow(Update, Role(A), "settings are administration"),
        allow(Delete, Role(A), "settings are administration"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("daily_hours"), col("slot_duration_minutes"), col("sync_horizon_days"),
        col("stale_threshold_minutes"), col("sync_schedules"), col("vapi_availability_start_time"),
        col("vapi_availability_end_time"), col("target_room_id"), col("target_room_name"), col("created_at"),
        col("updated_at"),
    ],
};

pub const CLINIC_BLOCKED_PERIODS: Table = Table {
    resource: Resource::ClinicBlockedPeriods,
    table: "clinic_blocked_periods",
    type_name: "BlockedPeriod",
    noun: "blocked period",
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff see blocked periods"),
        allow(Create, Role(A), "settings are administration"),
        allow(Update, Role(A), "settings are administration"),
        allow(Archive, Role(A), "settings are administration"),
        allow(Delete, Role(A), "settings are administration"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("name"), col("start_time"), col("end_time"), col("days_of_week"), col("is_active"),
        col("created_at"), col("updated_at"),
    ],
};

pub const SCHEDULE_SYNCS: Table = Table {
    resource: Resource::ScheduleSyncs,
    table: "schedule_syncs",
    type_name: "ScheduleSync",
    noun: "schedule sync",
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(M), "staff see whether the schedule is fresh"),
        allow(Create, Service, "written by the sync job"),
        allow(Update, Service, "written by the sync job"),
        allow(Delete, Nobody, "sync history is kept"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("sync_type"), col("sync_start_date"), col("sync_end_date"), col("status"),
        col("appointments_added"), col("appointments_updated"), col("appointments_removed"), col("error_message"),
        col("error_details"), col("started_at"), col("completed_at"), col("duration_ms"), col("created_at"),
    ],
};

pub const APPOINTMENT_AUDIT_LOG: Table = Table {
    resource: Resource::AppointmentAuditLog,
    table: "appointment_audit_log",
    type_name: "AppointmentAuditEntry",
    noun: "appointment audit entry",
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(M), "staff trace what happened to a booking"),
        allow(Create, Service, "written by the booking flow"),
        allow(Update, Nobody, "audit entries are immutable"),
        allow(Delete, Nobody, "audit entries are immutable"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("action"), col("pims_appointment_id"), col("old_starts_at"), col("old_ends_at"),
        col("new_starts_at"), col("new_ends_at"), col("reason"), col("error_code"), col("error_message"),
        col("vapi_call_id"), col("performed_by"), col("created_at"), col("booking_id").named("booking"),
        col("appointment_id").named("appointment"),
    ],
};
