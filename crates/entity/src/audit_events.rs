//! The gateway's audit trail (an addition to Schema V2): one immutable row per write made
//! through the API, with who, which clinic, which row, the action, and the row before and after.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `audit_events`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The clinic the written row belongs to; `None` for rows without a clinic.
    pub clinic_id: Option<Uuid>,
    /// `user`, `service` or `anonymous`.
    #[sea_orm(column_type = "Text")]
    pub actor_kind: String,
    pub actor_user_id: Option<Uuid>,
    /// The service's name, or the user's identity-provider id.
    #[sea_orm(column_type = "Text")]
    pub actor_name: Option<String>,
    /// The table written.
    #[sea_orm(column_type = "Text")]
    pub entity: String,
    pub entity_id: Uuid,
    /// `create`, `update`, `archive`, `delete`, or a named action such as `approve`.
    #[sea_orm(column_type = "Text")]
    pub action: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub before: Option<Json>,
    #[sea_orm(column_type = "JsonBinary")]
    pub after: Option<Json>,
    #[sea_orm(column_type = "Text")]
    pub request_id: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
