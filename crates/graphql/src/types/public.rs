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

use super::operations::require_service;
use crate::connection::{List, root_list};
use crate::context::session;
use crate::enums::WaitlistStatus;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::DateTimeRange;
use crate::row::{Exposed, NoLinks, Row};

// ---------------------------------------------------------------------------------------------
// WaitlistSignup

/// A row of `waitlist_signups` (described with its table in `domain::registry`).
pub type WaitlistSignup = Row<waitlist_signups::Entity>;

impl Exposed for waitlist_signups::Entity {
    type Links<'a> = NoLinks;
    fn links(_model: &waitlist_signups::Model) -> Self::Links<'_> {
        NoLinks
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
        WaitlistSignup::new,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// ContactSubmission

/// A row of `contact_submissions` (described with its table in `domain::registry`).
pub type ContactSubmission = Row<contact_submissions::Entity>;

impl Exposed for contact_submissions::Entity {
    type Links<'a> = NoLinks;
    fn links(_model: &contact_submissions::Model) -> Self::Links<'_> {
        NoLinks
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
        ContactSubmission::new,
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
            signup: WaitlistSignup::new(signup),
        })
    }
}
