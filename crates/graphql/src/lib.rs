//! The GraphQL layer: the schema, its object types (allow-lists over the entities), guards,
//! DataLoaders and resolvers. This is the only crate that knows async-graphql; it reaches data
//! only through the domain layer's tenant-scoped `Session`.

// The merged root types nest many resolver futures; the default limit of 128 is too low.
#![recursion_limit = "256"]

pub mod batch;
pub mod connection;
pub mod context;
pub mod enums;
pub mod errors;
pub mod guard;
pub mod ids;
pub mod inputs;
pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod node;
pub mod payloads;
pub mod plan;
pub mod query;
pub mod row;
pub mod row_mutations;
pub mod row_queries;
pub mod row_writes;
pub mod scalars;
#[cfg(test)]
mod sdl_text;
pub mod types;

use async_graphql::{EmptySubscription, Schema};

pub use context::RequestData;

/// The gateway's schema type.
pub type AppSchema = Schema<query::Query, mutation::Mutation, EmptySubscription>;

/// Builds the schema for development (field suggestions on).
pub fn build_schema() -> AppSchema {
    build_schema_for(false)
}

/// Builds the schema; in production, validation errors carry no "did you mean" suggestions
/// (they would name fields the caller never saw). Depth and complexity are enforced by
/// [`limits`] before execution; the parser's recursion stays capped at 32.
pub fn build_schema_for(production: bool) -> AppSchema {
    let builder = Schema::build(
        query::Query::default(),
        mutation::Mutation::default(),
        EmptySubscription,
    )
    .limit_recursive_depth(32);
    let builder = if production {
        builder.disable_suggestions()
    } else {
        builder
    };
    builder.finish()
}

/// Executes one request as `session`: the only way the gateway runs GraphQL, so every request
/// gets its DataLoaders and has them dispatched when it goes idle (see [`batch`]).
///
/// A boxed future from a plain function rather than an `async fn`: the state machine of an
/// `async fn` is compiled in every crate that awaits it, and this one reaches the whole schema,
/// so the server crate compiled all of it a second time (in release builds, where generic
/// code is not shared between crates). Boxed, it is compiled here only.
///
/// A read the planner covers is answered from one SQL statement ([`plan`]); everything else,
/// and every read whose planned answer the resolvers must explain, runs through the resolvers.
pub fn execute(
    schema: &AppSchema,
    mut request: async_graphql::Request,
    session: std::sync::Arc<domain::Session>,
) -> std::pin::Pin<Box<dyn Future<Output = async_graphql::Response> + Send + '_>> {
    Box::pin(async move {
        if let Some(response) = plan::answer(schema, &mut request, &session).await {
            return response;
        }
        execute_resolved(schema, request, session).await
    })
}

/// Executes one request through the resolvers only, never the planner (the planner's tests
/// compare the two).
pub fn execute_resolved(
    schema: &AppSchema,
    request: async_graphql::Request,
    session: std::sync::Arc<domain::Session>,
) -> std::pin::Pin<Box<dyn Future<Output = async_graphql::Response> + Send + '_>> {
    let data = RequestData::new(session);
    let hub = data.loaders.hub();
    Box::pin(batch::FlushOnIdle::new(
        schema.execute(request.data(data)),
        hub,
    ))
}

/// The schema in SDL, as committed in `schema.graphql`, with the `@specifiedBy` links of the
/// custom scalars.
pub fn sdl() -> String {
    build_schema().sdl_with_options(async_graphql::SDLExportOptions::new().include_specified_by())
}
