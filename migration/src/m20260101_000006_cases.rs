//! Creates tier 4, cases & clinical data: `cases`, `soap_notes`, `discharge_summaries`, `vital_signs`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000006_cases.up.sql` and
//! `sql/000006_cases.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000006_cases");
