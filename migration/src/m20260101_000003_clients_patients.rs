//! Creates tier 2, client & patient identity: `clients`, `patients` (with the trigram search indexes).
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000003_clients_patients.up.sql` and
//! `sql/000003_clients_patients.down.sql`; deviations from the spec are commented there.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000003_clients_patients.up.sql");
const DOWN: &str = include_str!("sql/000003_clients_patients.down.sql");

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
