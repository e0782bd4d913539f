//! The clinical and communications fields of `Clinic` (cases, calls, analyses, e-mails,
//! messages, refills), dashboard counts, helpers shared by the area's mutations, and
//! `ClinicalMutations`, the mutations of the area (cases, notes, calls, messaging) merged.

use async_graphql::{Context, MergedObject, Object, SimpleObject};
use domain::tenancy::TenantScoped;
use domain::{DomainError, Session};
use entity::{call_analysis, cases, clinic_messages, clinics, inbound_calls, outbound_calls};
use sea_orm::sea_query::{Expr, NullOrdering};
use sea_orm::{ColumnTrait, Order, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::calls::{CallAnalysis, CallMutations};
use super::cases::CaseMutations;
use crate::context::session;
use crate::enums::{
    CaseStatus, InboundCallOutcome, InboundCallStatus, MessageStatus, OutboundCallStatus,
};
use crate::errors::{GqlResult, to_gql};
use crate::inputs::DateTimeRange;

// ---------------------------------------------------------------------------------------------
// Helpers shared by the area's mutations

/// The calling user, for `created_by` / `updated_by` / `approved_by` (none for the service).
pub(crate) fn caller_user_id(session: &Session) -> Option<Uuid> {
    session.principal().as_user().map(|u| u.user_id)
}

// ---------------------------------------------------------------------------------------------
// Dashboard counts

/// How many records have one status (or outcome); `NONE` counts records without one.
#[derive(SimpleObject, Clone, Debug)]
pub struct StatusCount {
    /// The GraphQL enum value (e.g. `IN_PROGRESS`), or `NONE`.
    pub status: String,
    pub count: i32,
}

/// Rows of the clinic per value of `group` (one grouped, scoped statement), as the GraphQL enum
/// `G` names the values; largest group first.
async fn counts<E, S, G>(
    ctx: &Context<'_>,
    clinic: (E::Column, Uuid),
    group: E::Column,
    created: (E::Column, Option<DateTimeRange>),
) -> async_graphql::Result<Vec<StatusCount>>
where
    E: TenantScoped,
    Option<S>: sea_orm::TryGetable + Send + Sync,
    S: Send + Sync,
    G: From<S> + async_graphql::EnumType,
{
    let (clinic_column, clinic_id) = clinic;
    let (created_column, range) = created;
    let mut filter = sea_orm::Condition::all().add(clinic_column.eq(clinic_id));
    if let Some(range) = range {
        range.validate("createdAt").gql()?;
        filter = filter.add(range.condition(created_column));
    }
    let rows: Vec<(Option<S>, i64)> = session(ctx)?
        .query::<E>()
        .shape(|s| s.filter(filter))
        .into_tuples(|s| {
            s.select_only()
                .column(group)
                .column_as(Expr::cust("count(*)"), "count")
                .group_by(group)
        })
        .await
        .gql()?;
    let mut out: Vec<StatusCount> = rows
        .into_iter()
        .map(|(value, count)| StatusCount {
            status: value.map_or_else(
                || "NONE".to_owned(),
                |v| async_graphql::resolver_utils::enum_value(G::from(v)).to_string(),
            ),
            count: i32::try_from(count).unwrap_or(i32::MAX),
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.status.cmp(&b.status)));
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The clinic's lists of this area

/// The clinical fields of `Clinic`.
pub struct ClinicClinical<'a>(pub &'a clinics::Model);

/// The clinical fields of `Clinic`.
#[Object]
impl ClinicClinical<'_> {
    /// Calls that need staff attention (an analysis with a severity), most recently flagged
    /// first, the dashboard's short list (`first` from 1 to 100, default 10).
    async fn flagged_calls(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 10)] first: i32,
    ) -> async_graphql::Result<Vec<CallAnalysis>> {
        if !(1..=100).contains(&first) {
            return Err(to_gql(&DomainError::bad_input(
                "first",
                "must be between 1 and 100",
            )));
        }
        let clinic_id = self.0.id;
        let rows = session(ctx)?
            .query::<call_analysis::Entity>()
            .shape(|s| {
                s.filter(call_analysis::Column::ClinicId.eq(clinic_id))
                    .filter(call_analysis::Column::AttentionSeverity.is_not_null())
                    .order_by_with_nulls(
                        call_analysis::Column::AttentionFlaggedAt,
                        Order::Desc,
                        NullOrdering::Last,
                    )
                    .order_by_desc(call_analysis::Column::Id)
                    .limit(u64::from(first.unsigned_abs()))
            })
            .all()
            .await
            .gql()?;
        Ok(rows.into_iter().map(CallAnalysis::new).collect())
    }

    /// Cases per status (optionally only those created in `createdAt`).
    async fn case_counts_by_status(
        &self,
        ctx: &Context<'_>,
        created_at: Option<DateTimeRange>,
    ) -> async_graphql::Result<Vec<StatusCount>> {
        counts::<cases::Entity, entity::enums::CaseStatus, CaseStatus>(
            ctx,
            (cases::Column::ClinicId, self.0.id),
            cases::Column::Status,
            (cases::Column::CreatedAt, created_at),
        )
        .await
    }

    /// Outbound calls per status (optionally only those created in `createdAt`).
    async fn outbound_call_counts_by_status(
        &self,
        ctx: &Context<'_>,
        created_at: Option<DateTimeRange>,
    ) -> async_graphql::Result<Vec<StatusCount>> {
        counts::<outbound_calls::Entity, entity::enums::OutboundCallStatus, OutboundCallStatus>(
            ctx,
            (outbound_calls::Column::ClinicId, self.0.id),
            outbound_calls::Column::Status,
            (outbound_calls::Column::CreatedAt, created_at),
        )
        .await
    }

    /// Inbound calls per status (optionally only those created in `createdAt`).
    async fn inbound_call_counts_by_status(
        &self,
        ctx: &Context<'_>,
        created_at: Option<DateTimeRange>,
    ) -> async_graphql::Result<Vec<StatusCount>> {
        counts::<inbound_calls::Entity, entity::enums::InboundCallStatus, InboundCallStatus>(
            ctx,
            (inbound_calls::Column::ClinicId, self.0.id),
            inbound_calls::Column::Status,
            (inbound_calls::Column::CreatedAt, created_at),
        )
        .await
    }

    /// Inbound calls per outcome (optionally only those created in `createdAt`).
    async fn inbound_call_counts_by_outcome(
        &self,
        ctx: &Context<'_>,
        created_at: Option<DateTimeRange>,
    ) -> async_graphql::Result<Vec<StatusCount>> {
        counts::<inbound_calls::Entity, entity::enums::InboundCallOutcome, InboundCallOutcome>(
            ctx,
            (inbound_calls::Column::ClinicId, self.0.id),
            inbound_calls::Column::Outcome,
            (inbound_calls::Column::CreatedAt, created_at),
        )
        .await
    }

    /// Clinic messages per status (optionally only those created in `createdAt`).
    async fn message_counts_by_status(
        &self,
        ctx: &Context<'_>,
        created_at: Option<DateTimeRange>,
    ) -> async_graphql::Result<Vec<StatusCount>> {
        counts::<clinic_messages::Entity, entity::enums::MessageStatus, MessageStatus>(
            ctx,
            (clinic_messages::Column::ClinicId, self.0.id),
            clinic_messages::Column::Status,
            (clinic_messages::Column::CreatedAt, created_at),
        )
        .await
    }
}

/// The mutations of the clinical area, merged into the root `Mutation`.
#[derive(MergedObject, Default)]
pub struct ClinicalMutations(CaseMutations, CallMutations);
