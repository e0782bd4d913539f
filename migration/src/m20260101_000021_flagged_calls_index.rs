//! The clinic's flagged calls page from a partial index in their order, over the flagged
//! analyses only (`tests/it/indexes.rs` checks the page is planned without a sort).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000021_flagged_calls_index.up.sql`
//! and `sql/000021_flagged_calls_index.down.sql`.
//!
//! `down`: Restores what `up` changed, in reverse order.

crate::sql_migration!("000021_flagged_calls_index");
