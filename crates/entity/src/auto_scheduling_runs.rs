//! One run of the auto-scheduling job, with its totals.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::RunStatus;

/// A row of `auto_scheduling_runs`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "auto_scheduling_runs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub started_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub status: Option<RunStatus>,
    #[sea_orm(column_type = "JsonBinary")]
    pub results: Option<Json>,
    pub total_cases_processed: Option<i32>,
    pub total_emails_scheduled: Option<i32>,
    pub total_calls_scheduled: Option<i32>,
    pub total_errors: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub error_message: Option<String>,
    pub created_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `auto_scheduled_items` rows referencing this row.
    #[sea_orm(has_many = "super::auto_scheduled_items::Entity")]
    AutoScheduledItems,
}

impl Related<super::auto_scheduled_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AutoScheduledItems.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
