//! The introspection queries the tools send (exact texts, `tests/fixtures/introspection/`):
//! each passes the analysis with introspection allowed and the default limits, and each runs
//! without errors against the real schema, which proves async-graphql answers everything the
//! tools ask (`specifiedByURL`, `isRepeatable`, `isOneOf`, `args(includeDeprecated:)`,
//! `inputFields(includeDeprecated:)`, the schema's `description`).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{ANALYZER, run_with};

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../tests/fixtures/introspection/",
                $name
            )),
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

/// The depth of each fixture (exact: it is a property of the text) and the fixture its points
/// must equal, where two tools send the same selection. Points grow with the schema, so they are
/// checked against the limit with headroom and against `docs/LIMITS.md` within a tolerance, not
/// to the point: a schema change must not break this test, a cost-model change must.
const DEPTHS: [(&str, usize, Option<&str>); 8] = [
    ("graphiql.graphql", 15, None),
    ("graphql-js-default.graphql", 15, Some("graphiql.graphql")),
    ("graphql-js-all-options.graphql", 15, None),
    ("graphql-js-all-options-one-of.graphql", 15, None),
    ("python-gql.graphql", 13, None),
    ("graphql-codegen.graphql", 15, Some("graphiql.graphql")),
    ("apollo-rover.graphql", 13, Some("python-gql.graphql")),
    ("apollo-rover-legacy.graphql", 13, None),
];

/// The points `docs/LIMITS.md` documents for each fixture (its fixture table).
fn documented_points() -> BTreeMap<String, usize> {
    let doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/LIMITS.md"));
    doc.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let name = cells.get(1)?.strip_prefix('`')?.strip_suffix(".graphql`")?;
            let points = cells.get(3)?.replace(',', "").parse().ok()?;
            Some((format!("{name}.graphql"), points))
        })
        .collect()
}

#[test]
fn every_tool_passes_where_introspection_is_allowed() {
    let documented = documented_points();
    let limit = super::super::CostModel::default().introspection_max_complexity;
    let mut points = BTreeMap::new();
    for ((name, text), (scored, depth, same_as)) in FIXTURES.iter().zip(DEPTHS) {
        assert_eq!(*name, scored);
        let analysis = match run_with(text, Value::Null, true) {
            Ok(a) => a,
            Err(v) => panic!("{name} refused: {}", v.message()),
        };
        assert_eq!(
            (analysis.complexity, analysis.depth),
            (0, 0),
            "{name}: no data"
        );
        assert_eq!(analysis.introspection_depth, depth, "{name}");
        let scored = analysis.introspection_complexity;
        // Room for the schema to grow to twice its size before a tool is refused.
        assert!(scored * 2 <= limit, "{name}: {scored} of {limit} points");
        let doc = documented[*name];
        assert!(
            scored.abs_diff(doc) * 5 <= doc,
            "{name}: {scored} points, docs/LIMITS.md says {doc}; update its table"
        );
        if let Some(other) = same_as {
            // The same selection, nested in other fragments: each level rounds its average
            // count up on its own, so the totals may differ by a rounding (a point). Any field
            // more or less costs tens of points (one per tenth of every type it is asked on).
            assert!(
                scored.abs_diff(points[other]) <= 1,
                "{name} selects what {other} selects: {scored} against {}",
                points[other]
            );
        }
        points.insert(*name, scored);
        // Linear: a couple of visits per selection node.
        assert!(
            analysis.work <= 2 * text.len() as u64 / 3,
            "{name}: work {}",
            analysis.work
        );
    }
    // Options only add to the default query.
    assert!(points["graphql-js-all-options.graphql"] > points["graphql-js-default.graphql"]);
    assert!(
        points["graphql-js-all-options-one-of.graphql"] > points["graphql-js-all-options.graphql"]
    );
}

#[test]
fn without_introspection_it_is_measured_like_data() {
    // The server answers it with null; measured as unknown fields it is 11 levels deep.
    for (name, text) in FIXTURES {
        let v = run_with(text, Value::Null, false).expect_err(name);
        assert_eq!((v.limit, v.found), ("depth", 11), "{name}");
    }
    assert!(run_with("{ __schema { queryType { name } } }", Value::Null, false).is_ok());
}

#[test]
fn data_in_the_same_operation_is_limited_as_always() {
    let graphiql = FIXTURES[0].1;
    let with_data = graphiql.replace("__schema {", "clinics { clients(first: 100) { nodes { patients(first: 100) { nodes { id } } } } } __schema {");
    let v = run_with(&with_data, Value::Null, true).expect_err("data over the limit");
    assert_eq!(v.limit, "complexity");
    let small = graphiql.replace("__schema {", "me { clerkUserId } __schema {");
    let a = run_with(&small, Value::Null, true).expect("small data passes");
    assert_eq!((a.complexity, a.depth, a.root_fields), (2, 2, 2));
    // Deep data next to introspection is still deep.
    let mut deep = String::from("name");
    for _ in 0..6 {
        deep = format!("patients(first: 1) {{ nodes {{ client {{ {deep} }} }} }}");
    }
    let v = run_with(
        &format!("{{ __schema {{ types {{ name }} }} clinic(id: \"x\") {{ {deep} }} }}"),
        Value::Null,
        true,
    )
    .expect_err("deep data");
    assert_eq!(v.limit, "depth");
}

#[test]
fn introspection_has_limits_of_its_own() {
    // Walking back from a field's type to its fields multiplies by the largest type each time.
    let fan = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }";
    let v = run_with(fan, Value::Null, true).expect_err("fan-out through types");
    assert_eq!(v.limit, "introspection_complexity");
    let mut chain = String::from("name");
    for _ in 0..20 {
        chain = format!("ofType {{ {chain} }}");
    }
    let v = run_with(
        &format!("{{ __type(name: \"Query\") {{ {chain} }} }}"),
        Value::Null,
        true,
    )
    .expect_err("deep");
    assert_eq!((v.limit, v.max, v.found), ("introspection_depth", 20, 21));
    // Aliases count as everywhere.
    let aliases: String = (0..16)
        .map(|i| format!("t{i}: __type(name: \"Query\") {{ name }} "))
        .collect();
    assert_eq!(
        run_with(&format!("{{ {aliases} }}"), Value::Null, true).map_err(|v| v.limit),
        Err("aliases")
    );
}

async fn execute(query: &str) -> Value {
    let response = crate::build_schema()
        .execute(async_graphql::Request::new(query))
        .await;
    let errors: Vec<String> = response.errors.iter().map(|e| e.message.clone()).collect();
    assert!(errors.is_empty(), "errors: {errors:?} for {query}");
    response.data.into_json().unwrap_or(Value::Null)
}

#[tokio::test]
async fn every_fixture_executes_against_the_real_schema() {
    for (name, text) in FIXTURES {
        let data = execute(text).await;
        let types = data["__schema"]["types"].as_array().map_or(0, Vec::len);
        assert_eq!(
            types as u64, ANALYZER.index.sizes.types,
            "{name}: every type"
        );
        assert_eq!(
            data["__schema"]["queryType"]["name"],
            json!("Query"),
            "{name}"
        );
    }
    // What the options ask for is answered, not just accepted.
    let all = execute(FIXTURES[3].1).await;
    let types = all["__schema"]["types"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let named = |n: &str| {
        types
            .iter()
            .find(|t| t["name"] == json!(n))
            .cloned()
            .unwrap_or(Value::Null)
    };
    // Every option's field is in the answer (null where it does not apply).
    for key in ["specifiedByURL", "isOneOf", "inputFields", "description"] {
        let answered = named("DateTime")
            .as_object()
            .is_some_and(|t| t.contains_key(key));
        assert!(answered, "{key} is answered");
    }
    assert_eq!(
        named("Query")["isOneOf"],
        Value::Null,
        "isOneOf is null on object types"
    );
    assert!(
        named("Query")["fields"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
    let directives = all["__schema"]["directives"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        directives.iter().all(|d| d["isRepeatable"].is_boolean()),
        "{directives:?}"
    );
    assert!(all["__schema"]["description"].is_string());
}

/// Every type and field the running schema reports (introspection types included) is in the
/// index with the same return type and list-ness, and the list sizes the index costs
/// introspection with are the real ones.
#[tokio::test]
async fn the_index_matches_the_running_schema() {
    let q = "{ __schema { types { name kind fields(includeDeprecated: true) { name args(includeDeprecated: true) { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } inputFields(includeDeprecated: true) { name } enumValues(includeDeprecated: true) { name } interfaces { name } possibleTypes { name } } directives { name args { name } } } }";
    let data = execute(q).await;
    let index = &ANALYZER.index;
    let types = data["__schema"]["types"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let len = |v: &Value| v.as_array().map_or(0, Vec::len) as u64;
    let mut totals: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    let mut tally = |key: &'static str, n: u64| {
        let entry = totals.entry(key).or_default();
        entry.0 += n;
        entry.1 = entry.1.max(n);
    };
    for ty in &types {
        let name = ty["name"].as_str().unwrap_or_default();
        let id = index
            .type_id(name)
            .unwrap_or_else(|| panic!("type {name} is not in the index"));
        let info = index.ty(id);
        let fields = ty["fields"].as_array().cloned().unwrap_or_default();
        assert_eq!(info.fields.len(), fields.len(), "fields of {name}");
        for field in &fields {
            let field_name = field["name"].as_str().unwrap_or_default();
            let indexed = info
                .fields
                .get(field_name)
                .unwrap_or_else(|| panic!("{name}.{field_name} is not in the index"));
            let (mut t, mut list) = (&field["type"], false);
            while t["name"].is_null() {
                list |= t["kind"] == json!("LIST");
                t = &t["ofType"];
            }
            let named = t["name"].as_str().unwrap_or_default();
            assert_eq!(
                indexed.ty.map(|i| index.ty(i).name.as_str()),
                Some(named),
                "{name}.{field_name}"
            );
            assert_eq!(indexed.list, list, "{name}.{field_name} list");
            assert_eq!(
                indexed.args.len() as u64,
                len(&field["args"]),
                "{name}.{field_name} args"
            );
            tally("args", len(&field["args"]));
        }
        tally("fields", fields.len() as u64);
        tally("inputFields", len(&ty["inputFields"]));
        tally("enumValues", len(&ty["enumValues"]));
        tally("interfaces", len(&ty["interfaces"]));
        tally("possibleTypes", len(&ty["possibleTypes"]));
    }
    let s = &index.sizes;
    assert_eq!(s.types, types.len() as u64);
    assert_eq!(totals["fields"], (s.total_fields, s.max_fields));
    assert_eq!(totals["args"], (s.total_args, s.max_args));
    assert_eq!(
        totals["inputFields"],
        (s.total_input_fields, s.max_input_fields)
    );
    assert_eq!(
        totals["enumValues"],
        (s.total_enum_values, s.max_enum_values)
    );
    assert_eq!(totals["interfaces"], (s.total_interfaces, s.max_interfaces));
    assert_eq!(
        totals["possibleTypes"],
        (s.total_possible_types, s.max_possible_types)
    );
    let directives = data["__schema"]["directives"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(directives.len() as u64, s.directives, "{directives:?}");
    let most_args = directives
        .iter()
        .map(|d| len(&d["args"]))
        .max()
        .unwrap_or(0);
    assert_eq!(most_args, s.max_directive_args);
}
