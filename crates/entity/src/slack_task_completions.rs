//! Records that a Slack task was completed on a given date.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `slack_task_completions`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "slack_task_completions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "task_id_completion_date")]
    pub task_id: Uuid,
    #[sea_orm(unique_key = "task_id_completion_date")]
    pub completion_date: Date,
    #[sea_orm(column_type = "Text")]
    pub completed_by_username: Option<String>,
    pub completed_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub message_ts: Option<String>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `task_id` → `slack_tasks.id`.
    #[sea_orm(
        belongs_to = "super::slack_tasks::Entity",
        from = "Column::TaskId",
        to = "super::slack_tasks::Column::Id",
        on_delete = "Cascade"
    )]
    Task,
}

impl Related<super::slack_tasks::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Task.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
