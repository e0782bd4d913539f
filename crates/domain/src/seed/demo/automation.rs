//! Demo tiers 9 and 10: the nightly auto-scheduling run (global, with items in two clinics)
//! and discharge batches with their items.

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::{BatchItemStatus, BatchStatus, RunStatus, ScheduledItemStatus};
use entity::{
    auto_scheduled_items, auto_scheduling_runs, discharge_batch_items, discharge_batches,
};
use sea_orm::ActiveValue::Set;
use serde_json::json;

use super::clinical::case;
use super::communications::{call_id, email_id};
use super::fixtures::{self as fx, ALPINE, DemoClinic, HARBOR, SUNRISE};
use super::{at, cid, local, put};
use crate::DomainError;
use crate::session::Writer;

/// When the nightly run scheduled follow-ups for the cases reviewed on Friday (02:00 in
/// California).
pub(super) fn run_time() -> DateTime<Utc> {
    at(-1, 10, 0)
}

/// Cases the run scheduled, with the e-mail and call it created; Alpine has auto-scheduling
/// turned off, so the run reaches two clinics. The cancelled item was stopped by staff.
#[rustfmt::skip]
const RUN_ITEMS: &[(DemoClinic, &str, Option<&str>, ScheduledItemStatus)] = &[
    (SUNRISE, "mochi-spay", Some("mochi-1"), ScheduledItemStatus::Scheduled),
    (HARBOR, "penny-cardio", Some("penny-1"), ScheduledItemStatus::Scheduled),
    (HARBOR, "rocky-gastro", Some("rocky-1"), ScheduledItemStatus::Cancelled),
];

/// Batches: clinic, status, creator, items (case, call, status, error).
type BatchItem = (
    &'static str,
    Option<&'static str>,
    BatchItemStatus,
    Option<&'static str>,
);
#[rustfmt::skip]
const BATCHES: &[(DemoClinic, BatchStatus, &str, &[BatchItem])] = &[
    (SUNRISE, BatchStatus::Completed, fx::USER_SUNRISE_MEMBER, &[
        ("luna-dental", Some("luna-2"), BatchItemStatus::Success, None),
        ("biscuit-arthritis", Some("biscuit-1"), BatchItemStatus::Success, None),
        ("max-euthanasia", None, BatchItemStatus::Skipped, Some("Euthanasia cases are never contacted automatically")),
    ]),
    (HARBOR, BatchStatus::Partial, fx::USER_HARBOR_ADMIN, &[
        ("bear-tplo", Some("bear-1"), BatchItemStatus::Success, None),
        ("oliver-ckd", Some("oliver-1"), BatchItemStatus::Success, None),
        ("rocky-gastro", None, BatchItemStatus::Failed, Some("E-mail rejected by the recipient's domain")),
    ]),
    (ALPINE, BatchStatus::Completed, fx::USER_ALPINE_OWNER, &[
        ("summit-laceration", Some("summit-1"), BatchItemStatus::Success, None),
    ]),
];

pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    let run_id = fx::id("auto_scheduling_run", "nightly");
    let started = run_time();
    let completed = started + TimeDelta::seconds(47);
    put(
        w,
        auto_scheduling_runs::ActiveModel {
            id: Set(run_id),
            started_at: Set(Some(started)),
            completed_at: Set(Some(completed)),
            status: Set(Some(RunStatus::Completed)),
            results: Set(Some(json!([
                { "clinic": SUNRISE.slug, "cases": 1, "emails": 1, "calls": 1 },
                { "clinic": HARBOR.slug, "cases": 2, "emails": 1, "calls": 2 },
                { "clinic": ALPINE.slug, "skipped": "auto-scheduling disabled" },
            ]))),
            total_cases_processed: Set(Some(3)),
            total_emails_scheduled: Set(Some(2)),
            total_calls_scheduled: Set(Some(3)),
            total_errors: Set(Some(0)),
            error_message: Set(None),
            created_at: Set(Some(started)),
        },
    )
    .await?;
    for (n, (clinic, case_key, call, status)) in RUN_ITEMS.iter().enumerate() {
        let cancelled = *status == ScheduledItemStatus::Cancelled;
        // Only cases the run also e-mailed have an e-mail (Rocky's owner is called only).
        let emailed = *case_key != "rocky-gastro";
        put(w, auto_scheduled_items::ActiveModel {
            id: Set(cid("auto_scheduled_item", clinic, case_key)),
            case_id: Set(case(clinic, case_key).id()),
            clinic_id: Set(fx::clinic_id(clinic)),
            run_id: Set(Some(run_id)),
            outbound_email_id: Set(emailed.then(|| email_id(clinic, case_key))),
            outbound_call_id: Set(call.map(|k| call_id(clinic, k))),
            status: Set(Some(*status)),
            cancelled_at: Set(cancelled.then(|| local(clinic, -1, 11, 30))),
            cancelled_by: Set(cancelled.then(|| fx::user_id(fx::USER_HARBOR_ADMIN))),
            cancellation_reason: Set(cancelled.then(|| "Owner asked for text updates instead of calls".to_owned())),
            scheduled_config: Set(Some(json!({ "call_delay_days": 2, "email_delay_days": 1, "preferred_call_time": "16:00" }))),
            created_at: Set(Some(started + TimeDelta::seconds(5 + n as i64))),
        })
        .await?;
    }

    for (clinic, status, creator, items) in BATCHES {
        let batch_id = cid("discharge_batch", clinic, "week-44");
        let started = local(clinic, -3, 17, 0);
        let done = started + TimeDelta::minutes(2);
        let ok = items
            .iter()
            .filter(|i| i.2 == BatchItemStatus::Success)
            .count() as i32;
        let failed = items
            .iter()
            .filter(|i| i.2 == BatchItemStatus::Failed)
            .count() as i32;
        put(
            w,
            discharge_batches::ActiveModel {
                id: Set(batch_id),
                clinic_id: Set(fx::clinic_id(clinic)),
                created_by: Set(Some(fx::user_id(creator))),
                status: Set(Some(*status)),
                total_cases: Set(Some(items.len() as i32)),
                processed_cases: Set(Some(items.len() as i32)),
                successful_cases: Set(Some(ok)),
                failed_cases: Set(Some(failed)),
                email_schedule_time: Set(Some(local(clinic, -2, 10, 0))),
                call_schedule_time: Set(Some(local(clinic, -2, 16, 0))),
                started_at: Set(Some(started)),
                completed_at: Set(Some(done)),
                cancelled_at: Set(None),
                error_summary: Set(Some(if failed > 0 {
                    json!({ "failed": failed, "reasons": ["email_rejected"] })
                } else {
                    json!({})
                })),
                metadata: Set(Some(json!({ "label": "Week 44 discharges" }))),
                created_at: Set(Some(started - TimeDelta::minutes(5))),
                updated_at: Set(Some(done)),
            },
        )
        .await?;
        for (n, (case_key, call, item_status, error)) in items.iter().enumerate() {
            let case = case(clinic, case_key);
            let success = *item_status == BatchItemStatus::Success;
            put(
                w,
                discharge_batch_items::ActiveModel {
                    id: Set(cid("discharge_batch_item", clinic, case_key)),
                    batch_id: Set(batch_id),
                    case_id: Set(case.id()),
                    patient_id: Set(Some(case.owner().patient_id(case.pet))),
                    status: Set(Some(*item_status)),
                    email_scheduled: Set(Some(success)),
                    call_scheduled: Set(Some(call.is_some())),
                    outbound_email_id: Set(success.then(|| email_id(clinic, case_key))),
                    outbound_call_id: Set(call.map(|k| call_id(clinic, k))),
                    error_message: Set(error.map(str::to_owned)),
                    processed_at: Set(Some(started + TimeDelta::seconds(20 * (n as i64 + 1)))),
                    created_at: Set(Some(started - TimeDelta::minutes(5))),
                },
            )
            .await?;
        }
    }
    Ok(())
}
