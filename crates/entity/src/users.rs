//! Lean user profile; authentication is handled entirely by Clerk.
//!
//! Many tables reference users (`created_by`, `approved_by`, ...) through `belongs_to` relations
//! on their side; only the memberships, the clinics (through them) and `providers` are
//! navigable from here.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `users`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(column_type = "Text", unique)]
    pub clerk_user_id: String,
    #[sea_orm(column_type = "Text")]
    pub email: String,
    #[sea_orm(column_type = "Text")]
    pub first_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub last_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub role: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub avatar_url: Option<String>,
    pub onboarding_completed: Option<bool>,
    pub created_at: Option<DateTimeUtc>,
    pub updated_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `providers` rows referencing this row.
    #[sea_orm(has_many = "super::providers::Entity")]
    Providers,
    /// `user_clinic_access` rows referencing this row.
    #[sea_orm(has_many = "super::user_clinic_access::Entity")]
    UserClinicAccess,
}

impl Related<super::providers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Providers.def()
    }
}

impl Related<super::user_clinic_access::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserClinicAccess.def()
    }
}

/// Clinics this user can access, through `user_clinic_access`.
impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        super::user_clinic_access::Relation::Clinic.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::user_clinic_access::Relation::User.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
