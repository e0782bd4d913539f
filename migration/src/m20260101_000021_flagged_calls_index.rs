//! The clinic's flagged calls page from a partial index in their order, over the flagged
//! analyses only (`tests/it/indexes.rs` checks the page is planned without a sort).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000021_flagged_calls_index.up.sql`
//! and `sql/000021_flagged_calls_index.down.sql`.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000021_flagged_calls_index.up.sql");
const DOWN: &str = include_str!("sql/000021_flagged_calls_index.down.sql");

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
