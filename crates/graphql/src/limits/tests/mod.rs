//! Tests of the operation limits: the example operations of `docs/LIMITS.md` with their
//! scores, the introspection fixtures, and generated adversarial documents.

mod adversarial;
mod examples;
mod introspection;

use std::sync::LazyLock;

use async_graphql::Variables;

use super::{Analysis, Analyzer, Limits, Violation};

/// The analyser of the real schema, shared by the tests.
pub(super) static ANALYZER: LazyLock<Analyzer> =
    LazyLock::new(|| Analyzer::new(&crate::build_schema()));

pub(super) fn parse(query: &str) -> async_graphql::parser::types::ExecutableDocument {
    match async_graphql::parser::parse_query(query) {
        Ok(doc) => doc,
        Err(err) => panic!("test document does not parse: {err}\n{query}"),
    }
}

/// Measures `query` with the default limits, no variables, introspection not allowed.
pub(super) fn run(query: &str) -> Result<Analysis, Violation> {
    run_with(query, serde_json::Value::Null, false)
}

pub(super) fn run_with(
    query: &str,
    variables: serde_json::Value,
    introspection: bool,
) -> Result<Analysis, Violation> {
    let doc = parse(query);
    ANALYZER.check(
        &doc,
        None,
        &Variables::from_json(variables),
        &Limits::default(),
        introspection,
    )
}

/// The limit `query` is refused for.
pub(super) fn refused(query: &str) -> Violation {
    match run(query) {
        Ok(analysis) => panic!("expected a refusal, got {analysis:?} for {query}"),
        Err(v) => v,
    }
}

/// The analysis of a `query` that must pass.
pub(super) fn passes(query: &str) -> Analysis {
    match run(query) {
        Ok(analysis) => analysis,
        Err(v) => panic!("expected to pass, refused: {} for {query}", v.message()),
    }
}
