//! Schema V2 migrations: the PostgreSQL schema of the gateway, one migration per tier.
//!
//! Each migration runs hand-written SQL kept in `src/sql/` (generated columns, GiST
//! exclusion, partial / expression / trigram indexes and triggers are Postgres-only
//! DDL). The spec is `shared/seeds/003_12793878e2fbf9df.txt`; the deliberate
//! deviations from it are listed in `docs/SCHEMA_DECISIONS.md` and commented in the
//! SQL. `down` of each migration drops exactly what its `up` created, so migrating
//! down to zero and up again yields an identical catalog.

pub use sea_orm_migration::prelude::*;

/// One migration of hand-written SQL: `up` runs `sql/<name>.up.sql`, `down` runs
/// `sql/<name>.down.sql` (which restores what `up` changed, in reverse order). Its name is
/// `m20260101_<name>`, the file's stem, as `DeriveMigrationName` would give it, so databases
/// migrated before this macro existed see the same migrations.
macro_rules! sql_migration {
    ($name:literal) => {
        use sea_orm_migration::prelude::*;

        const UP: &str = include_str!(concat!("sql/", $name, ".up.sql"));
        const DOWN: &str = include_str!(concat!("sql/", $name, ".down.sql"));

        pub struct Migration;

        impl MigrationName for Migration {
            fn name(&self) -> &str {
                concat!("m20260101_", $name)
            }
        }

        #[async_trait::async_trait]
        impl MigrationTrait for Migration {
            async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                manager.get_connection().execute_unprepared(UP).await?;
                Ok(())
            }

            async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                manager.get_connection().execute_unprepared(DOWN).await?;
                Ok(())
            }
        }
    };
}
pub(crate) use sql_migration;

mod m20260101_000001_extensions;
mod m20260101_000002_organization;
mod m20260101_000003_clients_patients;
mod m20260101_000004_pims;
mod m20260101_000005_templates;
mod m20260101_000006_cases;
mod m20260101_000007_communications;
mod m20260101_000008_scheduling;
mod m20260101_000009_config;
mod m20260101_000010_automation;
mod m20260101_000011_slack;
mod m20260101_000012_public;
mod m20260101_000013_tenancy;
mod m20260101_000014_audit_events;
mod m20260101_000015_global_values;
mod m20260101_000016_principal_plan_cache;
mod m20260101_000017_list_page_indexes;
mod m20260101_000018_more_list_page_indexes;
mod m20260101_000019_dashboard_count_indexes;
mod m20260101_000020_rls_settings_once;
mod m20260101_000021_flagged_calls_index;
mod m20260101_000022_phone_numbers;
mod m20260101_000023_follow_up;
mod m20260101_000024_batch_counters;

/// The 44 application tables, in the order the migrations create them.
pub const APP_TABLES: &[&str] = &[
    // 000002 organization
    "clinics",
    "users",
    "user_clinic_access",
    "clinic_invitations",
    "providers",
    // 000003 clients & patients
    "clients",
    "patients",
    // 000004 PIMS
    "pims_credentials",
    "pims_mappings",
    "pims_sync_sessions",
    "pims_sync_audit_log",
    // 000005 templates
    "soap_templates",
    "discharge_templates",
    "ai_templates",
    // 000006 cases
    "cases",
    "soap_notes",
    "discharge_summaries",
    "vital_signs",
    // 000007 communications
    "outbound_calls",
    "inbound_calls",
    "call_analysis",
    "outbound_emails",
    "clinic_messages",
    "refill_requests",
    // 000008 scheduling
    "schedule_appointments",
    "vapi_bookings",
    "clinic_schedule_config",
    "clinic_blocked_periods",
    "schedule_syncs",
    "appointment_audit_log",
    // 000009 config
    "vapi_assistant_mappings",
    "clinic_settings",
    "auto_scheduling_config",
    "clinic_case_type_cadence",
    // 000010 automation
    "auto_scheduling_runs",
    "auto_scheduled_items",
    "discharge_batches",
    "discharge_batch_items",
    // 000011 slack
    "slack_workspaces",
    "slack_channels",
    "slack_tasks",
    "slack_task_completions",
    // 000012 public
    "waitlist_signups",
    "contact_submissions",
];

/// Runs the Schema V2 migrations in dependency order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20260101_000001_extensions::Migration),
            Box::new(m20260101_000002_organization::Migration),
            Box::new(m20260101_000003_clients_patients::Migration),
            Box::new(m20260101_000004_pims::Migration),
            Box::new(m20260101_000005_templates::Migration),
            Box::new(m20260101_000006_cases::Migration),
            Box::new(m20260101_000007_communications::Migration),
            Box::new(m20260101_000008_scheduling::Migration),
            Box::new(m20260101_000009_config::Migration),
            Box::new(m20260101_000010_automation::Migration),
            Box::new(m20260101_000011_slack::Migration),
            Box::new(m20260101_000012_public::Migration),
            Box::new(m20260101_000013_tenancy::Migration),
            Box::new(m20260101_000014_audit_events::Migration),
            Box::new(m20260101_000015_global_values::Migration),
            Box::new(m20260101_000016_principal_plan_cache::Migration),
            Box::new(m20260101_000017_list_page_indexes::Migration),
            Box::new(m20260101_000018_more_list_page_indexes::Migration),
            Box::new(m20260101_000019_dashboard_count_indexes::Migration),
            Box::new(m20260101_000020_rls_settings_once::Migration),
            Box::new(m20260101_000021_flagged_calls_index::Migration),
            Box::new(m20260101_000022_phone_numbers::Migration),
            Box::new(m20260101_000023_follow_up::Migration),
            Box::new(m20260101_000024_batch_counters::Migration),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn app_tables_are_44_distinct_names() {
        assert_eq!(APP_TABLES.len(), 44);
        let distinct: HashSet<_> = APP_TABLES.iter().collect();
        assert_eq!(distinct.len(), APP_TABLES.len());
    }

    #[test]
    fn migrations_are_named_after_their_modules_in_order() {
        let names: Vec<String> = Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect();
        assert_eq!(names[0], "m20260101_000001_extensions");
        assert_eq!(names[11], "m20260101_000012_public");
        assert_eq!(names[12], "m20260101_000013_tenancy");
        // Numbered 1, 2, 3, … in the order they run: none skipped, none registered twice.
        for (i, name) in names.iter().enumerate() {
            let number = format!("_{:06}_", i + 1);
            assert!(name.contains(&number), "migration {} is {name}", i + 1);
        }
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "migration names must sort in run order");
    }

    /// `APP_TABLES` lists exactly the tables the up files create, in creation order.
    #[test]
    fn app_tables_match_the_up_sql() {
        let up_files = [
            include_str!("sql/000001_extensions.up.sql"),
            include_str!("sql/000002_organization.up.sql"),
            include_str!("sql/000003_clients_patients.up.sql"),
            include_str!("sql/000004_pims.up.sql"),
            include_str!("sql/000005_templates.up.sql"),
            include_str!("sql/000006_cases.up.sql"),
            include_str!("sql/000007_communications.up.sql"),
            include_str!("sql/000008_scheduling.up.sql"),
            include_str!("sql/000009_config.up.sql"),
            include_str!("sql/000010_automation.up.sql"),
            include_str!("sql/000011_slack.up.sql"),
            include_str!("sql/000012_public.up.sql"),
        ];
        let created: Vec<&str> = up_files
            .iter()
            .flat_map(|sql| sql.lines())
            .filter_map(|line| line.strip_prefix("CREATE TABLE "))
            .filter_map(|rest| rest.split_whitespace().next())
            .collect();
        assert_eq!(created, APP_TABLES);
    }
}
