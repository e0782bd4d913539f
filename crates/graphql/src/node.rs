//! The Relay `Node` interface: every row type has an opaque global `id`, and `node(id:)` /
//! `nodes(ids:)` fetch any row by it, through the request's `ByIdLoader`s: the same
//! tenant-scoped reads as everything else (another clinic's id answers NOT_FOUND), one
//! statement per type however many ids are asked. Every resource of the registry has its
//! arm in `node_types!` (the match it expands to is exhaustive over `Resource`, so a table
//! without one does not compile), and a global id's type name is resolved through the
//! registry (`ids::decode_row`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use async_graphql::{Context, ID, Interface, Object};
use domain::tenancy::TenantScoped;
use domain::{DomainError, Resource, Session};
use entity::*;
use uuid::Uuid;

use crate::context::loaders;
use crate::errors::to_gql;
use crate::guard::SignedIn;
use crate::ids;
use crate::loaders::Loaders;
use crate::types::automation::AutoScheduledItem;
use crate::types::automation::AutoSchedulingRun;
use crate::types::automation::batch_items::DischargeBatchItem;
use crate::types::automation::batches::DischargeBatch;
use crate::types::bookings::AppointmentAuditEntry;
use crate::types::bookings::Booking;
use crate::types::bookings::ScheduleSync;
use crate::types::calls::CallAnalysis;
use crate::types::calls::InboundCall;
use crate::types::calls::OutboundCall;
use crate::types::cases::Case;
use crate::types::clinic::Clinic;
use crate::types::identity::Membership;
use crate::types::identity::User;
use crate::types::messaging::ClinicMessage;
use crate::types::messaging::OutboundEmail;
use crate::types::messaging::RefillRequest;
use crate::types::notes::DischargeSummary;
use crate::types::notes::SoapNote;
use crate::types::notes::VitalSigns;
use crate::types::operations::AuditEvent;
use crate::types::people::Client;
use crate::types::people::Patient;
use crate::types::pims::PimsCredential;
use crate::types::pims::mappings::PimsMapping;
use crate::types::pims::sync::PimsSyncAuditEntry;
use crate::types::pims::sync::PimsSyncSession;
use crate::types::public::ContactSubmission;
use crate::types::public::WaitlistSignup;
use crate::types::scheduling::Appointment;
use crate::types::settings::AssistantMapping;
use crate::types::settings::AutoSchedulingConfig;
use crate::types::settings::BlockedPeriod;
use crate::types::settings::CaseTypeCadence;
use crate::types::settings::ClinicSettings;
use crate::types::settings::ScheduleConfig;
use crate::types::slack::SlackChannel;
use crate::types::slack::SlackWorkspace;
use crate::types::slack::tasks::SlackTask;
use crate::types::slack::tasks::SlackTaskCompletion;
use crate::types::staff::Invitation;
use crate::types::staff::providers::Provider;
use crate::types::templates::AiTemplate;
use crate::types::templates::DischargeTemplate;
use crate::types::templates::SoapTemplate;

/// The `Node` interface and the load of a row by resource, from one list: each resource, the
/// GraphQL type of its rows, its entity, and the constructor of the type from a model.
macro_rules! node_types {
    ($($resource:ident => $variant:ident($entity:ident, $wrap:expr),)*) => {
        /// Anything with a global id.
        #[derive(Interface)]
        #[graphql(field(name = "id", ty = "ID"))]
        pub enum Node {
            $($variant($variant),)*
        }

        /// The load of the row of `resource` with id `uuid`.
        fn request(loaders: &Loaders, resource: Resource, uuid: Uuid) -> Pending<'static> {
            match resource {
                $(Resource::$resource => load::<$entity::Entity>(loaders, uuid, |m| {
                    Node::$variant($wrap(m))
                }),)*
            }
        }

        /// The resource each arm's entity is scoped as (a test holds it to the arm's resource).
        /// Deletes the row `id` of `resource` in a savepoint, as the caller (the `Writer`
        /// checks the table's delete rule in the row's clinic and audits the row).
        pub(crate) async fn delete_row(
            session: &Session,
            resource: Resource,
            id: Uuid,
        ) -> Result<(), DomainError> {
            match resource {
                $(Resource::$resource => session
                    .atomically(async |w| w.delete::<$entity::Entity>(id).await.map(drop))
                    .await,)*
            }
        }

        /// Registers the payload of `archive<Type>` for `resource` (`row_mutations`).
        pub(crate) fn register_archived(
            registry: &mut async_graphql::registry::Registry,
            resource: Resource,
        ) -> String {
            match resource {
                $(Resource::$resource => {
                    crate::row_mutations::register_archived::<$entity::Entity>(registry)
                })*
            }
        }

        /// Archives the row `id` of `resource` and answers the field's payload
        /// (`row_mutations::archive`).
        pub(crate) async fn archive_row(
            ctx: &Context<'_>,
            resource: Resource,
            id: Uuid,
        ) -> async_graphql::ServerResult<async_graphql::Value> {
            match resource {
                $(Resource::$resource => {
                    crate::row_mutations::archive::<$entity::Entity>(ctx, id).await
                })*
            }
        }

        /// The generated create and update mutations of `resource` (`Exposed::WRITES`).
        pub(crate) fn writes_of(resource: Resource) -> &'static crate::row::Writes {
            match resource {
                $(Resource::$resource => <$entity::Entity as crate::row::Exposed>::WRITES,)*
            }
        }

        /// Registers the input fields and the payload of `op` on `resource`.
        pub(crate) fn register_write(
            registry: &mut async_graphql::registry::Registry,
            resource: Resource,
            op: crate::row_writes::Op,
        ) -> (Vec<async_graphql::registry::MetaInputValue>, String) {
            match resource {
                $(Resource::$resource => {
                    crate::row_writes::register_write::<$entity::Entity>(registry, op)
                })*
            }
        }

        /// Runs `op` on `resource` with the field's input (`row_writes::write`).
        pub(crate) async fn write_row(
            ctx: &Context<'_>,
            resource: Resource,
            op: crate::row_writes::Op,
            input: async_graphql::Value,
        ) -> async_graphql::ServerResult<async_graphql::Value> {
            match resource {
                $(Resource::$resource => {
                    crate::row_writes::write::<$entity::Entity>(ctx, op, input).await
                })*
            }
        }

        /// A row an input refers to (`row_writes::referenced`).
        pub(crate) async fn referenced_row(
            w: &domain::session::Writer<'_>,
            resource: Resource,
            id: Uuid,
            clinic: Option<Uuid>,
            same: Option<&str>,
        ) -> Result<Option<crate::row_writes::Referenced>, DomainError> {
            match resource {
                $(Resource::$resource => {
                    crate::row_writes::referenced::<$entity::Entity>(w, id, clinic, same).await
                })*
            }
        }

        /// The foreign keys of every table, from its entity's relations (`row::points_at`).
        pub(crate) fn foreign_keys() -> std::collections::HashMap<Resource, Vec<(String, Resource)>> {
            [$((Resource::$resource, crate::row::foreign_keys_of::<$entity::Entity>()),)*]
                .into_iter()
                .collect()
        }

        /// The root list of `Query` declared for `resource`.
        pub fn root_of(resource: Resource) -> Option<&'static crate::row::RootList> {
            match resource {
                $(Resource::$resource => <$entity::Entity as crate::row::Exposed>::ROOT,)*
            }
        }

        /// The lists of child rows declared on the rows of `resource`.
        pub fn children_of(resource: Resource) -> &'static [crate::row::Children] {
            match resource {
                $(Resource::$resource => <$entity::Entity as crate::row::Exposed>::CHILDREN,)*
            }
        }

        pub fn entity_resource(resource: Resource) -> Resource {
            match resource {
                $(Resource::$resource => <$entity::Entity as TenantScoped>::RESOURCE,)*
            }
        }
    };
}

node_types! {
    Clinics => Clinic(clinics, Clinic::new),
    AiTemplates => AiTemplate(ai_templates, AiTemplate::new),
    ScheduleAppointments => Appointment(schedule_appointments, Appointment::new),
    AppointmentAuditLog => AppointmentAuditEntry(appointment_audit_log, AppointmentAuditEntry::new),
    VapiAssistantMappings => AssistantMapping(vapi_assistant_mappings, AssistantMapping::new),
    AuditEvents => AuditEvent(audit_events, AuditEvent::new),
    AutoScheduledItems => AutoScheduledItem(auto_scheduled_items, AutoScheduledItem::new),
    AutoSchedulingConfig => AutoSchedulingConfig(auto_scheduling_config, AutoSchedulingConfig::new),
    AutoSchedulingRuns => AutoSchedulingRun(auto_scheduling_runs, AutoSchedulingRun::new),
    ClinicBlockedPeriods => BlockedPeriod(clinic_blocked_periods, BlockedPeriod::new),
    VapiBookings => Booking(vapi_bookings, Booking::new),
    CallAnalysis => CallAnalysis(call_analysis, CallAnalysis::new),
    Cases => Case(cases, Case::new),
    ClinicCaseTypeCadence => CaseTypeCadence(clinic_case_type_cadence, CaseTypeCadence::new),
    Clients => Client(clients, Client::new),
    ClinicMessages => ClinicMessage(clinic_messages, ClinicMessage::new),
    ClinicSettings => ClinicSettings(clinic_settings, ClinicSettings::new),
    ContactSubmissions => ContactSubmission(contact_submissions, ContactSubmission::new),
    DischargeBatches => DischargeBatch(discharge_batches, DischargeBatch::new),
    DischargeBatchItems => DischargeBatchItem(discharge_batch_items, DischargeBatchItem::new),
    DischargeSummaries => DischargeSummary(discharge_summaries, DischargeSummary::new),
    DischargeTemplates => DischargeTemplate(discharge_templates, DischargeTemplate::new),
    InboundCalls => InboundCall(inbound_calls, InboundCall::new),
    ClinicInvitations => Invitation(clinic_invitations, Invitation::new),
    UserClinicAccess => Membership(user_clinic_access, Membership::new),
    OutboundCalls => OutboundCall(outbound_calls, OutboundCall::new),
    OutboundEmails => OutboundEmail(outbound_emails, OutboundEmail::new),
    Patients => Patient(patients, Patient::new),
    PimsCredentials => PimsCredential(pims_credentials, PimsCredential::new),
    PimsMappings => PimsMapping(pims_mappings, PimsMapping::new),
    PimsSyncAuditLog => PimsSyncAuditEntry(pims_sync_audit_log, PimsSyncAuditEntry::new),
    PimsSyncSessions => PimsSyncSession(pims_sync_sessions, PimsSyncSession::new),
    Providers => Provider(providers, Provider::new),
    RefillRequests => RefillRequest(refill_requests, RefillRequest::new),
    ClinicScheduleConfig => ScheduleConfig(clinic_schedule_config, ScheduleConfig::new),
    ScheduleSyncs => ScheduleSync(schedule_syncs, ScheduleSync::new),
    SlackChannels => SlackChannel(slack_channels, SlackChannel::new),
    SlackTasks => SlackTask(slack_tasks, SlackTask::new),
    SlackTaskCompletions => SlackTaskCompletion(slack_task_completions, SlackTaskCompletion::new),
    SlackWorkspaces => SlackWorkspace(slack_workspaces, SlackWorkspace::new),
    SoapNotes => SoapNote(soap_notes, SoapNote::new),
    SoapTemplates => SoapTemplate(soap_templates, SoapTemplate::new),
    Users => User(users, User::new),
    VitalSigns => VitalSigns(vital_signs, VitalSigns::new),
    WaitlistSignups => WaitlistSignup(waitlist_signups, WaitlistSignup::new),
}

/// The future of the row behind a global id (`None`: the caller cannot see it).
type RowFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<Node>, Arc<DomainError>>> + Send + 'a>>;

/// A row being loaded for a global id: the noun for its NOT_FOUND, and the future of the row.
struct Pending<'a> {
    noun: &'static str,
    row: RowFuture<'a>,
}

/// Enqueues the id with the request's `ByIdLoader<E>` now (tenant-scoped through
/// `Session::query`), so all ids of one `nodes(ids:)` are loaded in one statement per type.
fn load<E>(loaders: &Loaders, id: Uuid, wrap: fn(E::Model) -> Node) -> Pending<'static>
where
    E: TenantScoped,
    E::Model: Sync,
{
    let row = loaders.enqueue_one::<E>(id);
    Pending {
        noun: E::RESOURCE.noun(),
        row: Box::pin(async move { Ok(row.await?.map(wrap)) }),
    }
}

#[derive(Default)]
pub struct NodeQuery;

#[Object(guard = "SignedIn")]
impl NodeQuery {
    /// Any row by its global id; NOT_FOUND unless the caller may read it.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Node> {
        let Some((resource, uuid)) = ids::decode_row(&id).map_err(|e| to_gql(&e))? else {
            return Err(to_gql(&DomainError::NotFound("node")));
        };
        let pending = request(loaders(ctx)?, resource, uuid);
        match pending.row.await {
            Ok(Some(node)) => Ok(node),
            Ok(None) => Err(to_gql(&DomainError::NotFound(pending.noun))),
            Err(err) => Err(to_gql(&err)),
        }
    }

    /// Several rows by global id (at most 100), in the order asked; null where not found.
    // All ids are enqueued before any is awaited, so they cost one statement per type.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > 100 {
            return Err(to_gql(&DomainError::bad_input(
                "ids",
                "at most 100 ids at a time",
            )));
        }
        let loaders = loaders(ctx)?;
        let mut pending = Vec::with_capacity(ids.len());
        for id in &ids {
            let row = ids::decode_row(id).map_err(|e| to_gql(&e))?;
            pending.push(row.map(|(resource, uuid)| request(loaders, resource, uuid)));
        }
        let mut out = Vec::with_capacity(pending.len());
        for load in pending {
            out.push(match load {
                Some(load) => load.row.await.map_err(|e| to_gql(&e))?,
                None => None,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use domain::Resource;

    /// Each arm loads the entity of its own resource (a copied arm with the wrong entity would
    /// load another table's row for an id).
    #[test]
    fn every_arm_loads_its_own_resource() {
        for resource in Resource::ALL {
            assert_eq!(super::entity_resource(resource), resource);
        }
    }
}
