//! Slack workspaces where the bot is installed, optionally linked to a clinic.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `slack_workspaces`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "slack_workspaces")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Option<Uuid>,
    #[sea_orm(column_type = "Text", unique)]
    pub team_id: String,
    #[sea_orm(column_type = "Text")]
    pub team_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub bot_token: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub bot_user_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub scope: Option<String>,
    pub is_active: Option<bool>,
    pub created_at: Option<DateTimeUtc>,
    pub updated_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `clinic_id` → `clinics.id`.
    #[sea_orm(
        belongs_to = "super::clinics::Entity",
        from = "Column::ClinicId",
        to = "super::clinics::Column::Id"
    )]
    Clinic,
    /// `slack_channels` rows referencing this row.
    #[sea_orm(has_many = "super::slack_channels::Entity")]
    SlackChannels,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::slack_channels::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SlackChannels.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
