//! Automation: the nightly auto-scheduling runs (`AutoSchedulingRun`, global jobs), the
//! follow-ups they scheduled per clinic (`AutoScheduledItem`), and their mutations. Discharge
//! batches are in [`batches`] and their items in [`batch_items`].
//!
//! A run belongs to no clinic: admins read the runs that scheduled something for their clinic
//! (the domain scopes that), but its totals and per-clinic results describe every clinic the run
//! touched, so those fields are for the service principal only.

pub mod batch_items;
pub mod batches;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::Utc;
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::enums::ScheduledItemStatus as ItemStatus;
use entity::{
    auto_scheduled_items, auto_scheduling_runs, cases, clinics, outbound_calls, outbound_emails,
    users,
};
use sea_orm::{NotSet, Set};
use uuid::Uuid;

use super::operations::require_service;
use crate::context::session;
use crate::enums::{RunStatus, ScheduledItemStatus};
use crate::errors::{GqlResult, to_gql};
use crate::ids;
use crate::inputs::decode_opt;
use crate::row::{
    Children, Exposed, Filter, Filtered, Filtering, Parent, RootList, Row, any_of,
    children_in_order, no_links, parent, refers, root_list, within,
};
use crate::scalars::{self, Inner};

// ---------------------------------------------------------------------------------------------
// AutoSchedulingRun

/// A row of `auto_scheduling_runs` (described with its table in `domain::registry`).
pub type AutoSchedulingRun = Row<auto_scheduling_runs::Entity>;

// Runs have no clinic: which runs a caller reaches is decided by the domain's scope (the runs
// with an item in one of the caller's admin clinics); the cross-clinic fields need
// `read_cross_clinic` (the service's), as `domain::exposure` declares.

impl Exposed for auto_scheduling_runs::Entity {
    const ROOT: Option<&'static RootList> = Some(&root_list::<auto_scheduling_runs::Entity>(
        "autoSchedulingRuns",
        "Auto-scheduling runs, newest first: the service sees all of them, admins the runs that scheduled something for their clinics.",
        "started_at",
        true,
    ));
    const CHILDREN: &'static [Children] = &[children_in_order::<auto_scheduled_items::Entity>(
        "items",
        "run_id",
        "What the run scheduled, as far as the caller's clinics go, oldest first.",
        "created_at",
        false,
    )];
    no_links!();
}

/// Which runs a list returns.
pub type AutoSchedulingRunFilter = Filter<auto_scheduling_runs::Entity>;

impl Filtered for auto_scheduling_runs::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "AutoSchedulingRunFilter",
        about: "Which runs a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            within("started_at"),
        ],
    };
}

// ---------------------------------------------------------------------------------------------
// AutoScheduledItem

/// A row of `auto_scheduled_items` (described with its table in `domain::registry`).
pub type AutoScheduledItem = Row<auto_scheduled_items::Entity>;

impl Exposed for auto_scheduled_items::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<auto_scheduling_runs::Entity>("run"),
        parent::<users::Entity>("cancelledBy"),
        parent::<clinics::Entity>("clinic"),
    ];
    no_links!();
}

/// Which scheduled items a list returns.
pub type AutoScheduledItemFilter = Filter<auto_scheduled_items::Entity>;

impl Filtered for auto_scheduled_items::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "AutoScheduledItemFilter",
        about: "Which scheduled items a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            refers("case_id"),
            within("created_at"),
        ],
    };
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// The input of `startAutoSchedulingRun`, which starts an auto-scheduling run (the service only).
#[derive(InputObject)]
pub struct StartAutoSchedulingRunInput {
    /// Defaults to now.
    pub started_at: Option<scalars::DateTime>,
}

/// The result of `startAutoSchedulingRun`: the run as it is after the change.
#[derive(SimpleObject)]
pub struct StartAutoSchedulingRunPayload {
    pub run: AutoSchedulingRun,
}

/// The input of `finishAutoSchedulingRun`, which records the end of a run with its totals (the
/// service only).
#[derive(InputObject)]
pub struct FinishAutoSchedulingRunInput {
    pub id: ID,
    /// `COMPLETED` or `FAILED`.
    pub status: RunStatus,
    /// Defaults to now.
    pub completed_at: Option<scalars::DateTime>,
    /// Per-clinic results (a JSON array).
    pub results: Option<scalars::Json>,
    pub total_cases_processed: Option<i32>,
    pub total_emails_scheduled: Option<i32>,
    pub total_calls_scheduled: Option<i32>,
    pub total_errors: Option<i32>,
    pub error_message: Option<String>,
}

/// The result of `finishAutoSchedulingRun`: the run as it is after the change.
#[derive(SimpleObject)]
pub struct FinishAutoSchedulingRunPayload {
    pub run: AutoSchedulingRun,
}

/// The settings a run applied to an item (returned as the item's `scheduledConfig`).
#[derive(InputObject)]
pub struct ScheduledConfigInput {
    pub call_delay_days: Option<i32>,
    pub email_delay_days: Option<i32>,
    /// `HH:MM`, in the clinic's time zone.
    pub preferred_call_time: Option<String>,
}

impl ScheduledConfigInput {
    fn into_json(self) -> async_graphql::Result<serde_json::Value> {
        validate::non_negative("input.scheduledConfig.callDelayDays", self.call_delay_days)
            .gql()?;
        validate::non_negative(
            "input.scheduledConfig.emailDelayDays",
            self.email_delay_days,
        )
        .gql()?;
        if let Some(time) = &self.preferred_call_time {
            validate::clock_time("input.scheduledConfig.preferredCallTime", time).gql()?;
        }
        let mut map = serde_json::Map::new();
        if let Some(v) = self.call_delay_days {
            map.insert("call_delay_days".into(), v.into());
        }
        if let Some(v) = self.email_delay_days {
            map.insert("email_delay_days".into(), v.into());
        }
        if let Some(v) = self.preferred_call_time {
            map.insert("preferred_call_time".into(), v.into());
        }
        Ok(serde_json::Value::Object(map))
    }
}

/// The input of `recordAutoScheduledItem`, which records a follow-up a run scheduled for a case
/// (the service only).
#[derive(InputObject)]
pub struct RecordAutoScheduledItemInput {
    pub run_id: Option<ID>,
    /// The case followed up; the item belongs to the case's clinic.
    pub case_id: ID,
    pub outbound_email_id: Option<ID>,
    pub outbound_call_id: Option<ID>,
    /// Defaults to `SCHEDULED`.
    pub status: Option<ScheduledItemStatus>,
    pub scheduled_config: Option<ScheduledConfigInput>,
}

/// The result of `recordAutoScheduledItem`: the item as it is after the change.
#[derive(SimpleObject)]
pub struct RecordAutoScheduledItemPayload {
    pub item: AutoScheduledItem,
}

/// The input of `cancelAutoScheduledItem`, which cancels an automatically scheduled follow-up
/// (member or above): records who, when and why.
#[derive(InputObject)]
pub struct CancelAutoScheduledItemInput {
    pub id: ID,
    pub reason: Option<String>,
}

/// The result of `cancelAutoScheduledItem`: the item as it is after the change.
#[derive(SimpleObject)]
pub struct CancelAutoScheduledItemPayload {
    pub item: AutoScheduledItem,
}

#[derive(Default)]
pub struct AutomationMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl AutomationMutations {
    /// Starts an auto-scheduling run (the service only).
    async fn start_auto_scheduling_run(
        &self,
        ctx: &Context<'_>,
        input: StartAutoSchedulingRunInput,
    ) -> async_graphql::Result<StartAutoSchedulingRunPayload> {
        require_service(ctx)?;
        let row = auto_scheduling_runs::ActiveModel {
            id: Set(Uuid::new_v4()),
            status: Set(Some(entity::enums::RunStatus::Running)),
            started_at: input.started_at.inner().map_or(NotSet, |t| Set(Some(t))),
            ..Default::default()
        };
        let run = session(ctx)?.insert(row).await.gql()?;
        Ok(StartAutoSchedulingRunPayload {
            run: AutoSchedulingRun::new(run),
        })
    }

    /// Records the end of a run with its totals (the service only).
    async fn finish_auto_scheduling_run(
        &self,
        ctx: &Context<'_>,
        input: FinishAutoSchedulingRunInput,
    ) -> async_graphql::Result<FinishAutoSchedulingRunPayload> {
        require_service(ctx)?;
        let id = ids::decode_as(&input.id, Resource::AutoSchedulingRuns).gql()?;
        if input.status == RunStatus::Running {
            return Err(to_gql(&DomainError::bad_input(
                "input.status",
                "a finished run is COMPLETED or FAILED",
            )));
        }
        for (field, value) in [
            ("input.totalCasesProcessed", input.total_cases_processed),
            ("input.totalEmailsScheduled", input.total_emails_scheduled),
            ("input.totalCallsScheduled", input.total_calls_scheduled),
            ("input.totalErrors", input.total_errors),
        ] {
            validate::non_negative(field, value).gql()?;
        }
        let results = input.results.map(|r| r.0);
        if results.as_ref().is_some_and(|r| !r.is_array()) {
            return Err(to_gql(&DomainError::bad_input(
                "input.results",
                "must be a JSON array",
            )));
        }
        let completed_at = input.completed_at.inner().unwrap_or_else(Utc::now);
        let (_, run) = session(ctx)?
            .atomically(async |w| {
                w.update::<auto_scheduling_runs::Entity, auto_scheduling_runs::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        if row
                            .started_at
                            .try_as_ref()
                            .and_then(|s| s.as_ref())
                            .is_some_and(|s| *s > completed_at)
                        {
                            return Err(DomainError::bad_input(
                                "input.completedAt",
                                "must not be before the run started",
                            ));
                        }
                        row.status = Set(Some(input.status.into()));
                        row.completed_at = Set(Some(completed_at));
                        if let Some(v) = results {
                            row.results = Set(Some(v));
                        }
                        if let Some(v) = input.total_cases_processed {
                            row.total_cases_processed = Set(Some(v));
                        }
                        if let Some(v) = input.total_emails_scheduled {
                            row.total_emails_scheduled = Set(Some(v));
                        }
                        if let Some(v) = input.total_calls_scheduled {
                            row.total_calls_scheduled = Set(Some(v));
                        }
                        if let Some(v) = input.total_errors {
                            row.total_errors = Set(Some(v));
                        }
                        if let Some(v) = input.error_message {
                            row.error_message = Set(Some(v));
                        }
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(FinishAutoSchedulingRunPayload {
            run: AutoSchedulingRun::new(run),
        })
    }

    /// Records a follow-up a run scheduled for a case (the service only). The e-mail and call
    /// must belong to the case's clinic.
    async fn record_auto_scheduled_item(
        &self,
        ctx: &Context<'_>,
        input: RecordAutoScheduledItemInput,
    ) -> async_graphql::Result<RecordAutoScheduledItemPayload> {
        require_service(ctx)?;
        let case_id = ids::decode_as(&input.case_id, Resource::Cases).gql()?;
        let run_id = decode_opt(input.run_id.as_ref(), Resource::AutoSchedulingRuns)?;
        let email_id = decode_opt(input.outbound_email_id.as_ref(), Resource::OutboundEmails)?;
        let call_id = decode_opt(input.outbound_call_id.as_ref(), Resource::OutboundCalls)?;
        let config = input
            .scheduled_config
            .map(ScheduledConfigInput::into_json)
            .transpose()?;
        let item = session(ctx)?
            .atomically(async |w| {
                let case = w
                    .fetch::<cases::Entity>(case_id, Action::Read)
                    .await?
                    .ok_or_else(|| DomainError::bad_input("input.caseId", "no such case"))?;
                if let Some(id) = run_id {
                    w.fetch::<auto_scheduling_runs::Entity>(id, Action::Read)
                        .await?
                        .ok_or_else(|| {
                            DomainError::bad_input("input.runId", "no such auto-scheduling run")
                        })?;
                }
                if let Some(id) = email_id {
                    w.reference::<outbound_emails::Entity>(
                        id,
                        case.clinic_id,
                        "input.outboundEmailId",
                    )
                    .await?;
                }
                if let Some(id) = call_id {
                    w.reference::<outbound_calls::Entity>(
                        id,
                        case.clinic_id,
                        "input.outboundCallId",
                    )
                    .await?;
                }
                w.insert(auto_scheduled_items::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    case_id: Set(case.id),
                    clinic_id: Set(case.clinic_id),
                    run_id: Set(run_id),
                    outbound_email_id: Set(email_id),
                    outbound_call_id: Set(call_id),
                    status: Set(Some(input.status.map_or(ItemStatus::Scheduled, Into::into))),
                    scheduled_config: config.map_or(NotSet, |c| Set(Some(c))),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(RecordAutoScheduledItemPayload {
            item: AutoScheduledItem::new(item),
        })
    }

    /// Cancels an automatically scheduled follow-up (member or above): records who, when and
    /// why. An item already cancelled is refused.
    async fn cancel_auto_scheduled_item(
        &self,
        ctx: &Context<'_>,
        input: CancelAutoScheduledItemInput,
    ) -> async_graphql::Result<CancelAutoScheduledItemPayload> {
        let id = ids::decode_as(&input.id, Resource::AutoScheduledItems).gql()?;
        validate::optional_text("input.reason", input.reason.as_deref()).gql()?;
        let session = session(ctx)?;
        let user_id = session.principal().as_user().map(|u| u.user_id);
        let (_, item) = session
            .atomically(async |w| {
                w.update::<auto_scheduled_items::Entity, auto_scheduled_items::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        if row.status.try_as_ref() == Some(&Some(ItemStatus::Cancelled)) {
                            return Err(DomainError::bad_input(
                                "input.id",
                                "the item is already cancelled",
                            ));
                        }
                        row.status = Set(Some(ItemStatus::Cancelled));
                        row.cancelled_at = Set(Some(Utc::now()));
                        row.cancelled_by = Set(user_id);
                        row.cancellation_reason = Set(input.reason.map(|r| r.trim().to_owned()));
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(CancelAutoScheduledItemPayload {
            item: AutoScheduledItem::new(item),
        })
    }
}
