//! Creates tiers 9-10, auto-scheduling and discharge batches: `auto_scheduling_runs`, `auto_scheduled_items`, `discharge_batches`, `discharge_batch_items`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000010_automation.up.sql` and
//! `sql/000010_automation.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000010_automation");
