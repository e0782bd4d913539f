//! Slack: the workspaces a clinic connected (`SlackWorkspace`) and the channels checklists are
//! posted to (`SlackChannel`), with their writes (a workspace is connected by a declared step).
//! Daily tasks and their check-offs are in
//! [`tasks`].
//!
//! The bot token is write-only: it is set on connect, replaceable on update, never recorded in
//! the audit trail, and never a field (`hasBotToken` says whether one is set).
//!
//! A Slack team id is unique across all clinics (Slack's events are routed by it), so connecting
//! a workspace is the platform's: Slack's OAuth callback, as the service principal, connects the
//! team Slack confirmed. An admin can neither claim another clinic's team nor learn from a
//! CONFLICT which teams are connected; admins manage a connected workspace and its channels.

pub mod tasks;

use async_graphql::Object;
use entity::{clinics, slack_channels, slack_tasks, slack_workspaces, users};

use crate::row::{
    Children, Exposed, Filter, Filtered, Filtering, Parent, Row, children_in_order, equals,
    no_links, parent,
};
use crate::row::{Write, step};
use crate::row::{Writes, input, nonblank, reference, timezone};

// ---------------------------------------------------------------------------------------------
// SlackWorkspace

/// A row of `slack_workspaces` (described with its table in `domain::registry`).
pub type SlackWorkspace = Row<slack_workspaces::Entity>;

// `clinic_id` is nullable in the schema, but a workspace without a clinic is nobody's to read
// but the service's: the nil clinic matches no membership (the service passes every guard).
/// The hand-written fields of `SlackWorkspace` (its columns come from its declaration).
pub struct SlackWorkspaceLinks<'a>(&'a slack_workspaces::Model);

#[Object(name = "SlackWorkspaceLinks")]
impl SlackWorkspaceLinks<'_> {
    /// Whether a bot token is stored (the token itself is never served).
    async fn has_bot_token(&self) -> bool {
        self.0.bot_token.as_deref().is_some_and(|t| !t.is_empty())
    }
}

impl Exposed for slack_workspaces::Entity {
    const WRITES: &'static Writes = &Writes {
        update: Some("Changes a workspace's connection, e.g. a re-issued bot token (admin or above)."),
        inputs: &[
            input("team_name"),
            input("bot_token")
                .check(nonblank)
                .about("A new bot token (write-only); `null` removes the stored one."),
            input("bot_user_id"),
            input("scope"),
            input("is_active").kept(),
        ],
        steps: &[step(
            "connectSlackWorkspace",
            Write::Create,
            "slackWorkspace",
            "Connects a Slack workspace to a clinic (the service only: Slack's OAuth callback, with the team Slack confirmed). A team already connected anywhere answers CONFLICT.",
        )
        .inputs(&[
            reference("clinic_id").required(),
            input("team_id")
                .required()
                .check(nonblank)
                .about("Slack's team id, as Slack's OAuth response names it; a team can be connected to one clinic only."),
            input("team_name"),
            input("bot_token")
                .required()
                .check(nonblank)
                .about("The bot's OAuth token (write-only: never returned)."),
            input("bot_user_id"),
            input("scope"),
        ])],
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[parent::<clinics::Entity>("clinic")];
    const CHILDREN: &'static [Children] = &[children_in_order::<slack_channels::Entity>(
        "channels",
        "workspace_id",
        "The workspace's channels, by name (members see channels; workspaces are admin-only).",
        "channel_name",
        false,
    )];
    type Links<'a> = SlackWorkspaceLinks<'a>;
    fn links(model: &slack_workspaces::Model) -> Self::Links<'_> {
        SlackWorkspaceLinks(model)
    }
}

/// Which workspaces a list returns.
pub type SlackWorkspaceFilter = Filter<slack_workspaces::Entity>;

impl Filtered for slack_workspaces::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "SlackWorkspaceFilter",
        about: "Which workspaces a list returns.",
        fields: &[equals("is_active")],
    };
}

// ---------------------------------------------------------------------------------------------
// SlackChannel

/// A row of `slack_channels` (described with its table in `domain::registry`).
pub type SlackChannel = Row<slack_channels::Entity>;

// No clinic column: the domain reaches channels only through workspaces of the caller's clinics.
impl Exposed for slack_channels::Entity {
    const WRITES: &'static Writes = &Writes {
        create: Some(
            "Adds a channel to a workspace (admin or above). A channel already added to the\nworkspace answers CONFLICT.",
        ),
        update: Some("Changes a channel's name, time zone or state (admin or above)."),
        inputs: &[
            reference("workspace_id")
                .required()
                .on_create()
                .about("A workspace the caller may read (admin or above in its clinic)."),
            input("channel_id")
                .required()
                .on_create()
                .check(nonblank)
                .about("Slack's channel id; once per workspace."),
            input("channel_name"),
            input("timezone")
                .kept()
                .check(timezone)
                .about("IANA time zone (default `UTC`)."),
            input("is_active").kept().on_update(),
        ],
        author: Some("added_by"),
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[
        parent::<users::Entity>("addedBy"),
        parent::<slack_workspaces::Entity>("workspace"),
    ];
    const CHILDREN: &'static [Children] = &[children_in_order::<slack_tasks::Entity>(
        "tasks",
        "channel_id",
        "The channel's daily tasks, by reminder time.",
        "reminder_time",
        false,
    )];
    no_links!();
}

/// Which channels a list returns.
pub type SlackChannelFilter = Filter<slack_channels::Entity>;

impl Filtered for slack_channels::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "SlackChannelFilter",
        about: "Which channels a list returns.",
        fields: &[equals("is_active")],
    };
}
