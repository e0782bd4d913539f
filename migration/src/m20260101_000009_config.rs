//! Creates tiers 7-8, VAPI and clinic configuration: `vapi_assistant_mappings`, `clinic_settings`, `auto_scheduling_config`, `clinic_case_type_cadence`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000009_config.up.sql` and
//! `sql/000009_config.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000009_config");
