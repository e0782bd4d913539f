//! The HTTP layer: the GraphQL endpoint, content negotiation, GraphiQL, and the connection loop.

pub mod graphiql;
pub mod graphql;
pub mod serve;
