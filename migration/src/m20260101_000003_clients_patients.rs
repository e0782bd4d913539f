//! Creates tier 2, client & patient identity: `clients`, `patients` (with the trigram search indexes).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000003_clients_patients.up.sql` and
//! `sql/000003_clients_patients.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000003_clients_patients");
