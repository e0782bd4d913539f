//! Written communication: discharge e-mails to clients (`OutboundEmail`), messages left for the
//! clinic (`ClinicMessage`) and prescription refill requests (`RefillRequest`), with their list
//! filters. Their mutations are in `messaging/mutations.rs`.

mod inputs;
mod mutations;

pub use mutations::MessagingMutations;

use async_graphql::{Enum, ID, InputObject};
use domain::Resource;
use domain::paging::SortOrder;
use entity::{cases, clinic_messages, inbound_calls, outbound_emails, refill_requests, users};
use sea_orm::{ColumnTrait, Condition};

use crate::connection::OrderDirection;
use crate::enums::{EmailStatus, MessagePriority, MessageStatus, RefillStatus};
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::DateTimeRange;
use crate::row::{Exposed, Listed, NoLinks, Parent, Row, parent};

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

/// Which outbound e-mails a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct OutboundEmailFilter {
    /// Any of these statuses.
    pub status: Option<Vec<EmailStatus>>,
    pub scheduled_for: Option<DateTimeRange>,
    pub case_id: Option<ID>,
}

impl OutboundEmailFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(statuses) = &self.status {
            let statuses: Vec<entity::enums::EmailStatus> =
                statuses.iter().map(|s| (*s).into()).collect();
            cond = cond.add(outbound_emails::Column::Status.is_in(statuses));
        }
        if let Some(range) = &self.scheduled_for {
            range.validate("filter.scheduledFor").gql()?;
            cond = cond.add(range.condition(outbound_emails::Column::ScheduledFor));
        }
        if let Some(id) = &self.case_id {
            let id = ids::decode_as(id, Resource::Cases).gql()?;
            cond = cond.add(outbound_emails::Column::CaseId.eq(id));
        }
        Ok(cond)
    }
}

/// The field a list of `OutboundEmail` items is sorted by (in `OutboundEmailOrder`); ties are broken by ID.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OutboundEmailOrderField {
    /// By when it was created.
    #[default]
    CreatedAt,
    /// By the time it is scheduled for.
    ScheduledFor,
    /// By when it was sent.
    SentAt,
}

/// The order of an e-mail list (ties broken by id); newest first by default.
#[derive(InputObject, Clone, Copy, Debug, Default)]
pub struct OutboundEmailOrder {
    pub field: OutboundEmailOrderField,
    pub direction: OrderDirection,
}

impl OutboundEmailOrder {
    pub fn sort(self) -> SortOrder<outbound_emails::Column> {
        SortOrder {
            column: match self.field {
                OutboundEmailOrderField::CreatedAt => outbound_emails::Column::CreatedAt,
                OutboundEmailOrderField::ScheduledFor => outbound_emails::Column::ScheduledFor,
                OutboundEmailOrderField::SentAt => outbound_emails::Column::SentAt,
            },
            descending: self.direction == OrderDirection::Desc,
        }
    }
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

/// Which clinic messages a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct ClinicMessageFilter {
    /// Any of these statuses.
    pub status: Option<Vec<MessageStatus>>,
    /// Any of these priorities.
    pub priority: Option<Vec<MessagePriority>>,
    /// Messages assigned to this user.
    pub assigned_to_user_id: Option<ID>,
    /// `true` for messages never read (`readAt` is null), `false` for read ones.
    pub unread: Option<bool>,
    pub created_at: Option<DateTimeRange>,
}

impl ClinicMessageFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(statuses) = &self.status {
            let statuses: Vec<entity::enums::MessageStatus> =
                statuses.iter().map(|s| (*s).into()).collect();
            cond = cond.add(clinic_messages::Column::Status.is_in(statuses));
        }
        if let Some(priorities) = &self.priority {
            let priorities: Vec<entity::enums::MessagePriority> =
                priorities.iter().map(|s| (*s).into()).collect();
            cond = cond.add(clinic_messages::Column::Priority.is_in(priorities));
        }
        if let Some(id) = &self.assigned_to_user_id {
            let id = ids::decode_as(id, Resource::Users).gql()?;
            cond = cond.add(clinic_messages::Column::AssignedToUserId.eq(id));
        }
        match self.unread {
            Some(true) => cond = cond.add(clinic_messages::Column::ReadAt.is_null()),
            Some(false) => cond = cond.add(clinic_messages::Column::ReadAt.is_not_null()),
            None => {}
        }
        if let Some(range) = &self.created_at {
            range.validate("filter.createdAt").gql()?;
            cond = cond.add(range.condition(clinic_messages::Column::CreatedAt));
        }
        Ok(cond)
    }
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

/// Which refill requests a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct RefillRequestFilter {
    /// Any of these statuses.
    pub status: Option<Vec<RefillStatus>>,
    pub requires_exam: Option<bool>,
    pub created_at: Option<DateTimeRange>,
}

impl RefillRequestFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(statuses) = &self.status {
            let statuses: Vec<entity::enums::RefillStatus> =
                statuses.iter().map(|s| (*s).into()).collect();
            cond = cond.add(refill_requests::Column::Status.is_in(statuses));
        }
        if let Some(v) = self.requires_exam {
            cond = cond.add(refill_requests::Column::RequiresExam.eq(v));
        }
        if let Some(range) = &self.created_at {
            range.validate("filter.createdAt").gql()?;
            cond = cond.add(range.condition(refill_requests::Column::CreatedAt));
        }
        Ok(cond)
    }
}

impl Listed for outbound_emails::Entity {
    type Filter = OutboundEmailFilter;
    type Order = OutboundEmailOrder;
    fn condition(filter: OutboundEmailFilter) -> async_graphql::Result<Condition> {
        filter.condition()
    }
    fn sort(order: OutboundEmailOrder) -> SortOrder<outbound_emails::Column> {
        order.sort()
    }
}
