//! Root query fields: who am I, my clinics, one clinic by id.

use async_graphql::{Context, ID, Object};
use domain::DomainError;
use domain::Resource;
use entity::{clinics, users};
use sea_orm::QueryOrder;

use crate::context::session;
use crate::errors::{GqlResult, to_gql};
use crate::guard::SignedIn;
use crate::ids;
use crate::types::clinic::Clinic;
use crate::types::identity::Me;

/// The entry points for reading: the signed-in user (`me`), the clinics they belong to, any
/// object by its global ID (`node`, `nodes`), and the lists kept across clinics.
#[derive(async_graphql::MergedObject, Default)]
pub struct Query(
    CoreQuery,
    crate::node::NodeQuery,
    crate::row_queries::RowQueries,
);

#[derive(Default)]
pub struct CoreQuery;

#[Object(guard = "SignedIn")]
impl CoreQuery {
    /// The signed-in user, with the memberships in force for this request. Null for the
    /// service principal.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Me>> {
        let session = session(ctx)?;
        let Some(user) = session.principal().as_user() else {
            return Ok(None);
        };
        let row = session.get::<users::Entity>(user.user_id).await.gql()?;
        Ok(Some(Me {
            user: row,
            active_clinic: user.active_clinic,
        }))
    }

    /// The clinics the caller belongs to (only the pinned one when the token names an
    /// organization), by name.
    async fn clinics(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Clinic>> {
        let rows = session(ctx)?
            .query::<clinics::Entity>()
            // Ties broken by id, so the order is the same however the rows are read.
            .shape(|s| {
                s.order_by_asc(clinics::Column::Name)
                    .order_by_asc(clinics::Column::Id)
            })
            .all()
            .await
            .gql()?;
        Ok(rows.into_iter().map(Clinic::new).collect())
    }

    /// One clinic by id; NOT_FOUND unless the caller belongs to it.
    async fn clinic(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Clinic> {
        let uuid = ids::decode_as(&id, Resource::Clinics).map_err(|e| to_gql(&e))?;
        session(ctx)?
            .get::<clinics::Entity>(uuid)
            .await
            .map(Clinic::new)
            .map_err(|e| match e {
                DomainError::NotFound(_) => to_gql(&DomainError::NotFound("clinic")),
                other => to_gql(&other),
            })
    }
}
