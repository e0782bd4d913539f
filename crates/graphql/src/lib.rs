//! The GraphQL layer: the schema, its object types (allow-lists over the entities), guards,
//! DataLoaders and resolvers. This is the only crate that knows async-graphql; it reaches data
//! only through the domain layer's tenant-scoped `Session`.

pub mod connection;
pub mod context;
pub mod enums;
pub mod errors;
pub mod guard;
pub mod inputs;
pub mod ids;
pub mod loaders;
pub mod mutation;
pub mod node;
pub mod query;
pub mod types;

use async_graphql::{EmptySubscription, Schema};

pub use context::RequestData;

/// The gateway's schema type.
pub type AppSchema = Schema<query::Query, mutation::Mutation, EmptySubscription>;

/// Builds the schema.
pub fn build_schema() -> AppSchema {
    Schema::build(query::Query::default(), mutation::Mutation::default(), EmptySubscription).finish()
}

/// The schema in SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    build_schema().sdl()
}
