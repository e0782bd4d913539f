//! The HTTP layer: the GraphQL endpoint, content negotiation, and the connection loop.

pub mod graphql;
pub mod serve;
