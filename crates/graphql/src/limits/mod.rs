//! Limits on what one operation may ask for, checked on the parsed document before anything
//! validates or executes: a refused operation costs microseconds and no database work.
//!
//! async-graphql ships with no limits (HARDENING.md), and its own validation inlines fragment
//! spreads without memoising them, so a document must be measured here first. The measure is
//! linear in the document's size whatever it contains:
//! - fragment spreads are checked up front (an unknown fragment or a cycle is refused as an
//!   invalid document), then every fragment is measured once and reused at each spread;
//! - one pass computes the cost, depth, aliases, root fields, directives per field and the field
//!   count with fragments expanded (what async-graphql's validation walks), and stops the moment
//!   one of them is known to exceed its limit (all arithmetic saturates);
//! - [`Analysis::work`] counts the selection nodes visited, so tests can hold it to c · size.
//!
//! The cost is type-aware: an [`Analyzer`] indexes the real schema once (from its SDL) and
//! costs what will be fetched: a row costs 1 point, a connection multiplies what its
//! `nodes`/`edges` select by its page size (`first`/`last`, resolved through variables and
//! their defaults, else the server's default of 20, at most 100), `pageInfo`/`totalCount`
//! count once per connection, `nodes(ids:)` costs per id, a scalar 0.1. The model, its defaults
//! and worked examples are in `docs/LIMITS.md`.
//!
//! Introspection (`__schema`, `__type` and everything under them) is schema metadata: for a
//! caller allowed to introspect, it is measured against its own limits
//! ([`CostModel::introspection_max_depth`], [`CostModel::introspection_max_complexity`]), costed
//! by the sizes of the lists this schema's introspection returns, and does not count against the
//! data limits; for any other caller it is measured like any other field (the server answers it
//! with null).
//!
//! The HTTP layer's use:
//! ```text
//! let analyzer = Analyzer::new(&schema);                    // once, at start-up
//! limits::check_length(&query, limits)?;                    // before parsing
//! let doc = async_graphql::parser::parse_query(&query)?;
//! match analyzer.check(&doc, operation_name, &variables, &limits, may_introspect) {
//!     Ok(analysis) => { /* execute; analysis.complexity etc. for logs and metrics */ }
//!     Err(v) => { /* v.code(): LIMIT_EXCEEDED or BAD_USER_INPUT; v.message(); v.limit for metrics */ }
//! }
//! ```

mod fragments;
mod index;
mod walk;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use async_graphql::Variables;
use async_graphql::parser::types::{ExecutableDocument, OperationType};

use crate::AppSchema;
use fragments::SpreadGraph;
use index::SchemaIndex;
use walk::Walker;

/// The limits an operation must stay within (configurable per deployment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Characters of query text.
    pub max_query_length: usize,
    /// Levels of data: every field is a level except the `nodes`, `edges` and `edges.node`
    /// wrappers of a connection (so Relay's two spellings of a list nest alike).
    pub max_depth: usize,
    /// Points: a row 1, a scalar 0.1, lists and connections multiplied by their size.
    pub max_complexity: usize,
    /// Aliases, counted at every place a fragment is spread.
    pub max_aliases: usize,
    /// Fields of the operation's top level, through fragments and inline fragments.
    pub max_root_fields: usize,
    /// Directives on one field (or fragment spread, inline fragment, fragment definition).
    pub max_directives_per_field: usize,
    /// The page size of a connection that names none, and the estimated length of a plain
    /// list with no size argument. The server's default page size is 20 (`domain::paging`).
    pub default_page_size: usize,
}

impl Default for Limits {
    /// The documented defaults (`docs/LIMITS.md` says why each is what it is).
    fn default() -> Self {
        Limits {
            max_query_length: 15_000,
            max_depth: 10,
            max_complexity: 100_000,
            max_aliases: 15,
            max_root_fields: 20,
            max_directives_per_field: 5,
            default_page_size: 20,
        }
    }
}

/// Facts of the server and the limits of introspection, fixed per process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CostModel {
    /// The largest page a connection serves, and the most ids `nodes(ids:)` takes (both 100).
    pub max_page_size: u64,
    /// Longest chain of fields inside `__schema`/`__type` (the standard queries reach 15).
    pub introspection_max_depth: usize,
    /// Points of introspection objects (the standard full queries score about 37,000 here).
    pub introspection_max_complexity: usize,
    /// Field selections of an operation with every fragment expanded where it is spread, not
    /// multiplied by rows: what async-graphql's validation walks (it inlines fragments without
    /// memoising them) and its executor resolves at least once.
    pub max_expanded_fields: usize,
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel {
            max_page_size: domain::paging::MAX_PAGE_SIZE,
            introspection_max_depth: 20,
            introspection_max_complexity: 100_000,
            max_expanded_fields: 10_000,
        }
    }
}

/// Why a document is not valid, in terms of what the caller wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// A spread of a fragment the document does not define.
    UnknownFragment(String),
    /// Fragments that spread each other in a circle (the first name repeated at the end).
    FragmentCycle(Vec<String>),
    /// The document has several operations and the request named none.
    OperationNameRequired,
    /// A bug in the analyser (a fragment was not measured before its spread).
    Internal,
}

/// Why an operation is refused: a limit it exceeds (answered `LIMIT_EXCEEDED`), or a document
/// that is not valid (answered `BAD_USER_INPUT`, see [`Violation::invalid`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// `query_length`, `depth`, `complexity`, `aliases`, `root_fields`, `directives`, `fields`,
    /// `introspection_depth`, `introspection_complexity`; `document` for an invalid document.
    pub limit: &'static str,
    pub max: usize,
    /// What the operation reached, or at least reached when the walk stopped early.
    pub found: usize,
    /// Set when the document itself is invalid.
    pub invalid: Option<Invalid>,
    /// Steps taken before refusing (as [`Analysis::work`]).
    pub work: u64,
}

impl Violation {
    fn limit(limit: &'static str, max: usize, found: u64) -> Violation {
        Violation {
            limit,
            max,
            found: usize::try_from(found).unwrap_or(usize::MAX),
            invalid: None,
            work: 0,
        }
    }

    fn invalid(why: Invalid) -> Violation {
        Violation {
            limit: "document",
            max: 0,
            found: 0,
            invalid: Some(why),
            work: 0,
        }
    }

    /// The error code the caller gets: `LIMIT_EXCEEDED` or `BAD_USER_INPUT`.
    pub fn code(&self) -> &'static str {
        if self.invalid.is_some() {
            "BAD_USER_INPUT"
        } else {
            "LIMIT_EXCEEDED"
        }
    }

    /// A message naming only what the caller wrote.
    pub fn message(&self) -> String {
        match &self.invalid {
            Some(Invalid::UnknownFragment(name)) => format!("unknown fragment \"{name}\""),
            Some(Invalid::FragmentCycle(path)) => format!(
                "fragment \"{}\" spreads itself ({})",
                path.first().map_or("", String::as_str),
                path.join(" → ")
            ),
            Some(Invalid::OperationNameRequired) => {
                "the document has several operations: name the one to run".into()
            }
            Some(Invalid::Internal) => "the operation could not be measured".into(),
            None => format!(
                "the operation exceeds the {} limit ({} > {})",
                self.limit.replace('_', " "),
                self.found,
                self.max
            ),
        }
    }
}

/// What an admitted operation measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Points of data (rounded up).
    pub complexity: usize,
    /// Levels of data.
    pub depth: usize,
    pub aliases: usize,
    pub root_fields: usize,
    /// Field selections with fragments expanded ([`CostModel::max_expanded_fields`]).
    pub fields: usize,
    /// Points of introspection, when introspection was allowed (else counted as data).
    pub introspection_complexity: usize,
    pub introspection_depth: usize,
    /// Selection nodes visited (and fragment-graph steps): linear in the document's size.
    pub work: u64,
}

/// Measures operations against one schema; built once, shared by all requests.
#[derive(Debug)]
pub struct Analyzer {
    index: SchemaIndex,
    model: CostModel,
}

impl Analyzer {
    /// Indexes `schema` with the default [`CostModel`].
    ///
    /// # Panics
    /// If the schema's own SDL does not parse, which would be a bug in async-graphql's SDL
    /// export (a unit test builds the analyser from the real schema).
    pub fn new(schema: &AppSchema) -> Analyzer {
        Analyzer::with_model(schema, CostModel::default())
    }

    /// Indexes `schema` with a cost model of your own.
    ///
    /// # Panics
    /// As [`Analyzer::new`].
    pub fn with_model(schema: &AppSchema, model: CostModel) -> Analyzer {
        match Analyzer::from_sdl(&schema.sdl(), model) {
            Ok(analyzer) => analyzer,
            Err(err) => panic!("{err}"),
        }
    }

    /// Indexes a schema given as SDL.
    pub fn from_sdl(sdl: &str, model: CostModel) -> Result<Analyzer, String> {
        Ok(Analyzer {
            index: SchemaIndex::from_sdl(sdl)?,
            model,
        })
    }

    /// Measures the operation `operation_name` of `doc` (the only one when `None`) as it will
    /// run with `variables`. `introspection_allowed`: whether this caller's introspection is
    /// answered (then it has its own limits and does not count as data).
    pub fn check(
        &self,
        doc: &ExecutableDocument,
        operation_name: Option<&str>,
        variables: &Variables,
        limits: &Limits,
        introspection_allowed: bool,
    ) -> Result<Analysis, Violation> {
        let mut work = 0u64;
        let result = self.measure(
            doc,
            operation_name,
            variables,
            limits,
            introspection_allowed,
            &mut work,
        );
        result
            .map(|analysis| Analysis { work, ..analysis })
            .map_err(|violation| Violation { work, ..violation })
    }

    fn measure(
        &self,
        doc: &ExecutableDocument,
        operation_name: Option<&str>,
        variables: &Variables,
        limits: &Limits,
        introspection_allowed: bool,
        work: &mut u64,
    ) -> Result<Analysis, Violation> {
        let graph = SpreadGraph::new(doc, work)?;

        let mut operations = doc.operations.iter();
        let op = match operation_name {
            Some(name) => operations.find(|(n, _)| n.is_some_and(|n| n.as_str() == name)),
            None => {
                let first = operations.next();
                if operations.next().is_some() {
                    return Err(Violation::invalid(Invalid::OperationNameRequired));
                }
                first
            }
        };
        let Some((_, op)) = op else {
            // Validation answers for an operation the document does not have; fragments were
            // still searched for cycles above.
            graph.order(&[], work)?;
            return Ok(Analysis::default());
        };
        let op = &op.node;

        let mut roots = Vec::new();
        let mut spreads = Vec::new();
        fragments::spreads_in(&op.selection_set.node, work, &mut spreads);
        for name in spreads {
            match graph.index.get(name.as_str()) {
                Some(&fragment) => {
                    if !roots.contains(&fragment) {
                        roots.push(fragment);
                    }
                }
                None => {
                    return Err(Violation::invalid(Invalid::UnknownFragment(
                        name.to_string(),
                    )));
                }
            }
        }
        let order = graph.order(&roots, work)?;

        let defaults: HashMap<&str, &async_graphql_value::ConstValue> = op
            .variable_definitions
            .iter()
            .filter_map(|v| {
                v.node
                    .default_value
                    .as_ref()
                    .map(|d| (v.node.name.node.as_str(), &d.node))
            })
            .collect();
        let mut walker = Walker {
            index: &self.index,
            model: &self.model,
            limits,
            introspection: introspection_allowed,
            variables,
            defaults,
            doc,
            graph: &graph,
            memo: vec![[None, None]; graph.names.len()],
            work: *work,
        };
        let too_many = |n: usize| n > limits.max_directives_per_field;
        if too_many(op.directives.len()) {
            return Err(Violation::limit(
                "directives",
                limits.max_directives_per_field,
                op.directives.len() as u64,
            ));
        }
        let root = match op.ty {
            OperationType::Query => self.index.query,
            OperationType::Mutation => self.index.mutation,
            OperationType::Subscription => self.index.subscription,
        };
        let measured = walker
            .measure_fragments(&order)
            .and_then(|()| walker.operation(&op.selection_set.node, root));
        *work = walker.work;
        let m = measured?;
        let points = |tenths: u64| usize::try_from(tenths.div_ceil(10)).unwrap_or(usize::MAX);
        let count = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        Ok(Analysis {
            complexity: points(m.value(1)),
            depth: count(m.depth),
            aliases: count(m.aliases),
            root_fields: count(m.fields),
            fields: count(m.expanded),
            introspection_complexity: points(m.intro),
            introspection_depth: count(m.intro_depth),
            work: *work,
        })
    }
}

/// Checks the length of the query text (before parsing it).
pub fn check_length(query: &str, limits: Limits) -> Result<(), Violation> {
    let length = query.chars().count();
    if length > limits.max_query_length {
        return Err(Violation::limit(
            "query_length",
            limits.max_query_length,
            length as u64,
        ));
    }
    Ok(())
}
