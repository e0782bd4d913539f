//! Written communication: discharge e-mails to clients (`OutboundEmail`), messages left for the
//! clinic (`ClinicMessage`) and prescription refill requests (`RefillRequest`), with their list
//! filters. Their mutations are in `messaging/mutations.rs`.

mod inputs;
mod mutations;

pub use mutations::MessagingMutations;

use async_graphql::{Context, Enum, ID, InputObject, Object};
use domain::Resource;
use domain::paging::SortOrder;
use entity::{cases, clinic_messages, inbound_calls, outbound_emails, refill_requests, users};
use sea_orm::{ColumnTrait, Condition};

use super::calls::InboundCall;
use super::cases::Case;
use super::identity::User;
use super::values::json;
use crate::connection::OrderDirection;
use crate::context::loaders;
use crate::enums::{EmailStatus, MessagePriority, MessageStatus, RefillStatus};
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;
use crate::inputs::DateTimeRange;
use crate::scalars;

// ---------------------------------------------------------------------------------------------
// OutboundEmail

/// A discharge e-mail to a client, scheduled for a case.
pub struct OutboundEmail(pub outbound_emails::Model);

/// A discharge e-mail to a client, scheduled for a case.
#[Object(guard = "ReadGuard::new(Resource::OutboundEmails, self.0.clinic_id)")]
impl OutboundEmail {
    pub async fn id(&self) -> ID {
        ids::of(Resource::OutboundEmails, self.0.id)
    }
    async fn recipient_email(&self) -> &str {
        &self.0.recipient_email
    }
    async fn recipient_name(&self) -> Option<&str> {
        self.0.recipient_name.as_deref()
    }
    async fn subject(&self) -> Option<&str> {
        self.0.subject.as_deref()
    }
    async fn html_content(&self) -> Option<&str> {
        self.0.html_content.as_deref()
    }
    async fn text_content(&self) -> Option<&str> {
        self.0.text_content.as_deref()
    }
    async fn scheduled_for(&self) -> Option<scalars::DateTime> {
        self.0.scheduled_for.map(Into::into)
    }
    async fn status(&self) -> Option<EmailStatus> {
        self.0.status.map(Into::into)
    }
    async fn sent_at(&self) -> Option<scalars::DateTime> {
        self.0.sent_at.map(Into::into)
    }
    /// The e-mail provider's id of the sent message.
    async fn resend_email_id(&self) -> Option<&str> {
        self.0.resend_email_id.as_deref()
    }
    /// The queue's id of the scheduled send.
    async fn qstash_message_id(&self) -> Option<&str> {
        self.0.qstash_message_id.as_deref()
    }
    async fn metadata(&self) -> Option<scalars::Json> {
        json(&self.0.metadata)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
    async fn updated_at(&self) -> Option<scalars::DateTime> {
        self.0.updated_at.map(Into::into)
    }

    async fn case(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Case>> {
        Ok(loaders(ctx)?
            .one::<cases::Entity>(self.0.case_id)
            .await
            .gql()?
            .map(Case))
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

/// A message left for the clinic (a voicemail, a message the voice assistant took, a note from
/// staff), to be triaged and assigned.
pub struct ClinicMessage(pub clinic_messages::Model);

/// A message left for the clinic (a voicemail, a message the voice assistant took, a note from
/// staff), to be triaged and assigned.
#[Object(guard = "ReadGuard::new(Resource::ClinicMessages, self.0.clinic_id)")]
impl ClinicMessage {
    pub async fn id(&self) -> ID {
        ids::of(Resource::ClinicMessages, self.0.id)
    }
    async fn caller_name(&self) -> Option<&str> {
        self.0.caller_name.as_deref()
    }
    async fn caller_phone(&self) -> Option<&str> {
        self.0.caller_phone.as_deref()
    }
    async fn message_content(&self) -> Option<&str> {
        self.0.message_content.as_deref()
    }
    /// `voicemail`, `callback`, `prescription`, … (free text).
    async fn message_type(&self) -> Option<&str> {
        self.0.message_type.as_deref()
    }
    async fn status(&self) -> Option<MessageStatus> {
        self.0.status.map(Into::into)
    }
    async fn priority(&self) -> Option<MessagePriority> {
        self.0.priority.map(Into::into)
    }
    async fn triage_data(&self) -> Option<scalars::Json> {
        json(&self.0.triage_data)
    }
    /// When the message was first marked read.
    async fn read_at(&self) -> Option<scalars::DateTime> {
        self.0.read_at.map(Into::into)
    }
    async fn metadata(&self) -> Option<scalars::Json> {
        json(&self.0.metadata)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
    async fn updated_at(&self) -> Option<scalars::DateTime> {
        self.0.updated_at.map(Into::into)
    }

    /// The staff member the message is assigned to.
    async fn assigned_to(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.assigned_to_user_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<users::Entity>(id)
            .await
            .gql()?
            .map(User))
    }

    /// The call the message was taken on.
    async fn inbound_call(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<InboundCall>> {
        let Some(id) = self.0.inbound_call_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<inbound_calls::Entity>(id)
            .await
            .gql()?
            .map(InboundCall))
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

/// A client's request to refill a prescription, usually taken on an inbound call.
pub struct RefillRequest(pub refill_requests::Model);

/// A client's request to refill a prescription, usually taken on an inbound call.
#[Object(guard = "ReadGuard::new(Resource::RefillRequests, self.0.clinic_id)")]
impl RefillRequest {
    pub async fn id(&self) -> ID {
        ids::of(Resource::RefillRequests, self.0.id)
    }
    async fn client_name(&self) -> Option<&str> {
        self.0.client_name.as_deref()
    }
    async fn client_phone(&self) -> Option<&str> {
        self.0.client_phone.as_deref()
    }
    async fn pet_name(&self) -> Option<&str> {
        self.0.pet_name.as_deref()
    }
    async fn species(&self) -> Option<&str> {
        self.0.species.as_deref()
    }
    async fn medication_name(&self) -> &str {
        &self.0.medication_name
    }
    async fn medication_strength(&self) -> Option<&str> {
        self.0.medication_strength.as_deref()
    }
    async fn last_refill_date(&self) -> Option<scalars::Date> {
        self.0.last_refill_date.map(Into::into)
    }
    /// `pickup`, `pharmacy`, `delivery`, … (free text).
    async fn pharmacy_preference(&self) -> Option<&str> {
        self.0.pharmacy_preference.as_deref()
    }
    async fn pharmacy_name(&self) -> Option<&str> {
        self.0.pharmacy_name.as_deref()
    }
    async fn pharmacy_phone(&self) -> Option<&str> {
        self.0.pharmacy_phone.as_deref()
    }
    async fn status(&self) -> Option<RefillStatus> {
        self.0.status.map(Into::into)
    }
    async fn requires_exam(&self) -> Option<bool> {
        self.0.requires_exam
    }
    async fn vet_notes(&self) -> Option<&str> {
        self.0.vet_notes.as_deref()
    }
    async fn approved_at(&self) -> Option<scalars::DateTime> {
        self.0.approved_at.map(Into::into)
    }
    async fn metadata(&self) -> Option<scalars::Json> {
        json(&self.0.metadata)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
    async fn updated_at(&self) -> Option<scalars::DateTime> {
        self.0.updated_at.map(Into::into)
    }

    /// Who approved or denied the request.
    async fn approved_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        let Some(id) = self.0.approved_by else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<users::Entity>(id)
            .await
            .gql()?
            .map(User))
    }

    /// The call the request was taken on.
    async fn inbound_call(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<InboundCall>> {
        let Some(id) = self.0.inbound_call_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<inbound_calls::Entity>(id)
            .await
            .gql()?
            .map(InboundCall))
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
