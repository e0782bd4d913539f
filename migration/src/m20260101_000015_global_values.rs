//! Values unique across clinics that must neither leak nor be squatted: clinic names stop being
//! unique; invitation tokens get a unique index (they are looked up across clinics).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000015_global_values.up.sql` and
//! `sql/000015_global_values.down.sql`; the deviation from the spec is commented there.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000015_global_values.up.sql");
const DOWN: &str = include_str!("sql/000015_global_values.down.sql");

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
