//! The Relay `Node` interface: every row type has an opaque global `id`, and `node(id:)` /
//! `nodes(ids:)` fetch any row by it, through the same tenant-scoped reads as everything
//! else (another clinic's id answers NOT_FOUND).

use async_graphql::{Context, ID, Interface, Object};
use domain::tenancy::TenantScoped;
use domain::{DomainError, Session};
use entity::*;
use uuid::Uuid;

use crate::context::session;
use crate::errors::to_gql;
use crate::guard::SignedIn;
use crate::ids;
use crate::types::clinic::Clinic;
use crate::types::automation::AutoScheduledItem;
use crate::types::automation::AutoSchedulingRun;
use crate::types::automation::batches::DischargeBatch;
use crate::types::automation::batch_items::DischargeBatchItem;
use crate::types::bookings::AppointmentAuditEntry;
use crate::types::bookings::Booking;
use crate::types::bookings::ScheduleSync;
use crate::types::calls::CallAnalysis;
use crate::types::calls::InboundCall;
use crate::types::calls::OutboundCall;
use crate::types::cases::Case;
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
use crate::types::slack::tasks::SlackTask;
use crate::types::slack::tasks::SlackTaskCompletion;
use crate::types::slack::SlackWorkspace;
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

async fn get<E: TenantScoped>(session: &Session, id: Uuid) -> Result<E::Model, DomainError>
where
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    session.get::<E>(id).await
}

/// The row behind a global id, or NOT_FOUND.
async fn resolve(session: &Session, id: &ID) -> Result<Node, DomainError> {
    let (kind, uuid) = ids::decode_any(id)?;
    Ok(match kind.as_str() {
        "Clinic" => Node::Clinic(Clinic::from(get::<clinics::Entity>(session, uuid).await?)),
        "AiTemplate" => Node::AiTemplate(AiTemplate(get::<ai_templates::Entity>(session, uuid).await?)),
        "Appointment" => Node::Appointment(Appointment(get::<schedule_appointments::Entity>(session, uuid).await?)),
        "AppointmentAuditEntry" => Node::AppointmentAuditEntry(AppointmentAuditEntry(get::<appointment_audit_log::Entity>(session, uuid).await?)),
        "AssistantMapping" => Node::AssistantMapping(AssistantMapping(get::<vapi_assistant_mappings::Entity>(session, uuid).await?)),
        "AuditEvent" => Node::AuditEvent(AuditEvent(get::<audit_events::Entity>(session, uuid).await?)),
        "AutoScheduledItem" => Node::AutoScheduledItem(AutoScheduledItem(get::<auto_scheduled_items::Entity>(session, uuid).await?)),
        "AutoSchedulingConfig" => Node::AutoSchedulingConfig(AutoSchedulingConfig(get::<auto_scheduling_config::Entity>(session, uuid).await?)),
        "AutoSchedulingRun" => Node::AutoSchedulingRun(AutoSchedulingRun(get::<auto_scheduling_runs::Entity>(session, uuid).await?)),
        "BlockedPeriod" => Node::BlockedPeriod(BlockedPeriod(get::<clinic_blocked_periods::Entity>(session, uuid).await?)),
        "Booking" => Node::Booking(Booking(get::<vapi_bookings::Entity>(session, uuid).await?)),
        "CallAnalysis" => Node::CallAnalysis(CallAnalysis(get::<call_analysis::Entity>(session, uuid).await?)),
        "Case" => Node::Case(Case(get::<cases::Entity>(session, uuid).await?)),
        "CaseTypeCadence" => Node::CaseTypeCadence(CaseTypeCadence(get::<clinic_case_type_cadence::Entity>(session, uuid).await?)),
        "Client" => Node::Client(Client(get::<clients::Entity>(session, uuid).await?)),
        "ClinicMessage" => Node::ClinicMessage(ClinicMessage(get::<clinic_messages::Entity>(session, uuid).await?)),
        "ClinicSettings" => Node::ClinicSettings(ClinicSettings(get::<clinic_settings::Entity>(session, uuid).await?)),
        "ContactSubmission" => Node::ContactSubmission(ContactSubmission(get::<contact_submissions::Entity>(session, uuid).await?)),
        "DischargeBatch" => Node::DischargeBatch(DischargeBatch(get::<discharge_batches::Entity>(session, uuid).await?)),
        "DischargeBatchItem" => Node::DischargeBatchItem(DischargeBatchItem(get::<discharge_batch_items::Entity>(session, uuid).await?)),
        "DischargeSummary" => Node::DischargeSummary(DischargeSummary(get::<discharge_summaries::Entity>(session, uuid).await?)),
        "DischargeTemplate" => Node::DischargeTemplate(DischargeTemplate(get::<discharge_templates::Entity>(session, uuid).await?)),
        "InboundCall" => Node::InboundCall(InboundCall(get::<inbound_calls::Entity>(session, uuid).await?)),
        "Invitation" => Node::Invitation(Invitation(get::<clinic_invitations::Entity>(session, uuid).await?)),
        "Membership" => Node::Membership(Membership(get::<user_clinic_access::Entity>(session, uuid).await?)),
        "OutboundCall" => Node::OutboundCall(OutboundCall(get::<outbound_calls::Entity>(session, uuid).await?)),
        "OutboundEmail" => Node::OutboundEmail(OutboundEmail(get::<outbound_emails::Entity>(session, uuid).await?)),
        "Patient" => Node::Patient(Patient(get::<patients::Entity>(session, uuid).await?)),
        "PimsCredential" => Node::PimsCredential(PimsCredential(get::<pims_credentials::Entity>(session, uuid).await?)),
        "PimsMapping" => Node::PimsMapping(PimsMapping(get::<pims_mappings::Entity>(session, uuid).await?)),
        "PimsSyncAuditEntry" => Node::PimsSyncAuditEntry(PimsSyncAuditEntry(get::<pims_sync_audit_log::Entity>(session, uuid).await?)),
        "PimsSyncSession" => Node::PimsSyncSession(PimsSyncSession(get::<pims_sync_sessions::Entity>(session, uuid).await?)),
        "Provider" => Node::Provider(Provider(get::<providers::Entity>(session, uuid).await?)),
        "RefillRequest" => Node::RefillRequest(RefillRequest(get::<refill_requests::Entity>(session, uuid).await?)),
        "ScheduleConfig" => Node::ScheduleConfig(ScheduleConfig(get::<clinic_schedule_config::Entity>(session, uuid).await?)),
        "ScheduleSync" => Node::ScheduleSync(ScheduleSync(get::<schedule_syncs::Entity>(session, uuid).await?)),
        "SlackChannel" => Node::SlackChannel(SlackChannel(get::<slack_channels::Entity>(session, uuid).await?)),
        "SlackTask" => Node::SlackTask(SlackTask(get::<slack_tasks::Entity>(session, uuid).await?)),
        "SlackTaskCompletion" => Node::SlackTaskCompletion(SlackTaskCompletion(get::<slack_task_completions::Entity>(session, uuid).await?)),
        "SlackWorkspace" => Node::SlackWorkspace(SlackWorkspace(get::<slack_workspaces::Entity>(session, uuid).await?)),
        "SoapNote" => Node::SoapNote(SoapNote(get::<soap_notes::Entity>(session, uuid).await?)),
        "SoapTemplate" => Node::SoapTemplate(SoapTemplate(get::<soap_templates::Entity>(session, uuid).await?)),
        "User" => Node::User(User(get::<users::Entity>(session, uuid).await?)),
        "VitalSigns" => Node::VitalSigns(VitalSigns(get::<vital_signs::Entity>(session, uuid).await?)),
        "WaitlistSignup" => Node::WaitlistSignup(WaitlistSignup(get::<waitlist_signups::Entity>(session, uuid).await?)),
        _ => return Err(DomainError::NotFound("node")),
    })
}

#[derive(Default)]
pub struct NodeQuery;

#[Object(guard = "SignedIn")]
impl NodeQuery {
    /// Any row by its global id; NOT_FOUND unless the caller may read it.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Node> {
        resolve(session(ctx)?, &id).await.map_err(|e| to_gql(&e))
    }

    /// Several rows by global id (at most 100), in the order asked; null where not found.
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > 100 {
            return Err(to_gql(&DomainError::bad_input("ids", "at most 100 ids at a time")));
        }
        let session = session(ctx)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            match resolve(session, id).await {
                Ok(node) => out.push(Some(node)),
                Err(DomainError::NotFound(_)) => out.push(None),
                Err(err) => return Err(to_gql(&err)),
            }
        }
        Ok(out)
    }
}
