//! A discharge batch's counters follow its items: a trigger recounts the batch whenever one
//! of its items is added, changed or removed.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000024_batch_counters.up.sql`
//! and `sql/000024_batch_counters.down.sql`.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000024_batch_counters.up.sql");
const DOWN: &str = include_str!("sql/000024_batch_counters.down.sql");

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
