//! The read planner answers exactly what the resolvers answer: generated queries over every
//! row type and list of the schema (random fields, aliases, fragments, `__typename`, page
//! arguments in both directions with real cursors, orders, filters), as callers of every
//! role, of other clinics, of none, the service and anonymous; the planned and the resolved
//! responses must be identical, data and errors. A share of them must be planned at all, or
//! the comparison would prove nothing.

use std::collections::BTreeMap;

use domain::seed::demo::fixtures::{self, HARBOR, SUNRISE};
use serde_json::Value;
use testkit::TestDb;

use crate::common::{As, principal};
use crate::coverage::{Sdl, base, parse_sdl, row_of};

/// A small deterministic generator (xorshift), so a failure names a seed that reproduces it.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Builds random selections of the schema's types.
struct Generator<'a> {
    sdl: &'a Sdl,
    random: Random,
    fragments: Vec<String>,
    /// Cursors seen in earlier answers, by connection type, to page on from.
    cursors: &'a BTreeMap<String, Vec<String>>,
}

impl Generator<'_> {
    fn is_object(&self, ty: &str) -> bool {
        self.sdl.types.contains_key(ty)
    }

    /// A selection of the row type `ty`, `depth` levels of lists deep at most.
    fn row(&mut self, ty: &str, depth: usize) -> String {
        let fields = self.sdl.types.get(ty).cloned().unwrap_or_default();
        let mut parts = Vec::new();
        if self.random.chance(30) {
            parts.push("__typename".to_owned());
        }
        for (name, field_ty) in &fields {
            let target = base(field_ty).to_owned();
            if target.ends_with("Connection") && self.is_object(&target) {
                if depth > 0 && self.random.chance(35) {
                    let args = self.list_arguments(&target);
                    let inner = self.connection(&target, depth - 1);
                    parts.push(format!("{}{name}{args} {inner}", self.alias()));
                }
            } else if self.is_object(&target) {
                // Parent rows, single child rows and hand-written objects.
                if depth > 0 && self.random.chance(15) {
                    let inner = if self.random.chance(50)
                        && self.sdl.types[&target].iter().any(|(f, _)| f == "id")
                    {
                        self.row(&target, depth - 1)
                    } else {
                        "{ __typename }".to_owned()
                    };
                    parts.push(format!("{}{name} {inner}", self.alias()));
                }
            } else if self.random.chance(45) {
                parts.push(format!("{}{name}", self.alias()));
            }
        }
        if parts.is_empty() {
            parts.push("id".to_owned());
        }
        // Some of it through fragments: a named one on the type, an inline one, one on Node.
        if parts.len() > 2 && self.random.chance(30) {
            let moved = parts.split_off(parts.len() / 2);
            let name = format!("F{}", self.fragments.len());
            self.fragments
                .push(format!("fragment {name} on {ty} {{ {} }}", moved.join(" ")));
            parts.push(format!("...{name}"));
        }
        if self.random.chance(20) {
            parts.push(format!("... on {ty} {{ id }}"));
        }
        if self.random.chance(10) {
            parts.push("... on Node { id }".to_owned());
        }
        format!("{{ {} }}", parts.join(" "))
    }

    fn alias(&mut self) -> String {
        if self.random.chance(10) {
            format!("a{}: ", self.random.below(1000))
        } else {
            String::new()
        }
    }

    fn connection(&mut self, ty: &str, depth: usize) -> String {
        let node = ty.trim_end_matches("Connection").to_owned();
        let mut parts = Vec::new();
        if self.random.chance(70) {
            let inner = self.row(&node, depth);
            parts.push(format!("nodes {inner}"));
        }
        if self.random.chance(40) {
            let inner = self.row(&node, depth);
            let typename = if self.random.chance(30) {
                "__typename "
            } else {
                ""
            };
            parts.push(format!("edges {{ {typename}cursor node {inner} }}"));
        }
        if self.random.chance(40) {
            let mut info = vec![];
            for field in [
                "hasNextPage",
                "hasPreviousPage",
                "startCursor",
                "endCursor",
                "__typename",
            ] {
                if self.random.chance(60) {
                    info.push(field);
                }
            }
            if info.is_empty() {
                info.push("hasNextPage");
            }
            parts.push(format!("pageInfo {{ {} }}", info.join(" ")));
        }
        if self.random.chance(25) {
            parts.push("totalCount".to_owned());
        }
        if self.random.chance(10) {
            parts.push("__typename".to_owned());
        }
        if parts.is_empty() {
            parts.push("totalCount".to_owned());
        }
        format!("{{ {} }}", parts.join(" "))
    }

    /// Page arguments (either direction, sometimes from a cursor seen before), an order and a
    /// filter of the list's own input types.
    fn list_arguments(&mut self, connection: &str) -> String {
        let node = connection.trim_end_matches("Connection");
        let mut args = Vec::new();
        let cursor = self
            .cursors
            .get(connection)
            .filter(|c| !c.is_empty())
            .map(|c| c[self.random.below(c.len())].clone());
        match self.random.below(6) {
            0 => {}
            1 => args.push(format!("first: {}", self.random.pick(&[1, 2, 3, 5]))),
            2 => args.push(format!("last: {}", self.random.pick(&[1, 2, 5]))),
            3 => {
                args.push(format!("first: {}", self.random.pick(&[1, 2, 5])));
                if let Some(c) = &cursor {
                    args.push(format!("after: \"{c}\""));
                }
            }
            4 => {
                args.push(format!("last: {}", self.random.pick(&[1, 2, 5])));
                if let Some(c) = &cursor {
                    args.push(format!("before: \"{c}\""));
                }
            }
            _ => {
                if let Some(c) = &cursor {
                    args.push(format!("after: \"{c}\""));
                }
            }
        }
        let order = format!("{node}Order");
        let order_field = format!("{node}OrderField");
        if self.sdl.inputs.contains_key(&order) && self.random.chance(40) {
            let items = self
                .sdl
                .enums
                .get(&order_field)
                .cloned()
                .unwrap_or_default();
            if !items.is_empty() {
                let item = self.random.pick(&items).clone();
                let direction = self.random.pick(&["ASC", "DESC"]);
                args.push(format!(
                    "orderBy: {{field: {item}, direction: {direction}}}"
                ));
            }
        }
        let filter = format!("{node}Filter");
        if let Some(fields) = self.sdl.inputs.get(&filter).cloned()
            && self.random.chance(25)
        {
            let mut given = Vec::new();
            for (name, ty) in fields {
                let value = match base(&ty) {
                    "Boolean" => Some(self.random.pick(&["true", "false"]).to_string()),
                    other if self.sdl.enums.contains_key(other) => {
                        let items = self.sdl.enums[other].clone();
                        let item = self.random.pick(&items).clone();
                        Some(if ty.starts_with('[') {
                            format!("[{item}]")
                        } else {
                            item
                        })
                    }
                    _ => None,
                };
                if let Some(value) = value
                    && self.random.chance(50)
                {
                    given.push(format!("{name}: {value}"));
                }
            }
            args.push(format!("filter: {{{}}}", given.join(", ")));
        }
        if args.is_empty() {
            String::new()
        } else {
            format!("({})", args.join(", "))
        }
    }

    fn document(&mut self, root: &str) -> String {
        let fragments = std::mem::take(&mut self.fragments).join(" ");
        format!("query Generated {root} {fragments}")
    }
}

/// The planned answer (`None`: the planner left it to the resolvers) and the resolved one.
async fn both(db: &domain::Database, who: &As, query: &str) -> (Option<Value>, Value) {
    static SCHEMA: std::sync::LazyLock<graphql::AppSchema> =
        std::sync::LazyLock::new(graphql::build_schema);
    let schema = &*SCHEMA;
    let run = async |planned: bool| {
        let principal = principal(db, who).await;
        let session = std::sync::Arc::new(domain::Session::new(db.clone(), principal, "test"));
        let mut request = async_graphql::Request::new(query);
        let response = if planned {
            graphql::plan::answer(schema, &mut request, &session).await
        } else {
            Some(graphql::execute_resolved(schema, request, session.clone()).await)
        };
        session.rollback().await.expect("rollback");
        response.map(|r| {
            serde_json::to_value(graphql::errors::finalize(r, "test")).expect("response JSON")
        })
    };
    let planned = run(true).await;
    let resolved = run(false).await.expect("resolved");
    (planned, resolved)
}

/// Every cursor in a response, by the connection type named in `__typename`-free paths: the
/// generator asks `edges { cursor }`, and the connection's type is known from where it stood.
fn cursors_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if (key == "cursor" || key == "startCursor" || key == "endCursor")
                    && let Some(text) = inner.as_str()
                {
                    out.push(text.to_owned());
                }
                cursors_in(inner, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| cursors_in(i, out)),
        _ => {}
    }
}

#[tokio::test]
async fn planned_reads_answer_what_the_resolvers_answer() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let sdl = parse_sdl(&graphql::sdl());
    let sunrise = fixtures::clinic_id(&SUNRISE);
    let harbor = fixtures::clinic_id(&HARBOR);
    // Callers of each role in the row's clinic, the service, and callers who see none of it.
    let members = |clinic| {
        if clinic == sunrise {
            [
                fixtures::USER_SUNRISE_OWNER,
                fixtures::USER_SUNRISE_ADMIN,
                fixtures::USER_SUNRISE_MEMBER,
                fixtures::USER_SUNRISE_VIEWER,
            ]
        } else {
            [
                fixtures::USER_HARBOR_OWNER,
                fixtures::USER_HARBOR_ADMIN,
                fixtures::USER_HARBOR_MEMBER,
                fixtures::USER_HARBOR_VIEWER,
            ]
        }
    };
    let outsiders = [
        As::User(fixtures::USER_ALPINE_OWNER, None),
        As::User(fixtures::USER_MULTI, None),
        As::User(fixtures::USER_NO_CLINIC, None),
        As::Anonymous,
    ];
    // Roots: each clinic, and one row of every type of each clinic through `node(id:)`.
    let mut roots = vec![
        (
            "Clinic".to_owned(),
            graphql::ids::encode("Clinic", sunrise).to_string(),
            "clinic",
            sunrise,
        ),
        (
            "Clinic".to_owned(),
            graphql::ids::encode("Clinic", harbor).to_string(),
            "clinic",
            harbor,
        ),
    ];
    for table in domain::registry::tables() {
        for clinic in [sunrise, harbor] {
            if let Some(id) = row_of(&owner, table.table, clinic).await {
                roots.push((
                    table.type_name.to_owned(),
                    graphql::ids::encode(table.type_name, id).to_string(),
                    "node",
                    clinic,
                ));
            }
        }
    }
    // The root list of clinics too, as everyone.
    roots.push(("Clinic".to_owned(), String::new(), "clinics", sunrise));
    roots.push(("Clinic".to_owned(), String::new(), "clinics", harbor));
    let mut cursors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (mut compared, mut planned) = (0, 0);
    let mut planned_by_type: BTreeMap<String, usize> = BTreeMap::new();
    for round in 0..3 {
        let mut seen = BTreeMap::<String, Vec<String>>::new();
        for (i, (ty, id, root, clinic)) in roots.iter().enumerate() {
            for variant in 0..5 {
                let seed = 0x9e37_79b9_7f4a_7c15 ^ ((round * 1000 + i * 10 + variant) as u64 + 1);
                let mut generator = Generator {
                    sdl: &sdl,
                    random: Random(seed),
                    fragments: Vec::new(),
                    cursors: &cursors,
                };
                let selection = generator.row(ty, 3);
                let field = match *root {
                    "node" => format!("node(id: \"{id}\") {{ ... on {ty} {selection} }}"),
                    "clinics" => format!("clinics {selection}"),
                    _ => format!("clinic(id: \"{id}\") {selection}"),
                };
                let query = generator.document(&format!("{{ {field} }}"));
                let who = &match variant {
                    0..=2 => As::User(members(*clinic)[(i + variant + round) % 4], None),
                    3 => As::Service,
                    _ => outsiders[(i + round) % outsiders.len()].clone(),
                };
                let (plan, resolved) = both(&app, who, &query).await;
                compared += 1;
                if let Some(plan) = plan {
                    planned += 1;
                    *planned_by_type.entry(ty.clone()).or_default() += 1;
                    assert_eq!(
                        plan, resolved,
                        "seed {seed:#x}, as {who:?}: the planned answer differs from the resolved one\nquery: {query}"
                    );
                }
                let mut found = Vec::new();
                cursors_in(&resolved, &mut found);
                // Cursors are only valid for their list; keyed by type they are tried on lists
                // of that node type, and a cursor of another order is a case too (an error).
                if !found.is_empty() {
                    seen.entry(format!("{ty}Connection"))
                        .or_default()
                        .extend(found);
                }
            }
        }
        for (ty, found) in seen {
            cursors.entry(ty).or_default().extend(found);
        }
    }
    println!("{planned} of {compared} generated reads planned, by type: {planned_by_type:?}");
    // Members and the service (four in five) see the root, outsiders do not (null roots are
    // the resolvers' to explain); lists and fields the planner leaves alone take some more.
    assert!(
        planned * 2 >= compared,
        "only {planned} of {compared} generated reads were planned: the comparison proves little"
    );
    // (A clinic has many hand-written fields, so a random selection of it seldom is planned:
    // `the_benchmark_reads_are_one_statement_each` plans one.)
    for ty in [
        "Client",
        "Patient",
        "Case",
        "OutboundCall",
        "CallAnalysis",
        "User",
    ] {
        assert!(
            planned_by_type.get(ty).copied().unwrap_or(0) > 0,
            "no read of {ty} was planned ({planned_by_type:?})"
        );
    }
}

/// The reads of the benchmark (a client page, the nested clinic → clients → patients → cases →
/// calls, a fuzzy search with each patient's owner, a case with its patient, client, notes and
/// calls with their analyses, the six-level spine from `clinics`) are each one statement of the planner, with the resolvers' data.
#[tokio::test]
async fn the_benchmark_reads_are_one_statement_each() {
    let db = TestDb::demo().await;
    let app = db.app();
    let clinic = graphql::ids::encode("Clinic", fixtures::clinic_id(&SUNRISE)).to_string();
    let case = "Q2FzZTo4Y2NhMjBiOC0yYWYxLTU3YzYtYjBhNC01NzRkYTc5N2NiMjE";
    let reads = [
        format!(
            "{{ clinic(id: \"{clinic}\") {{ clients(first: 50, orderBy: {{field: DISPLAY_NAME, direction: ASC}}) {{ \
             nodes {{ id displayName phone email lastVisitAt }} pageInfo {{ endCursor hasNextPage }} }} }} }}"
        ),
        format!(
            "{{ clinic(id: \"{clinic}\") {{ name clients(first: 20, orderBy: {{field: DISPLAY_NAME, direction: ASC}}) {{ \
             nodes {{ displayName patients(first: 5) {{ nodes {{ name cases(first: 5) {{ nodes {{ status caseType createdAt \
             outboundCalls(first: 5) {{ nodes {{ status startedAt durationSeconds }} }} }} }} }} }} }} pageInfo {{ endCursor hasNextPage }} }} }} }}"
        ),
        format!(
            "{{ clinic(id: \"{clinic}\") {{ patients(first: 20, filter: {{search: \"Dasy\"}}) {{ \
             nodes {{ id name species client {{ displayName }} }} }} }} }}"
        ),
        format!(
            "{{ node(id: \"{case}\") {{ ... on Case {{ id status caseType isUrgent patient {{ name species }} \
             client {{ displayName phone }} soapNotes(first: 5) {{ nodes {{ subjective objective assessment plan }} }} \
             outboundCalls(first: 10) {{ nodes {{ status startedAt durationSeconds \
             analysis {{ summary attentionSeverity ownerSentiment }} }} }} }} }} }}"
        ),
        "{ clinics { name clients(first: 10) { nodes { displayName patients(first: 2) { nodes { name \
         cases(first: 3) { nodes { status outboundCalls(first: 2) { nodes { status \
         analysis { attentionSeverity } } } } } } } } } } }"
            .to_owned(),
    ];
    let who = As::User(fixtures::USER_SUNRISE_OWNER, None);
    for query in &reads {
        let (plan, resolved) = both(&app, &who, query).await;
        let plan = plan.unwrap_or_else(|| panic!("not planned: {query}"));
        assert_eq!(plan, resolved, "{query}");
        assert!(resolved["errors"].is_null(), "{resolved}");
        let (_, statements) = crate::common::gql_counted(&app, &who, query, Value::Null).await;
        // BEGIN with the settings (two statements today), the planned read, COMMIT.
        assert_eq!(statements, 4, "statements of {query}");
    }
}

/// Fragments are expanded before the document is validated: a cycle and a fragment bomb are
/// left to the validation (and the endpoint's limits) instead of hanging or overflowing here.
#[tokio::test]
async fn cyclic_and_exploding_fragments_are_left_to_validation() {
    let db = TestDb::demo().await;
    let app = db.app();
    let clinic = graphql::ids::encode("Clinic", fixtures::clinic_id(&SUNRISE)).to_string();
    let who = As::User(fixtures::USER_SUNRISE_OWNER, None);
    let cycle = format!(
        "{{ clinic(id: \"{clinic}\") {{ ...A }} }} fragment A on Clinic {{ name ...B }} fragment B on Clinic {{ id ...A }}"
    );
    let mut bomb = format!("{{ clinic(id: \"{clinic}\") {{ ...F0 }} }}");
    for i in 0..30 {
        bomb.push_str(&format!(
            " fragment F{i} on Clinic {{ name ...F{} ...F{} }}",
            i + 1,
            i + 1
        ));
    }
    bomb.push_str(" fragment F30 on Clinic { name }");
    let (plan, resolved) = both(&app, &who, &cycle).await;
    assert!(plan.is_none(), "planned: {plan:?}");
    assert!(
        resolved["errors"].as_array().is_some_and(|e| !e.is_empty()),
        "{resolved}"
    );
    // 2^30 fields once expanded: the planner gives up after its budget. (The resolvers are not
    // asked: the endpoint's limits refuse such a document before either runs.)
    let principal = crate::common::principal(&app, &who).await;
    let session = domain::Session::new(app.clone(), principal, "test");
    let mut request = async_graphql::Request::new(bomb);
    let planned = graphql::plan::answer(&graphql::build_schema(), &mut request, &session).await;
    assert!(planned.is_none());
    assert_eq!(session.statement_count(), 0, "nothing was sent for it");
}
