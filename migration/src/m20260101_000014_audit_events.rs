//! The audit trail: `audit_events`, immutable, written by the gateway in the same transaction as every write.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000014_audit_events.up.sql` and
//! `sql/000014_audit_events.down.sql`; deviations from the spec are commented there.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000014_audit_events.up.sql");
const DOWN: &str = include_str!("sql/000014_audit_events.down.sql");

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
