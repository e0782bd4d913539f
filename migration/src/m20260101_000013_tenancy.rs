//! Tenancy in the database: the `gateway_app` role and its grants, the transaction-local scope functions, the principal lookup, and row-level security on every table.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000013_tenancy.up.sql` and
//! `sql/000013_tenancy.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000013_tenancy");
