//! What every resolver reaches through the GraphQL context: the request's [`Session`] and its
//! DataLoaders.

use std::sync::Arc;

use async_graphql::Context;
use domain::{DomainError, Session};

use crate::errors::to_gql;
use crate::loaders::Loaders;

/// The per-request data the server puts into every GraphQL request.
pub struct RequestData {
    pub session: Arc<Session>,
    pub loaders: Loaders,
}

impl RequestData {
    pub fn new(session: Arc<Session>) -> Self {
        RequestData {
            loaders: Loaders::new(session.clone()),
            session,
        }
    }
}

/// The request's session; a request without one is a server bug.
pub fn session<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Session> {
    ctx.data::<RequestData>()
        .map(|d| d.session.as_ref())
        .map_err(|_| {
            to_gql(&DomainError::Internal(
                "no session in the GraphQL context".into(),
            ))
        })
}

/// The request's DataLoaders.
pub fn loaders<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Loaders> {
    ctx.data::<RequestData>().map(|d| &d.loaders).map_err(|_| {
        to_gql(&DomainError::Internal(
            "no loaders in the GraphQL context".into(),
        ))
    })
}
