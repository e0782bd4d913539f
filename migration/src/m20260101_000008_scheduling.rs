//! Creates tier 6, scheduling: `schedule_appointments`, `vapi_bookings` (with the `vapi_bookings_flag_conflict` trigger), `clinic_schedule_config`, `clinic_blocked_periods`, `schedule_syncs`, `appointment_audit_log`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000008_scheduling.up.sql` and
//! `sql/000008_scheduling.down.sql`; deviations from the spec are commented there.

use sea_orm_migration::prelude::*;

const UP: &str = include_str!("sql/000008_scheduling.up.sql");
const DOWN: &str = include_str!("sql/000008_scheduling.down.sql");

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
