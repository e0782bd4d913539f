//! Creates the `uuid-ossp`, `btree_gist` and `pg_trgm` extensions and the `update_updated_at()` trigger function (Schema V2, "Extensions & Functions").
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000001_extensions.up.sql` and
//! `sql/000001_extensions.down.sql`; deviations from the spec are commented there.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000001_extensions.up.sql");
const DOWN: &str = include_str!("sql/000001_extensions.down.sql");

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(UP).await?;
        Ok(())
    }

    /// Drops the function and the extensions; runs after every later migration is reverted.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(DOWN).await?;
        Ok(())
    }
}
