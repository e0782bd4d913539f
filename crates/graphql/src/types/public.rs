//! The marketing site's sign-ups: waitlist entries (`WaitlistSignup`) and contact-form
//! submissions (`ContactSubmission`). Anyone may submit them (`PublicMutations` in
//! `operations`); they are marketing data, not clinic data, so only the service principal
//! reads or changes them. The types carry a service-only guard that answers FORBIDDEN, so the
//! contract is explicit rather than an empty list.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use domain::Action;
use domain::Resource;
use domain::paging::{SortOrder, Window};
use entity::{contact_submissions, waitlist_signups};
use sea_orm::{ColumnTrait, Condition, Set};

use super::operations::{ServiceOnly, require_service};
use crate::connection::{List, root_list};
use crate::context::session;
use crate::enums::WaitlistStatus;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::DateTimeRange;
use crate::scalars;

// ---------------------------------------------------------------------------------------------
// WaitlistSignup

/// Someone who joined the waitlist.
pub struct WaitlistSignup(pub waitlist_signups::Model);

/// Someone who joined the waitlist.
#[Object(guard = "ServiceOnly")]
impl WaitlistSignup {
    pub async fn id(&self) -> ID {
        ids::of(Resource::WaitlistSignups, self.0.id)
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn full_name(&self) -> Option<&str> {
        self.0.full_name.as_deref()
    }
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    async fn campaign(&self) -> Option<&str> {
        self.0.campaign.as_deref()
    }
    async fn status(&self) -> Option<WaitlistStatus> {
        self.0.status.map(Into::into)
    }
    async fn metadata(&self) -> Option<scalars::Json> {
        self.0.metadata.clone().map(scalars::Json)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
}

/// Which sign-ups a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct WaitlistSignupFilter {
    /// Any of these statuses.
    pub status: Option<Vec<WaitlistStatus>>,
    pub campaign: Option<String>,
    pub created_at: Option<DateTimeRange>,
}

impl WaitlistSignupFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(statuses) = &self.status {
            let statuses: Vec<entity::enums::WaitlistStatus> =
                statuses.iter().map(|s| (*s).into()).collect();
            cond = cond.add(waitlist_signups::Column::Status.is_in(statuses));
        }
        if let Some(campaign) = &self.campaign {
            cond = cond.add(waitlist_signups::Column::Campaign.eq(campaign.clone()));
        }
        if let Some(range) = &self.created_at {
            range.validate("filter.createdAt").gql()?;
            cond = cond.add(range.condition(waitlist_signups::Column::CreatedAt));
        }
        Ok(cond)
    }
}

/// The root list of sign-ups, newest first.
pub(crate) async fn waitlist_signups(
    ctx: &Context<'_>,
    filter: WaitlistSignupFilter,
    window: Window,
) -> async_graphql::Result<List<WaitlistSignup>> {
    let order = SortOrder {
        column: waitlist_signups::Column::CreatedAt,
        descending: true,
    };
    root_list::<waitlist_signups::Entity, _>(
        ctx,
        filter.condition()?,
        order,
        window,
        WaitlistSignup,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// ContactSubmission

/// A message sent through the marketing site's contact form.
pub struct ContactSubmission(pub contact_submissions::Model);

/// A message sent through the marketing site's contact form.
#[Object(guard = "ServiceOnly")]
impl ContactSubmission {
    pub async fn id(&self) -> ID {
        ids::of(Resource::ContactSubmissions, self.0.id)
    }
    async fn first_name(&self) -> Option<&str> {
        self.0.first_name.as_deref()
    }
    async fn last_name(&self) -> Option<&str> {
        self.0.last_name.as_deref()
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn clinic_name(&self) -> Option<&str> {
        self.0.clinic_name.as_deref()
    }
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    async fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    async fn metadata(&self) -> Option<scalars::Json> {
        self.0.metadata.clone().map(scalars::Json)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
}

/// Which contact submissions a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct ContactSubmissionFilter {
    pub source: Option<String>,
    pub created_at: Option<DateTimeRange>,
}

impl ContactSubmissionFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(source) = &self.source {
            cond = cond.add(contact_submissions::Column::Source.eq(source.clone()));
        }
        if let Some(range) = &self.created_at {
            range.validate("filter.createdAt").gql()?;
            cond = cond.add(range.condition(contact_submissions::Column::CreatedAt));
        }
        Ok(cond)
    }
}

/// The root list of contact submissions, newest first.
pub(crate) async fn contact_submissions(
    ctx: &Context<'_>,
    filter: ContactSubmissionFilter,
    window: Window,
) -> async_graphql::Result<List<ContactSubmission>> {
    let order = SortOrder {
        column: contact_submissions::Column::CreatedAt,
        descending: true,
    };
    root_list::<contact_submissions::Entity, _>(
        ctx,
        filter.condition()?,
        order,
        window,
        ContactSubmission,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// The input of `updateWaitlistSignup`, which moves a sign-up along (invited, converted, removed);
/// the service only.
#[derive(InputObject)]
pub struct UpdateWaitlistSignupInput {
    pub id: ID,
    pub status: WaitlistStatus,
}

/// The result of `updateWaitlistSignup`: the signup as it is after the change.
#[derive(SimpleObject)]
pub struct UpdateWaitlistSignupPayload {
    pub signup: WaitlistSignup,
}

/// Sign-up administration (the service only).
#[derive(Default)]
pub struct SignupMutations;

/// Sign-up administration (the service only).
#[Object(guard = "crate::guard::SignedIn")]
impl SignupMutations {
    /// Moves a sign-up along (invited, converted, removed); the service only.
    async fn update_waitlist_signup(
        &self,
        ctx: &Context<'_>,
        input: UpdateWaitlistSignupInput,
    ) -> async_graphql::Result<UpdateWaitlistSignupPayload> {
        // The domain refuses users too, but as NOT_FOUND (they cannot read sign-ups at all);
        // FORBIDDEN states the rule.
        require_service(ctx)?;
        let id = ids::decode_as(&input.id, Resource::WaitlistSignups).gql()?;
        let (_, signup) = session(ctx)?
            .atomically(async |w| {
                w.update::<waitlist_signups::Entity, waitlist_signups::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        row.status = Set(Some(input.status.into()));
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateWaitlistSignupPayload {
            signup: WaitlistSignup(signup),
        })
    }
}
