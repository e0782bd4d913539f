//! Tier 12: Slack checklists.

use super::*;

pub const slack_workspaces: Table = Table {
    resource: Resource::SlackWorkspaces,
    table: "slack_workspaces",
    type_name: "SlackWorkspace",
    noun: "Slack workspace",
    about: "A Slack workspace (team) connected to a clinic.",
    delete: Some("Removes a workspace with its channels, tasks and check-offs (admin or above)."),
    archive: Some(
        "Disconnects a workspace (`isActive = false`); its channels and history stay (admin or\nabove).",
    ),
    tenant: Tenant::Clinic,
    rules: &[
        allow(
            Read,
            Role(A),
            "integration settings (the bot token is never served)",
        ),
        allow(
            Create,
            Service,
            "Slack's OAuth callback connects a workspace once Slack confirmed the team: team ids are unique across clinics, so an admin could otherwise claim another clinic's team",
        ),
        allow(Update, Role(A), "admins manage the connection"),
        allow(Archive, Role(A), "admins disconnect Slack"),
        allow(Delete, Role(A), "admins remove the connection"),
    ],
    // Not shown: bot_token (a secret; `hasBotToken` says whether one is stored).
    #[rustfmt::skip]
    fields: &[
        col("id"), col("team_id").about("Slack's team id, e.g. `T0123ABC`."), col("team_name"), col("bot_user_id"), col("scope").about("The OAuth scopes granted, comma-separated."), col("is_active"),
        computed("hasBotToken"), col("created_at"), col("updated_at"), col("clinic_id").named("clinic"),
    ],
};

pub const slack_channels: Table = Table {
    resource: Resource::SlackChannels,
    table: "slack_channels",
    type_name: "SlackChannel",
    noun: "Slack channel",
    about: "A Slack channel the clinic's checklists are posted to.",
    delete: Some("Removes a channel with its tasks and check-offs (admin or above)."),
    archive: Some(
        "Stops posting to a channel (`isActive = false`); its tasks and history stay (admin or\nabove).",
    ),
    tenant: Tenant::Through {
        column: "workspace_id",
        parent: Resource::SlackWorkspaces,
    },
    rules: &[
        allow(Read, Role(M), "staff see where checklists are posted"),
        allow(Create, Role(A), "integration settings"),
        allow(Update, Role(A), "integration settings"),
        allow(Archive, Role(A), "integration settings"),
        allow(Delete, Role(A), "integration settings"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("channel_id").about("Slack's channel id, e.g. `C0123ABC`."), col("channel_name"), col("timezone").about("IANA time zone reminders are sent in."), col("is_active"), col("created_at"),
        col("updated_at"), col("workspace_id").named("workspace").about("The channel's workspace (null for callers below admin, who may not read workspaces)."), col("added_by").named("addedBy").about("Who added the channel."),
    ],
};

pub const slack_tasks: Table = Table {
    resource: Resource::SlackTasks,
    table: "slack_tasks",
    type_name: "SlackTask",
    noun: "Slack task",
    about: "A daily checklist item posted to a channel at its reminder time.",
    delete: Some("Deletes a task with its check-offs (admin or above)."),
    archive: Some("Retires a task (`isActive = false`); its check-offs stay (member or above)."),
    tenant: Tenant::Through {
        column: "channel_id",
        parent: Resource::SlackChannels,
    },
    rules: &[
        allow(Read, Role(M), "daily checklists are day-to-day work"),
        allow(Create, Role(M), "daily checklists are day-to-day work"),
        allow(Update, Role(M), "daily checklists are day-to-day work"),
        allow(Archive, Role(M), "daily checklists are day-to-day work"),
        allow(Delete, Role(A), "hard deletes destroy history"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("title"), col("description"), col("reminder_time").about("When the reminder is posted, in the channel's time zone."), col("is_active"), col("created_at"),
        col("updated_at"), col("channel_id").named("channel"), col("created_by").named("createdBy"),
    ],
};

pub const slack_task_completions: Table = Table {
    resource: Resource::SlackTaskCompletions,
    table: "slack_task_completions",
    type_name: "SlackTaskCompletion",
    noun: "Slack task completion",
    about: "A task ticked off for one day.",
    delete: None,
    archive: None,
    tenant: Tenant::Through {
        column: "task_id",
        parent: Resource::SlackTasks,
    },
    rules: &[
        allow(Read, Role(M), "staff see what was done"),
        allow(Create, Role(M), "staff (or the Slack bot) tick tasks off"),
        allow(Update, Role(M), "corrections"),
        allow(Delete, Role(M), "un-ticking a task"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("completion_date").about("The day the task was done for."), col("completed_by_username").about("The Slack user who ticked it off."), col("completed_at"), col("message_ts").about("The Slack message's timestamp id."),
        col("task_id").named("task"),
    ],
};
