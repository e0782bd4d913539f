//! The committed contracts: `schema.graphql` is the schema the code builds, `docs/PERMISSIONS.md`
//! is the policy table the code enforces, and every object type of the schema is accounted for
//! by a policy rule.

use std::path::PathBuf;

fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// Compares a committed file with what the code generates; `UPDATE_CONTRACTS=1` rewrites it.
fn assert_committed(path: &str, generated: &str, command: &str) {
    let file = repo_file(path);
    if std::env::var_os("UPDATE_CONTRACTS").is_some() {
        std::fs::write(&file, generated).unwrap();
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == generated,
        "{path} differs from the code; regenerate it with `{command} > {path}` \
         (or run the tests with UPDATE_CONTRACTS=1) and review the diff"
    );
}

#[test]
fn schema_graphql_matches_the_code() {
    assert_committed("schema.graphql", &graphql::sdl(), "gateway schema");
}

#[test]
fn permissions_md_matches_the_policy_table() {
    assert_committed(
        "docs/PERMISSIONS.md",
        &domain::policy::permissions_markdown(),
        "gateway permissions",
    );
}

/// Every object type in the SDL is either a row type with a policy resource that has a read
/// rule, or listed as a root or value type. A new type without a rule fails here.
#[test]
fn every_object_type_has_a_read_rule() {
    let sdl = graphql::sdl();
    let mut unaccounted = Vec::new();
    for line in sdl.lines() {
        let Some(rest) = line.strip_prefix("type ") else {
            continue;
        };
        let name = rest
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default();
        match graphql::types::resource_of(name) {
            Some(graphql::types::TypeRule::Row(resource)) => {
                assert!(
                    domain::policy::rule(resource, domain::Action::Read).is_some(),
                    "type {name} reads {resource:?}, which has no read rule"
                );
            }
            Some(graphql::types::TypeRule::Root | graphql::types::TypeRule::Value) => {}
            None => unaccounted.push(name.to_owned()),
        }
    }
    assert!(
        unaccounted.is_empty(),
        "object types without a policy entry: {unaccounted:?}"
    );
}

/// The types that implement `Node` in the SDL are exactly the declared tables' types: a row
/// type cannot miss its global-id resolution, and nothing else claims to have one.
#[test]
fn the_node_types_are_the_declared_tables() {
    let sdl = graphql::sdl();
    let implementing: std::collections::BTreeSet<&str> = sdl
        .lines()
        .filter_map(|line| line.strip_prefix("type "))
        .filter(|rest| rest.contains("implements") && rest.contains("Node"))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    let declared: std::collections::BTreeSet<&str> =
        domain::registry::tables().map(|t| t.type_name).collect();
    assert_eq!(implementing, declared);
}
