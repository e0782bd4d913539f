//! The principal lookup keeps its plan: `gateway_principal` in PL/pgSQL instead of SQL (an SQL
//! function with SET clauses is planned again on every call).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000016_principal_plan_cache.up.sql` and
//! `sql/000016_principal_plan_cache.down.sql`, with the measurement.
//!
//! `down`: Restores what `up` changed, in reverse order.

crate::sql_migration!("000016_principal_plan_cache");
