//! Filters and orders of the call lists (the clinic's, a case's).

use async_graphql::{Enum, ID, InputObject};
use domain::Resource;
use domain::paging::SortOrder;
use entity::{call_analysis, inbound_calls, outbound_calls};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition};

use crate::connection::OrderDirection;
use crate::enums::{AttentionSeverity, InboundCallOutcome, InboundCallStatus, OutboundCallStatus};
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::DateTimeRange;
use crate::row::Listed;

/// Which outbound calls a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct OutboundCallFilter {
    /// Any of these statuses.
    pub status: Option<Vec<OutboundCallStatus>>,
    pub scheduled_for: Option<DateTimeRange>,
    /// Exact match on the review category staff assigned.
    pub review_category: Option<String>,
    pub case_id: Option<ID>,
}

impl OutboundCallFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(statuses) = &self.status {
            let statuses: Vec<entity::enums::OutboundCallStatus> =
                statuses.iter().map(|s| (*s).into()).collect();
            cond = cond.add(outbound_calls::Column::Status.is_in(statuses));
        }
        if let Some(range) = &self.scheduled_for {
            range.validate("filter.scheduledFor").gql()?;
            cond = cond.add(range.condition(outbound_calls::Column::ScheduledFor));
        }
        if let Some(category) = &self.review_category {
            cond = cond.add(outbound_calls::Column::ReviewCategory.eq(category.clone()));
        }
        if let Some(id) = &self.case_id {
            let id = ids::decode_as(id, Resource::Cases).gql()?;
            cond = cond.add(outbound_calls::Column::CaseId.eq(id));
        }
        Ok(cond)
    }
}

/// The field a list of `OutboundCall` items is sorted by (in `OutboundCallOrder`); ties are broken by ID.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OutboundCallOrderField {
    /// By when it was created.
    #[default]
    CreatedAt,
    /// By the time it is scheduled for.
    ScheduledFor,
    /// By when the call ended.
    EndedAt,
}

/// The order of an outbound call list (ties broken by id); newest first by default.
#[derive(InputObject, Clone, Copy, Debug, Default)]
pub struct OutboundCallOrder {
    pub field: OutboundCallOrderField,
    pub direction: OrderDirection,
}

impl OutboundCallOrder {
    pub fn sort(self) -> SortOrder<outbound_calls::Column> {
        SortOrder {
            column: match self.field {
                OutboundCallOrderField::CreatedAt => outbound_calls::Column::CreatedAt,
                OutboundCallOrderField::ScheduledFor => outbound_calls::Column::ScheduledFor,
                OutboundCallOrderField::EndedAt => outbound_calls::Column::EndedAt,
            },
            descending: self.direction == OrderDirection::Desc,
        }
    }
}

/// Which inbound calls a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct InboundCallFilter {
    /// Any of these statuses.
    pub status: Option<Vec<InboundCallStatus>>,
    /// Any of these outcomes.
    pub outcome: Option<Vec<InboundCallOutcome>>,
    /// Calls from a number containing these digits (at least 3; formatting is ignored).
    pub customer_phone: Option<String>,
    pub created_at: Option<DateTimeRange>,
}

impl InboundCallFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(statuses) = &self.status {
            let statuses: Vec<entity::enums::InboundCallStatus> =
                statuses.iter().map(|s| (*s).into()).collect();
            cond = cond.add(inbound_calls::Column::Status.is_in(statuses));
        }
        if let Some(outcomes) = &self.outcome {
            let outcomes: Vec<entity::enums::InboundCallOutcome> =
                outcomes.iter().map(|s| (*s).into()).collect();
            cond = cond.add(inbound_calls::Column::Outcome.is_in(outcomes));
        }
        if let Some(phone) = &self.customer_phone {
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            if digits.len() < 3 {
                return Err(crate::errors::to_gql(&domain::DomainError::bad_input(
                    "filter.customerPhone",
                    "give at least 3 digits",
                )));
            }
            // Only digits go into the pattern, so nothing needs escaping; stored numbers are
            // E.164 (`+15550101001`), which a digit substring matches whatever the input format.
            cond = cond.add(Expr::cust_with_values(
                r#""inbound_calls"."customer_phone" LIKE $1"#,
                [format!("%{digits}%")],
            ));
        }
        if let Some(range) = &self.created_at {
            range.validate("filter.createdAt").gql()?;
            cond = cond.add(range.condition(inbound_calls::Column::CreatedAt));
        }
        Ok(cond)
    }
}

/// Which call analyses a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct CallAnalysisFilter {
    /// Any of these severities.
    pub attention_severity: Option<Vec<AttentionSeverity>>,
    pub follow_up_needed: Option<bool>,
    pub escalation_triggered: Option<bool>,
    /// When the analysis flagged the call for attention.
    pub flagged_at: Option<DateTimeRange>,
}

impl CallAnalysisFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(severities) = &self.attention_severity {
            let severities: Vec<entity::enums::AttentionSeverity> =
                severities.iter().map(|s| (*s).into()).collect();
            cond = cond.add(call_analysis::Column::AttentionSeverity.is_in(severities));
        }
        if let Some(v) = self.follow_up_needed {
            cond = cond.add(call_analysis::Column::FollowUpNeeded.eq(v));
        }
        if let Some(v) = self.escalation_triggered {
            cond = cond.add(call_analysis::Column::EscalationTriggered.eq(v));
        }
        if let Some(range) = &self.flagged_at {
            range.validate("filter.flaggedAt").gql()?;
            cond = cond.add(range.condition(call_analysis::Column::AttentionFlaggedAt));
        }
        Ok(cond)
    }
}

/// The field a list of `CallAnalysis` items is sorted by (in `CallAnalysisOrder`); ties are broken by ID.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CallAnalysisOrderField {
    /// When the call was flagged for attention (unflagged analyses sort as NULL).
    #[default]
    FlaggedAt,
    /// By when it was created.
    CreatedAt,
}

/// The order of a call analysis list (ties broken by id); most recently flagged first by
/// default.
#[derive(InputObject, Clone, Copy, Debug, Default)]
pub struct CallAnalysisOrder {
    pub field: CallAnalysisOrderField,
    pub direction: OrderDirection,
}

impl CallAnalysisOrder {
    pub fn sort(self) -> SortOrder<call_analysis::Column> {
        SortOrder {
            column: match self.field {
                CallAnalysisOrderField::FlaggedAt => call_analysis::Column::AttentionFlaggedAt,
                CallAnalysisOrderField::CreatedAt => call_analysis::Column::CreatedAt,
            },
            descending: self.direction == OrderDirection::Desc,
        }
    }
}

impl Listed for outbound_calls::Entity {
    type Filter = OutboundCallFilter;
    type Order = OutboundCallOrder;
    fn condition(filter: OutboundCallFilter) -> async_graphql::Result<Condition> {
        filter.condition()
    }
    fn sort(order: OutboundCallOrder) -> SortOrder<outbound_calls::Column> {
        order.sort()
    }
}

impl Listed for call_analysis::Entity {
    type Filter = CallAnalysisFilter;
    type Order = CallAnalysisOrder;
    fn condition(filter: CallAnalysisFilter) -> async_graphql::Result<Condition> {
        filter.condition()
    }
    fn sort(order: CallAnalysisOrder) -> SortOrder<call_analysis::Column> {
        order.sort()
    }
}
