//! Written communication: discharge e-mails to clients (`OutboundEmail`), messages left for the
//! clinic (`ClinicMessage`) and prescription refill requests (`RefillRequest`), with their list
//! filters. Their mutations are in `messaging/mutations.rs`.

mod inputs;
mod mutations;

pub use mutations::MessagingMutations;

use async_graphql::Value;
use domain::Resource;
use entity::{cases, clinic_messages, inbound_calls, outbound_emails, refill_requests, users};
use sea_orm::{ColumnTrait, Condition};

use crate::row::{
    BY_CREATED_AT, Exposed, Filtered, Filtering, Listed, NoLinks, Ordering, Parent, Row, any_of,
    by, custom, equals, nullable, parent, refers, within,
};

// ---------------------------------------------------------------------------------------------
// OutboundEmail

/// A row of `outbound_emails` (described with its table in `domain::registry`).
pub type OutboundEmail = Row<outbound_emails::Entity>;

impl Exposed for outbound_emails::Entity {
    const PARENTS: &'static [Parent] = &[parent::<cases::Entity>("case")];
    type Links<'a> = NoLinks;
    fn links(_model: &outbound_emails::Model) -> Self::Links<'_> {
        NoLinks
    }
}

impl Filtered for outbound_emails::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "OutboundEmailFilter",
        about: "Which outbound e-mails a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            within("scheduled_for"),
            refers("case_id", Resource::Cases),
        ],
    };
}

impl Listed for outbound_emails::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "OutboundEmailOrder",
        about: "The order of an e-mail list (ties broken by id); newest first by default.",
        keys: &[
            BY_CREATED_AT,
            by("scheduled_for", "By the time it is scheduled for."),
            by("sent_at", "By when it was sent."),
        ],
        descending: true,
    };
}

// ---------------------------------------------------------------------------------------------
// ClinicMessage

/// A row of `clinic_messages` (described with its table in `domain::registry`).
pub type ClinicMessage = Row<clinic_messages::Entity>;

impl Exposed for clinic_messages::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<users::Entity>("assignedTo"),
        parent::<inbound_calls::Entity>("inboundCall"),
    ];
    type Links<'a> = NoLinks;
    fn links(_model: &clinic_messages::Model) -> Self::Links<'_> {
        NoLinks
    }
}

impl Filtered for clinic_messages::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "ClinicMessageFilter",
        about: "Which clinic messages a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            any_of("priority").about("Any of these priorities."),
            refers("assigned_to_user_id", Resource::Users).about("Messages assigned to this user."),
            custom("unread", nullable::<bool>, |_, value, _| {
                let read_at = clinic_messages::Column::ReadAt;
                Ok(Condition::all().add(match value {
                    Value::Boolean(false) => read_at.is_not_null(),
                    _ => read_at.is_null(),
                }))
            })
            .about("`true` for messages never read (`readAt` is null), `false` for read ones."),
            within("created_at"),
        ],
    };
}

// ---------------------------------------------------------------------------------------------
// RefillRequest

/// A row of `refill_requests` (described with its table in `domain::registry`).
pub type RefillRequest = Row<refill_requests::Entity>;

impl Exposed for refill_requests::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<users::Entity>("approvedBy"),
        parent::<inbound_calls::Entity>("inboundCall"),
    ];
    type Links<'a> = NoLinks;
    fn links(_model: &refill_requests::Model) -> Self::Links<'_> {
        NoLinks
    }
}

impl Filtered for refill_requests::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "RefillRequestFilter",
        about: "Which refill requests a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            equals("requires_exam"),
            within("created_at"),
        ],
    };
}
