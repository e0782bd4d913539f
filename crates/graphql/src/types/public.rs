//! The marketing site's sign-ups: waitlist entries (`WaitlistSignup`) and contact-form
//! submissions (`ContactSubmission`). Anyone may submit them (`PublicMutations` in
//! `operations`); they are marketing data, not clinic data, so only the service principal
//! reads or changes them. The types carry a service-only guard that answers FORBIDDEN, so the
//! contract is explicit rather than an empty list.

use entity::{contact_submissions, waitlist_signups};

use crate::row::{
    Exposed, Filter, Filtered, Filtering, RootList, Row, Write, Writes, any_of, equals, input,
    no_links, root_list, step, within,
};

// ---------------------------------------------------------------------------------------------
// WaitlistSignup

/// A row of `waitlist_signups` (described with its table in `domain::registry`).
pub type WaitlistSignup = Row<waitlist_signups::Entity>;

impl Exposed for waitlist_signups::Entity {
    const WRITES: &'static Writes = &Writes {
        steps: &[step(
            "updateWaitlistSignup",
            Write::Update,
            "signup",
            "Moves a sign-up along (invited, converted, removed); the service only.",
        )
        .service_only()
        .inputs(&[input("status").always()])],
        ..Writes::NONE
    };
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
