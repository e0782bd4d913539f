//! The audit trail: `audit_events`, immutable, written by the gateway in the same transaction as every write.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000014_audit_events.up.sql` and
//! `sql/000014_audit_events.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000014_audit_events");
