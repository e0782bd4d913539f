//! Creates tier 5, communications: `outbound_calls`, `inbound_calls`, `call_analysis`, `outbound_emails`, `clinic_messages`, `refill_requests`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000007_communications.up.sql` and
//! `sql/000007_communications.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000007_communications");
