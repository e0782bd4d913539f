//! Creates tiers 7-8, VAPI and clinic configuration: `vapi_assistant_mappings`, `clinic_settings`, `auto_scheduling_config`, `clinic_case_type_cadence`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000009_config.up.sql` and
//! `sql/000009_config.down.sql`; deviations from the spec are commented there.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000009_config.up.sql");
const DOWN: &str = include_str!("sql/000009_config.down.sql");

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
