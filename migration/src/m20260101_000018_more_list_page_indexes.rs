//! The lists declared after migration 000017 page from an index on their parent column and
//! default order too (`tests/it/indexes.rs` derives the lists from the declarations and
//! checks each).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000018_more_list_page_indexes.up.sql`
//! and `sql/000018_more_list_page_indexes.down.sql`.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000018_more_list_page_indexes.up.sql");
const DOWN: &str = include_str!("sql/000018_more_list_page_indexes.down.sql");

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(UP).await?;
        Ok(())
    }

    /// Restores what `up` changed, in reverse order.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(DOWN).await?;
        Ok(())
    }
}
