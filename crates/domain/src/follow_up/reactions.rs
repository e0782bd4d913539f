//! What the follow-up workflow does when a row it depends on changes, whichever mutation
//! changed it: the `Writer` hands every update (and every new case) to [`Change::of`], so no
//! write path can forget them.
//!
//! - A case reaching `completed` is planned (where the clinic's auto-scheduling is on).
//! - A case leaving `completed` has its live plan cancelled; a completed case whose cadence
//!   changes (its own settings, its type) is cancelled and planned again, as is every live plan
//!   of a case type whose clinic cadence changes.
//! - A client opting out has the live plans of all their cases cancelled.
//! - A call that ends unanswered is retried at the opening of the clinic's next call window, up
//!   to `clinic_settings.max_call_retries` retries, unless its plan was cancelled meanwhile or
//!   the client opted out.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;

use chrono::Utc;
use entity::enums::{CaseStatus, OutboundCallStatus, ScheduledItemStatus};
use entity::{auto_scheduled_items, cases, clients, clinic_case_type_cadence, outbound_calls};
use sea_orm::{ColumnTrait, Condition, Set};
use serde_json::json;
use uuid::Uuid;

use super::cadence::{Channel, next_opening, window_of};
use super::context::Context;
use super::plan::{
    CADENCE_CHANGED, OPTED_OUT, REOPENED, Trigger, cancel_live, discharged_at, plan_cases,
};
use crate::session::Writer;
use crate::{Action, DomainError};

/// The ends of a call that mean nobody answered (the telephony provider's `ended_reason`).
pub const UNANSWERED: &[&str] = &[
    "customer-did-not-answer",
    "customer-busy",
    "voicemail",
    "no-answer",
];

/// A change the workflow reacts to, with the rows before and after.
pub(crate) enum Change<'a> {
    Case(Option<&'a cases::Model>, &'a cases::Model),
    Client(&'a clients::Model, &'a clients::Model),
    CaseType(
        &'a clinic_case_type_cadence::Model,
        &'a clinic_case_type_cadence::Model,
    ),
    Call(&'a outbound_calls::Model, &'a outbound_calls::Model),
}

impl<'a> Change<'a> {
    /// The change a write of one row makes, when the workflow cares about it (`before` is
    /// `None` for an insert).
    pub(crate) fn of<M: Any + PartialEq>(before: Option<&'a M>, after: &'a M) -> Option<Self> {
        if before == Some(after) {
            return None;
        }
        let after: &'a dyn Any = after;
        let before: Option<&'a dyn Any> = before.map(|b| b as &dyn Any);
        if let Some(a) = after.downcast_ref::<cases::Model>() {
            return Some(Change::Case(before.and_then(|b| b.downcast_ref()), a));
        }
        let before = before?;
        if let (Some(b), Some(a)) = (before.downcast_ref(), after.downcast_ref()) {
            return Some(Change::Client(b, a));
        }
        if let (Some(b), Some(a)) = (before.downcast_ref(), after.downcast_ref()) {
            return Some(Change::CaseType(b, a));
        }
        if let (Some(b), Some(a)) = (before.downcast_ref(), after.downcast_ref()) {
            return Some(Change::Call(b, a));
        }
        None
    }
}

type Reaction<'a> = Pin<Box<dyn Future<Output = Result<(), DomainError>> + Send + 'a>>;

/// Carries out what `change` calls for, in the writer's savepoint (boxed: a reaction writes
/// through the same `Writer`, which may react again).
pub(crate) fn react<'a>(w: &'a Writer<'_>, change: Change<'a>) -> Reaction<'a> {
    Box::pin(async move {
        match change {
            Change::Case(before, after) => case_changed(w, before, after).await,
            Change::Client(before, after) => {
                let opted_out = |c: &clients::Model| c.communication_opt_out == Some(true);
                if !opted_out(before) && opted_out(after) {
                    // Locked, so that a plan of one of these cases running now either
                    // finishes first (and is cancelled here) or starts after and sees the
                    // opt-out.
                    let cases = w
                        .lock::<cases::Entity>(
                            Action::Read,
                            Condition::all().add(cases::Column::ClientId.eq(after.id)),
                        )
                        .await?;
                    let ids: Vec<Uuid> = cases.iter().map(|c| c.id).collect();
                    cancel_live(w, &ids, OPTED_OUT, Utc::now()).await?;
                }
                Ok(())
            }
            Change::CaseType(before, after) => case_type_changed(w, before, after).await,
            Change::Call(before, after) => retry_unanswered(w, before, after).await,
        }
    })
}

fn completed(case: &cases::Model) -> bool {
    case.status == Some(CaseStatus::Completed)
}

/// Whether what decides a case's follow-up changed.
fn cadence_changed(before: &cases::Model, after: &cases::Model) -> bool {
    before.r#type != after.r#type
        || before.detected_case_type != after.detected_case_type
        || before.call_enabled != after.call_enabled
        || before.email_enabled != after.email_enabled
        || before.call_delay_days != after.call_delay_days
        || before.email_delay_days != after.email_delay_days
        || before.cadence_source != after.cadence_source
}

async fn case_changed(
    w: &Writer<'_>,
    before: Option<&cases::Model>,
    after: &cases::Model,
) -> Result<(), DomainError> {
    let now = Utc::now();
    let was = before.is_some_and(completed);
    if !was && completed(after) {
        if Context::load(w, after).await?.auto_scheduling_on() {
            plan_cases(w, std::slice::from_ref(after), Trigger::Discharge, now).await?;
        }
    } else if was && !completed(after) {
        cancel_live(w, &[after.id], REOPENED, now).await?;
    } else if let Some(before) = before
        && was
        && cadence_changed(before, after)
    {
        replan(w, after, now).await?;
    }
    Ok(())
}

/// Cancels the case's live plan and plans it again from the discharge it counted from.
async fn replan(
    w: &Writer<'_>,
    case: &cases::Model,
    now: chrono::DateTime<Utc>,
) -> Result<(), DomainError> {
    let cancelled = cancel_live(w, &[case.id], CADENCE_CHANGED, now).await?;
    if let Some(first) = cancelled.first() {
        let discharged_at = discharged_at(first).unwrap_or(now);
        plan_cases(
            w,
            std::slice::from_ref(case),
            Trigger::Replan { discharged_at },
            now,
        )
        .await?;
    }
    Ok(())
}

/// A clinic's cadence for a case type changed: the live plans of its cases of that type (by
/// `type`, or by `detected_case_type` when they have none) are cancelled and planned again.
async fn case_type_changed(
    w: &Writer<'_>,
    before: &clinic_case_type_cadence::Model,
    after: &clinic_case_type_cadence::Model,
) -> Result<(), DomainError> {
    use auto_scheduled_items::Column;
    let live = w
        .all::<auto_scheduled_items::Entity>(
            Action::Read,
            Condition::all()
                .add(Column::ClinicId.eq(after.clinic_id))
                .add(Column::Status.eq(ScheduledItemStatus::Scheduled)),
        )
        .await?;
    if live.is_empty() {
        return Ok(());
    }
    let names = [before.case_type.as_str(), after.case_type.as_str()];
    let cases = w
        .all::<cases::Entity>(
            Action::Read,
            Condition::all().add(cases::Column::Id.is_in(live.iter().map(|i| i.case_id))),
        )
        .await?;
    let now = Utc::now();
    for case in cases.into_iter().filter(|c| {
        let kind = c.r#type.as_deref().or(c.detected_case_type.as_deref());
        kind.is_some_and(|k| names.contains(&k))
    }) {
        // Only where the change changes what the case gets (a case with delays of its own may
        // not notice a new delay for its type).
        let context = Context::load(w, &case).await?;
        let with = |row: &clinic_case_type_cadence::Model| {
            let applies = [case.r#type.as_deref(), case.detected_case_type.as_deref()]
                .contains(&Some(row.case_type.as_str()));
            context.cadence_with(&case, applies.then_some(row))
        };
        if with(before) != with(after) {
            replan(w, &case, now).await?;
        }
    }
    Ok(())
}

/// Whether a call's outcome means nobody answered.
pub fn unanswered(call: &outbound_calls::Model) -> bool {
    matches!(
        call.status,
        Some(OutboundCallStatus::Ended | OutboundCallStatus::Failed)
    ) && call
        .ended_reason
        .as_deref()
        .is_some_and(|reason| UNANSWERED.contains(&reason))
}

/// The attempt a call is (1 for the first; retries count up, in `metadata.follow_up.attempt`).
pub fn attempt_of(call: &outbound_calls::Model) -> i64 {
    call.metadata
        .as_ref()
        .and_then(|m| m["follow_up"]["attempt"].as_i64())
        .unwrap_or(1)
}

async fn retry_unanswered(
    w: &Writer<'_>,
    before: &outbound_calls::Model,
    after: &outbound_calls::Model,
) -> Result<(), DomainError> {
    if unanswered(before) || !unanswered(after) {
        return Ok(());
    }
    let Some(case) = w
        .fetch::<cases::Entity>(after.case_id, Action::Read)
        .await?
    else {
        return Ok(());
    };
    let context = Context::load(w, &case).await?;
    let retries = context
        .settings
        .as_ref()
        .and_then(|s| s.max_call_retries)
        .unwrap_or(3);
    let attempt = attempt_of(after);
    if attempt > i64::from(retries) || context.opted_out() {
        return Ok(());
    }
    let item = w
        .find_one::<auto_scheduled_items::Entity>(
            Action::Read,
            Condition::all().add(auto_scheduled_items::Column::OutboundCallId.eq(after.id)),
        )
        .await?;
    if item
        .as_ref()
        .is_some_and(|i| i.status != Some(ScheduledItemStatus::Scheduled))
    {
        return Ok(());
    }
    let now = Utc::now();
    let window = window_of(context.settings.as_ref(), Channel::Call);
    let retry = w
        .insert::<outbound_calls::Entity, _>(outbound_calls::ActiveModel {
            id: Set(Uuid::new_v4()),
            clinic_id: Set(after.clinic_id),
            case_id: Set(after.case_id),
            assistant_id: Set(after.assistant_id.clone()),
            outbound_phone_number_id: Set(after.outbound_phone_number_id.clone()),
            customer_phone: Set(after.customer_phone.clone()),
            scheduled_for: Set(Some(next_opening(&context.clock, window, now))),
            status: Set(Some(OutboundCallStatus::Queued)),
            metadata: Set(Some(json!({"follow_up": {
                "trigger": "retry",
                "attempt": attempt + 1,
                "retry_of": after.id,
                "test_mode": context.test_mode(),
            }}))),
            ..Default::default()
        })
        .await?;
    if let Some(item) = item {
        // The item follows the attempt still to be made, so cancelling it cancels that one.
        w.update::<auto_scheduled_items::Entity, auto_scheduled_items::ActiveModel>(
            item.id,
            Action::Update,
            |row| {
                row.outbound_call_id = Set(Some(retry.id));
                Ok(())
            },
        )
        .await?;
    }
    Ok(())
}
