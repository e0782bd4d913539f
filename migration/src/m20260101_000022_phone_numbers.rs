//! Phone numbers in E.164, so that a caller is recognised however the number was typed:
//! `normalize_phone()`, the triggers that apply it on every write, and the indexes of the
//! lookup by number.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000022_phone_numbers.up.sql`
//! and `sql/000022_phone_numbers.down.sql`.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000022_phone_numbers.up.sql");
const DOWN: &str = include_str!("sql/000022_phone_numbers.down.sql");

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
