//! Tier 6: the schedule and the voice assistant's bookings.

use super::*;

pub const schedule_appointments: Table = Table {
    resource: Resource::ScheduleAppointments,
    table: "schedule_appointments",
    type_name: "Appointment",
    noun: "appointment",
    about: "An appointment on the clinic's schedule (synced from the PIMS or booked here).",
    delete: Some(
        "Deletes an appointment for good (admin or above). Prefer `cancelAppointment`; an\nappointment the booking audit trail refers to cannot be deleted.",
    ),
    archive: None,
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
        col("id"), col("starts_at"), col("ends_at"), col("date").about("The UTC date the appointment starts on."), col("source").about("`pims` (synced), `vapi` (booked by the voice assistant), `manual` or `gateway`."), col("pims_appointment_id"),
        col("patient_name"), col("client_name"), col("client_phone"), col("provider_name"), col("room_id"),
        col("appointment_type"), col("status").shown_as("AppointmentStatus"), col("sync_hash").about("The PIMS sync's fingerprint of the appointment (unchanged hash: nothing to update)."), col("last_synced_at"), col("deleted_at").about("Set when the appointment was cancelled (soft-deleted)."),
        col("created_at"), col("updated_at"), computed("auditEntries"),
    ],
};

pub const vapi_bookings: Table = Table {
    resource: Resource::VapiBookings,
    table: "vapi_bookings",
    type_name: "Booking",
    noun: "booking",
    about: "A booking made by the voice assistant (or by staff) for a caller.",
    delete: Some(
        "Deletes a booking for good (admin or above). A booking the audit trail or a later\nbooking refers to cannot be deleted.",
    ),
    archive: None,
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
        col("id"), col("inbound_call_id").about("The inbound call the booking was made on."), col("starts_at"), col("ends_at"), col("date").about("The UTC date the booking starts on."), col("client_name"),
        col("client_phone"), col("patient_name"), col("species"), col("breed"), col("reason"), col("is_new_client"),
        col("status").shown_as("BookingStatus"), col("confirmation_number"), col("vapi_call_id"), col("hold_expires_at"), col("has_conflict").about("Another active booking of the clinic overlaps this one (maintained by the database\nwhenever the booking's times or status are written)."),
        col("pims_appointment_id"), col("pims_client_id"), col("pims_patient_id"), col("original_starts_at").about("Where the booking was before its first reschedule."),
        col("original_ends_at"), col("rescheduled_at"), col("rescheduled_reason"), col("cancelled_at"),
        col("cancelled_reason"), col("metadata"), col("created_at"), col("updated_at"),
        col("rescheduled_from_id").named("rescheduledFrom").about("The booking this one replaced."), computed("rescheduledTo"), computed("auditEntries"),
    ],
};

pub const clinic_schedule_config: Table = Table {
    resource: Resource::ClinicScheduleConfig,
    table: "clinic_schedule_config",
    type_name: "ScheduleConfig",
    noun: "schedule configuration",
    about: "How a clinic's schedule is synced and offered to the voice assistant.",
    delete: None,
    archive: None,
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
        col("id"), col("daily_hours").about("Opening hours per weekday: `{\"mon\": {\"open\": \"08:00\", \"close\": \"18:00\"}, …}`; a missing\nday is closed."), col("slot_duration_minutes"), col("sync_horizon_days").about("How many days ahead the schedule is synced."),
        col("stale_threshold_minutes").about("After how many minutes without a sync the schedule counts as stale."), col("sync_schedules").about("When syncs run: `[{\"cron\": \"0 6 * * *\", \"type\": \"appointments\"}, …]`."), col("vapi_availability_start_time").about("The voice assistant offers slots from this time of day …"),
        col("vapi_availability_end_time").about("… until this one."), col("target_room_id").about("The room the voice assistant books into."), col("target_room_name"), col("created_at"),
        col("updated_at"),
    ],
};

pub const clinic_blocked_periods: Table = Table {
    resource: Resource::ClinicBlockedPeriods,
    table: "clinic_blocked_periods",
    type_name: "BlockedPeriod",
    noun: "blocked period",
    about: "A recurring closed time of the clinic's schedule.",
    delete: Some("Deletes a blocked period (admin or above)."),
    archive: Some("Deactivates a blocked period, keeping it for later (admin or above)."),
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
        col("id"), col("name"), col("start_time").about("In the clinic's time zone."), col("end_time"), col("days_of_week").about("The weekdays it applies to, 0 = Sunday … 6 = Saturday."), col("is_active"),
        col("created_at"), col("updated_at"),
    ],
};

pub const schedule_syncs: Table = Table {
    resource: Resource::ScheduleSyncs,
    table: "schedule_syncs",
    type_name: "ScheduleSync",
    noun: "schedule sync",
    about: "One run of the PIMS schedule sync for a clinic.",
    delete: None,
    archive: None,
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
        col("id"), col("sync_type").about("`appointments`, `incremental`, …"), col("sync_start_date"), col("sync_end_date"), col("status").shown_as("ScheduleSyncStatus"),
        col("appointments_added"), col("appointments_updated"), col("appointments_removed"), col("error_message"),
        col("error_details"), col("started_at"), col("completed_at"), col("duration_ms"), col("created_at"),
    ],
};

pub const appointment_audit_log: Table = Table {
    resource: Resource::AppointmentAuditLog,
    table: "appointment_audit_log",
    type_name: "AppointmentAuditEntry",
    noun: "appointment audit entry",
    about: "One step of the booking flow: a booking made, moved or cancelled, an appointment removed, a\nPIMS write that failed.",
    delete: None,
    archive: None,
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
        col("id"), col("action").about("`booking_created`, `booking_rescheduled`, `booking_cancelled`, `appointment_removed`,\n`pims_write_failed`, …"), col("pims_appointment_id"), col("old_starts_at"), col("old_ends_at"),
        col("new_starts_at"), col("new_ends_at"), col("reason"), col("error_code"), col("error_message"),
        col("vapi_call_id"), col("performed_by").about("`vapi`, `staff`, `pims_sync`, or the service that wrote the entry."), col("created_at"), col("booking_id").named("booking"),
        col("appointment_id").named("appointment"),
    ],
};
