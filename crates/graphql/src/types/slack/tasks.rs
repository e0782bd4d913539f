//! Slack daily checklists: the tasks of a channel (`SlackTask`) and their daily check-offs
//! (`SlackTaskCompletion`), with their mutations. Day-to-day work: members write them.

use async_graphql::Value;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use domain::DomainError;
use domain::Resource;
use entity::{slack_channels, slack_task_completions, slack_tasks, users};
use sea_orm::{ColumnTrait, Condition};

use crate::context::session;
use crate::errors::GqlResult;
use crate::ids;
use crate::row::{
    Children, Exposed, Filter, Filtered, Filtering, Parent, Row, Write, Writes, children_in_order,
    custom, equals, input, no_links, nonblank, not_blank, nullable, parent, reference, step,
};
use crate::scalars::{self};

// ---------------------------------------------------------------------------------------------
// SlackTask

/// A row of `slack_tasks` (described with its table in `domain::registry`).
pub type SlackTask = Row<slack_tasks::Entity>;

// No clinic column: the domain reaches tasks only through channels of the caller's clinics.

impl Exposed for slack_tasks::Entity {
    const WRITES: &'static Writes = &Writes {
        create: Some("Adds a daily task to a channel (member or above)."),
        update: Some("Changes a task (member or above)."),
        inputs: &[
            reference("channel_id")
                .required()
                .on_create()
                .about("A channel the caller may read (member or above in its clinic)."),
            input("title").required().check(nonblank),
            input("description"),
            input("reminder_time"),
            input("is_active").kept().on_update(),
        ],
        author: Some("created_by"),
        ..Writes::NONE
    };
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
    no_links!();
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
    const WRITES: &'static Writes = &Writes {
        steps: &[step(
            "completeSlackTask",
            Write::Create,
            "completion",
            "Ticks a task off for a day (member or above, or the Slack bot through the service). A day already ticked off answers CONFLICT.",
        )
        .inputs(&[
            reference("task_id").required(),
            input("completion_date")
                .required()
                .about("The day the task was done for; once per task and day."),
            input("completed_by_username").check(not_blank),
            input("message_ts")
                .check(not_blank)
                .about("The Slack message's timestamp id."),
        ])],
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[parent::<slack_tasks::Entity>("task")];
    no_links!();
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
