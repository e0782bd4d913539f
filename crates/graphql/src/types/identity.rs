//! Who is asking (`Me`), staff profiles (`User`) and their clinic memberships (`Membership`),
//! with the mutations on them: a user's own profile, and adding, re-roling and removing staff.
//!
//! The owner rules of memberships (only an owner grants or revokes `OWNER`; a clinic keeps at
//! least one owner) are business rules on top of the policy table. They are checked inside the
//! mutation's savepoint, before the write. Revoking an owner role first locks the clinic's
//! owner memberships (`Writer::lock`), so two owners demoting or removing each other at the
//! same moment are serialised: the second one's check sees the first one's committed change.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use domain::session::Writer;
use domain::validate;
use domain::{Action, DomainError, Principal, Resource};
use entity::enums::ClinicRole as DbClinicRole;
use entity::{clinics, user_clinic_access, users};
use sea_orm::{ColumnTrait, Condition, Set};
use uuid::Uuid;

use super::clinic::Clinic;
use crate::context::{loaders, session};
use crate::enums::ClinicRole;
use crate::errors::GqlResult;
use crate::guard::SignedIn;
use crate::guard::ensure_may;
use crate::ids;
use crate::inputs::set_maybe;
use crate::row::{
    BY_CREATED_AT, Exposed, Filter, Filtered, Filtering, Listed, Ordering, Parent, Row, Sort,
    any_of, by, equals, no_links, parent,
};

/// The signed-in user and the clinics they act in for this request.
pub struct Me {
    pub user: users::Model,
    pub active_clinic: Option<uuid::Uuid>,
}

/// The signed-in user and the clinics they act in for this request.
#[Object(guard = "SignedIn")]
impl Me {
    async fn user(&self) -> User {
        User::new(self.user.clone())
    }
    /// The identity provider's id of the user (`sub` of the token).
    async fn clerk_user_id(&self) -> &str {
        &self.user.clerk_user_id
    }
    /// The memberships in force for this request: all of the user's, or only the pinned
    /// clinic's when the token names an organization.
    async fn memberships(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Membership>> {
        let rows = loaders(ctx)?
            .children::<user_clinic_access::Entity>(
                user_clinic_access::Column::UserId,
                self.user.id,
            )
            .await
            .gql()?;
        Ok(rows.into_iter().map(Membership::new).collect())
    }
    /// The clinic the token pinned (Clerk's `org_id`), if any.
    async fn active_clinic(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Clinic>> {
        let Some(id) = self.active_clinic else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<clinics::Entity>(id)
            .await
            .gql()?
            .map(Clinic::new))
    }
}

/// A row of `users` (described with its table in `domain::registry`).
pub type User = Row<users::Entity>;

impl Exposed for users::Entity {
    no_links!();
}

/// A row of `user_clinic_access` (described with its table in `domain::registry`).
pub type Membership = Row<user_clinic_access::Entity>;

impl Exposed for user_clinic_access::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<users::Entity>("grantedBy"),
        parent::<clinics::Entity>("clinic"),
        parent::<users::Entity>("user"),
    ];
    no_links!();
}

/// Which memberships a list returns.
pub type MembershipFilter = Filter<user_clinic_access::Entity>;

/// The order of a membership list.
pub type MembershipOrder = Sort<user_clinic_access::Entity>;

impl Filtered for user_clinic_access::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "MembershipFilter",
        about: "Which memberships a list returns.",
        fields: &[
            any_of("role").about("Any of these roles."),
            equals("is_primary"),
        ],
    };
}

impl Listed for user_clinic_access::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "MembershipOrder",
        about: "The order of a membership list (ties broken by id); longest-standing first by \
                default.",
        keys: &[
            by("granted_at", "By when the role was granted."),
            BY_CREATED_AT,
        ],
        descending: false,
    };
}

// ---------------------------------------------------------------------------------------------
// The owner rules

/// The caller must be an owner of `clinic_id` (the service principal acts for the identity
/// provider and may). Outside the caller's clinics the clinic does not exist for them.
pub(crate) fn require_owner(
    w: &Writer<'_>,
    clinic_id: Uuid,
    message: &str,
) -> Result<(), DomainError> {
    match w.session().principal() {
        Principal::Service { .. } => Ok(()),
        Principal::User(user) => match user.role_in(clinic_id) {
            Some(DbClinicRole::Owner) => Ok(()),
            Some(_) => Err(DomainError::forbidden(message)),
            None => Err(DomainError::NotFound("clinic")),
        },
        Principal::Anonymous => Err(DomainError::Unauthenticated),
    }
}

/// Before the owner role of membership `target` is revoked (a demotion or a removal): locks the
/// clinic's owner memberships and, against them as committed, fails unless the caller (a user)
/// still is an owner (`not_owner`, FORBIDDEN: a concurrent change may have taken their role)
/// and the clinic keeps an owner other than `target` (`last_owner`, BAD_USER_INPUT on `field`).
///
/// Without the lock, two owners demoting each other under READ COMMITTED would each count the
/// other as the remaining owner and both succeed, leaving the clinic without one.
async fn keep_an_owner(
    w: &Writer<'_>,
    clinic_id: Uuid,
    target: Uuid,
    field: &str,
    not_owner: &str,
    last_owner: &str,
) -> Result<(), DomainError> {
    let owners = w
        .lock::<user_clinic_access::Entity>(
            Action::Update,
            Condition::all()
                .add(user_clinic_access::Column::ClinicId.eq(clinic_id))
                .add(user_clinic_access::Column::Role.eq(DbClinicRole::Owner)),
        )
        .await?;
    if let Principal::User(user) = w.session().principal()
        && !owners.iter().any(|m| m.user_id == user.user_id)
    {
        return Err(DomainError::forbidden(not_owner));
    }
    // A target that is no owner any more (a concurrent demotion) revokes nothing.
    let target_is_owner = owners.iter().any(|m| m.id == target);
    if target_is_owner && !owners.iter().any(|m| m.id != target) {
        return Err(DomainError::bad_input(field, last_owner));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// Absent fields are left as they are; `null` clears a nullable field.
#[derive(InputObject)]
pub struct UpdateMyProfileInput {
    pub first_name: MaybeUndefined<String>,
    pub last_name: MaybeUndefined<String>,
    /// An `https://` (or `http://`) URL of the picture.
    pub avatar_url: MaybeUndefined<String>,
    /// The user's profession, e.g. `veterinarian` (not a clinic role).
    pub profession: MaybeUndefined<String>,
}

/// The result of `updateMyProfile`: the user as it is after the change.
#[derive(SimpleObject)]
pub struct UpdateMyProfilePayload {
    pub user: User,
}

/// The input of `addMember`, which gives an existing user a role in a clinic (admin or above; only
/// an owner may grant `OWNER`).
#[derive(InputObject)]
pub struct AddMemberInput {
    pub clinic_id: ID,
    pub user_id: ID,
    /// Only an owner may grant `OWNER`.
    pub role: ClinicRole,
}

/// The result of `addMember`: the new membership.
#[derive(SimpleObject)]
pub struct AddMemberPayload {
    pub membership: Membership,
}

/// The input of `updateMemberRole`, which changes a member's role (admin or above; only an owner
/// may grant or revoke `OWNER`, and the clinic's last owner cannot be demoted).
#[derive(InputObject)]
pub struct UpdateMemberRoleInput {
    pub id: ID,
    /// Only an owner may grant or revoke `OWNER`; the last owner keeps it.
    pub role: ClinicRole,
}

/// The result of `updateMemberRole`: the membership as it is after the change.
#[derive(SimpleObject)]
pub struct UpdateMemberRolePayload {
    pub membership: Membership,
}

/// The input of `removeMember`, which removes a member from a clinic (admin or above; removing an
/// owner takes an owner, and the clinic's last owner cannot be removed).
#[derive(InputObject)]
pub struct RemoveMemberInput {
    pub id: ID,
}

/// The result of `removeMember`: the ID of the deleted membership, so a client can drop it from its
/// cache.
#[derive(SimpleObject)]
pub struct RemoveMemberPayload {
    pub deleted_membership_id: ID,
}

/// A URL a browser may load: `https://` or `http://` and something after it.
pub(crate) fn validate_url(field: &str, value: Option<&str>) -> Result<(), DomainError> {
    let Some(value) = value else { return Ok(()) };
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty()
                && !value.chars().any(char::is_whitespace)
                && value.len() <= 2048 =>
        {
            Ok(())
        }
        _ => Err(DomainError::bad_input(field, "must be an http(s) URL")),
    }
}

/// Text that may be cleared (`null`) but, when given, must not be blank.
fn optional_maybe(field: &str, value: &MaybeUndefined<String>) -> Result<(), DomainError> {
    validate::optional_text(field, value.as_opt_deref().flatten())
}

#[derive(Default)]
pub struct MembershipMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl MembershipMutations {
    /// Changes the signed-in user's own profile (the user themself only).
    async fn update_my_profile(
        &self,
        ctx: &Context<'_>,
        input: UpdateMyProfileInput,
    ) -> async_graphql::Result<UpdateMyProfilePayload> {
        let session = session(ctx)?;
        let Some(me) = session.principal().as_user() else {
            return Err(crate::errors::to_gql(&DomainError::forbidden(
                "only a signed-in user has a profile",
            )));
        };
        let me = me.user_id;
        optional_maybe("input.firstName", &input.first_name).gql()?;
        optional_maybe("input.lastName", &input.last_name).gql()?;
        optional_maybe("input.profession", &input.profession).gql()?;
        validate_url("input.avatarUrl", input.avatar_url.as_opt_deref().flatten()).gql()?;
        let trim = |v: MaybeUndefined<String>| v.map_value(|s| s.trim().to_owned());
        let (_, user) = session
            .atomically(async |w| {
                w.update::<users::Entity, users::ActiveModel>(me, Action::Update, |row| {
                    set_maybe(&mut row.first_name, trim(input.first_name));
                    set_maybe(&mut row.last_name, trim(input.last_name));
                    set_maybe(&mut row.avatar_url, input.avatar_url);
                    set_maybe(&mut row.role, trim(input.profession));
                    Ok(())
                })
                .await
            })
            .await
            .gql()?;
        Ok(UpdateMyProfilePayload {
            user: User::new(user),
        })
    }

    /// Gives an existing user a role in a clinic (admin or above; only an owner may grant
    /// `OWNER`).
    async fn add_member(
        &self,
        ctx: &Context<'_>,
        input: AddMemberInput,
    ) -> async_graphql::Result<AddMemberPayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        let user_id = ids::decode_as(&input.user_id, Resource::Users).gql()?;
        let role: DbClinicRole = input.role.into();
        let session = session(ctx)?;
        let granted_by = session.principal().as_user().map(|u| u.user_id);
        let membership = session
            .atomically(async |w| {
                ensure_may(w, Resource::UserClinicAccess, Action::Create, clinic_id)?;
                if role == DbClinicRole::Owner {
                    require_owner(w, clinic_id, "only an owner may grant the owner role")?;
                }
                w.insert(user_clinic_access::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    user_id: Set(user_id),
                    clinic_id: Set(clinic_id),
                    role: Set(Some(role)),
                    granted_by: Set(granted_by),
                    ..Default::default()
                })
                .await
                // The user need not be visible to the admin yet (users are readable by their
                // colleagues only), so an unknown user surfaces as the foreign-key violation.
                .map_err(|e| match e {
                    DomainError::BadInput { field: None, .. } => {
                        DomainError::bad_input("input.userId", "no such user")
                    }
                    other => other,
                })
            })
            .await
            .gql()?;
        Ok(AddMemberPayload {
            membership: Membership::new(membership),
        })
    }

    /// Changes a member's role (admin or above; only an owner may grant or revoke `OWNER`, and
    /// the clinic's last owner cannot be demoted).
    async fn update_member_role(
        &self,
        ctx: &Context<'_>,
        input: UpdateMemberRoleInput,
    ) -> async_graphql::Result<UpdateMemberRolePayload> {
        let id = ids::decode_as(&input.id, Resource::UserClinicAccess).gql()?;
        let role: DbClinicRole = input.role.into();
        let (_, membership) = session(ctx)?
            .atomically(async |w| {
                let current = w
                    .load_for::<user_clinic_access::Entity>(id, Action::Update)
                    .await?;
                let was_owner = current.role == Some(DbClinicRole::Owner);
                if was_owner || role == DbClinicRole::Owner {
                    require_owner(
                        w,
                        current.clinic_id,
                        "only an owner may grant or revoke the owner role",
                    )?;
                }
                if was_owner && role != DbClinicRole::Owner {
                    keep_an_owner(
                        w,
                        current.clinic_id,
                        id,
                        "input.role",
                        "only an owner may grant or revoke the owner role",
                        "the clinic's last owner cannot be demoted",
                    )
                    .await?;
                }
                w.update::<user_clinic_access::Entity, user_clinic_access::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        row.role = Set(Some(role));
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateMemberRolePayload {
            membership: Membership::new(membership),
        })
    }

    /// Removes a member from a clinic (admin or above; removing an owner takes an owner, and
    /// the clinic's last owner cannot be removed).
    async fn remove_member(
        &self,
        ctx: &Context<'_>,
        input: RemoveMemberInput,
    ) -> async_graphql::Result<RemoveMemberPayload> {
        let id = ids::decode_as(&input.id, Resource::UserClinicAccess).gql()?;
        session(ctx)?
            .atomically(async |w| {
                let current = w
                    .load_for::<user_clinic_access::Entity>(id, Action::Delete)
                    .await?;
                if current.role == Some(DbClinicRole::Owner) {
                    // Removing an owner revokes the owner role.
                    require_owner(w, current.clinic_id, "only an owner may remove an owner")?;
                    keep_an_owner(
                        w,
                        current.clinic_id,
                        id,
                        "input.id",
                        "only an owner may remove an owner",
                        "the clinic's last owner cannot be removed",
                    )
                    .await?;
                }
                w.delete::<user_clinic_access::Entity>(id).await
            })
            .await
            .gql()?;
        Ok(RemoveMemberPayload {
            deleted_membership_id: input.id,
        })
    }
}
