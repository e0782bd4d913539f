//! Creates tier 1, organization & identity: `clinics`, `users`, `user_clinic_access`, `clinic_invitations`, `providers`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000002_organization.up.sql` and
//! `sql/000002_organization.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000002_organization");
