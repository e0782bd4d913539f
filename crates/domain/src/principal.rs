//! Who is calling: a signed-in user with their clinic memberships, the service principal
//! (webhooks and jobs), or nobody.
//!
//! Roles come from the database (`user_clinic_access`), never from token claims. A token may
//! pin one clinic (Clerk's `org_id`); then the principal acts in that clinic only, even if the
//! user belongs to others.

use entity::enums::ClinicRole;
use uuid::Uuid;

/// A clinic the user belongs to, and the role they hold there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Membership {
    pub clinic_id: Uuid,
    pub role: ClinicRole,
}

/// A signed-in user, resolved from the token's subject.
#[derive(Clone, Debug)]
pub struct UserPrincipal {
    pub user_id: Uuid,
    pub clerk_user_id: String,
    pub email: String,
    /// The memberships in force for this request: all of the user's, or only the pinned
    /// clinic's when the token names an organization.
    pub memberships: Vec<Membership>,
    /// The clinic the token pinned, if any.
    pub active_clinic: Option<Uuid>,
}

impl UserPrincipal {
    /// The role the user holds in a clinic, if they belong to it (in this request's view).
    pub fn role_in(&self, clinic_id: Uuid) -> Option<ClinicRole> {
        self.memberships
            .iter()
            .find(|m| m.clinic_id == clinic_id)
            .map(|m| m.role)
    }

    /// Clinics where the user holds at least `least` (owner > admin > member > viewer).
    pub fn clinics_with_role(&self, least: ClinicRole) -> Vec<Uuid> {
        self.memberships
            .iter()
            .filter(|m| m.role.at_least(least))
            .map(|m| m.clinic_id)
            .collect()
    }

    /// Every clinic the user can see in this request.
    pub fn clinic_ids(&self) -> Vec<Uuid> {
        self.memberships.iter().map(|m| m.clinic_id).collect()
    }
}

/// The caller of one request.
#[derive(Clone, Debug)]
pub enum Principal {
    User(UserPrincipal),
    /// Webhooks and background jobs, authenticated with the service credential. Not scoped to
    /// a clinic; every use is explicit.
    Service {
        name: String,
    },
    /// No credential at all: may only insert into the public sign-up tables.
    Anonymous,
}

impl Principal {
    pub fn as_user(&self) -> Option<&UserPrincipal> {
        match self {
            Principal::User(user) => Some(user),
            _ => None,
        }
    }

    pub fn is_service(&self) -> bool {
        matches!(self, Principal::Service { .. })
    }

    /// A short label for logs and audit records.
    pub fn label(&self) -> String {
        match self {
            Principal::User(u) => format!("user:{}", u.user_id),
            Principal::Service { name } => format!("service:{name}"),
            Principal::Anonymous => "anonymous".to_owned(),
        }
    }
}
