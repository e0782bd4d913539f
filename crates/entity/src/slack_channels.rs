//! Slack channels of a workspace that receive task reminders.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `slack_channels`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "slack_channels")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "workspace_id_channel_id")]
    pub workspace_id: Uuid,
    /// Slack's channel id (not a foreign key).
    #[sea_orm(column_type = "Text", unique_key = "workspace_id_channel_id")]
    pub channel_id: String,
    #[sea_orm(column_type = "Text")]
    pub channel_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub timezone: Option<String>,
    pub is_active: Option<bool>,
    pub added_by: Option<Uuid>,
    pub created_at: Option<DateTimeUtc>,
    pub updated_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `workspace_id` → `slack_workspaces.id`.
    #[sea_orm(
        belongs_to = "super::slack_workspaces::Entity",
        from = "Column::WorkspaceId",
        to = "super::slack_workspaces::Column::Id",
        on_delete = "Cascade"
    )]
    Workspace,
    /// `added_by` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::AddedBy",
        to = "super::users::Column::Id"
    )]
    AddedBy,
    /// `slack_tasks` rows referencing this row.
    #[sea_orm(has_many = "super::slack_tasks::Entity")]
    SlackTasks,
}

impl Related<super::slack_workspaces::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Workspace.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AddedBy.def()
    }
}

impl Related<super::slack_tasks::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SlackTasks.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
