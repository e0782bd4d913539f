//! Resolving a verified token subject to a principal: the user, their memberships (roles come
//! from the database, never from the token), and the clinic the token pins, if any.
//!
//! This runs before any tenant scope exists, through the one narrow owner-rights function the
//! migrations define for it (`gateway_principal`), which returns only the user's own identity
//! and memberships.

use entity::enums::ClinicRole;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use uuid::Uuid;

use crate::db::Database;
use crate::error::DomainError;
use crate::principal::{Membership, Principal, UserPrincipal};

/// The principal for a user token, or `None` when no user has this subject.
pub async fn resolve_user(
    db: &Database,
    clerk_user_id: &str,
    clerk_org_id: Option<&str>,
) -> Result<Option<Principal>, DomainError> {
    let rows = db
        .conn
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT user_id, email, clinic_id, role, clerk_org_id FROM gateway_principal($1)",
            [clerk_user_id.into()],
        ))
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let user_id: Uuid = first.try_get("", "user_id")?;
    let email: String = first.try_get("", "email")?;
    let mut memberships = Vec::new();
    let mut pinned = None;
    for row in &rows {
        let Some(clinic_id) = row.try_get::<Option<Uuid>>("", "clinic_id")? else {
            continue;
        };
        let role_text: Option<String> = row.try_get("", "role")?;
        let role = match role_text.as_deref().map(parse_role) {
            Some(Some(role)) => role,
            // A membership without a role (the column is nullable in the spec) or with an
            // unknown one grants nothing; the CHECK constraint keeps unknown values out.
            _ => {
                tracing::warn!(%user_id, %clinic_id, role = ?role_text, "membership without a usable role ignored");
                continue;
            }
        };
        let org: Option<String> = row.try_get("", "clerk_org_id")?;
        if clerk_org_id.is_some() && org.as_deref() == clerk_org_id {
            pinned = Some(clinic_id);
        }
        memberships.push(Membership { clinic_id, role });
    }
    if clerk_org_id.is_some() {
        // The token pins one organization: act in that clinic only. An organization the user
        // has no membership for leaves them with no clinic at all.
        memberships.retain(|m| Some(m.clinic_id) == pinned);
    }
    Ok(Some(Principal::User(UserPrincipal {
        user_id,
        clerk_user_id: clerk_user_id.to_owned(),
        email,
        memberships,
        active_clinic: pinned,
    })))
}

fn parse_role(text: &str) -> Option<ClinicRole> {
    match text {
        "owner" => Some(ClinicRole::Owner),
        "admin" => Some(ClinicRole::Admin),
        "member" => Some(ClinicRole::Member),
        "viewer" => Some(ClinicRole::Viewer),
        _ => None,
    }
}
