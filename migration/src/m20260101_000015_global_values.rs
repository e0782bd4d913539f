//! Values unique across clinics that must neither leak nor be squatted: clinic names stop being
//! unique; invitation tokens get a unique index (they are looked up across clinics).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000015_global_values.up.sql` and
//! `sql/000015_global_values.down.sql`; the deviation from the spec is commented there.
//!
//! `down`: Restores what `up` changed, in reverse order.

crate::sql_migration!("000015_global_values");
