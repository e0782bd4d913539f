//! The Relay `Node` interface: every row type has an opaque global `id`, and `node(id:)` /
//! `nodes(ids:)` fetch any row by it, through the request's `ByIdLoader`s: the same
//! tenant-scoped reads as everything else (another clinic's id answers NOT_FOUND), one
//! statement per type however many ids are asked.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use async_graphql::{Context, ID, Interface, Object};
use domain::DomainError;
use domain::tenancy::TenantScoped;
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

/// Anything with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    Clinic(Clinic),
    AiTemplate(AiTemplate),
    Appointment(Appointment),
    AppointmentAuditEntry(AppointmentAuditEntry),
    AssistantMapping(AssistantMapping),
    AuditEvent(AuditEvent),
    AutoScheduledItem(AutoScheduledItem),
    AutoSchedulingConfig(AutoSchedulingConfig),
    AutoSchedulingRun(AutoSchedulingRun),
    BlockedPeriod(BlockedPeriod),
    Booking(Booking),
    CallAnalysis(CallAnalysis),
    Case(Case),
    CaseTypeCadence(CaseTypeCadence),
    Client(Client),
    ClinicMessage(ClinicMessage),
    ClinicSettings(ClinicSettings),
    ContactSubmission(ContactSubmission),
    DischargeBatch(DischargeBatch),
    DischargeBatchItem(DischargeBatchItem),
    DischargeSummary(DischargeSummary),
    DischargeTemplate(DischargeTemplate),
    InboundCall(InboundCall),
    Invitation(Invitation),
    Membership(Membership),
    OutboundCall(OutboundCall),
    OutboundEmail(OutboundEmail),
    Patient(Patient),
    PimsCredential(PimsCredential),
    PimsMapping(PimsMapping),
    PimsSyncAuditEntry(PimsSyncAuditEntry),
    PimsSyncSession(PimsSyncSession),
    Provider(Provider),
    RefillRequest(RefillRequest),
    ScheduleConfig(ScheduleConfig),
    ScheduleSync(ScheduleSync),
    SlackChannel(SlackChannel),
    SlackTask(SlackTask),
    SlackTaskCompletion(SlackTaskCompletion),
    SlackWorkspace(SlackWorkspace),
    SoapNote(SoapNote),
    SoapTemplate(SoapTemplate),
    User(User),
    VitalSigns(VitalSigns),
    WaitlistSignup(WaitlistSignup),
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

/// The load of the row behind a global id of type `kind`; `None` for a type that has no rows.
fn request(loaders: &Loaders, kind: &str, uuid: Uuid) -> Option<Pending<'static>> {
    Some(match kind {
        "Clinic" => load::<clinics::Entity>(loaders, uuid, |m| Node::Clinic(Clinic::from(m))),
        "AiTemplate" => {
            load::<ai_templates::Entity>(loaders, uuid, |m| Node::AiTemplate(AiTemplate(m)))
        }
        "Appointment" => load::<schedule_appointments::Entity>(loaders, uuid, |m| {
            Node::Appointment(Appointment(m))
        }),
        "AppointmentAuditEntry" => load::<appointment_audit_log::Entity>(loaders, uuid, |m| {
            Node::AppointmentAuditEntry(AppointmentAuditEntry(m))
        }),
        "AssistantMapping" => load::<vapi_assistant_mappings::Entity>(loaders, uuid, |m| {
            Node::AssistantMapping(AssistantMapping(m))
        }),
        "AuditEvent" => {
            load::<audit_events::Entity>(loaders, uuid, |m| Node::AuditEvent(AuditEvent(m)))
        }
        "AutoScheduledItem" => load::<auto_scheduled_items::Entity>(loaders, uuid, |m| {
            Node::AutoScheduledItem(AutoScheduledItem(m))
        }),
        "AutoSchedulingConfig" => load::<auto_scheduling_config::Entity>(loaders, uuid, |m| {
            Node::AutoSchedulingConfig(AutoSchedulingConfig(m))
        }),
        "AutoSchedulingRun" => load::<auto_scheduling_runs::Entity>(loaders, uuid, |m| {
            Node::AutoSchedulingRun(AutoSchedulingRun(m))
        }),
        "BlockedPeriod" => load::<clinic_blocked_periods::Entity>(loaders, uuid, |m| {
            Node::BlockedPeriod(BlockedPeriod(m))
        }),
        "Booking" => load::<vapi_bookings::Entity>(loaders, uuid, |m| Node::Booking(Booking(m))),
        "CallAnalysis" => {
            load::<call_analysis::Entity>(loaders, uuid, |m| Node::CallAnalysis(CallAnalysis(m)))
        }
        "Case" => load::<cases::Entity>(loaders, uuid, |m| Node::Case(Case(m))),
        "CaseTypeCadence" => load::<clinic_case_type_cadence::Entity>(loaders, uuid, |m| {
            Node::CaseTypeCadence(CaseTypeCadence(m))
        }),
        "Client" => load::<clients::Entity>(loaders, uuid, |m| Node::Client(Client(m))),
        "ClinicMessage" => load::<clinic_messages::Entity>(loaders, uuid, |m| {
            Node::ClinicMessage(ClinicMessage(m))
        }),
        "ClinicSettings" => load::<clinic_settings::Entity>(loaders, uuid, |m| {
            Node::ClinicSettings(ClinicSettings(m))
        }),
        "ContactSubmission" => load::<contact_submissions::Entity>(loaders, uuid, |m| {
            Node::ContactSubmission(ContactSubmission(m))
        }),
        "DischargeBatch" => load::<discharge_batches::Entity>(loaders, uuid, |m| {
            Node::DischargeBatch(DischargeBatch(m))
        }),
        "DischargeBatchItem" => load::<discharge_batch_items::Entity>(loaders, uuid, |m| {
            Node::DischargeBatchItem(DischargeBatchItem(m))
        }),
        "DischargeSummary" => load::<discharge_summaries::Entity>(loaders, uuid, |m| {
            Node::DischargeSummary(DischargeSummary(m))
        }),
        "DischargeTemplate" => load::<discharge_templates::Entity>(loaders, uuid, |m| {
            Node::DischargeTemplate(DischargeTemplate(m))
        }),
        "InboundCall" => {
            load::<inbound_calls::Entity>(loaders, uuid, |m| Node::InboundCall(InboundCall(m)))
        }
        "Invitation" => {
            load::<clinic_invitations::Entity>(loaders, uuid, |m| Node::Invitation(Invitation(m)))
        }
        "Membership" => {
            load::<user_clinic_access::Entity>(loaders, uuid, |m| Node::Membership(Membership(m)))
        }
        "OutboundCall" => {
            load::<outbound_calls::Entity>(loaders, uuid, |m| Node::OutboundCall(OutboundCall(m)))
        }
        "OutboundEmail" => load::<outbound_emails::Entity>(loaders, uuid, |m| {
            Node::OutboundEmail(OutboundEmail(m))
        }),
        "Patient" => load::<patients::Entity>(loaders, uuid, |m| Node::Patient(Patient(m))),
        "PimsCredential" => load::<pims_credentials::Entity>(loaders, uuid, |m| {
            Node::PimsCredential(PimsCredential(m))
        }),
        "PimsMapping" => {
            load::<pims_mappings::Entity>(loaders, uuid, |m| Node::PimsMapping(PimsMapping(m)))
        }
        "PimsSyncAuditEntry" => load::<pims_sync_audit_log::Entity>(loaders, uuid, |m| {
            Node::PimsSyncAuditEntry(PimsSyncAuditEntry(m))
        }),
        "PimsSyncSession" => load::<pims_sync_sessions::Entity>(loaders, uuid, |m| {
            Node::PimsSyncSession(PimsSyncSession(m))
        }),
        "Provider" => load::<providers::Entity>(loaders, uuid, |m| Node::Provider(Provider(m))),
        "RefillRequest" => load::<refill_requests::Entity>(loaders, uuid, |m| {
            Node::RefillRequest(RefillRequest(m))
        }),
        "ScheduleConfig" => load::<clinic_schedule_config::Entity>(loaders, uuid, |m| {
            Node::ScheduleConfig(ScheduleConfig(m))
        }),
        "ScheduleSync" => {
            load::<schedule_syncs::Entity>(loaders, uuid, |m| Node::ScheduleSync(ScheduleSync(m)))
        }
        "SlackChannel" => {
            load::<slack_channels::Entity>(loaders, uuid, |m| Node::SlackChannel(SlackChannel(m)))
        }
        "SlackTask" => {
            load::<slack_tasks::Entity>(loaders, uuid, |m| Node::SlackTask(SlackTask(m)))
        }
        "SlackTaskCompletion" => load::<slack_task_completions::Entity>(loaders, uuid, |m| {
            Node::SlackTaskCompletion(SlackTaskCompletion(m))
        }),
        "SlackWorkspace" => load::<slack_workspaces::Entity>(loaders, uuid, |m| {
            Node::SlackWorkspace(SlackWorkspace(m))
        }),
        "SoapNote" => load::<soap_notes::Entity>(loaders, uuid, |m| Node::SoapNote(SoapNote(m))),
        "SoapTemplate" => {
            load::<soap_templates::Entity>(loaders, uuid, |m| Node::SoapTemplate(SoapTemplate(m)))
        }
        "User" => load::<users::Entity>(loaders, uuid, |m| Node::User(User(m))),
        "VitalSigns" => {
            load::<vital_signs::Entity>(loaders, uuid, |m| Node::VitalSigns(VitalSigns(m)))
        }
        "WaitlistSignup" => load::<waitlist_signups::Entity>(loaders, uuid, |m| {
            Node::WaitlistSignup(WaitlistSignup(m))
        }),
        _ => return None,
    })
}

#[derive(Default)]
pub struct NodeQuery;

#[Object(guard = "SignedIn")]
impl NodeQuery {
    /// Any row by its global id; NOT_FOUND unless the caller may read it.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Node> {
        let (kind, uuid) = ids::decode_any(&id).map_err(|e| to_gql(&e))?;
        let Some(pending) = request(loaders(ctx)?, &kind, uuid) else {
            return Err(to_gql(&DomainError::NotFound("node")));
        };
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
            let (kind, uuid) = ids::decode_any(id).map_err(|e| to_gql(&e))?;
            pending.push(request(loaders, &kind, uuid));
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
