//! The lists declared after migration 000017 page from an index on their parent column and
//! default order too (`tests/it/indexes.rs` derives the lists from the declarations and
//! checks each).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000018_more_list_page_indexes.up.sql`
//! and `sql/000018_more_list_page_indexes.down.sql`.
//!
//! `down`: Restores what `up` changed, in reverse order.

crate::sql_migration!("000018_more_list_page_indexes");
