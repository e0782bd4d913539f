//! Creates tiers 9-10, auto-scheduling and discharge batches: `auto_scheduling_runs`, `auto_scheduled_items`, `discharge_batches`, `discharge_batch_items`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000010_automation.up.sql` and
//! `sql/000010_automation.down.sql`; deviations from the spec are commented there.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000010_automation.up.sql");
const DOWN: &str = include_str!("sql/000010_automation.down.sql");

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(UP).await?;
        Ok(())
    }

    /// Drops what `up` created, in reverse order.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(DOWN).await?;
        Ok(())
    }
}
