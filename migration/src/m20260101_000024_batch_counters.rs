//! A discharge batch's counters follow its items: a trigger recounts the batch whenever one
//! of its items is added, changed or removed.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000024_batch_counters.up.sql`
//! and `sql/000024_batch_counters.down.sql`.
//!
//! `down`: Restores what `up` changed, in reverse order.

crate::sql_migration!("000024_batch_counters");
