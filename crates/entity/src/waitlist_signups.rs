//! Marketing waitlist signups (public, no clinic).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::WaitlistStatus;

/// A row of `waitlist_signups`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "waitlist_signups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(column_type = "Text", unique_key = "email_campaign")]
    pub email: String,
    #[sea_orm(column_type = "Text")]
    pub full_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub source: Option<String>,
    #[sea_orm(column_type = "Text", unique_key = "email_campaign")]
    pub campaign: Option<String>,
    pub status: Option<WaitlistStatus>,
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Option<Json>,
    pub created_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
