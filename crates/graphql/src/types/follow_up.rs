//! The discharge follow-up workflow's mutations (`domain::follow_up`): staff plan a case's
//! follow-up, the batch job processes discharge batches, and the workers that place calls and
//! send e-mails claim what is due. Discharging a case plans it by itself (the domain reacts to
//! the write), so only the explicit request is a mutation here.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::Utc;
use domain::follow_up::cadence::Channel;
use domain::follow_up::{batch, plan};
use domain::{Action, Resource};
use entity::cases;

use crate::context::session;
use crate::errors::GqlResult;
use crate::ids;
use crate::types::automation::AutoScheduledItem;
use crate::types::automation::batch_items::DischargeBatchItem;
use crate::types::automation::batches::DischargeBatch;
use crate::types::calls::OutboundCall;
use crate::types::messaging::OutboundEmail;

/// A way of following up on a discharge.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowUpChannel {
    /// The follow-up e-mail.
    Email,
    /// The follow-up call.
    Call,
}

impl From<Channel> for FollowUpChannel {
    fn from(channel: Channel) -> Self {
        match channel {
            Channel::Email => FollowUpChannel::Email,
            Channel::Call => FollowUpChannel::Call,
        }
    }
}

/// A follow-up that was not planned, and why (the client opted out, has no e-mail address,
/// the channel is off for the case type, …).
#[derive(SimpleObject)]
pub struct SkippedFollowUp {
    pub channel: FollowUpChannel,
    pub reason: String,
}

/// The input of `planFollowUp`.
#[derive(InputObject)]
pub struct PlanFollowUpInput {
    /// The case to follow up.
    pub case_id: ID,
}

/// The result of `planFollowUp`: what is planned for the case.
#[derive(SimpleObject)]
pub struct PlanFollowUpPayload {
    /// The case's live plan (null when nothing could be planned).
    pub item: Option<AutoScheduledItem>,
    /// The e-mail this request queued (null when it queued none).
    pub outbound_email: Option<OutboundEmail>,
    /// The call this request queued (null when it queued none).
    pub outbound_call: Option<OutboundCall>,
    /// What was not planned, and why.
    pub skipped: Vec<SkippedFollowUp>,
    /// True when the case already had a live plan: nothing new was queued.
    pub already_planned: bool,
}

/// The input of `processDischargeBatch`.
#[derive(InputObject)]
pub struct ProcessDischargeBatchInput {
    pub id: ID,
    /// How many pending items to process, 1 to 200 (50 when absent).
    pub limit: Option<i32>,
}

/// The result of `processDischargeBatch`: the batch after the step and the items it recorded.
#[derive(SimpleObject)]
pub struct ProcessDischargeBatchPayload {
    pub batch: DischargeBatch,
    pub items: Vec<DischargeBatchItem>,
}

/// The input of `claimDueOutboundCalls`.
#[derive(InputObject)]
pub struct ClaimDueOutboundCallsInput {
    /// How many calls to take, 1 to 100 (10 when absent).
    pub limit: Option<i32>,
    /// Only this clinic's calls (every clinic's when absent).
    pub clinic_id: Option<ID>,
}

/// The result of `claimDueOutboundCalls`: the calls this worker now places, earliest due first.
#[derive(SimpleObject)]
pub struct ClaimDueOutboundCallsPayload {
    pub calls: Vec<OutboundCall>,
}

/// The input of `claimDueOutboundEmails`.
#[derive(InputObject)]
pub struct ClaimDueOutboundEmailsInput {
    /// How many e-mails to take, 1 to 100 (10 when absent).
    pub limit: Option<i32>,
    /// Only this clinic's e-mails (every clinic's when absent).
    pub clinic_id: Option<ID>,
}

/// The result of `claimDueOutboundEmails`: the e-mails this worker now sends, earliest due
/// first.
#[derive(SimpleObject)]
pub struct ClaimDueOutboundEmailsPayload {
    pub emails: Vec<OutboundEmail>,
}

fn clinic_of(id: Option<&ID>) -> async_graphql::Result<Option<uuid::Uuid>> {
    id.map(|id| ids::decode_as(id, Resource::Clinics))
        .transpose()
        .gql()
}

fn size(limit: Option<i32>, default: i32) -> u64 {
    u64::try_from(limit.unwrap_or(default)).unwrap_or(0)
}

#[derive(Default)]
pub struct FollowUpMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl FollowUpMutations {
    /// Plans a case's follow-up e-mail and call now (member or above), whether or not the
    /// clinic's auto-scheduling is on: the same planning a discharge runs, with the case's
    /// settings, its type's cadence, the clinic's auto-scheduling and its settings, in that
    /// order, in the clinic's preferred windows and time zone. Nobody who opted out is
    /// contacted; in test mode the clinic's test contact is. Planning a case whose plan is live
    /// queues nothing new (`alreadyPlanned`).
    async fn plan_follow_up(
        &self,
        ctx: &Context<'_>,
        input: PlanFollowUpInput,
    ) -> async_graphql::Result<PlanFollowUpPayload> {
        let case_id = ids::decode_as(&input.case_id, Resource::Cases).gql()?;
        let planned = session(ctx)?
            .atomically(async |w| {
                let case = w.load_for::<cases::Entity>(case_id, Action::Update).await?;
                let mut planned =
                    plan::plan_cases(w, &[case], plan::Trigger::Request, Utc::now()).await?;
                Ok(planned.pop())
            })
            .await
            .gql()?;
        let planned = planned.ok_or_else(|| async_graphql::Error::new("no plan was made"))?;
        Ok(PlanFollowUpPayload {
            item: planned.item.map(AutoScheduledItem::new),
            outbound_email: planned.email.map(OutboundEmail::new),
            outbound_call: planned.call.map(OutboundCall::new),
            skipped: planned
                .skipped
                .into_iter()
                .map(|(channel, reason)| SkippedFollowUp {
                    channel: channel.into(),
                    reason: reason.to_owned(),
                })
                .collect(),
            already_planned: planned.already,
        })
    }

    /// Processes up to `limit` pending items of a discharge batch, oldest first (the service
    /// only: the batch job). Each case is planned as a discharge would be, with the batch's
    /// schedule times where it sets them; each item records its result, and the batch's
    /// counters and status are recounted from its items. A cancelled batch plans nothing more:
    /// its pending items are recorded as SKIPPED. Call it until the batch is COMPLETED, PARTIAL,
    /// FAILED or CANCELLED.
    async fn process_discharge_batch(
        &self,
        ctx: &Context<'_>,
        input: ProcessDischargeBatchInput,
    ) -> async_graphql::Result<ProcessDischargeBatchPayload> {
        let id = ids::decode_as(&input.id, Resource::DischargeBatches).gql()?;
        let limit = size(input.limit, 50);
        let done = session(ctx)?
            .atomically(async |w| batch::process(w, id, limit, Utc::now()).await)
            .await
            .gql()?;
        Ok(ProcessDischargeBatchPayload {
            batch: DischargeBatch::new(done.batch),
            items: done
                .items
                .into_iter()
                .map(DischargeBatchItem::new)
                .collect(),
        })
    }

    /// Claims up to `limit` queued outbound calls whose `scheduledFor` has come, earliest due
    /// first (service only: the workers that place calls). Each becomes IN_PROGRESS with
    /// `startedAt` now. Concurrent workers never get the same call: a call another worker is
    /// claiming is skipped. Record the outcome with `recordOutboundCallResult`; a call that
    /// ends unanswered is retried at the opening of the clinic's next call window, up to the
    /// clinic's `maxCallRetries`.
    async fn claim_due_outbound_calls(
        &self,
        ctx: &Context<'_>,
        input: ClaimDueOutboundCallsInput,
    ) -> async_graphql::Result<ClaimDueOutboundCallsPayload> {
        let clinic_id = clinic_of(input.clinic_id.as_ref())?;
        let limit = size(input.limit, 10);
        let calls = session(ctx)?
            .atomically(async |w| {
                domain::follow_up::claim_due_calls(w, clinic_id, limit, Utc::now()).await
            })
            .await
            .gql()?;
        Ok(ClaimDueOutboundCallsPayload {
            calls: calls.into_iter().map(OutboundCall::new).collect(),
        })
    }

    /// Claims up to `limit` queued e-mails whose `scheduledFor` has come, earliest due first
    /// (service only: the workers that send e-mails). Each becomes SENDING; concurrent workers
    /// never get the same e-mail. Record the provider's answer with
    /// `recordOutboundEmailResult`.
    async fn claim_due_outbound_emails(
        &self,
        ctx: &Context<'_>,
        input: ClaimDueOutboundEmailsInput,
    ) -> async_graphql::Result<ClaimDueOutboundEmailsPayload> {
        let clinic_id = clinic_of(input.clinic_id.as_ref())?;
        let limit = size(input.limit, 10);
        let emails = session(ctx)?
            .atomically(async |w| {
                domain::follow_up::claim_due_emails(w, clinic_id, limit, Utc::now()).await
            })
            .await
            .gql()?;
        Ok(ClaimDueOutboundEmailsPayload {
            emails: emails.into_iter().map(OutboundEmail::new).collect(),
        })
    }
}
