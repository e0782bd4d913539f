//! Who is asking (`Me`), staff profiles (`User`) and their clinic memberships (`Membership`).

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use domain::Resource;
use entity::{clinics, user_clinic_access, users};

use super::clinic::Clinic;
use crate::context::loaders;
use crate::enums::ClinicRole;
use crate::errors::GqlResult;
use crate::guard::{ReadGuard, SignedIn};
use crate::ids;

/// The signed-in user and the clinics they act in for this request.
pub struct Me {
    pub user: users::Model,
    pub active_clinic: Option<uuid::Uuid>,
}

#[Object(guard = "SignedIn")]
impl Me {
    async fn user(&self) -> User {
        User(self.user.clone())
    }
    /// The identity provider's id of the user (`sub` of the token).
    async fn clerk_user_id(&self) -> &str {
        &self.user.clerk_user_id
    }
    /// The memberships in force for this request: all of the user's, or only the pinned
    /// clinic's when the token names an organization.
    async fn memberships(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Membership>> {
        let rows = loaders(ctx)?
            .children::<user_clinic_access::Entity>(user_clinic_access::Column::UserId, self.user.id)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Membership).collect())
    }
    /// The clinic the token pinned (Clerk's `org_id`), if any.
    async fn active_clinic(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Clinic>> {
        let Some(id) = self.active_clinic else { return Ok(None) };
        Ok(loaders(ctx)?.one::<clinics::Entity>(id).await.gql()?.map(Clinic::from))
    }
}

/// A staff member's profile.
pub struct User(pub users::Model);

#[Object(guard = "SignedIn")]
impl User {
    pub async fn id(&self) -> ID {
        ids::encode("User", self.0.id)
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn first_name(&self) -> Option<&str> {
        self.0.first_name.as_deref()
    }
    async fn last_name(&self) -> Option<&str> {
        self.0.last_name.as_deref()
    }
    /// The user's profession (e.g. `veterinarian`), not a clinic role.
    async fn profession(&self) -> Option<&str> {
        self.0.role.as_deref()
    }
    async fn avatar_url(&self) -> Option<&str> {
        self.0.avatar_url.as_deref()
    }
    async fn onboarding_completed(&self) -> Option<bool> {
        self.0.onboarding_completed
    }
    async fn created_at(&self) -> Option<DateTime<Utc>> {
        self.0.created_at
    }
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.updated_at
    }
}

/// A user's role in one clinic.
pub struct Membership(pub user_clinic_access::Model);

#[Object(guard = "ReadGuard::new(Resource::UserClinicAccess, self.0.clinic_id)")]
impl Membership {
    pub async fn id(&self) -> ID {
        ids::encode("Membership", self.0.id)
    }
    async fn role(&self) -> Option<ClinicRole> {
        self.0.role.map(Into::into)
    }
    async fn is_primary(&self) -> Option<bool> {
        self.0.is_primary
    }
    async fn granted_at(&self) -> Option<DateTime<Utc>> {
        self.0.granted_at
    }
    async fn created_at(&self) -> Option<DateTime<Utc>> {
        self.0.created_at
    }
    async fn clinic(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Clinic>> {
        Ok(loaders(ctx)?.one::<clinics::Entity>(self.0.clinic_id).await.gql()?.map(Clinic::from))
    }
    async fn user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(loaders(ctx)?.one::<users::Entity>(self.0.user_id).await.gql()?.map(User))
    }
}
