//! Every row-level-security policy reads the request's settings once per statement (a scalar
//! subquery, planned as an InitPlan) instead of once per row (`tests/it/rls.rs` fails on a
//! policy that calls a settings helper outside a subquery).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000020_rls_settings_once.up.sql`
//! and `sql/000020_rls_settings_once.down.sql`.
//!
//! `down`: Restores what `up` changed, in reverse order.

crate::sql_migration!("000020_rls_settings_once");
