//! Limits on what one operation may ask for, checked on the parsed document before anything
//! executes (so a refused operation costs microseconds and no database work).
//!
//! async-graphql ships with no limits at all (see HARDENING.md); these are ours:
//! query length, depth, complexity (a list field multiplies the cost of what it selects by its
//! page size), aliases, root fields and directives per field. Fragments are expanded where they
//! are spread; a fragment cycle is refused by validation later, and guarded against here by a
//! hard recursion cap.

use std::collections::HashMap;

use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Variables};
use async_graphql_value::{ConstValue, Value};

/// The limits an operation must stay within.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_query_length: usize,
    pub max_depth: usize,
    pub max_complexity: usize,
    pub max_aliases: usize,
    pub max_root_fields: usize,
    pub max_directives_per_field: usize,
    /// The page size a list field is costed at when it names none (`first`/`last`).
    pub default_page_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_query_length: 15_000,
            max_depth: 10,
            max_complexity: 1_000,
            max_aliases: 15,
            max_root_fields: 20,
            max_directives_per_field: 5,
            default_page_size: 20,
        }
    }
}

/// Which limit an operation broke, and by how much.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// `query_length`, `depth`, `complexity`, `aliases`, `root_fields` or `directives`.
    pub limit: &'static str,
    pub max: usize,
    pub found: usize,
}

impl Violation {
    pub fn message(&self) -> String {
        format!(
            "the operation exceeds the {} limit ({} > {})",
            self.limit.replace('_', " "),
            self.found,
            self.max
        )
    }
}

/// Arguments that size a list field.
const PAGE_ARGUMENTS: [&str; 2] = ["first", "last"];
/// Beyond this nesting of fragment spreads something is cyclic or hostile.
const MAX_FRAGMENT_NESTING: usize = 32;

struct Walker<'a> {
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    variables: &'a Variables,
    limits: Limits,
    aliases: usize,
    max_depth: usize,
    too_many_directives: Option<usize>,
}

impl Walker<'_> {
    /// The cost of a selection set at `depth` (its own fields count 1 each, times what they
    /// select), recording depth, aliases and directives on the way.
    fn cost(&mut self, set: &SelectionSet, depth: usize, nesting: usize) -> usize {
        if nesting > MAX_FRAGMENT_NESTING {
            return usize::MAX / 4;
        }
        let mut total = 0usize;
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    self.max_depth = self.max_depth.max(depth);
                    if field.alias.is_some() {
                        self.aliases += 1;
                    }
                    if field.directives.len() > self.limits.max_directives_per_field {
                        self.too_many_directives = Some(field.directives.len());
                    }
                    let children = &field.selection_set.node;
                    let cost = if children.items.is_empty() {
                        1
                    } else {
                        let inner = self.cost(children, depth + 1, nesting);
                        let multiplier = self.page_size(&field.arguments).unwrap_or(1);
                        1usize.saturating_add(inner.saturating_mul(multiplier))
                    };
                    total = total.saturating_add(cost);
                }
                Selection::FragmentSpread(spread) => {
                    if spread.node.directives.len() > self.limits.max_directives_per_field {
                        self.too_many_directives = Some(spread.node.directives.len());
                    }
                    if let Some(fragment) = self.fragments.get(&spread.node.fragment_name.node) {
                        let inner = self.cost(&fragment.node.selection_set.node, depth, nesting + 1);
                        total = total.saturating_add(inner);
                    }
                }
                Selection::InlineFragment(inline) => {
                    let inner = self.cost(&inline.node.selection_set.node, depth, nesting + 1);
                    total = total.saturating_add(inner);
                }
            }
        }
        total
    }

    /// The page size of a list field: its `first`/`last` argument (literal or variable), or
    /// the default page size for connection-shaped fields that name none. Fields without
    /// paging arguments count once.
    fn page_size(&self, arguments: &[(Positioned<Name>, Positioned<Value>)]) -> Option<usize> {
        let mut is_list = false;
        for (name, value) in arguments {
            if PAGE_ARGUMENTS.contains(&name.node.as_str()) {
                is_list = true;
                let resolved = match &value.node {
                    Value::Variable(var) => self.variables.get(var).cloned(),
                    other => other.clone().into_const(),
                };
                if let Some(ConstValue::Number(n)) = resolved {
                    if let Some(n) = n.as_u64() {
                        return Some(usize::try_from(n).unwrap_or(usize::MAX).max(1));
                    }
                }
            }
        }
        is_list.then_some(self.limits.default_page_size)
    }
}

fn operation<'a>(doc: &'a ExecutableDocument, name: Option<&str>) -> Option<&'a OperationDefinition> {
    doc.operations
        .iter()
        .find(|(op_name, _)| name.is_none() || op_name.map(|n| n.as_str()) == name)
        .map(|(_, op)| &op.node)
}

/// Checks one operation of a parsed document against the limits.
pub fn check(
    doc: &ExecutableDocument,
    operation_name: Option<&str>,
    variables: &Variables,
    limits: Limits,
) -> Result<(), Violation> {
    let Some(op) = operation(doc, operation_name) else {
        return Ok(()); // validation reports the missing operation
    };
    let root_fields = op.selection_set.node.items.len();
    if root_fields > limits.max_root_fields {
        return Err(Violation {
            limit: "root_fields",
            max: limits.max_root_fields,
            found: root_fields,
        });
    }
    let mut walker = Walker {
        fragments: &doc.fragments,
        variables,
        limits,
        aliases: 0,
        max_depth: 0,
        too_many_directives: None,
    };
    let complexity = walker.cost(&op.selection_set.node, 1, 0);
    if walker.max_depth > limits.max_depth {
        return Err(Violation {
            limit: "depth",
            max: limits.max_depth,
            found: walker.max_depth,
        });
    }
    if walker.aliases > limits.max_aliases {
        return Err(Violation {
            limit: "aliases",
            max: limits.max_aliases,
            found: walker.aliases,
        });
    }
    if let Some(found) = walker.too_many_directives {
        return Err(Violation {
            limit: "directives",
            max: limits.max_directives_per_field,
            found,
        });
    }
    if complexity > limits.max_complexity {
        return Err(Violation {
            limit: "complexity",
            max: limits.max_complexity,
            found: complexity,
        });
    }
    Ok(())
}

/// Checks the length of the query text (before parsing it).
pub fn check_length(query: &str, limits: Limits) -> Result<(), Violation> {
    let length = query.chars().count();
    if length > limits.max_query_length {
        return Err(Violation {
            limit: "query_length",
            max: limits.max_query_length,
            found: length,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(query: &str) -> Result<(), Violation> {
        let doc = async_graphql::parser::parse_query(query).expect("parses");
        check(&doc, None, &Variables::default(), Limits::default())
    }

    #[test]
    fn ordinary_queries_pass() {
        run("{ clinics { name clients(first: 10) { nodes { displayName patients(first: 5) { nodes { name } } } } } }")
            .unwrap();
    }

    #[test]
    fn depth_is_counted_through_fragments() {
        let deep = "{ a { b { c { d { e { f { g { h { i { j { k } } } } } } } } } } }";
        assert_eq!(run(deep).unwrap_err().limit, "depth");
        let via_fragment = "query { a { ...F } } fragment F on T { b { c { d { e { f { g { h { i { j { k } } } } } } } } } }";
        assert_eq!(run(via_fragment).unwrap_err().limit, "depth");
    }

    #[test]
    fn list_fields_multiply_by_page_size() {
        let wide = "{ clinics { clients(first: 100) { nodes { patients(first: 100) { nodes { name } } } } } }";
        let err = run(wide).unwrap_err();
        assert_eq!(err.limit, "complexity");
        assert!(err.found > 10_000, "{err:?}");
        // A variable page size is resolved.
        let doc = async_graphql::parser::parse_query(
            "query($n: Int) { clinics { clients(first: $n) { nodes { patients(first: $n) { nodes { name } } } } } }",
        )
        .unwrap();
        let vars = Variables::from_json(serde_json::json!({ "n": 100 }));
        assert_eq!(check(&doc, None, &vars, Limits::default()).unwrap_err().limit, "complexity");
    }

    #[test]
    fn aliases_root_fields_and_directives() {
        let aliases: String = (0..16).map(|i| format!("a{i}: me {{ clerkUserId }} ")).collect();
        assert_eq!(run(&format!("{{ {aliases} }}")).unwrap_err().limit, "aliases");
        let roots: String = (0..21).map(|_| "me { clerkUserId } ").collect();
        assert_eq!(run(&format!("{{ {roots} }}")).unwrap_err().limit, "root_fields");
        let directives = "{ me @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) { clerkUserId } }";
        assert_eq!(run(directives).unwrap_err().limit, "directives");
    }

    #[test]
    fn fragment_cycles_do_not_hang() {
        let cyclic = "{ me { ...A } } fragment A on Me { ...B } fragment B on Me { ...A }";
        assert!(run(cyclic).is_err());
    }

    #[test]
    fn length() {
        assert_eq!(check_length(&"x".repeat(15_001), Limits::default()).unwrap_err().limit, "query_length");
    }
}
