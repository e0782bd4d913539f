//! Tenant scope in the data layer: for every entity, the SQL condition that limits it to a set
//! of clinics, and the policy resource it belongs to.
//!
//! [`TenantScoped`] is implemented here for all 44 tables (and the audit trail). A table with a
//! `clinic_id` column is limited on it; a table that hangs from a clinic-owned parent without
//! its own `clinic_id` (Slack channels, tasks and completions, discharge batch items) is
//! limited through its parent chain; templates add the global rows (`clinic_id IS NULL`) for
//! reads only; `users` are limited to the caller and the staff of the caller's clinics. A table
//! served only to the service principal or the public has no clinic condition at all: for a
//! user its condition matches nothing.

use entity::*;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

use crate::policy::{Action, Resource};

/// Which rows of a resource a principal may touch for one action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// No rows.
    Nothing,
    /// All rows (the service principal, public inserts, global read-only tables).
    Everything,
    /// Rows of these clinics; for `users`, also the user's own row when `include_self`.
    Clinics {
        clinics: Vec<Uuid>,
        user_id: Uuid,
        include_self: bool,
    },
}

/// An entity whose rows belong to clinics.
pub trait TenantScoped: EntityTrait<Model: serde::Serialize + PartialEq + Sync> {
    /// The policy table's name for this entity.
    const RESOURCE: Resource;

    /// Rows that belong to one of `clinics` (for `users`: colleagues in those clinics, and
    /// `user_id` itself when `include_self`).
    fn tenant_condition(clinics: &[Uuid], user_id: Uuid, include_self: bool, action: Action) -> Condition;

    /// The row's primary key.
    fn id_of(model: &Self::Model) -> Uuid;

    /// `id = <id>`.
    fn id_condition(id: Uuid) -> Condition;

    /// `id IN (<ids>)`.
    fn ids_condition(ids: &[Uuid]) -> Condition;

    /// Limits a select to `reach`; `None` when nothing can match.
    fn scoped(select: Select<Self>, reach: &Reach, action: Action) -> Option<Select<Self>> {
        match reach {
            Reach::Nothing => None,
            Reach::Everything => Some(select),
            Reach::Clinics {
                clinics,
                user_id,
                include_self,
            } => {
                if clinics.is_empty() && !include_self {
                    return None;
                }
                Some(select.filter(Self::tenant_condition(clinics, *user_id, *include_self, action)))
            }
        }
    }
}

/// A condition that matches no row.
fn nothing() -> Condition {
    Condition::all().add(Expr::val(false))
}

/// Tables with their own `clinic_id` column.
macro_rules! scoped_by_clinic_column {
    ($($module:ident => $resource:ident),* $(,)?) => {$(
        impl TenantScoped for $module::Entity {
            const RESOURCE: Resource = Resource::$resource;
            fn tenant_condition(clinics: &[Uuid], _: Uuid, _: bool, _: Action) -> Condition {
                Condition::all().add($module::Column::ClinicId.is_in(clinics.iter().copied()))
            }
            fn id_of(model: &Self::Model) -> Uuid { model.id }
            fn id_condition(id: Uuid) -> Condition { Condition::all().add($module::Column::Id.eq(id)) }
            fn ids_condition(ids: &[Uuid]) -> Condition {
                Condition::all().add($module::Column::Id.is_in(ids.iter().copied()))
            }
        }
    )*};
}

scoped_by_clinic_column! {
    user_clinic_access => UserClinicAccess,
    clinic_invitations => ClinicInvitations,
    providers => Providers,
    clients => Clients,
    patients => Patients,
    pims_credentials => PimsCredentials,
    pims_mappings => PimsMappings,
    pims_sync_sessions => PimsSyncSessions,
    pims_sync_audit_log => PimsSyncAuditLog,
    cases => Cases,
    soap_notes => SoapNotes,
    discharge_summaries => DischargeSummaries,
    vital_signs => VitalSigns,
    outbound_calls => OutboundCalls,
    inbound_calls => InboundCalls,
    call_analysis => CallAnalysis,
    outbound_emails => OutboundEmails,
    clinic_messages => ClinicMessages,
    refill_requests => RefillRequests,
    schedule_appointments => ScheduleAppointments,
    vapi_bookings => VapiBookings,
    clinic_schedule_config => ClinicScheduleConfig,
    clinic_blocked_periods => ClinicBlockedPeriods,
    schedule_syncs => ScheduleSyncs,
    appointment_audit_log => AppointmentAuditLog,
    vapi_assistant_mappings => VapiAssistantMappings,
    clinic_settings => ClinicSettings,
    auto_scheduling_config => AutoSchedulingConfig,
    clinic_case_type_cadence => ClinicCaseTypeCadence,
    auto_scheduled_items => AutoScheduledItems,
    discharge_batches => DischargeBatches,
    slack_workspaces => SlackWorkspaces,
    audit_events => AuditEvents,
}

/// Templates: the clinic's own rows, plus the global ones (`clinic_id IS NULL`) for reading.
/// Global rows are never within a user's reach for writes.
macro_rules! scoped_by_clinic_or_global {
    ($($module:ident => $resource:ident),* $(,)?) => {$(
        impl TenantScoped for $module::Entity {
            const RESOURCE: Resource = Resource::$resource;
            fn tenant_condition(clinics: &[Uuid], _: Uuid, _: bool, action: Action) -> Condition {
                let own = $module::Column::ClinicId.is_in(clinics.iter().copied());
                if action == Action::Read {
                    Condition::any().add(own).add($module::Column::ClinicId.is_null())
                } else {
                    Condition::all().add(own)
                }
            }
            fn id_of(model: &Self::Model) -> Uuid { model.id }
            fn id_condition(id: Uuid) -> Condition { Condition::all().add($module::Column::Id.eq(id)) }
            fn ids_condition(ids: &[Uuid]) -> Condition {
                Condition::all().add($module::Column::Id.is_in(ids.iter().copied()))
            }
        }
    )*};
}

scoped_by_clinic_or_global! {
    soap_templates => SoapTemplates,
    discharge_templates => DischargeTemplates,
}

/// Tables that no user reaches through a clinic (service-only, public, or global read-only):
/// their reach is decided by the policy rule alone.
macro_rules! not_clinic_owned {
    ($($module:ident => $resource:ident),* $(,)?) => {$(
        impl TenantScoped for $module::Entity {
            const RESOURCE: Resource = Resource::$resource;
            fn tenant_condition(_: &[Uuid], _: Uuid, _: bool, _: Action) -> Condition { nothing() }
            fn id_of(model: &Self::Model) -> Uuid { model.id }
            fn id_condition(id: Uuid) -> Condition { Condition::all().add($module::Column::Id.eq(id)) }
            fn ids_condition(ids: &[Uuid]) -> Condition {
                Condition::all().add($module::Column::Id.is_in(ids.iter().copied()))
            }
        }
    )*};
}

not_clinic_owned! {
    ai_templates => AiTemplates,
    waitlist_signups => WaitlistSignups,
    contact_submissions => ContactSubmissions,
}

impl TenantScoped for clinics::Entity {
    const RESOURCE: Resource = Resource::Clinics;
    fn tenant_condition(clinics: &[Uuid], _: Uuid, _: bool, _: Action) -> Condition {
        Condition::all().add(clinics::Column::Id.is_in(clinics.iter().copied()))
    }
    fn id_of(model: &Self::Model) -> Uuid {
        model.id
    }
    fn id_condition(id: Uuid) -> Condition {
        Condition::all().add(clinics::Column::Id.eq(id))
    }
    fn ids_condition(ids: &[Uuid]) -> Condition {
        Condition::all().add(clinics::Column::Id.is_in(ids.iter().copied()))
    }
}

impl TenantScoped for users::Entity {
    const RESOURCE: Resource = Resource::Users;
    /// The caller, and the users who hold a membership in one of `clinics`.
    fn tenant_condition(clinics: &[Uuid], user_id: Uuid, include_self: bool, _: Action) -> Condition {
        let mut any = Condition::any();
        if include_self {
            any = any.add(users::Column::Id.eq(user_id));
        }
        if !clinics.is_empty() {
            any = any.add(
                users::Column::Id.in_subquery(
                    Query::select()
                        .column(user_clinic_access::Column::UserId)
                        .from(user_clinic_access::Entity)
                        .and_where(user_clinic_access::Column::ClinicId.is_in(clinics.iter().copied()))
                        .to_owned(),
                ),
            );
        }
        any
    }
    fn id_of(model: &Self::Model) -> Uuid {
        model.id
    }
    fn id_condition(id: Uuid) -> Condition {
        Condition::all().add(users::Column::Id.eq(id))
    }
    fn ids_condition(ids: &[Uuid]) -> Condition {
        Condition::all().add(users::Column::Id.is_in(ids.iter().copied()))
    }
}

/// `SELECT id FROM slack_workspaces WHERE clinic_id IN (...)`.
fn workspaces_of(clinics: &[Uuid]) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(slack_workspaces::Column::Id)
        .from(slack_workspaces::Entity)
        .and_where(slack_workspaces::Column::ClinicId.is_in(clinics.iter().copied()))
        .to_owned()
}

/// `SELECT id FROM slack_channels WHERE workspace_id IN (<workspaces_of>)`.
fn channels_of(clinics: &[Uuid]) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(slack_channels::Column::Id)
        .from(slack_channels::Entity)
        .and_where(slack_channels::Column::WorkspaceId.in_subquery(workspaces_of(clinics)))
        .to_owned()
}

impl TenantScoped for slack_channels::Entity {
    const RESOURCE: Resource = Resource::SlackChannels;
    fn tenant_condition(clinics: &[Uuid], _: Uuid, _: bool, _: Action) -> Condition {
        Condition::all().add(slack_channels::Column::WorkspaceId.in_subquery(workspaces_of(clinics)))
    }
    fn id_of(model: &Self::Model) -> Uuid {
        model.id
    }
    fn id_condition(id: Uuid) -> Condition {
        Condition::all().add(slack_channels::Column::Id.eq(id))
    }
    fn ids_condition(ids: &[Uuid]) -> Condition {
        Condition::all().add(slack_channels::Column::Id.is_in(ids.iter().copied()))
    }
}

impl TenantScoped for slack_tasks::Entity {
    const RESOURCE: Resource = Resource::SlackTasks;
    fn tenant_condition(clinics: &[Uuid], _: Uuid, _: bool, _: Action) -> Condition {
        Condition::all().add(slack_tasks::Column::ChannelId.in_subquery(channels_of(clinics)))
    }
    fn id_of(model: &Self::Model) -> Uuid {
        model.id
    }
    fn id_condition(id: Uuid) -> Condition {
        Condition::all().add(slack_tasks::Column::Id.eq(id))
    }
    fn ids_condition(ids: &[Uuid]) -> Condition {
        Condition::all().add(slack_tasks::Column::Id.is_in(ids.iter().copied()))
    }
}

impl TenantScoped for slack_task_completions::Entity {
    const RESOURCE: Resource = Resource::SlackTaskCompletions;
    fn tenant_condition(clinics: &[Uuid], _: Uuid, _: bool, _: Action) -> Condition {
        Condition::all().add(
            slack_task_completions::Column::TaskId.in_subquery(
                Query::select()
                    .column(slack_tasks::Column::Id)
                    .from(slack_tasks::Entity)
                    .and_where(slack_tasks::Column::ChannelId.in_subquery(channels_of(clinics)))
                    .to_owned(),
            ),
        )
    }
    fn id_of(model: &Self::Model) -> Uuid {
        model.id
    }
    fn id_condition(id: Uuid) -> Condition {
        Condition::all().add(slack_task_completions::Column::Id.eq(id))
    }
    fn ids_condition(ids: &[Uuid]) -> Condition {
        Condition::all().add(slack_task_completions::Column::Id.is_in(ids.iter().copied()))
    }
}

impl TenantScoped for discharge_batch_items::Entity {
    const RESOURCE: Resource = Resource::DischargeBatchItems;
    fn tenant_condition(clinics: &[Uuid], _: Uuid, _: bool, _: Action) -> Condition {
        Condition::all().add(
            discharge_batch_items::Column::BatchId.in_subquery(
                Query::select()
                    .column(discharge_batches::Column::Id)
                    .from(discharge_batches::Entity)
                    .and_where(discharge_batches::Column::ClinicId.is_in(clinics.iter().copied()))
                    .to_owned(),
            ),
        )
    }
    fn id_of(model: &Self::Model) -> Uuid {
        model.id
    }
    fn id_condition(id: Uuid) -> Condition {
        Condition::all().add(discharge_batch_items::Column::Id.eq(id))
    }
    fn ids_condition(ids: &[Uuid]) -> Condition {
        Condition::all().add(discharge_batch_items::Column::Id.is_in(ids.iter().copied()))
    }
}

impl TenantScoped for auto_scheduling_runs::Entity {
    const RESOURCE: Resource = Resource::AutoSchedulingRuns;
    /// Runs are global jobs; a clinic sees the runs that scheduled something for it.
    fn tenant_condition(clinics: &[Uuid], _: Uuid, _: bool, _: Action) -> Condition {
        Condition::all().add(
            auto_scheduling_runs::Column::Id.in_subquery(
                Query::select()
                    .column(auto_scheduled_items::Column::RunId)
                    .from(auto_scheduled_items::Entity)
                    .and_where(auto_scheduled_items::Column::ClinicId.is_in(clinics.iter().copied()))
                    .to_owned(),
            ),
        )
    }
    fn id_of(model: &Self::Model) -> Uuid {
        model.id
    }
    fn id_condition(id: Uuid) -> Condition {
        Condition::all().add(auto_scheduling_runs::Column::Id.eq(id))
    }
    fn ids_condition(ids: &[Uuid]) -> Condition {
        Condition::all().add(auto_scheduling_runs::Column::Id.is_in(ids.iter().copied()))
    }
}

/// Every table the persistence layer knows, paired with its resource; a test checks that this
/// covers `entity::TABLES` and that each has a rule for every standard action.
pub const SCOPED_TABLES: &[(&str, Resource)] = &[
    ("clinics", <clinics::Entity as TenantScoped>::RESOURCE),
    ("users", <users::Entity as TenantScoped>::RESOURCE),
    ("user_clinic_access", <user_clinic_access::Entity as TenantScoped>::RESOURCE),
    ("clinic_invitations", <clinic_invitations::Entity as TenantScoped>::RESOURCE),
    ("providers", <providers::Entity as TenantScoped>::RESOURCE),
    ("clients", <clients::Entity as TenantScoped>::RESOURCE),
    ("patients", <patients::Entity as TenantScoped>::RESOURCE),
    ("pims_credentials", <pims_credentials::Entity as TenantScoped>::RESOURCE),
    ("pims_mappings", <pims_mappings::Entity as TenantScoped>::RESOURCE),
    ("pims_sync_sessions", <pims_sync_sessions::Entity as TenantScoped>::RESOURCE),
    ("pims_sync_audit_log", <pims_sync_audit_log::Entity as TenantScoped>::RESOURCE),
    ("cases", <cases::Entity as TenantScoped>::RESOURCE),
    ("soap_notes", <soap_notes::Entity as TenantScoped>::RESOURCE),
    ("discharge_summaries", <discharge_summaries::Entity as TenantScoped>::RESOURCE),
    ("vital_signs", <vital_signs::Entity as TenantScoped>::RESOURCE),
    ("outbound_calls", <outbound_calls::Entity as TenantScoped>::RESOURCE),
    ("inbound_calls", <inbound_calls::Entity as TenantScoped>::RESOURCE),
    ("call_analysis", <call_analysis::Entity as TenantScoped>::RESOURCE),
    ("outbound_emails", <outbound_emails::Entity as TenantScoped>::RESOURCE),
    ("clinic_messages", <clinic_messages::Entity as TenantScoped>::RESOURCE),
    ("refill_requests", <refill_requests::Entity as TenantScoped>::RESOURCE),
    ("schedule_appointments", <schedule_appointments::Entity as TenantScoped>::RESOURCE),
    ("vapi_bookings", <vapi_bookings::Entity as TenantScoped>::RESOURCE),
    ("clinic_schedule_config", <clinic_schedule_config::Entity as TenantScoped>::RESOURCE),
    ("clinic_blocked_periods", <clinic_blocked_periods::Entity as TenantScoped>::RESOURCE),
    ("schedule_syncs", <schedule_syncs::Entity as TenantScoped>::RESOURCE),
    ("appointment_audit_log", <appointment_audit_log::Entity as TenantScoped>::RESOURCE),
    ("vapi_assistant_mappings", <vapi_assistant_mappings::Entity as TenantScoped>::RESOURCE),
    ("clinic_settings", <clinic_settings::Entity as TenantScoped>::RESOURCE),
    ("auto_scheduling_config", <auto_scheduling_config::Entity as TenantScoped>::RESOURCE),
    ("clinic_case_type_cadence", <clinic_case_type_cadence::Entity as TenantScoped>::RESOURCE),
    ("auto_scheduling_runs", <auto_scheduling_runs::Entity as TenantScoped>::RESOURCE),
    ("auto_scheduled_items", <auto_scheduled_items::Entity as TenantScoped>::RESOURCE),
    ("discharge_batches", <discharge_batches::Entity as TenantScoped>::RESOURCE),
    ("discharge_batch_items", <discharge_batch_items::Entity as TenantScoped>::RESOURCE),
    ("soap_templates", <soap_templates::Entity as TenantScoped>::RESOURCE),
    ("discharge_templates", <discharge_templates::Entity as TenantScoped>::RESOURCE),
    ("ai_templates", <ai_templates::Entity as TenantScoped>::RESOURCE),
    ("slack_workspaces", <slack_workspaces::Entity as TenantScoped>::RESOURCE),
    ("slack_channels", <slack_channels::Entity as TenantScoped>::RESOURCE),
    ("slack_tasks", <slack_tasks::Entity as TenantScoped>::RESOURCE),
    ("slack_task_completions", <slack_task_completions::Entity as TenantScoped>::RESOURCE),
    ("waitlist_signups", <waitlist_signups::Entity as TenantScoped>::RESOURCE),
    ("contact_submissions", <contact_submissions::Entity as TenantScoped>::RESOURCE),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{self, Action};

    #[test]
    fn every_table_is_scoped_and_named_after_its_resource() {
        for table in entity::TABLES {
            let (_, resource) = SCOPED_TABLES
                .iter()
                .find(|(t, _)| t == table)
                .unwrap_or_else(|| panic!("table {table} has no TenantScoped impl listed"));
            assert_eq!(resource.table(), *table);
        }
        assert_eq!(SCOPED_TABLES.len(), entity::TABLES.len());
    }

    #[test]
    fn every_resource_has_a_rule_for_every_standard_action() {
        for resource in Resource::ALL {
            for action in Action::STANDARD {
                assert!(
                    policy::rule(resource, action).is_some(),
                    "no policy rule for {} {}",
                    resource.table(),
                    action.as_str()
                );
            }
        }
    }

    #[test]
    fn policy_has_no_duplicate_rows() {
        let mut seen = std::collections::HashSet::new();
        for (resource, action, _, _) in policy::POLICY {
            assert!(seen.insert((*resource, *action)), "duplicate rule for {resource:?} {action:?}");
        }
    }
}
