//! The dashboard's counts per status (or outcome) are answered from an index alone: one on
//! (clinic_id, the counted column) carrying created_at for the optional window
//! (`tests/it/indexes.rs` checks that each count can be planned as an index-only scan).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000019_dashboard_count_indexes.up.sql`
//! and `sql/000019_dashboard_count_indexes.down.sql`.
//!
//! `down`: Restores what `up` changed, in reverse order.

crate::sql_migration!("000019_dashboard_count_indexes");
