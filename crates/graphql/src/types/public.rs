//! The marketing site's sign-ups: waitlist entries (`WaitlistSignup`) and contact-form
//! submissions (`ContactSubmission`). Anyone may submit them (`PublicMutations` in
//! `operations`); they are marketing data, not clinic data, so only the service principal
//! reads or changes them. The types carry a service-only guard that answers FORBIDDEN, so the
//! contract is explicit rather than an empty list.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use domain::Action;
use domain::Resource;
use entity::{contact_submissions, waitlist_signups};
use sea_orm::Set;

use super::operations::require_service;
use crate::context::session;
use crate::enums::WaitlistStatus;
use crate::errors::GqlResult;
use crate::ids;
use crate::row::{
    Exposed, Filter, Filtered, Filtering, RootList, Row, any_of, equals, no_links, root_list,
    within,
};

// ---------------------------------------------------------------------------------------------
// WaitlistSignup

/// A row of `waitlist_signups` (described with its table in `domain::registry`).
pub type WaitlistSignup = Row<waitlist_signups::Entity>;

impl Exposed for waitlist_signups::Entity {
    const ROOT: Option<&'static RootList> = Some(&root_list::<waitlist_signups::Entity>(
        "waitlistSignups",
        "Waitlist sign-ups from the marketing site, newest first (the service only).",
        "created_at",
        true,
    ));
    no_links!();
}

/// Which sign-ups a list returns.
pub type WaitlistSignupFilter = Filter<waitlist_signups::Entity>;

impl Filtered for waitlist_signups::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "WaitlistSignupFilter",
        about: "Which sign-ups a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            equals("campaign"),
            within("created_at"),
        ],
    };
}

// ---------------------------------------------------------------------------------------------
// ContactSubmission

/// A row of `contact_submissions` (described with its table in `domain::registry`).
pub type ContactSubmission = Row<contact_submissions::Entity>;

impl Exposed for contact_submissions::Entity {
    const ROOT: Option<&'static RootList> = Some(&root_list::<contact_submissions::Entity>(
        "contactSubmissions",
        "Contact-form submissions from the marketing site, newest first (the service only).",
        "created_at",
        true,
    ));
    no_links!();
}

/// Which contact submissions a list returns.
pub type ContactSubmissionFilter = Filter<contact_submissions::Entity>;

impl Filtered for contact_submissions::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "ContactSubmissionFilter",
        about: "Which contact submissions a list returns.",
        fields: &[equals("source"), within("created_at")],
    };
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
