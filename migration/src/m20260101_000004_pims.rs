//! Creates tier 3, PIMS integration: `pims_credentials`, `pims_mappings`, `pims_sync_sessions`, `pims_sync_audit_log`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000004_pims.up.sql` and
//! `sql/000004_pims.down.sql`; deviations from the spec are commented there.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000004_pims.up.sql");
const DOWN: &str = include_str!("sql/000004_pims.down.sql");

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
