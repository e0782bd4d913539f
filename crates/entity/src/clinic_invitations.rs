//! Invitations for an email address to join a clinic with a role.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{ClinicRole, InvitationStatus};

/// A row of `clinic_invitations`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "clinic_invitations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "clinic_id_email")]
    pub clinic_id: Uuid,
    #[sea_orm(column_type = "Text", unique_key = "clinic_id_email")]
    pub email: String,
    pub token: Option<Uuid>,
    pub role: Option<ClinicRole>,
    pub status: Option<InvitationStatus>,
    pub invited_by: Option<Uuid>,
    pub accepted_by: Option<Uuid>,
    pub accepted_at: Option<DateTimeUtc>,
    pub expires_at: Option<DateTimeUtc>,
    pub created_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `clinic_id` → `clinics.id`.
    #[sea_orm(
        belongs_to = "super::clinics::Entity",
        from = "Column::ClinicId",
        to = "super::clinics::Column::Id",
        on_delete = "Cascade"
    )]
    Clinic,
    /// `invited_by` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::InvitedBy",
        to = "super::users::Column::Id"
    )]
    InvitedBy,
    /// `accepted_by` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::AcceptedBy",
        to = "super::users::Column::Id"
    )]
    AcceptedBy,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

/// Follows `invited_by`; `Relation::AcceptedBy` (and `AcceptedByLink`) cover the other reference.
impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InvitedBy.def()
    }
}

/// Follows `accepted_by` to `users` (for `find_linked` / `find_also_linked`).
#[derive(Clone, Copy, Debug)]
pub struct AcceptedByLink;

impl Linked for AcceptedByLink {
    type FromEntity = Entity;
    type ToEntity = super::users::Entity;

    fn link(&self) -> Vec<RelationDef> {
        vec![Relation::AcceptedBy.def()]
    }
}

impl ActiveModelBehavior for ActiveModel {}
