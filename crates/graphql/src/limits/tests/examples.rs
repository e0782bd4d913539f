//! The example operations: what real clients send passes with its exact score, the bombs are
//! refused, and each rule of the cost model holds on its own.

use super::{passes, refused, run, run_with};

/// A clinic's tree as a client screen asks for it (about 300 real objects in the demo data).
pub(crate) const CLINIC_TREE: &str = "{ clinic(id: \"Q2xpbmljOjA=\") { clients(first: 20) { nodes { displayName patients { nodes { name cases(first: 5) { nodes { status outboundCalls { nodes { status } } } } } } } } } }";

/// The operations `bench/run.py` measures.
pub(crate) const BENCH: [(&str, &str); 8] = [
    (
        "me",
        "query Me { me { clerkUserId user { email firstName lastName } memberships { role isPrimary clinic { id name } } } }",
    ),
    (
        "clients page",
        "query ClientsPage($clinic: ID!, $after: String) { clinic(id: $clinic) { clients(first: 50, after: $after, orderBy: {field: DISPLAY_NAME, direction: ASC}) { nodes { id displayName phone email lastVisitAt } pageInfo { endCursor hasNextPage } } } }",
    ),
    (
        "fuzzy search",
        "query Search($clinic: ID!) { clinic(id: $clinic) { patients(first: 20, filter: {search: \"Bela\"}) { nodes { id name species client { displayName } } } } }",
    ),
    (
        "case detail",
        "query Case($id: ID!) { node(id: $id) { ... on Case { id status caseType isUrgent patient { name species } client { displayName phone } soapNotes(first: 5) { nodes { subjective objective assessment plan } } outboundCalls(first: 10) { nodes { status startedAt durationSeconds analysis { summary attentionSeverity ownerSentiment } } } } } }",
    ),
    (
        "dashboard",
        "query Dashboard($clinic: ID!) { clinic(id: $clinic) { caseCountsByStatus { status count } outboundCallCountsByStatus { status count } inboundCallCountsByOutcome { status count } flaggedCalls(first: 10) { attentionSeverity attentionSummary attentionFlaggedAt } } }",
    ),
    (
        "spine",
        "query Spine { clinics { name clients(first: 10) { nodes { displayName patients(first: 2) { nodes { name cases(first: 3) { nodes { status outboundCalls(first: 2) { nodes { status analysis { attentionSeverity } } } } } } } } } } }",
    ),
    (
        "create case",
        "mutation Create($input: CreateCaseInput!) { createCase(input: $input) { case { id status } } }",
    ),
    (
        "clients page, edges",
        "query ClientsPage($clinic: ID!) { clinic(id: $clinic) { clients(first: 50) { edges { cursor node { id displayName } } pageInfo { endCursor hasNextPage } } } }",
    ),
];

/// A Relay page at the documented maximum page size.
const RELAY_PAGE_100: &str = "query($clinic: ID!) { clinic(id: $clinic) { clients(first: 100) { nodes { id displayName phone email } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } } }";

fn complexity(query: &str) -> usize {
    passes(query).complexity
}

#[test]
fn what_real_clients_send_passes_with_its_score() {
    // 10 + 20 × (10 + 1 + 10 + 20 × (10 + 1 + 10 + 5 × (10 + 1 + 10 + 20 × (10 + 1)))) tenths:
    // the worked example of docs/LIMITS.md.
    let tree = passes(CLINIC_TREE);
    assert_eq!((tree.complexity, tree.depth), (49_084, 6));
    let expected = [
        ("me", 51),
        ("clients page", 79),
        ("fuzzy search", 50),
        ("case detail", 39),
        ("dashboard", 86),
        ("spine", 9_102),
        ("create case", 3),
        ("clients page, edges", 69),
    ];
    for ((name, query), (expected_name, score)) in BENCH.iter().zip(expected) {
        assert_eq!(*name, expected_name);
        assert_eq!(complexity(query), score, "{name}");
    }
    // The bench's spine is 11 fields deep but 7 levels of data: it passes the default depth.
    assert_eq!(passes(BENCH[5].1).depth, 7);
    // 1 + 1 + 100 × 1.4 + pageInfo 1.4 + totalCount 1 = 144.4.
    assert_eq!(complexity(RELAY_PAGE_100), 145);
}

#[test]
fn bombs_are_refused() {
    let three_pages_of_100 = "{ clinics { clients(first: 100) { nodes { patients(first: 100) { nodes { cases(first: 100) { nodes { id } } } } } } } }";
    // Five connection levels (clients, patients, patients again through the patient's client,
    // cases, calls), none sized: about 78 million.
    let five_unsized_levels = "{ clinics { clients { nodes { patients { nodes { client { patients { nodes { cases { nodes { outboundCalls { nodes { status } } } } } } } } } } } } }";
    // Four, under one clinic: about 194,000.
    let four_unsized_levels = "{ clinic(id: \"x\") { clients { nodes { patients { nodes { cases { nodes { outboundCalls { nodes { status } } } } } } } } } }";
    for bomb in [three_pages_of_100, five_unsized_levels, four_unsized_levels] {
        let v = refused(bomb);
        assert_eq!(
            (v.limit, v.code()),
            ("complexity", "LIMIT_EXCEEDED"),
            "{bomb}"
        );
        assert!(v.found > v.max, "{v:?}");
    }
}

#[test]
fn a_connection_without_first_costs_the_default_page() {
    // 1 + 1 + 20 × 1.1 (a row and its id).
    assert_eq!(
        complexity("{ clinic(id: \"x\") { clients { nodes { id } } } }"),
        24
    );
    assert_eq!(
        complexity("{ clinic(id: \"x\") { clients(first: 1) { nodes { id } } } }"),
        4
    );
    assert_eq!(
        complexity("{ clinic(id: \"x\") { clients(last: 100) { nodes { id } } } }"),
        112
    );
    // Above the maximum the resolver refuses: costed at the maximum.
    assert_eq!(
        complexity("{ clinic(id: \"x\") { clients(first: 100000) { nodes { id } } } }"),
        112
    );
    // `edges` fetch the same rows: `edges { cursor }` still costs a row each.
    assert_eq!(
        complexity("{ clinic(id: \"x\") { clients { edges { cursor } } } }"),
        24
    );
}

#[test]
fn variables_and_their_defaults_are_resolved() {
    let q = "query($n: Int = 100) { clinic(id: \"x\") { clients(first: $n) { nodes { id } } } }";
    assert_eq!(
        run(q).map(|a| a.complexity),
        Ok(112),
        "the default of the variable"
    );
    assert_eq!(
        run_with(q, serde_json::json!({ "n": 5 }), false).map(|a| a.complexity),
        Ok(8)
    );
    let no_default = "query($n: Int) { clinic(id: \"x\") { clients(first: $n) { nodes { id } } } }";
    assert_eq!(
        run(no_default).map(|a| a.complexity),
        Ok(24),
        "absent: the default page"
    );
    // A field's own default in the schema (`flaggedCalls(first: Int! = 10)`): 1 + 10 × 1.
    assert_eq!(
        complexity("{ clinic(id: \"x\") { flaggedCalls { id } } }"),
        12
    );
}

#[test]
fn nodes_by_ids_cost_one_row_per_id() {
    assert_eq!(
        complexity("{ nodes(ids: [\"a\", \"b\", \"c\"]) { id } }"),
        4
    );
    let q = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Case { patient { name } } } }";
    let ids: Vec<String> = (0..100).map(|i| format!("id{i}")).collect();
    // 100 × (1 + 0.1 + 1 + 0.1).
    assert_eq!(
        run_with(q, serde_json::json!({ "ids": ids }), false).map(|a| a.complexity),
        Ok(220)
    );
    // Not given: the most the resolver takes.
    assert_eq!(run(q).map(|a| a.complexity), Ok(220));
    // 15 aliases of 100 ids (the old 1,500 statements) are costed as the 1,500 rows they are.
    let aliased: String = (0..15)
        .map(|i| format!("n{i}: nodes(ids: $ids) {{ id }} "))
        .collect();
    let q = format!("query($ids: [ID!]!) {{ {aliased} }}");
    assert_eq!(
        run_with(&q, serde_json::json!({ "ids": ids }), false).map(|a| a.complexity),
        Ok(1_650)
    );
}

#[test]
fn inline_fragments_and_spreads_count_as_root_fields() {
    let fields: String = (0..21).map(|_| "me { clerkUserId } ").collect();
    assert_eq!(
        refused(&format!("{{ ... on Query {{ {fields} }} }}")).limit,
        "root_fields"
    );
    assert_eq!(
        refused(&format!("{{ ...R }} fragment R on Query {{ {fields} }}")).limit,
        "root_fields"
    );
    let half: String = (0..11).map(|_| "me { clerkUserId } ").collect();
    assert_eq!(
        refused(&format!(
            "{{ ...R ... {{ {half} }} }} fragment R on Query {{ {half} }}"
        ))
        .limit,
        "root_fields"
    );
    assert_eq!(
        passes(&format!("{{ ...R }} fragment R on Query {{ {half} }}")).root_fields,
        11
    );
}

#[test]
fn depth_counts_levels_of_data() {
    let nodes = "{ clinic(id: \"x\") { clients(first: 1) { nodes { patients(first: 1) { nodes { name } } } } } }";
    let edges = "{ clinic(id: \"x\") { clients(first: 1) { edges { node { patients(first: 1) { edges { node { name } } } } } } } }";
    assert_eq!(passes(nodes).depth, 4);
    assert_eq!(passes(edges).depth, 4);
    // 11 levels of data (client → patients → client …), each list of one row.
    let mut deep = String::from("name");
    for level in 0..9 {
        deep = if level % 2 == 0 {
            format!("patients(first: 1) {{ nodes {{ {deep} }} }}")
        } else {
            format!("client {{ {deep} }}")
        };
    }
    let deep = format!("{{ clinic(id: \"x\") {{ clients(first: 1) {{ nodes {{ {deep} }} }} }} }}");
    let v = refused(&deep);
    assert_eq!((v.limit, v.max, v.found), ("depth", 10, 11));
    let via_fragment = "{ clinic(id: \"x\") { ...F } } fragment F on Clinic { clients(first: 1) { nodes { patients(first: 1) { nodes { client { patients(first: 1) { nodes { client { patients(first: 1) { nodes { client { patients(first: 1) { nodes { client { name } } } } } } } } } } } } } } }";
    assert_eq!(refused(via_fragment).limit, "depth");
}

#[test]
fn on_an_interface_the_costliest_branch_counts() {
    let small = "{ node(id: \"x\") { ... on Client { displayName } } }";
    let big = "{ node(id: \"x\") { ... on Case { soapNotes(first: 10) { nodes { plan } } } } }";
    let both = "{ node(id: \"x\") { id ... on Client { displayName } ... on Case { soapNotes(first: 10) { nodes { plan } } } } }";
    // node 1 + soapNotes 1 + 10 × 1.1 = 13; with `id` (0.1, common to all types) and the
    // Client branch, which cannot apply at the same time as the Case branch: 13.1.
    assert_eq!(complexity(small), 2);
    assert_eq!(complexity(big), 13);
    assert_eq!(complexity(both), 14);
    // Two branches for the same type both apply: 1 + 2 × 12.
    let twice = "{ node(id: \"x\") { ... on Case { soapNotes(first: 10) { nodes { plan } } } ...C } } fragment C on Case { soapNotes(first: 10) { nodes { plan } } }";
    assert_eq!(complexity(twice), 25);
}

#[test]
fn aliases_and_directives() {
    let aliases: String = (0..16)
        .map(|i| format!("a{i}: me {{ clerkUserId }} "))
        .collect();
    assert_eq!(refused(&format!("{{ {aliases} }}")).limit, "aliases");
    // Aliases in a fragment count at every spread.
    let eight: String = (0..8).map(|i| format!("a{i}: clerkUserId ")).collect();
    assert_eq!(
        refused(&format!(
            "{{ me {{ ...M ...M }} }} fragment M on Me {{ {eight} }}"
        ))
        .limit,
        "aliases"
    );
    assert_eq!(
        passes(&format!(
            "{{ me {{ ...M }} }} fragment M on Me {{ {eight} }}"
        ))
        .aliases,
        8
    );
    let six = "@skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false)";
    for q in [
        format!("{{ me {six} {{ clerkUserId }} }}"),
        format!("{{ me {{ ...M {six} }} }} fragment M on Me {{ clerkUserId }}"),
        format!("{{ me {{ ... {six} {{ clerkUserId }} }} }}"),
        format!("{{ me {{ ...M }} }} fragment M on Me {six} {{ clerkUserId }}"),
        format!("query Q {six} {{ me {{ clerkUserId }} }}"),
    ] {
        let v = refused(&q);
        assert_eq!((v.limit, v.max, v.found), ("directives", 5, 6), "{q}");
    }
}

#[test]
fn unknown_fields_and_types_cost_as_scalars() {
    let a = passes("{ nope { deeper { deepest } } clinics { alsoNope } }");
    assert_eq!(a.depth, 3);
    let b = passes("{ ...F } fragment F on NoSuchType { a { b } }");
    assert_eq!(b.complexity, 1);
}

#[test]
fn documents_with_several_operations_need_a_name() {
    let doc = super::parse("query A { me { clerkUserId } } query B { clinics { name } }");
    let vars = async_graphql::Variables::default();
    let limits = crate::limits::Limits::default();
    let v = super::ANALYZER
        .check(&doc, None, &vars, &limits, false)
        .map(|_| ());
    assert_eq!(v.map_err(|v| v.code()), Err("BAD_USER_INPUT"));
    assert_eq!(
        super::ANALYZER
            .check(&doc, Some("B"), &vars, &limits, false)
            .map(|a| a.complexity),
        Ok(22)
    );
    // An operation the document does not have is left to validation.
    assert!(
        super::ANALYZER
            .check(&doc, Some("C"), &vars, &limits, false)
            .is_ok()
    );
}

#[test]
fn the_http_layer_entry_points() {
    let limits = crate::limits::Limits::default();
    let v = crate::limits::check_length(&"x".repeat(15_001), limits).map_err(|v| v.limit);
    assert_eq!(v, Err("query_length"));
    assert!(crate::limits::check_length(&"x".repeat(15_000), limits).is_ok());
    let vars = async_graphql::Variables::default();
    let analyzer = crate::limits::Analyzer::new(&crate::build_schema());
    let check = |doc: &async_graphql::parser::types::ExecutableDocument| {
        analyzer.check(doc, None, &vars, &limits, false).map(|_| ())
    };
    let wide = super::parse(
        "{ clinics { clients(first: 100) { nodes { patients(first: 100) { nodes { name } } } } } }",
    );
    assert_eq!(check(&wide).map_err(|v| v.limit), Err("complexity"));
    let cycle = super::parse("{ ...A } fragment A on Query { ...A }");
    let v = check(&cycle).unwrap_err();
    assert_eq!((v.limit, v.code()), ("document", "BAD_USER_INPUT"));
    assert_eq!(v.message(), "fragment \"A\" spreads itself (A → A)");
}
