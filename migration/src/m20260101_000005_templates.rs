//! Creates the templates tier: `soap_templates`, `discharge_templates`, `ai_templates` (before cases, which reference `discharge_templates`).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000005_templates.up.sql` and
//! `sql/000005_templates.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000005_templates");
