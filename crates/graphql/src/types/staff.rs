//! Staff administration: invitations to join a clinic (`Invitation`) and their mutations, the
//! providers the schedule and cases refer to (`Provider`, in [`providers`]), and the clinic's
//! lists of both.
//!
//! An invitation's token is a secret: it is never a field, and is returned exactly once, by
//! `inviteStaff`. The identity provider's webhook accepts invitations as the service principal,
//! for the user who signed in with the token; the token alone is not enough: the user's e-mail
//! address must be the invited one (case-insensitively), or the invitation does not exist for
//! them. Accepting claims the invitation with a locking read of the pending, unexpired
//! invitation for that address, so of many accepts at once exactly one joins the clinic.
//! Resending follows the rules of inviting (only an owner revives an invitation to be an owner).

pub mod providers;

use async_graphql::Value;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{TimeDelta, Utc};
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::enums::{ClinicRole as DbClinicRole, InvitationStatus as DbInvitationStatus};
use entity::{clinic_invitations, clinics, user_clinic_access, users};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, Set};
use uuid::Uuid;

use super::identity::{Membership, require_owner};
use crate::context::session;
use crate::enums::{ClinicRole, InvitationStatus};
use crate::errors::GqlResult;
use crate::guard::ensure_may;
use crate::ids;
use crate::row::{
    BY_CREATED_AT, Exposed, Filtered, Filtering, Given, Listed, Ordering, Parent, Row, any_of, by,
    custom, equals_ignoring_case, nullable, parent, within,
};

/// How long an invitation stays valid after it is sent or resent (the spec's default).
const INVITATION_VALIDITY: TimeDelta = TimeDelta::days(7);

// ---------------------------------------------------------------------------------------------
// Invitation

/// A row of `clinic_invitations` (described with its table in `domain::registry`).
pub type Invitation = Row<clinic_invitations::Entity>;

/// The hand-written fields of `Invitation` (its columns come from its declaration).
pub struct InvitationLinks<'a>(&'a clinic_invitations::Model);

#[Object(name = "InvitationLinks")]
impl InvitationLinks<'_> {
    /// `EXPIRED` also for a pending invitation past `expiresAt` (the stored status is only
    /// changed by a resend or an acceptance).
    async fn status(&self) -> Option<InvitationStatus> {
        let expired = self.0.expires_at.is_some_and(|at| at <= Utc::now());
        self.0.status.map(|s| match s {
            DbInvitationStatus::Pending if expired => InvitationStatus::Expired,
            other => other.into(),
        })
    }
}

impl Exposed for clinic_invitations::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<users::Entity>("invitedBy"),
        parent::<users::Entity>("acceptedBy"),
        parent::<clinics::Entity>("clinic"),
    ];
    type Links<'a> = InvitationLinks<'a>;
    fn links(model: &clinic_invitations::Model) -> Self::Links<'_> {
        InvitationLinks(model)
    }
}

impl Filtered for clinic_invitations::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "InvitationFilter",
        about: "Which invitations a list returns.",
        fields: &[
            custom(
                "status",
                nullable::<Vec<InvitationStatus>>,
                invitation_status,
            )
            .about(
                "Any of these statuses, as the `status` field reports them (a pending \
                 invitation past its expiry counts as `EXPIRED`).",
            ),
            any_of("role"),
            equals_ignoring_case("email").about("Exact address, case-insensitive."),
            within("created_at"),
        ],
    };
}

/// Invitations in any of the statuses as `Invitation.status` reports them: a pending
/// invitation past its expiry is expired.
fn invitation_status(path: &str, value: &Value, _: &Given) -> Result<Condition, DomainError> {
    use clinic_invitations::Column as C;
    let statuses = <Vec<InvitationStatus> as async_graphql::InputType>::parse(Some(value.clone()))
        .map_err(|_| DomainError::bad_input(path, "expected invitation statuses"))?;
    let now = Utc::now();
    let live = || {
        Condition::any()
            .add(C::ExpiresAt.is_null())
            .add(C::ExpiresAt.gt(now))
    };
    let mut any = Condition::any();
    for status in statuses {
        any = any.add(match status {
            InvitationStatus::Pending => Condition::all()
                .add(C::Status.eq(DbInvitationStatus::Pending))
                .add(live()),
            InvitationStatus::Accepted => {
                Condition::all().add(C::Status.eq(DbInvitationStatus::Accepted))
            }
            InvitationStatus::Expired => Condition::any()
                .add(C::Status.eq(DbInvitationStatus::Expired))
                .add(
                    Condition::all()
                        .add(C::Status.eq(DbInvitationStatus::Pending))
                        .add(C::ExpiresAt.lte(now)),
                ),
        });
    }
    Ok(any)
}

impl Listed for clinic_invitations::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "InvitationOrder",
        about: "The order of an invitation list (ties broken by id); newest first by default.",
        keys: &[
            BY_CREATED_AT,
            by("expires_at", "By when the invitation expires."),
            by("email", "By e-mail address, alphabetically."),
        ],
        descending: true,
    };
}

// ---------------------------------------------------------------------------------------------
// The clinic's lists of this module

// ---------------------------------------------------------------------------------------------
// Mutations

/// The input of `inviteStaff`, which invites an e-mail address to join the clinic (admin or above;
/// only an owner may invite an owner).
#[derive(InputObject)]
pub struct InviteStaffInput {
    pub clinic_id: ID,
    pub email: String,
    /// `MEMBER` unless given; only an owner may invite an `OWNER`.
    pub role: Option<ClinicRole>,
}

/// The result of `inviteStaff`: the invitation, and the one-time token to send to the invitee (it
/// is shown only here).
#[derive(SimpleObject)]
pub struct InviteStaffPayload {
    pub invitation: Invitation,
    /// The secret the invitee presents to join (a UUID). Returned here once and never again:
    /// put it in the link you send.
    pub invitation_token: String,
}

/// The input of `revokeInvitation`, which withdraws an invitation that was not accepted yet (admin
/// or above).
#[derive(InputObject)]
pub struct RevokeInvitationInput {
    pub id: ID,
}

/// The result of `revokeInvitation`: the ID of the deleted invitation, so a client can drop it from
/// its cache.
#[derive(SimpleObject)]
pub struct RevokeInvitationPayload {
    pub deleted_invitation_id: ID,
}

/// The input of `resendInvitation`, which makes an invitation pending again, valid for 7 days from
/// now, under the rules of `inviteStaff` (admin or above; only an owner resends an invitation to be
/// an owner).
#[derive(InputObject)]
pub struct ResendInvitationInput {
    pub id: ID,
}

/// The result of `resendInvitation`: the invitation as it is after the change.
#[derive(SimpleObject)]
pub struct ResendInvitationPayload {
    pub invitation: Invitation,
}

/// The input of `acceptInvitation`, which accepts an invitation for a user and gives them the
/// invited role (the identity provider's webhook, as the service principal, only).
#[derive(InputObject)]
pub struct AcceptInvitationInput {
    /// The invitation's token, as `inviteStaff` returned it.
    pub token: String,
    /// The user who signed up or signed in with the invitation.
    pub user_id: ID,
}

/// The result of `acceptInvitation`: the accepted invitation and the caller's new membership of the
/// clinic.
#[derive(SimpleObject)]
pub struct AcceptInvitationPayload {
    pub invitation: Invitation,
    pub membership: Membership,
}

/// Accepted invitations are history: they are neither revoked nor resent.
fn not_accepted(invitation: &clinic_invitations::Model, message: &str) -> Result<(), DomainError> {
    if invitation.status == Some(DbInvitationStatus::Accepted) {
        return Err(DomainError::bad_input("input.id", message));
    }
    Ok(())
}

#[derive(Default)]
pub struct StaffMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl StaffMutations {
    /// Invites an e-mail address to join the clinic (admin or above; only an owner may invite
    /// an owner). The payload carries the invitation's token, once.
    async fn invite_staff(
        &self,
        ctx: &Context<'_>,
        input: InviteStaffInput,
    ) -> async_graphql::Result<InviteStaffPayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        let email = input.email.trim().to_lowercase();
        validate::required("input.email", &email).gql()?;
        validate::email("input.email", Some(&email)).gql()?;
        let role: DbClinicRole = input.role.map_or(DbClinicRole::Member, Into::into);
        let token = Uuid::new_v4();
        let session = session(ctx)?;
        let invited_by = session.principal().as_user().map(|u| u.user_id);
        let invitation = session
            .atomically(async |w| {
                ensure_may(w, Resource::ClinicInvitations, Action::Create, clinic_id)?;
                if role == DbClinicRole::Owner {
                    require_owner(w, clinic_id, "only an owner may invite an owner")?;
                }
                w.insert(clinic_invitations::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(clinic_id),
                    email: Set(email),
                    token: Set(Some(token)),
                    role: Set(Some(role)),
                    status: Set(Some(DbInvitationStatus::Pending)),
                    invited_by: Set(invited_by),
                    expires_at: Set(Some(Utc::now() + INVITATION_VALIDITY)),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(InviteStaffPayload {
            invitation: Invitation::new(invitation),
            invitation_token: token.to_string(),
        })
    }

    /// Withdraws an invitation that was not accepted yet (admin or above).
    async fn revoke_invitation(
        &self,
        ctx: &Context<'_>,
        input: RevokeInvitationInput,
    ) -> async_graphql::Result<RevokeInvitationPayload> {
        let id = ids::decode_as(&input.id, Resource::ClinicInvitations).gql()?;
        session(ctx)?
            .atomically(async |w| {
                let invitation = w
                    .load_for::<clinic_invitations::Entity>(id, Action::Delete)
                    .await?;
                not_accepted(
                    &invitation,
                    "the invitation was accepted; remove the member instead",
                )?;
                w.delete::<clinic_invitations::Entity>(id).await
            })
            .await
            .gql()?;
        Ok(RevokeInvitationPayload {
            deleted_invitation_id: input.id,
        })
    }

    /// Makes an invitation pending again, valid for 7 days from now, under the rules of
    /// `inviteStaff` (admin or above; only an owner resends an invitation to be an owner). The
    /// token does not change.
    async fn resend_invitation(
        &self,
        ctx: &Context<'_>,
        input: ResendInvitationInput,
    ) -> async_graphql::Result<ResendInvitationPayload> {
        let id = ids::decode_as(&input.id, Resource::ClinicInvitations).gql()?;
        let (_, invitation) = session(ctx)?
            .atomically(async |w| {
                let invitation = w
                    .load_for::<clinic_invitations::Entity>(id, Action::Update)
                    .await?;
                // Reviving an invitation is sending it again: the resender must be allowed to
                // send this one (an admin could otherwise revive an owner's invitation).
                ensure_may(
                    w,
                    Resource::ClinicInvitations,
                    Action::Create,
                    invitation.clinic_id,
                )?;
                if invitation.role == Some(DbClinicRole::Owner) {
                    require_owner(w, invitation.clinic_id, "only an owner may invite an owner")?;
                }
                not_accepted(&invitation, "the invitation was already accepted")?;
                w.update::<clinic_invitations::Entity, clinic_invitations::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        row.status = Set(Some(DbInvitationStatus::Pending));
                        row.expires_at = Set(Some(Utc::now() + INVITATION_VALIDITY));
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(ResendInvitationPayload {
            invitation: Invitation::new(invitation),
        })
    }

    /// Accepts an invitation for a user and gives them the invited role (the identity
    /// provider's webhook, as the service principal, only). The user's e-mail address must be
    /// the invited one, case-insensitively: for anyone else the invitation does not exist
    /// (NOT_FOUND, as for an unknown token). To its invitee, an expired or already accepted
    /// invitation answers BAD_USER_INPUT.
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        input: AcceptInvitationInput,
    ) -> async_graphql::Result<AcceptInvitationPayload> {
        let session = session(ctx)?;
        if !session.principal().is_service() {
            return Err(crate::errors::to_gql(&DomainError::forbidden(
                "invitations are accepted through the identity provider",
            )));
        }
        // A malformed token is a token that does not exist.
        let token = Uuid::parse_str(input.token.trim())
            .map_err(|_| DomainError::NotFound("invitation"))
            .gql()?;
        let user_id = ids::decode_as(&input.user_id, Resource::Users).gql()?;
        let (invitation, membership) = session
            .atomically(async |w| {
                let user = w
                    .fetch::<users::Entity>(user_id, Action::Read)
                    .await?
                    .ok_or_else(|| DomainError::bad_input("input.userId", "no such user"))?;
                let for_this_user = || {
                    Condition::all()
                        .add(clinic_invitations::Column::Token.eq(token))
                        .add(Expr::cust_with_values(r#"lower("clinic_invitations"."email") = lower($1)"#, [user.email.clone()]))
                };
                // The claim: the pending, unexpired invitation for this address, locked. Of
                // concurrent accepts, the first holds the lock until its request commits; the
                // others then find the row accepted, and claim nothing.
                let claimed = w
                    .lock::<clinic_invitations::Entity>(
                        Action::Update,
                        for_this_user()
                            .add(clinic_invitations::Column::Status.eq(DbInvitationStatus::Pending))
                            .add(Expr::cust(r#"("clinic_invitations"."expires_at" IS NULL OR "clinic_invitations"."expires_at" > now())"#)),
                    )
                    .await?;
                let Some(invitation) = claimed.into_iter().next() else {
                    // Why nothing was claimed is told only to the invitee.
                    let theirs = w.find_one::<clinic_invitations::Entity>(Action::Read, for_this_user()).await?;
                    return Err(match theirs {
                        Some(i) if i.status == Some(DbInvitationStatus::Accepted) => {
                            DomainError::bad_input("input.token", "the invitation was already accepted")
                        }
                        Some(_) => DomainError::bad_input("input.token", "the invitation has expired"),
                        None => DomainError::NotFound("invitation"),
                    });
                };
                // The first clinic a user joins becomes their primary one.
                let has_clinic = w
                    .find_one::<user_clinic_access::Entity>(
                        Action::Read,
                        Condition::all().add(user_clinic_access::Column::UserId.eq(user_id)),
                    )
                    .await?
                    .is_some();
                let now = Utc::now();
                let (_, invitation) = w
                    .update::<clinic_invitations::Entity, clinic_invitations::ActiveModel>(invitation.id, Action::Update, |row| {
                        row.status = Set(Some(DbInvitationStatus::Accepted));
                        row.accepted_by = Set(Some(user_id));
                        row.accepted_at = Set(Some(now));
                        Ok(())
                    })
                    .await?;
                let membership = w
                    .insert(user_clinic_access::ActiveModel {
                        id: Set(Uuid::new_v4()),
                        user_id: Set(user_id),
                        clinic_id: Set(invitation.clinic_id),
                        role: Set(Some(invitation.role.unwrap_or(DbClinicRole::Member))),
                        is_primary: Set(Some(!has_clinic)),
                        granted_by: Set(invitation.invited_by),
                        ..Default::default()
                    })
                    .await?;
                Ok((invitation, membership))
            })
            .await
            .gql()?;
        Ok(AcceptInvitationPayload {
            invitation: Invitation::new(invitation),
            membership: Membership::new(membership),
        })
    }
}
