//! The HTTP layer: the request context (ids, panics), reading GraphQL requests, the GraphQL
//! endpoint with content negotiation, GraphiQL, and the connection loop.

pub mod context;
pub mod graphiql;
pub mod graphql;
pub mod request;
pub mod serve;
