//! Enums of the organization & identity tier: clinic roles and invitation states.

use std::cmp::Ordering;

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A user's role within one clinic (`user_clinic_access.role`, `clinic_invitations.role`).
///
/// Ordered by privilege, **not** by declaration order: `Owner > Admin > Member > Viewer`
/// (see [`ClinicRole::rank`]). So `role >= ClinicRole::Admin` reads as "at least admin".
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum ClinicRole {
    /// Full control, including billing and deleting the clinic.
    #[sea_orm(string_value = "owner")]
    Owner,
    /// Manages members and settings.
    #[sea_orm(string_value = "admin")]
    Admin,
    /// Regular staff access.
    #[sea_orm(string_value = "member")]
    Member,
    /// Read-only access.
    #[sea_orm(string_value = "viewer")]
    Viewer,
}

impl ClinicRole {
    /// The database / wire string of this role.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Admin => "admin",
            Self::Member => "member",
            Self::Viewer => "viewer",
        }
    }

    /// Privilege rank used by `Ord`: viewer = 0, member = 1, admin = 2, owner = 3.
    pub const fn rank(self) -> u8 {
        match self {
            Self::Viewer => 0,
            Self::Member => 1,
            Self::Admin => 2,
            Self::Owner => 3,
        }
    }

    /// True when this role grants at least the privileges of `required`.
    pub fn at_least(self, required: Self) -> bool {
        self >= required
    }
}

impl PartialOrd for ClinicRole {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Compares by privilege ([`ClinicRole::rank`]): `Owner > Admin > Member > Viewer`.
impl Ord for ClinicRole {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// State of a clinic invitation (`clinic_invitations.status`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    /// Sent, not yet accepted.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Accepted by the invitee.
    #[sea_orm(string_value = "accepted")]
    Accepted,
    /// Past `expires_at` without being accepted.
    #[sea_orm(string_value = "expired")]
    Expired,
}

impl InvitationStatus {
    /// The database / wire string of this status.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Expired => "expired",
        }
    }
}

super::display_as_str!(ClinicRole, InvitationStatus);
