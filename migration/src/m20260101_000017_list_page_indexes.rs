//! Every list the API declares pages from an index on its parent column and default order
//! (`tests/it/indexes.rs` derives the lists from the declarations and checks each).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000017_list_page_indexes.up.sql`
//! and `sql/000017_list_page_indexes.down.sql`.
//!
//! `down`: Restores what `up` changed, in reverse order.

crate::sql_migration!("000017_list_page_indexes");
