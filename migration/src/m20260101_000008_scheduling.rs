//! Creates tier 6, scheduling: `schedule_appointments`, `vapi_bookings` (with the `vapi_bookings_flag_conflict` trigger), `clinic_schedule_config`, `clinic_blocked_periods`, `schedule_syncs`, `appointment_audit_log`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000008_scheduling.up.sql` and
//! `sql/000008_scheduling.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000008_scheduling");
