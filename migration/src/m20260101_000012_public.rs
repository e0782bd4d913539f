//! Creates tier 13, marketing / public tables without a clinic: `waitlist_signups`, `contact_submissions`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000012_public.up.sql` and
//! `sql/000012_public.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000012_public");
