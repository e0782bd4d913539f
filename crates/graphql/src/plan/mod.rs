//! The read planner: a query the planner covers is answered from one SQL statement instead of
//! the resolvers, with the same data (keys in selection order, the same ids, cursors and wire
//! formats) and the same tenant scope, which comes from the same scoped selects.
//!
//! How it fits the entities → schema → loaders → guards shape: the planner reads what the
//! schema is built from (`catalog`: the registry's declarations, the entities' columns, each
//! table's `Exposed` lists) and asks each table for its scoped selects (`lists`, through
//! `domain::planned`), so the tenant scope is the data layer's and row-level security applies
//! underneath. It plans only what it can answer exactly as the resolvers would:
//!
//! - query operations whose every field is `__typename`, `clinic(id:)`, `clinics` or
//!   `node(id:)` at the root, and below them a row type's declared columns, parent rows, single child rows and
//!   lists (`nodes`, `edges`, `pageInfo`, `totalCount`, with `first/after/last/before`,
//!   `filter` and `orderBy`), through fragments and aliases;
//! - row types whose guard the tenant scope implies (`Exposed::ROW_RULE` from the tenant path,
//!   rows with their own `clinic_id` or clinics themselves), and fields with a stricter rule
//!   only where the caller satisfies it in every clinic whose rows they read: where a
//!   resolver's guard could answer FORBIDDEN for some row, the resolvers answer.
//!
//! Everything else is left to the resolvers and loaders, unchanged: mutations, `me`, root
//! lists, hand-written fields (`Exposed::Links`), floating-point columns, `@skip`/`@include`,
//! tables of no clinic, and any request whose planned answer
//! would carry an error (a root row that is not found or not readable, bad arguments, an
//! invalid document): those run through the resolvers, which say why.

pub(crate) mod catalog;
mod connection;
pub(crate) mod lists;
mod sql;
mod wire;

use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{Name, Value};
use domain::Session;

use crate::AppSchema;

/// Why the planner left a request to the resolvers (for traces; never shown to callers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not a single query operation the document names.
    Operation,
    /// A field the planner does not answer.
    Field,
    /// Arguments the resolvers would refuse, or answer with an error.
    Arguments,
    /// A construct or a type the planner does not reproduce.
    Unsupported,
    /// A field some row's guard could refuse.
    Guard,
}

/// The answer to `request` from one SQL statement, when the planner covers all of it; `None`
/// leaves the request to the resolvers (nothing has been sent to the database then, except a
/// successful read whose answer the resolvers must explain, such as a root row not found).
pub async fn answer(
    schema: &AppSchema,
    request: &mut async_graphql::Request,
    session: &Session,
) -> Option<async_graphql::Response> {
    let operation_name = request.operation_name.clone();
    let variables = request.variables.clone();
    let document = request.parsed_query().ok()?;
    let operation = match (&document.operations, operation_name.as_deref()) {
        (DocumentOperations::Single(op), _) => op,
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name)?,
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next()?,
        _ => return None,
    };
    if operation.node.ty != OperationType::Query {
        return None;
    }
    // A variable the request leaves out takes its declared default, as in execution.
    let lookup = |name: &Name| -> Value {
        if let Some(value) = variables.get(name) {
            return value.clone();
        }
        operation
            .node
            .variable_definitions
            .iter()
            .find(|def| def.node.name.node == *name)
            .and_then(|def| def.node.default_value())
            .cloned()
            .unwrap_or(Value::Null)
    };
    // Compiled first, validated second: what the planner leaves alone (`me`, mutations'
    // neighbours, hand-written fields) is then validated once, by the executor.
    let compiled = match sql::compile(session, document, &operation.node, &lookup) {
        Ok(compiled) => compiled,
        Err(why) => {
            tracing::trace!(?why, "read left to the resolvers");
            return None;
        }
    };
    schema
        .validate(document, &variables, operation_name.as_deref())
        .ok()?;
    let response = match session.planned_read(compiled.sql, compiled.values).await {
        Ok(text) => match serde_json::from_str::<Value>(&text) {
            Ok(data) => async_graphql::Response::new(data),
            Err(err) => failed(domain::DomainError::Internal(format!(
                "a planned read answered JSON that does not parse: {err}"
            ))),
        },
        Err(err) => failed(err),
    };
    // The planned root fields are rows (or a list of them): null means not found or not
    // readable, which the resolvers answer with the error that says so.
    if let Value::Object(data) = &response.data
        && data.values().any(|v| matches!(v, Value::Null))
    {
        return None;
    }
    Some(response)
}

/// The answer to a planned read that failed in the database: the error the resolvers would
/// have given (the transaction is not usable for them any more).
fn failed(err: domain::DomainError) -> async_graphql::Response {
    tracing::warn!(error = %err, "planned read failed");
    let error = crate::errors::to_gql(&err).into_server_error(Default::default());
    async_graphql::Response::from_errors(vec![error])
}
