//! Creates tier 3, PIMS integration: `pims_credentials`, `pims_mappings`, `pims_sync_sessions`, `pims_sync_audit_log`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000004_pims.up.sql` and
//! `sql/000004_pims.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000004_pims");
