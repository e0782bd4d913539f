//! Phone calls: discharge calls the clinic makes (`OutboundCall`), calls the voice assistant
//! answers (`InboundCall`), and the structured analysis of either (`CallAnalysis`). Their list
//! filters and orders are in `calls/filters.rs`, their mutations in `calls/mutations.rs`.

mod filters;
mod inputs;
mod mutations;

pub use mutations::CallMutations;

use async_graphql::{Context, Object};
use entity::{
    call_analysis, cases, clinic_messages, inbound_calls, outbound_calls, refill_requests,
    vapi_bookings,
};

use crate::context::loaders;
use crate::errors::GqlResult;
use crate::row::{Children, Exposed, Parent, Row, children_in_order, parent};

/// A row of `outbound_calls` (described with its table in `domain::registry`).
pub type OutboundCall = Row<outbound_calls::Entity>;

/// The hand-written fields of `OutboundCall` (its columns come from its declaration).
pub struct OutboundCallLinks<'a>(&'a outbound_calls::Model);

#[Object(name = "OutboundCallLinks")]
impl OutboundCallLinks<'_> {
    /// The analysis of the call, once the analysis job has produced it.
    async fn analysis(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CallAnalysis>> {
        let rows = loaders(ctx)?
            .children::<call_analysis::Entity>(call_analysis::Column::OutboundCallId, self.0.id)
            .await
            .gql()?;
        Ok(rows.into_iter().next().map(CallAnalysis::new))
    }
}

impl Exposed for outbound_calls::Entity {
    const PARENTS: &'static [Parent] = &[parent::<cases::Entity>("case")];
    type Links<'a> = OutboundCallLinks<'a>;
    fn links(model: &outbound_calls::Model) -> Self::Links<'_> {
        OutboundCallLinks(model)
    }
}

/// A row of `inbound_calls` (described with its table in `domain::registry`).
pub type InboundCall = Row<inbound_calls::Entity>;

/// The hand-written fields of `InboundCall` (its columns come from its declaration).
pub struct InboundCallLinks<'a>(&'a inbound_calls::Model);

#[Object(name = "InboundCallLinks")]
impl InboundCallLinks<'_> {
    /// The analysis of the call, once the analysis job has produced it.
    async fn analysis(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CallAnalysis>> {
        let rows = loaders(ctx)?
            .children::<call_analysis::Entity>(call_analysis::Column::InboundCallId, self.0.id)
            .await
            .gql()?;
        Ok(rows.into_iter().next().map(CallAnalysis::new))
    }
}

impl Exposed for inbound_calls::Entity {
    const CHILDREN: &'static [Children] = &[
        children_in_order::<clinic_messages::Entity>(
            "messages",
            "inbound_call_id",
            "Messages taken on the call, newest first.",
            "created_at",
            true,
        ),
        children_in_order::<vapi_bookings::Entity>(
            "bookings",
            "inbound_call_id",
            "Appointments the voice assistant booked on the call, in start order.",
            "starts_at",
            false,
        ),
        children_in_order::<refill_requests::Entity>(
            "refillRequests",
            "inbound_call_id",
            "Refill requests taken on the call, newest first.",
            "created_at",
            true,
        ),
    ];
    type Links<'a> = InboundCallLinks<'a>;
    fn links(model: &inbound_calls::Model) -> Self::Links<'_> {
        InboundCallLinks(model)
    }
}

/// A row of `call_analysis` (described with its table in `domain::registry`).
pub type CallAnalysis = Row<call_analysis::Entity>;

/// The hand-written fields of `CallAnalysis` (its columns come from its declaration).
pub struct CallAnalysisLinks<'a>(&'a call_analysis::Model);

#[Object(name = "CallAnalysisLinks")]
impl CallAnalysisLinks<'_> {
    /// The analysed call, when it was an outbound call.
    async fn outbound_call(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<OutboundCall>> {
        let Some(id) = self.0.outbound_call_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .one::<outbound_calls::Entity>(id)
            .await
            .gql()?
            .map(OutboundCall::new))
    }
}

impl Exposed for call_analysis::Entity {
    const PARENTS: &'static [Parent] = &[parent::<inbound_calls::Entity>("inboundCall")];
    type Links<'a> = CallAnalysisLinks<'a>;
    fn links(model: &call_analysis::Model) -> Self::Links<'_> {
        CallAnalysisLinks(model)
    }
}
