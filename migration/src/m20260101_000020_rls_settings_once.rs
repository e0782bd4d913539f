//! Every row-level-security policy reads the request's settings once per statement (a scalar
//! subquery, planned as an InitPlan) instead of once per row (`tests/it/rls.rs` fails on a
//! policy that calls a settings helper outside a subquery).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000020_rls_settings_once.up.sql`
//! and `sql/000020_rls_settings_once.down.sql`.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000020_rls_settings_once.up.sql");
const DOWN: &str = include_str!("sql/000020_rls_settings_once.down.sql");

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
