//! Many-to-many junction: users belong to clinics with roles.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::ClinicRole;

/// A row of `user_clinic_access`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "user_clinic_access")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique_key = "user_id_clinic_id")]
    pub user_id: Uuid,
    #[sea_orm(unique_key = "user_id_clinic_id")]
    pub clinic_id: Uuid,
    pub role: Option<ClinicRole>,
    pub is_primary: Option<bool>,
    pub granted_by: Option<Uuid>,
    pub granted_at: Option<DateTimeUtc>,
    pub created_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `user_id` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id",
        on_delete = "Cascade"
    )]
    User,
    /// `clinic_id` → `clinics.id`.
    #[sea_orm(
        belongs_to = "super::clinics::Entity",
        from = "Column::ClinicId",
        to = "super::clinics::Column::Id",
        on_delete = "Cascade"
    )]
    Clinic,
    /// `granted_by` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::GrantedBy",
        to = "super::users::Column::Id"
    )]
    GrantedBy,
}

/// Follows `user_id`; `Relation::GrantedBy` (and `GrantedByLink`) cover the other reference.
impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

/// Follows `granted_by` to `users` (for `find_linked` / `find_also_linked`).
#[derive(Clone, Copy, Debug)]
pub struct GrantedByLink;

impl Linked for GrantedByLink {
    type FromEntity = Entity;
    type ToEntity = super::users::Entity;

    fn link(&self) -> Vec<RelationDef> {
        vec![Relation::GrantedBy.def()]
    }
}

impl ActiveModelBehavior for ActiveModel {}
