//! The principal lookup keeps its plan: `gateway_principal` in PL/pgSQL instead of SQL (an SQL
//! function with SET clauses is planned again on every call).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000016_principal_plan_cache.up.sql` and
//! `sql/000016_principal_plan_cache.down.sql`, with the measurement.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000016_principal_plan_cache.up.sql");
const DOWN: &str = include_str!("sql/000016_principal_plan_cache.down.sql");

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
