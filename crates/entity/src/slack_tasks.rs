//! Recurring tasks whose reminders are posted in a Slack channel.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `slack_tasks`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "slack_tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The `slack_channels` row (our UUID, not Slack's channel id).
    pub channel_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    pub reminder_time: Option<Time>,
    pub is_active: Option<bool>,
    pub created_by: Option<Uuid>,
    pub created_at: Option<DateTimeUtc>,
    pub updated_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `channel_id` → `slack_channels.id`.
    #[sea_orm(
        belongs_to = "super::slack_channels::Entity",
        from = "Column::ChannelId",
        to = "super::slack_channels::Column::Id",
        on_delete = "Cascade"
    )]
    Channel,
    /// `created_by` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::CreatedBy",
        to = "super::users::Column::Id"
    )]
    CreatedBy,
    /// `slack_task_completions` rows referencing this row.
    #[sea_orm(has_many = "super::slack_task_completions::Entity")]
    SlackTaskCompletions,
}

impl Related<super::slack_channels::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Channel.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CreatedBy.def()
    }
}

impl Related<super::slack_task_completions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SlackTaskCompletions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
