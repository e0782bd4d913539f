//! The follow-up workflow's guarantees in the schema: staff may record the run that plans a
//! case they discharge, a case has at most one live plan, and the due-work indexes workers
//! claim from.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000023_follow_up.up.sql`
//! and `sql/000023_follow_up.down.sql`.
//!
//! `down`: Restores what `up` changed, in reverse order.

crate::sql_migration!("000023_follow_up");
