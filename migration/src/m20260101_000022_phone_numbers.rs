//! Phone numbers in E.164, so that a caller is recognised however the number was typed:
//! `normalize_phone()`, the triggers that apply it on every write, and the indexes of the
//! lookup by number.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000022_phone_numbers.up.sql`
//! and `sql/000022_phone_numbers.down.sql`.
//!
//! `down`: Restores what `up` changed, in reverse order.

crate::sql_migration!("000022_phone_numbers");
