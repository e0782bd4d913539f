//! Slack daily checklists: the tasks of a channel (`SlackTask`) and their daily check-offs
//! (`SlackTaskCompletion`), with their mutations. Day-to-day work: members write them.

use async_graphql::Value;
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use domain::Resource;
use domain::validate;
use domain::{Action, DomainError};
use entity::{slack_channels, slack_task_completions, slack_tasks, users};
use sea_orm::{ColumnTrait, Condition, NotSet, Set};
use uuid::Uuid;

use crate::context::session;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::set_maybe;
use crate::payloads::{Changed, Create, Update};
use crate::row::{
    Children, Exposed, Filter, Filtered, Filtering, NoLinks, Parent, Row, children_in_order,
    custom, equals, nullable, parent,
};
use crate::scalars::{self, Inner};

// ---------------------------------------------------------------------------------------------
// SlackTask

/// A row of `slack_tasks` (described with its table in `domain::registry`).
pub type SlackTask = Row<slack_tasks::Entity>;

// No clinic column: the domain reaches tasks only through channels of the caller's clinics.

impl Exposed for slack_tasks::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<users::Entity>("createdBy"),
        parent::<slack_channels::Entity>("channel"),
    ];
    const CHILDREN: &'static [Children] = &[children_in_order::<slack_task_completions::Entity>(
        "completions",
        "task_id",
        "The days the task was done, most recent first.",
        "completion_date",
        true,
    )];
    type Links<'a> = NoLinks;
    fn links(_model: &slack_tasks::Model) -> Self::Links<'_> {
        NoLinks
    }
}

/// Which tasks a list returns.
pub type SlackTaskFilter = Filter<slack_tasks::Entity>;

impl Filtered for slack_tasks::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "SlackTaskFilter",
        about: "Which tasks a list returns.",
        fields: &[equals("is_active")],
    };
}

// ---------------------------------------------------------------------------------------------
// SlackTaskCompletion

/// A row of `slack_task_completions` (described with its table in `domain::registry`).
pub type SlackTaskCompletion = Row<slack_task_completions::Entity>;

// No clinic column: reached only through tasks of the caller's clinics.

impl Exposed for slack_task_completions::Entity {
    const PARENTS: &'static [Parent] = &[parent::<slack_tasks::Entity>("task")];
    type Links<'a> = NoLinks;
    fn links(_model: &slack_task_completions::Model) -> Self::Links<'_> {
        NoLinks
    }
}

impl Filtered for slack_task_completions::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "SlackTaskCompletionFilter",
        about: "Which completions a list returns.",
        fields: &[
            custom("from", nullable::<scalars::Date>, |_, from, _| {
                let from = day(from)?;
                Ok(Condition::all().add(slack_task_completions::Column::CompletionDate.gte(from)))
            })
            .about("On or after this day."),
            custom("to", nullable::<scalars::Date>, |path, to, filter| {
                let to = day(to)?;
                if let Some(from) = filter.get("from").map(day).transpose()?
                    && to <= from
                {
                    return Err(DomainError::bad_input(path, "`to` must be after `from`"));
                }
                Ok(Condition::all().add(slack_task_completions::Column::CompletionDate.lt(to)))
            })
            .about("Before this day."),
        ],
    };
}

/// A day given to a filter.
fn day(value: &Value) -> Result<chrono::NaiveDate, DomainError> {
    <scalars::Date as async_graphql::InputType>::parse(Some(value.clone()))
        .map(scalars::Inner::inner)
        .map_err(|_| DomainError::bad_input("filter", "expected a Date"))
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// The input of `createSlackTask`, which adds a daily task to a channel (member or above).
#[derive(InputObject)]
pub struct CreateSlackTaskInput {
    /// A channel the caller may read (member or above in its clinic).
    pub channel_id: ID,
    pub title: String,
    pub description: Option<String>,
    pub reminder_time: Option<scalars::Time>,
}

/// The result of `createSlackTask` (`payloads::Changed`).
pub type CreateSlackTaskPayload = Changed<entity::slack_tasks::Entity, Create>;

/// Absent fields are left as they are; `null` clears a nullable field.
#[derive(InputObject)]
pub struct UpdateSlackTaskInput {
    pub id: ID,
    pub title: Option<String>,
    pub description: MaybeUndefined<String>,
    pub reminder_time: MaybeUndefined<scalars::Time>,
    pub is_active: Option<bool>,
}

/// The result of `updateSlackTask` (`payloads::Changed`).
pub type UpdateSlackTaskPayload = Changed<entity::slack_tasks::Entity, Update>;

/// The input of `completeSlackTask`, which ticks a task off for a day (member or above, or the
/// Slack bot through the service).
#[derive(InputObject)]
pub struct CompleteSlackTaskInput {
    pub task_id: ID,
    /// The day the task was done for; once per task and day.
    pub completion_date: scalars::Date,
    pub completed_by_username: Option<String>,
    /// The Slack message's timestamp id.
    pub message_ts: Option<String>,
}

/// The result of `completeSlackTask`: the completion as it is after the change.
#[derive(SimpleObject)]
pub struct CompleteSlackTaskPayload {
    pub completion: SlackTaskCompletion,
}

/// The input of `uncompleteSlackTask`. Un-ticks a task: removes one day's completion (member or
/// above).
#[derive(InputObject)]
pub struct UncompleteSlackTaskInput {
    /// The completion to remove.
    pub id: ID,
}

/// The result of `uncompleteSlackTask`: the ID of the deleted slack task completion, so a client
/// can drop it from its cache.
#[derive(SimpleObject)]
pub struct UncompleteSlackTaskPayload {
    pub deleted_slack_task_completion_id: ID,
}

#[derive(Default)]
pub struct SlackTaskMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl SlackTaskMutations {
    /// Adds a daily task to a channel (member or above).
    async fn create_slack_task(
        &self,
        ctx: &Context<'_>,
        input: CreateSlackTaskInput,
    ) -> async_graphql::Result<CreateSlackTaskPayload> {
        let channel_id = ids::decode_as(&input.channel_id, Resource::SlackChannels).gql()?;
        validate::required("input.title", &input.title).gql()?;
        let session = session(ctx)?;
        let created_by = session.principal().as_user().map(|u| u.user_id);
        let task = session
            .atomically(async |w| {
                let channel = w
                    .fetch::<slack_channels::Entity>(channel_id, Action::Read)
                    .await?
                    .ok_or_else(|| {
                        DomainError::bad_input("input.channelId", "no such Slack channel")
                    })?;
                w.insert(slack_tasks::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    channel_id: Set(channel.id),
                    title: Set(input.title.trim().to_owned()),
                    description: Set(input.description),
                    reminder_time: Set(input.reminder_time.inner()),
                    created_by: Set(created_by),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(CreateSlackTaskPayload::new(SlackTask::new(task)))
    }

    /// Changes a task (member or above).
    async fn update_slack_task(
        &self,
        ctx: &Context<'_>,
        input: UpdateSlackTaskInput,
    ) -> async_graphql::Result<UpdateSlackTaskPayload> {
        let id = ids::decode_as(&input.id, Resource::SlackTasks).gql()?;
        if let Some(title) = &input.title {
            validate::required("input.title", title).gql()?;
        }
        let (_, task) = session(ctx)?
            .atomically(async |w| {
                w.update::<slack_tasks::Entity, slack_tasks::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        if let Some(v) = input.title {
                            row.title = Set(v.trim().to_owned());
                        }
                        set_maybe(&mut row.description, input.description);
                        set_maybe(&mut row.reminder_time, input.reminder_time.inner());
                        if let Some(v) = input.is_active {
                            row.is_active = Set(Some(v));
                        }
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateSlackTaskPayload::new(SlackTask::new(task)))
    }

    /// Ticks a task off for a day (member or above, or the Slack bot through the service). A
    /// day already ticked off answers CONFLICT.
    async fn complete_slack_task(
        &self,
        ctx: &Context<'_>,
        input: CompleteSlackTaskInput,
    ) -> async_graphql::Result<CompleteSlackTaskPayload> {
        let task_id = ids::decode_as(&input.task_id, Resource::SlackTasks).gql()?;
        validate::optional_text(
            "input.completedByUsername",
            input.completed_by_username.as_deref(),
        )
        .gql()?;
        validate::optional_text("input.messageTs", input.message_ts.as_deref()).gql()?;
        let completion = session(ctx)?
            .atomically(async |w| {
                let task = w
                    .fetch::<slack_tasks::Entity>(task_id, Action::Read)
                    .await?
                    .ok_or_else(|| DomainError::bad_input("input.taskId", "no such Slack task"))?;
                w.insert(slack_task_completions::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    task_id: Set(task.id),
                    completion_date: Set(input.completion_date.inner()),
                    completed_by_username: Set(input.completed_by_username),
                    completed_at: NotSet,
                    message_ts: Set(input.message_ts),
                })
                .await
            })
            .await
            .gql()?;
        Ok(CompleteSlackTaskPayload {
            completion: SlackTaskCompletion::new(completion),
        })
    }

    /// Un-ticks a task: removes one day's completion (member or above).
    async fn uncomplete_slack_task(
        &self,
        ctx: &Context<'_>,
        input: UncompleteSlackTaskInput,
    ) -> async_graphql::Result<UncompleteSlackTaskPayload> {
        let id = ids::decode_as(&input.id, Resource::SlackTaskCompletions).gql()?;
        session(ctx)?
            .atomically(async |w| w.delete::<slack_task_completions::Entity>(id).await)
            .await
            .gql()?;
        Ok(UncompleteSlackTaskPayload {
            deleted_slack_task_completion_id: input.id,
        })
    }
}
