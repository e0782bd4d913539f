//! The dashboard's counts per status (or outcome) are answered from an index alone: one on
//! (clinic_id, the counted column) carrying created_at for the optional window
//! (`tests/it/indexes.rs` checks that each count can be planned as an index-only scan).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000019_dashboard_count_indexes.up.sql`
//! and `sql/000019_dashboard_count_indexes.down.sql`.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000019_dashboard_count_indexes.up.sql");
const DOWN: &str = include_str!("sql/000019_dashboard_count_indexes.down.sql");

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
