//! Planning a discharged case's follow-up: the e-mail and call `cadence` decides, addressed to
//! the client (or, in test mode, to the clinic's test contact), recorded as one
//! `auto_scheduled_items` row per case inside one `auto_scheduling_runs` row per run.
//! Planning is idempotent: a case whose plan is still live (an item `scheduled`) gets nothing
//! new. [`cancel_live`] undoes what is still queued when the case is reopened, its cadence
//! changes or the client opts out.
//!
//! Every write goes through the caller's `Writer`, under their policy and the database's
//! row-level security; the run and its items are the workflow's record of what it did, so they
//! are written as trail entries allowed by the discharge step (`Writer::insert_trail`).

use chrono::{DateTime, Utc};
use entity::enums::{EmailStatus, OutboundCallStatus, RunStatus, ScheduledItemStatus};
use entity::{auto_scheduled_items, auto_scheduling_runs, cases, outbound_calls, outbound_emails};
use sea_orm::{ColumnTrait, Condition, NotSet, Set};
use serde_json::{Value as Json, json};
use uuid::Uuid;

use super::cadence::{Channel, due_at};
use super::context::Context;
use crate::session::Writer;
use crate::{Action, DomainError, Resource};

/// What started a plan, and the times it imposes.
#[derive(Clone, Copy, Debug)]
pub enum Trigger {
    /// The case's status reached `completed` (only where the clinic's auto-scheduling is on).
    Discharge,
    /// Staff asked for the case's follow-up (`planFollowUp`), whatever the clinic's
    /// auto-scheduling switch says.
    Request,
    /// A live plan was cancelled because the case's cadence changed, and is made again from
    /// the discharge the first plan counted from.
    Replan { discharged_at: DateTime<Utc> },
    /// A discharge batch processed the case; its schedule times, when set, replace the
    /// cadence's.
    Batch {
        batch_id: Uuid,
        email_at: Option<DateTime<Utc>>,
        call_at: Option<DateTime<Utc>>,
    },
}

impl Trigger {
    fn name(self) -> &'static str {
        match self {
            Trigger::Discharge => "discharge",
            Trigger::Request => "request",
            Trigger::Replan { .. } => "replan",
            Trigger::Batch { .. } => "batch",
        }
    }
}

/// What planning did for one case.
#[derive(Clone, Debug)]
pub struct Planned {
    pub case_id: Uuid,
    /// The case's live item: new, or the one an earlier plan left (`already`).
    pub item: Option<auto_scheduled_items::Model>,
    pub email: Option<outbound_emails::Model>,
    pub call: Option<outbound_calls::Model>,
    /// Channels not planned, and why.
    pub skipped: Vec<(Channel, &'static str)>,
    /// The case had a live plan; nothing new was written.
    pub already: bool,
}

/// The reason recorded on items cancelled because the case left `completed`.
pub const REOPENED: &str = "the case was reopened";
/// … because the case's cadence changed (it is planned again).
pub const CADENCE_CHANGED: &str = "the case's follow-up cadence changed";
/// … because the client opted out of communication.
pub const OPTED_OUT: &str = "the client opted out of communication";

/// Plans the follow-up of each case in one run: the run is recorded when it processed at
/// least one case without a live plan. Cases are planned in the order given.
pub async fn plan_cases(
    w: &Writer<'_>,
    cases: &[cases::Model],
    trigger: Trigger,
    now: DateTime<Utc>,
) -> Result<Vec<Planned>, DomainError> {
    // The cases are locked first, in key order, for the rest of the transaction: two plans of
    // one case (a batch and a discharge at once) run one after the other and the second finds
    // the first one's item, and a client's opt-out (which locks their cases) is seen by a plan
    // or sees it. A discharge already holds its case's row lock; taking it again is free.
    // What is planned is the case as it is once locked, not as the caller read it before.
    let locked = w
        .lock::<cases::Entity>(
            Action::Update,
            Condition::all().add(cases::Column::Id.is_in(cases.iter().map(|c| c.id))),
        )
        .await?;
    let cases: Vec<cases::Model> = cases
        .iter()
        .filter_map(|c| locked.iter().find(|l| l.id == c.id).cloned())
        .collect();
    let cases = cases.as_slice();
    let run_id = Uuid::new_v4();
    let mut planned = Vec::with_capacity(cases.len());
    let mut items = Vec::new();
    for case in cases {
        let (plan, item) = plan_one(w, case, trigger, now, run_id).await?;
        if let Some(item) = item {
            items.push(item);
        }
        planned.push(plan);
    }
    let fresh: Vec<&Planned> = planned.iter().filter(|p| !p.already).collect();
    let Some(first) = fresh.first() else {
        return Ok(planned);
    };
    let clinic_of_first = cases
        .iter()
        .find(|c| c.id == first.case_id)
        .map(|c| c.clinic_id)
        .unwrap_or_default();
    let results: Vec<Json> = fresh
        .iter()
        .map(|p| {
            json!({
                "clinic_id": cases.iter().find(|c| c.id == p.case_id).map(|c| c.clinic_id),
                "case_id": p.case_id,
                "trigger": trigger.name(),
                "outbound_email_id": p.email.as_ref().map(|e| e.id),
                "outbound_call_id": p.call.as_ref().map(|c| c.id),
                "skipped": p.skipped.iter().map(|(channel, why)| json!({"channel": channel, "reason": why})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let count = |f: &dyn Fn(&Planned) -> bool| {
        i32::try_from(fresh.iter().filter(|p| f(p)).count()).unwrap_or(i32::MAX)
    };
    let run = auto_scheduling_runs::ActiveModel {
        id: Set(run_id),
        started_at: Set(Some(now)),
        completed_at: Set(Some(Utc::now().max(now))),
        status: Set(Some(RunStatus::Completed)),
        results: Set(Some(Json::Array(results))),
        total_cases_processed: Set(Some(count(&|_| true))),
        total_emails_scheduled: Set(Some(count(&|p| p.email.is_some()))),
        total_calls_scheduled: Set(Some(count(&|p| p.call.is_some()))),
        total_errors: Set(Some(0)),
        error_message: Set(None),
        created_at: Set(Some(now)),
    };
    w.insert_trail_unseen::<auto_scheduling_runs::Entity, _>(
        run,
        clinic_of_first,
        (Resource::Cases, Action::Update),
    )
    .await?;
    for (item, clinic_id) in items {
        let model = w
            .insert_trail::<auto_scheduled_items::Entity, _>(
                item,
                clinic_id,
                (Resource::Cases, Action::Update),
            )
            .await?;
        if let Some(p) = planned.iter_mut().find(|p| p.case_id == model.case_id) {
            p.item = Some(model);
        }
    }
    Ok(planned)
}

/// Plans one case: nothing when its plan is live; otherwise its e-mail and call as the
/// cadence decides, and the item to record once the run exists.
async fn plan_one(
    w: &Writer<'_>,
    case: &cases::Model,
    trigger: Trigger,
    now: DateTime<Utc>,
    run_id: Uuid,
) -> Result<(Planned, Option<(auto_scheduled_items::ActiveModel, Uuid)>), DomainError> {
    let clinic_id = case.clinic_id;
    w.permit(Resource::OutboundCalls, Action::Create, clinic_id)
        .await?;
    if let Some(item) = live_item(w, case.id).await? {
        return Ok((
            Planned {
                case_id: case.id,
                item: Some(item),
                email: None,
                call: None,
                skipped: Vec::new(),
                already: true,
            },
            None,
        ));
    }
    let context = Context::load(w, case).await?;
    let cadence = context.cadence(case);
    let mut skipped = Vec::new();
    let discharged = match trigger {
        Trigger::Replan { discharged_at } => discharged_at,
        _ => now,
    };
    let (email_at, call_at) = match trigger {
        Trigger::Batch {
            email_at, call_at, ..
        } => (email_at, call_at),
        _ => (None, None),
    };

    let mut email = None;
    match context.recipient(Channel::Email, &cadence) {
        Err(why) => skipped.push((Channel::Email, why)),
        Ok(address) => {
            let at = email_at.map_or_else(
                || due_at(&context.clock, discharged, &cadence.email, now),
                |at| at.max(now),
            );
            let (subject, text) = context.message(case);
            email = Some(
                w.insert::<outbound_emails::Entity, _>(outbound_emails::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(clinic_id),
                    case_id: Set(case.id),
                    recipient_email: Set(address.to),
                    recipient_name: Set(address.name),
                    subject: Set(Some(subject)),
                    html_content: Set(None),
                    text_content: Set(Some(text)),
                    scheduled_for: Set(Some(at)),
                    status: Set(Some(EmailStatus::Queued)),
                    metadata: Set(Some(json!({"follow_up": {"trigger": trigger.name(), "test_mode": context.test_mode()}}))),
                    ..Default::default()
                })
                .await?,
            );
        }
    }

    let mut call = None;
    match context.recipient(Channel::Call, &cadence) {
        Err(why) => skipped.push((Channel::Call, why)),
        Ok(number) => {
            let at = call_at.map_or_else(
                || due_at(&context.clock, discharged, &cadence.call, now),
                |at| at.max(now),
            );
            call = Some(
                w.insert::<outbound_calls::Entity, _>(outbound_calls::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(clinic_id),
                    case_id: Set(case.id),
                    customer_phone: Set(Some(number.to)),
                    scheduled_for: Set(Some(at)),
                    status: Set(Some(OutboundCallStatus::Queued)),
                    metadata: Set(Some(json!({"follow_up": {"trigger": trigger.name(), "attempt": 1, "test_mode": context.test_mode()}}))),
                    ..Default::default()
                })
                .await?,
            );
        }
    }

    let item = (email.is_some() || call.is_some()).then(|| {
        let mut config = serde_json::to_value(&cadence).unwrap_or_default();
        if let Json::Object(map) = &mut config {
            // The keys `scheduledConfig` documents, beside the full decision.
            map.insert("call_delay_days".into(), cadence.call.delay_days.into());
            map.insert("email_delay_days".into(), cadence.email.delay_days.into());
            map.insert(
                "preferred_call_time".into(),
                cadence.call.time.format("%H:%M").to_string().into(),
            );
            map.insert("trigger".into(), trigger.name().into());
            map.insert("test_mode".into(), context.test_mode().into());
            map.insert("time_zone".into(), context.clock.name().into());
            map.insert("discharged_at".into(), discharged.to_rfc3339().into());
            if let Trigger::Batch { batch_id, .. } = trigger {
                map.insert("batch_id".into(), batch_id.to_string().into());
            }
        }
        (
            auto_scheduled_items::ActiveModel {
                id: Set(Uuid::new_v4()),
                case_id: Set(case.id),
                clinic_id: Set(clinic_id),
                run_id: Set(Some(run_id)),
                outbound_email_id: Set(email.as_ref().map(|e| e.id)),
                outbound_call_id: Set(call.as_ref().map(|c| c.id)),
                status: Set(Some(ScheduledItemStatus::Scheduled)),
                cancelled_at: Set(None),
                cancelled_by: Set(None),
                cancellation_reason: Set(None),
                scheduled_config: Set(Some(config)),
                created_at: NotSet,
            },
            clinic_id,
        )
    });
    if item.is_some() {
        w.update::<cases::Entity, cases::ActiveModel>(case.id, Action::Update, |row| {
            row.auto_scheduled_at = Set(Some(now));
            row.scheduling_source = Set(Some(trigger.name().to_owned()));
            Ok(())
        })
        .await?;
    }
    Ok((
        Planned {
            case_id: case.id,
            item: None,
            email,
            call,
            skipped,
            already: false,
        },
        item,
    ))
}

/// The case's live plan: its item still `scheduled`.
pub async fn live_item(
    w: &Writer<'_>,
    case_id: Uuid,
) -> Result<Option<auto_scheduled_items::Model>, DomainError> {
    use auto_scheduled_items::Column;
    w.find_one::<auto_scheduled_items::Entity>(
        Action::Read,
        Condition::all()
            .add(Column::CaseId.eq(case_id))
            .add(Column::Status.eq(ScheduledItemStatus::Scheduled)),
    )
    .await
}

/// Cancels the live plans of `case_ids`: their e-mails and calls still queued become
/// `cancelled`, and each item records who, when and why. What has gone out stays as it is.
/// Answers the items cancelled.
pub async fn cancel_live(
    w: &Writer<'_>,
    case_ids: &[Uuid],
    reason: &'static str,
    now: DateTime<Utc>,
) -> Result<Vec<auto_scheduled_items::Model>, DomainError> {
    use auto_scheduled_items::Column;
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    let items = w
        .all::<auto_scheduled_items::Entity>(
            Action::Update,
            Condition::all()
                .add(Column::CaseId.is_in(case_ids.iter().copied()))
                .add(Column::Status.eq(ScheduledItemStatus::Scheduled)),
        )
        .await?;
    let caller = w.session().principal().as_user().map(|u| u.user_id);
    for item in &items {
        if let Some(id) = item.outbound_call_id
            && let Some(call) = w
                .fetch::<outbound_calls::Entity>(id, Action::Update)
                .await?
            && call.status == Some(OutboundCallStatus::Queued)
        {
            w.update::<outbound_calls::Entity, outbound_calls::ActiveModel>(
                id,
                Action::Update,
                |row| {
                    row.status = Set(Some(OutboundCallStatus::Cancelled));
                    Ok(())
                },
            )
            .await?;
        }
        if let Some(id) = item.outbound_email_id
            && let Some(email) = w
                .fetch::<outbound_emails::Entity>(id, Action::Update)
                .await?
            && email.status == Some(EmailStatus::Queued)
        {
            w.update::<outbound_emails::Entity, outbound_emails::ActiveModel>(
                id,
                Action::Update,
                |row| {
                    row.status = Set(Some(EmailStatus::Cancelled));
                    Ok(())
                },
            )
            .await?;
        }
        w.update::<auto_scheduled_items::Entity, auto_scheduled_items::ActiveModel>(
            item.id,
            Action::Update,
            |row| {
                row.status = Set(Some(ScheduledItemStatus::Cancelled));
                row.cancelled_at = Set(Some(now));
                row.cancelled_by = Set(caller);
                row.cancellation_reason = Set(Some(reason.to_owned()));
                Ok(())
            },
        )
        .await?;
    }
    Ok(items)
}

/// The discharge a plan counted from (recorded in its `scheduled_config`).
pub fn discharged_at(item: &auto_scheduled_items::Model) -> Option<DateTime<Utc>> {
    let text = item.scheduled_config.as_ref()?["discharged_at"].as_str()?;
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}
