//! Slack: the workspaces a clinic connected (`SlackWorkspace`) and the channels checklists are
//! posted to (`SlackChannel`), with their mutations. Daily tasks and their check-offs are in
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

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use domain::validate;
use domain::{Action, Resource};
use entity::{clinics, slack_channels, slack_tasks, slack_workspaces, users};
use sea_orm::Set;
use uuid::Uuid;

use crate::context::session;
use crate::errors::GqlResult;
use crate::guard::ensure_may;
use crate::ids;
use crate::inputs::set_maybe;
use crate::payloads::{Changed, Update};
use crate::row::{
    Children, Exposed, Filter, Filtered, Filtering, Parent, Row, children_in_order, equals,
    no_links, parent,
};
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

// ---------------------------------------------------------------------------------------------
// Mutations

/// The input of `connectSlackWorkspace`, which connects a Slack workspace to a clinic (the service
/// only: Slack's OAuth callback, with the team Slack confirmed).
#[derive(InputObject)]
pub struct ConnectSlackWorkspaceInput {
    pub clinic_id: ID,
    /// Slack's team id, as Slack's OAuth response names it; a team can be connected to one
    /// clinic only.
    pub team_id: String,
    pub team_name: Option<String>,
    /// The bot's OAuth token (write-only: never returned).
    pub bot_token: String,
    pub bot_user_id: Option<String>,
    pub scope: Option<String>,
}

/// The result of `connectSlackWorkspace`: the new slack workspace.
#[derive(SimpleObject)]
pub struct ConnectSlackWorkspacePayload {
    pub slack_workspace: SlackWorkspace,
}

/// Absent fields are left as they are; `null` clears a nullable field.
#[derive(InputObject)]
pub struct UpdateSlackWorkspaceInput {
    pub id: ID,
    pub team_name: MaybeUndefined<String>,
    /// A new bot token (write-only); `null` removes the stored one.
    pub bot_token: MaybeUndefined<String>,
    pub bot_user_id: MaybeUndefined<String>,
    pub scope: MaybeUndefined<String>,
    pub is_active: Option<bool>,
}

/// The result of `updateSlackWorkspace` (`payloads::Changed`).
pub type UpdateSlackWorkspacePayload = Changed<entity::slack_workspaces::Entity, Update>;

/// A required non-blank Slack identifier, trimmed.
fn slack_id(field: &str, value: &str) -> async_graphql::Result<String> {
    validate::required(field, value).gql()?;
    Ok(value.trim().to_owned())
}

#[derive(Default)]
pub struct SlackMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl SlackMutations {
    /// Connects a Slack workspace to a clinic (the service only: Slack's OAuth callback, with
    /// the team Slack confirmed). A team already connected anywhere answers CONFLICT.
    async fn connect_slack_workspace(
        &self,
        ctx: &Context<'_>,
        input: ConnectSlackWorkspaceInput,
    ) -> async_graphql::Result<ConnectSlackWorkspacePayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        let team_id = slack_id("input.teamId", &input.team_id)?;
        validate::required("input.botToken", &input.bot_token).gql()?;
        let row = slack_workspaces::ActiveModel {
            id: Set(Uuid::new_v4()),
            clinic_id: Set(Some(clinic_id)),
            team_id: Set(team_id),
            team_name: Set(input.team_name),
            bot_token: Set(Some(input.bot_token.trim().to_owned())),
            bot_user_id: Set(input.bot_user_id),
            scope: Set(input.scope),
            ..Default::default()
        };
        let workspace = session(ctx)?
            .atomically(async |w| {
                // Before the insert: nobody but the service learns from a CONFLICT which teams
                // are connected.
                ensure_may(w, Resource::SlackWorkspaces, Action::Create, clinic_id)?;
                w.insert(row).await
            })
            .await
            .gql()?;
        Ok(ConnectSlackWorkspacePayload {
            slack_workspace: SlackWorkspace::new(workspace),
        })
    }

    /// Changes a workspace's connection, e.g. a re-issued bot token (admin or above).
    async fn update_slack_workspace(
        &self,
        ctx: &Context<'_>,
        input: UpdateSlackWorkspaceInput,
    ) -> async_graphql::Result<UpdateSlackWorkspacePayload> {
        let id = ids::decode_as(&input.id, Resource::SlackWorkspaces).gql()?;
        if let MaybeUndefined::Value(token) = &input.bot_token {
            validate::required("input.botToken", token).gql()?;
        }
        let (_, workspace) = session(ctx)?
            .atomically(async |w| {
                w.update::<slack_workspaces::Entity, slack_workspaces::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        set_maybe(&mut row.team_name, input.team_name);
                        set_maybe(
                            &mut row.bot_token,
                            input.bot_token.map_value(|t| t.trim().to_owned()),
                        );
                        set_maybe(&mut row.bot_user_id, input.bot_user_id);
                        set_maybe(&mut row.scope, input.scope);
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
        Ok(UpdateSlackWorkspacePayload::new(SlackWorkspace::new(
            workspace,
        )))
    }
}
