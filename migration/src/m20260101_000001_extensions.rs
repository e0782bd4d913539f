//! Creates the `uuid-ossp`, `btree_gist` and `pg_trgm` extensions and the `update_updated_at()` trigger function (Schema V2, "Extensions & Functions").
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000001_extensions.up.sql` and
//! `sql/000001_extensions.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops the function and the extensions; runs after every later migration is reverted.

crate::sql_migration!("000001_extensions");
