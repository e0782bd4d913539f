//! The follow-up workflow's guarantees in the schema: staff may record the run that plans a
//! case they discharge, a case has at most one live plan, and the due-work indexes workers
//! claim from.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000023_follow_up.up.sql`
//! and `sql/000023_follow_up.down.sql`.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000023_follow_up.up.sql");
const DOWN: &str = include_str!("sql/000023_follow_up.down.sql");

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
