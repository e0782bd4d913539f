//! Cross-tenant coverage, generated from the schema and the demo data: every root query field
//! and every mutation in the SDL is probed by a user of clinic A with clinic B's ids, and must
//! answer NOT_FOUND (or a refusal, or nothing) — never B's data, never a write in B. Every
//! non-public mutation is also probed as a viewer of A with A's ids and must be refused without
//! writing anything. A new root field or mutation is covered without anyone remembering; one
//! that cannot be probed fails the test.

use std::collections::{BTreeMap, BTreeSet};

use domain::seed::demo::fixtures::{self, HARBOR, SUNRISE};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::{Map, Value, json};
use testkit::TestDb;

use crate::common::{As, error_codes, gql_counted, scalar};

/// Mutations anyone may call: their "cross-tenant" probe is that they write no clinic data.
const PUBLIC_MUTATIONS: &[&str] = &["joinWaitlist", "submitContactForm"];

/// A type or input in the SDL: its fields as (name, type).
#[derive(Debug, Default)]
pub(crate) struct Sdl {
    pub(crate) types: BTreeMap<String, Vec<(String, String)>>,
    pub(crate) inputs: BTreeMap<String, Vec<(String, String)>>,
    pub(crate) enums: BTreeMap<String, Vec<String>>,
    /// (type, field) of the fields that take a required argument.
    required_args: BTreeSet<(String, String)>,
}

pub(crate) fn parse_sdl(sdl: &str) -> Sdl {
    let mut out = Sdl::default();
    let mut current: Option<(&str, String)> = None;
    let mut in_description = false;
    for raw in sdl.lines() {
        let line = raw.trim();
        // Block descriptions (`"""` … `"""`) may span lines that look like fields.
        if line.starts_with("\"\"\"") {
            let closes_on_same_line = line.len() > 3 && line.ends_with("\"\"\"");
            if !closes_on_same_line {
                in_description = !in_description;
            }
            continue;
        }
        if in_description {
            continue;
        }
        if let Some((kind, name)) = &current {
            if line == "}" {
                current = None;
                continue;
            }
            if line.is_empty() || line.starts_with('"') || line.starts_with('#') {
                continue;
            }
            match *kind {
                "enum" => out
                    .enums
                    .entry(name.clone())
                    .or_default()
                    .push(line.split_whitespace().next().unwrap_or("").to_owned()),
                _ => {
                    // `name(args): Type` or `name: Type`
                    let Some(colon) = line.rfind("):").map(|i| i + 1).or_else(|| line.find(':'))
                    else {
                        continue;
                    };
                    let field = line[..colon]
                        .split('(')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_owned();
                    let ty = line[colon + 1..]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_owned();
                    if line[..colon].contains('(') && line[..colon].contains('!') {
                        out.required_args.insert((name.clone(), field.clone()));
                    }
                    let map = if *kind == "input" {
                        &mut out.inputs
                    } else {
                        &mut out.types
                    };
                    map.entry(name.clone()).or_default().push((field, ty));
                }
            }
            continue;
        }
        for kind in ["type", "input", "enum", "interface"] {
            if let Some(rest) = line.strip_prefix(&format!("{kind} "))
                && line.ends_with('{')
            {
                let name = rest
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or("")
                    .to_owned();
                current = Some((kind, name));
            }
        }
    }
    out
}

/// The schema type name behind a GraphQL type expression (`[Client!]!` → `Client`).
pub(crate) fn base(ty: &str) -> &str {
    ty.trim_matches(|c| c == '[' || c == ']' || c == '!')
}

/// The row types of the schema and their tables, from the table declarations.
fn row_tables() -> BTreeMap<String, &'static str> {
    domain::registry::tables()
        .map(|t| (t.type_name.to_owned(), t.table))
        .collect()
}

/// How to reach the clinic of a row of `table` from the row (aliased `t0`), following the path
/// declared with the table: the FROM clause with the joins of its parent chain, and the
/// condition that the row belongs to `clinic` alone. `None` for tables of no clinic.
pub(crate) fn clinic_path(table: &str, clinic: uuid::Uuid) -> Option<(String, String)> {
    use domain::registry::{self, Tenant};
    let declared = registry::by_table_name(table)?;
    let mut from = format!("{table} t0");
    let mut current = declared;
    let mut hop = 0;
    while let Tenant::Through { column, parent } = current.tenant {
        let parent_table = registry::table(parent);
        hop += 1;
        from.push_str(&format!(
            " JOIN {} t{hop} ON t{hop}.id = t{}.{column}",
            parent_table.table,
            hop - 1
        ));
        current = parent_table;
    }
    let condition = match current.tenant {
        Tenant::Clinic | Tenant::ClinicOrGlobal => format!("t{hop}.clinic_id = '{clinic}'"),
        Tenant::ClinicItself => format!("t{hop}.id = '{clinic}'"),
        // A user who works in this clinic and in no other.
        Tenant::Colleagues => format!(
            "EXISTS (SELECT 1 FROM user_clinic_access a WHERE a.user_id = t0.id AND a.clinic_id = '{clinic}') \
             AND NOT EXISTS (SELECT 1 FROM user_clinic_access o WHERE o.user_id = t0.id AND o.clinic_id <> '{clinic}')"
        ),
        // A job row that produced rows in this clinic and in no other.
        Tenant::ReferencedBy { child, column } => {
            let child = registry::table(child).table;
            format!(
                "EXISTS (SELECT 1 FROM {child} c WHERE c.{column} = t0.id AND c.clinic_id = '{clinic}') \
                 AND NOT EXISTS (SELECT 1 FROM {child} o WHERE o.{column} = t0.id AND o.clinic_id <> '{clinic}')"
            )
        }
        Tenant::NoClinic | Tenant::Through { .. } => return None,
    };
    Some((from, condition))
}

/// SQL for the id of one row of `table` that belongs to `clinic`.
fn row_of_sql(table: &str, clinic: uuid::Uuid) -> Option<String> {
    let (from, condition) = clinic_path(table, clinic)?;
    Some(format!(
        "SELECT t0.id FROM {from} WHERE {condition} ORDER BY t0.id LIMIT 1"
    ))
}

/// The id of one row of `table` that belongs to `clinic` (directly or through its parents).
pub(crate) async fn row_of(
    conn: &DatabaseConnection,
    table: &str,
    clinic: uuid::Uuid,
) -> Option<uuid::Uuid> {
    let sql = row_of_sql(table, clinic)?;
    let rows = conn
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            sql,
        ))
        .await
        .ok()?;
    rows.first()
        .and_then(|r| r.try_get_by_index::<uuid::Uuid>(0).ok())
}

/// Everything a probe needs: the schema, its row types, and one row per type per clinic.
struct Probe {
    sdl: Sdl,
    tables: BTreeMap<String, &'static str>,
    rows: BTreeMap<(String, uuid::Uuid), uuid::Uuid>,
}

impl Probe {
    async fn new(conn: &DatabaseConnection) -> Probe {
        let tables = row_tables();
        let mut rows = BTreeMap::new();
        for clinic in [fixtures::clinic_id(&SUNRISE), fixtures::clinic_id(&HARBOR)] {
            for (ty, table) in &tables {
                if let Some(id) = row_of(conn, table, clinic).await {
                    rows.insert((ty.clone(), clinic), id);
                }
            }
        }
        Probe {
            sdl: parse_sdl(&graphql::sdl()),
            tables,
            rows,
        }
    }

    /// The row type an id-valued input field refers to: `clinicId` → Clinic, `taskId` →
    /// SlackTask (the one row type ending in the name), `id` → the mutation's own type.
    fn type_for_id_field(&self, field: &str, own_type: Option<&str>) -> Option<String> {
        if field == "id" {
            return own_type.map(str::to_owned);
        }
        let stem = field
            .strip_suffix("Ids")
            .or_else(|| field.strip_suffix("Id"))?;
        let mut chars = stem.chars();
        let capitalised: String = chars.next()?.to_uppercase().chain(chars).collect();
        if self.tables.contains_key(&capitalised) {
            return Some(capitalised);
        }
        self.tables
            .keys()
            .find(|t| t.ends_with(&capitalised))
            .cloned()
    }

    /// A selection of `ty` that shows every id a response could leak: `__typename` and `id`,
    /// and for `depth` more levels the ids of the rows its argument-free fields reach (a
    /// connection's `nodes`). Without ids a probe could not tell another clinic's rows from none.
    fn selection(&self, ty: &str, depth: usize) -> String {
        if let Some(node) = ty.strip_suffix("Connection") {
            return format!("{{ nodes {} }}", self.selection(node, depth));
        }
        if ty == "Node" {
            return "{ __typename id }".to_owned();
        }
        let Some(fields) = self.sdl.types.get(ty) else {
            return String::new();
        };
        let mut parts = vec!["__typename".to_owned()];
        for (field, field_ty) in fields {
            let target = base(field_ty);
            if field == "id" {
                parts.push("id".to_owned());
            } else if depth > 0
                && self.sdl.types.contains_key(target)
                && !self
                    .sdl
                    .required_args
                    .contains(&(ty.to_owned(), field.clone()))
            {
                let inner = self.selection(target, depth - 1);
                if inner.contains(" id") {
                    parts.push(format!("{field} {inner}"));
                }
            }
        }
        format!("{{ {} }}", parts.join(" "))
    }

    fn global_id(&self, ty: &str, clinic: uuid::Uuid) -> Option<String> {
        self.rows
            .get(&(ty.to_owned(), clinic))
            .map(|id| graphql::ids::encode(ty, *id).to_string())
    }

    /// A value for an input of GraphQL type `ty` (required fields only for objects), with ids
    /// taken from `clinic`'s rows.
    fn value(&self, field: &str, ty: &str, clinic: uuid::Uuid, own_type: Option<&str>) -> Value {
        let name = base(ty);
        let list = ty.starts_with('[');
        let scalar = match name {
            "ID" => self
                .type_for_id_field(field, own_type)
                .and_then(|t| self.global_id(&t, clinic))
                .map(Value::String)
                .unwrap_or_else(|| {
                    Value::String(graphql::ids::encode("Clinic", clinic).to_string())
                }),
            "String" if field.to_lowercase().contains("email") => json!("probe@example.com"),
            "String" if field.to_lowercase().contains("phone") => json!("+15550109999"),
            "String" if field.to_lowercase().contains("time") => json!("10:00"),
            "String" => json!("probe"),
            "Int" => json!(1),
            "Float" | "Decimal" => json!("1"),
            "Boolean" => json!(false),
            "DateTime" => json!("2026-12-01T10:00:00Z"),
            "NaiveDate" | "Date" => json!("2026-12-01"),
            "NaiveTime" | "Time" => json!("10:00:00"),
            "JSON" => json!({}),
            "UUID" => json!(uuid::Uuid::new_v4()),
            other if self.sdl.enums.contains_key(other) => json!(self.sdl.enums[other][0]),
            other if self.sdl.inputs.contains_key(other) => self.object(other, clinic, own_type),
            other => panic!("no probe value for type {other} (field {field})"),
        };
        if list { json!([scalar]) } else { scalar }
    }

    fn object(&self, input: &str, clinic: uuid::Uuid, own_type: Option<&str>) -> Value {
        let mut out = Map::new();
        for (field, ty) in self
            .sdl
            .inputs
            .get(input)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            if ty.ends_with('!') || field == "id" || field.ends_with("Id") {
                out.insert(field.clone(), self.value(field, ty, clinic, own_type));
            }
        }
        Value::Object(out)
    }

    /// The row type a mutation is about: the row-typed field of its payload, or the
    /// `deletedXId` field's X.
    fn own_type(&self, payload: &str) -> Option<String> {
        for (field, ty) in self.sdl.types.get(base(payload))? {
            if self.tables.contains_key(base(ty)) {
                return Some(base(ty).to_owned());
            }
            if let Some(stem) = field
                .strip_prefix("deleted")
                .and_then(|f| f.strip_suffix("Id"))
            {
                return Some(stem.to_owned());
            }
        }
        None
    }
}

/// Writes recorded for a clinic so far (every write through the API is audited).
async fn writes_in(conn: &DatabaseConnection, clinic: uuid::Uuid) -> i64 {
    scalar(
        conn,
        &format!("SELECT count(*) FROM audit_events WHERE clinic_id = '{clinic}'"),
    )
    .await
}

/// The ids in a response that belong to `clinic` alone (by each row's declared path).
async fn ids_of_clinic(
    conn: &DatabaseConnection,
    tables: &BTreeMap<String, &'static str>,
    response: &Value,
    clinic: uuid::Uuid,
) -> Vec<String> {
    let mut owned = Vec::new();
    for id in ids_in(response) {
        let Ok((kind, uuid)) = graphql::ids::decode_any(&async_graphql::ID(id.clone())) else {
            continue;
        };
        let Some(table) = tables.get(&kind) else {
            continue;
        };
        let Some((from, belongs)) = clinic_path(table, clinic) else {
            continue;
        };
        let sql = format!("SELECT count(*) FROM {from} WHERE t0.id = '{uuid}' AND {belongs}");
        if scalar::<i64>(conn, &sql).await > 0 {
            owned.push(format!("{kind} {uuid}"));
        }
    }
    owned
}

/// Every id-valued field in a response's data.
fn ids_in(response: &Value) -> Vec<String> {
    fn collect(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, v)| {
                if (k == "id" || k.ends_with("Id")) && v.is_string() {
                    out.push(v.as_str().unwrap_or_default().to_owned());
                } else {
                    collect(v, out);
                }
            }),
            Value::Array(a) => a.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut ids = Vec::new();
    collect(&response["data"], &mut ids);
    ids
}

/// No global id in a response belongs to the `forbidden` clinic.
async fn assert_no_foreign_ids(
    conn: &DatabaseConnection,
    tables: &BTreeMap<String, &'static str>,
    response: &Value,
    forbidden: uuid::Uuid,
    what: &str,
) {
    let foreign = ids_of_clinic(conn, tables, response, forbidden).await;
    assert!(
        foreign.is_empty(),
        "{what}: returned rows of the other clinic: {foreign:?}"
    );
}

#[tokio::test]
async fn every_mutation_refuses_another_clinics_ids_and_viewers() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let probe = Probe::new(&owner).await;
    let sunrise = fixtures::clinic_id(&SUNRISE);
    let harbor = fixtures::clinic_id(&HARBOR);
    let mutations = probe.sdl.types.get("Mutation").cloned().unwrap_or_default();
    assert!(
        mutations.len() > 20,
        "the schema has the domain's mutations: {}",
        mutations.len()
    );
    let mut probed = BTreeSet::new();

    for (name, payload) in &mutations {
        let arguments = {
            let sdl = graphql::sdl();
            sdl.lines()
                .find(|l| l.trim_start().starts_with(&format!("{name}(")))
                .unwrap_or_else(|| panic!("mutation {name} has no arguments line"))
                .to_owned()
        };
        let input_type = arguments
            .split("input: ")
            .nth(1)
            .map(|rest| base(rest.split(&[')', ','][..]).next().unwrap_or("")).to_owned())
            .unwrap_or_else(|| panic!("mutation {name} takes no `input` argument: {arguments}"));
        let own = probe.own_type(payload);
        let selection = {
            let fields = probe
                .sdl
                .types
                .get(base(payload))
                .cloned()
                .unwrap_or_default();
            let (field, ty) = fields.first().cloned().unwrap_or_default();
            if probe.tables.contains_key(base(&ty)) || probe.sdl.types.contains_key(base(&ty)) {
                format!("{field} {{ __typename }}")
            } else {
                field
            }
        };
        let query = format!(
            "mutation Probe($input: {input_type}!) {{ {name}(input: $input) {{ {selection} }} }}"
        );

        if PUBLIC_MUTATIONS.contains(&name.as_str()) {
            let before = (
                writes_in(&owner, sunrise).await,
                writes_in(&owner, harbor).await,
            );
            let input = probe.object(&input_type, harbor, own.as_deref());
            let _ = gql_counted(&app, &As::Anonymous, &query, json!({ "input": input })).await;
            assert_eq!(
                before,
                (
                    writes_in(&owner, sunrise).await,
                    writes_in(&owner, harbor).await
                ),
                "{name} wrote clinic data"
            );
            probed.insert(name.clone());
            continue;
        }

        // A's owner with B's ids: refused, nothing written in B.
        let input = probe.object(&input_type, harbor, own.as_deref());
        let names_a_row = input
            .to_string()
            .split('"')
            .any(|s| graphql::ids::decode_any(&async_graphql::ID(s.to_owned())).is_ok());
        let before = writes_in(&owner, harbor).await;
        let (response, _) = gql_counted(
            &app,
            &As::User(fixtures::USER_SUNRISE_OWNER, None),
            &query,
            json!({ "input": input }),
        )
        .await;
        let codes = error_codes(&response);
        // A mutation that names no row (the caller's own profile) has nothing of B's to refuse;
        // it must still not write into B.
        assert!(
            !names_a_row
                || (!codes.is_empty()
                    && codes.iter().all(
                        |c| ["NOT_FOUND", "BAD_USER_INPUT", "FORBIDDEN"].contains(&c.as_str())
                    )),
            "{name} with the other clinic's ids must be refused; got {response}"
        );
        assert!(
            !names_a_row || response["data"].is_null() || response["data"][name].is_null(),
            "{name}: {response}"
        );
        assert_eq!(
            writes_in(&owner, harbor).await,
            before,
            "{name} wrote into the other clinic"
        );

        // A's viewer with A's ids: refused, nothing written in A.
        let input = probe.object(&input_type, sunrise, own.as_deref());
        let before = writes_in(&owner, sunrise).await;
        let (response, _) = gql_counted(
            &app,
            &As::User(fixtures::USER_SUNRISE_VIEWER, None),
            &query,
            json!({ "input": input }),
        )
        .await;
        // A mutation that names no row acts on the caller's own profile: the one write a viewer
        // may make. Every other mutation is refused to a viewer and writes nothing.
        if names_a_row {
            assert!(
                !error_codes(&response).is_empty(),
                "{name}: a viewer's mutation must be refused; got {response}"
            );
            assert_eq!(
                writes_in(&owner, sunrise).await,
                before,
                "{name}: a viewer wrote"
            );
        }
        probed.insert(name.clone());
    }
    let all: BTreeSet<String> = mutations.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(probed, all, "every mutation is probed");
}

#[tokio::test]
async fn every_root_query_field_answers_nothing_of_another_clinic() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let probe = Probe::new(&owner).await;
    let harbor = fixtures::clinic_id(&HARBOR);
    let queries = probe.sdl.types.get("Query").cloned().unwrap_or_default();
    let sdl = graphql::sdl();
    let mut probed_with_control = 0;

    for (name, ty) in &queries {
        // The field's line in `type Query { … }` (other types have fields of the same name).
        let line = sdl
            .lines()
            .skip_while(|l| !l.starts_with("type Query "))
            .take_while(|l| *l != "}")
            .find(|l| {
                let t = l.trim_start();
                t.starts_with(&format!("{name}(")) || t.starts_with(&format!("{name}:"))
            })
            .unwrap_or_else(|| panic!("no SDL line for Query.{name}"));
        // Arguments: ids from the other clinic; everything else omitted when optional.
        let mut args = Vec::new();
        if let Some(inner) = line
            .split_once('(')
            .map(|(_, r)| r.rsplit_once(')').map(|(a, _)| a).unwrap_or(r))
        {
            for arg in inner.split(',').map(str::trim).filter(|a| !a.is_empty()) {
                let (arg_name, arg_ty) = arg
                    .split_once(':')
                    .map(|(a, b)| (a.trim(), b.trim()))
                    .unwrap_or_default();
                if base(arg_ty) == "ID" {
                    let value = if arg_ty.starts_with('[') {
                        let ids: Vec<String> = probe
                            .tables
                            .keys()
                            .filter_map(|t| probe.global_id(t, harbor))
                            .collect();
                        json!(ids)
                    } else {
                        json!(probe.global_id("Clinic", harbor))
                    };
                    args.push(format!("{arg_name}: {value}"));
                } else if arg_ty.ends_with('!') {
                    panic!(
                        "Query.{name} has a required non-id argument {arg_name}: give the probe a value for it"
                    );
                }
            }
        }
        let args = if args.is_empty() {
            String::new()
        } else {
            format!("({})", args.join(", "))
        };
        let selection = probe.selection(base(ty), 1);
        let query = format!("{{ {name}{args} {selection} }}");
        for who in [
            As::User(fixtures::USER_SUNRISE_OWNER, None),
            As::User(fixtures::USER_SUNRISE_VIEWER, None),
            As::User(fixtures::USER_ALPINE_OWNER, None),
        ] {
            let (response, _) = gql_counted(&app, &who, &query, Value::Null).await;
            assert_no_foreign_ids(
                &owner,
                &probe.tables,
                &response,
                harbor,
                &format!("Query.{name} as {who:?}"),
            )
            .await;
            if line.contains("ID") && !error_codes(&response).is_empty() {
                assert!(
                    error_codes(&response).iter().all(|c| [
                        "NOT_FOUND",
                        "FORBIDDEN",
                        "BAD_USER_INPUT"
                    ]
                    .contains(&c.as_str())),
                    "Query.{name} as {who:?}: {response}"
                );
            }
        }
        // The control: the same probe, asked by callers who may see the other clinic's rows (its
        // owner, else the service), shows ids, and ids of that clinic wherever its rows belong
        // to it alone. Without this a probe that selects nothing, or asks for nothing the other
        // clinic has, would pass whatever the gateway leaked.
        let mut seen = 0;
        let mut seen_of_harbor = 0;
        for who in [As::User(fixtures::USER_HARBOR_OWNER, None), As::Service] {
            let (response, _) = gql_counted(&app, &who, &query, Value::Null).await;
            seen += ids_in(&response).len();
            seen_of_harbor += ids_of_clinic(&owner, &probe.tables, &response, harbor)
                .await
                .len();
        }
        assert!(
            seen > 0,
            "Query.{name}: `{query}` shows no id even to callers who may see the rows, so it could not catch a leak"
        );
        let shared_or_public = domain::registry::by_type_name(
            base(ty).trim_end_matches("Connection"),
        )
        .is_some_and(|t| {
            matches!(
                t.tenant,
                domain::registry::Tenant::NoClinic | domain::registry::Tenant::ReferencedBy { .. }
            )
        });
        if !shared_or_public {
            assert!(
                seen_of_harbor > 0,
                "Query.{name}: `{query}` shows none of the other clinic's rows even to its owner, so it could not catch a leak"
            );
        }
        probed_with_control += 1;
    }
    assert_eq!(
        probed_with_control,
        queries.len(),
        "every root field has its control"
    );

    // `node` with every row type of the other clinic answers NOT_FOUND.
    for ty in probe.tables.keys() {
        let Some(id) = probe.global_id(ty, harbor) else {
            continue;
        };
        let (response, _) = gql_counted(
            &app,
            &As::User(fixtures::USER_SUNRISE_OWNER, None),
            &format!(r#"{{ node(id: "{id}") {{ __typename }} }}"#),
            Value::Null,
        )
        .await;
        assert_eq!(
            error_codes(&response),
            vec!["NOT_FOUND"],
            "node({ty}) of the other clinic: {response}"
        );
    }
}

/// Whether a signed-in user of `role` in the row's clinic may read rows under `rule` (the
/// users' table aside: its rows are read as colleagues).
fn role_may_read(rule: domain::policy::Rule, role: entity::enums::ClinicRole) -> bool {
    use domain::policy::Rule;
    match rule {
        Rule::Role(needed) => role.at_least(needed),
        Rule::SignedIn | Rule::Public | Rule::SelfOrColleague => true,
        Rule::Service | Rule::SelfOnly | Rule::Nobody => false,
    }
}

/// `node(id:)` and `nodes(ids:)` resolve every declared row type with the caller's own ids:
/// the service principal gets every row back as its own type and id; a clinic's owner and viewer
/// get a row of their clinic exactly when the table's read rule admits their role, and
/// FORBIDDEN or NOT_FOUND otherwise. A type whose `Node` arm is missing or loads another table
/// fails here, as does a table the demo data has no row of.
#[tokio::test]
async fn node_resolves_every_type_by_the_callers_own_ids() {
    use domain::policy::Rule;
    use domain::registry::Tenant;
    use entity::enums::ClinicRole;
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let sunrise = fixtures::clinic_id(&SUNRISE);
    let mut untested = Vec::new();
    let mut checked = 0;
    for table in domain::registry::tables() {
        let ty = table.type_name;
        // A row of the caller's clinic; for tables without one, a global or clinic-less row.
        let (sql, in_clinic) = match (row_of_sql(table.table, sunrise), table.tenant) {
            // A job row belongs to every clinic it produced rows in (not only to one alone).
            (_, Tenant::ReferencedBy { child, column }) => (
                format!(
                    "SELECT t0.id FROM {} t0 WHERE EXISTS (SELECT 1 FROM {} c WHERE c.{column} = t0.id \
                     AND c.clinic_id = '{sunrise}') ORDER BY t0.id LIMIT 1",
                    table.table,
                    domain::registry::table(child).table
                ),
                true,
            ),
            (Some(sql), _) => (sql, true),
            (None, Tenant::ClinicOrGlobal | Tenant::NoClinic) => (
                format!(
                    "SELECT id FROM {} {} ORDER BY id LIMIT 1",
                    table.table,
                    if table.tenant == Tenant::NoClinic {
                        ""
                    } else {
                        "WHERE clinic_id IS NULL"
                    }
                ),
                false,
            ),
            (None, _) => unreachable!("{ty}: every path but these leads to a clinic"),
        };
        let first = |sql: String| {
            let owner = &owner;
            async move {
                owner
                    .query_all_raw(sea_orm::Statement::from_string(
                        sea_orm::DbBackend::Postgres,
                        sql,
                    ))
                    .await
                    .expect("row query")
                    .first()
                    .and_then(|r| r.try_get_by_index::<uuid::Uuid>(0).ok())
            }
        };
        // Clinic-owned global tables (templates) are tested with the clinic's row when it has
        // one, else with a global row.
        let (uuid, in_clinic) = match first(sql).await {
            Some(uuid) => (uuid, in_clinic),
            None if table.tenant == Tenant::ClinicOrGlobal => match first(format!(
                "SELECT id FROM {} WHERE clinic_id IS NULL ORDER BY id LIMIT 1",
                table.table
            ))
            .await
            {
                Some(uuid) => (uuid, false),
                None => {
                    untested.push(ty);
                    continue;
                }
            },
            None => {
                untested.push(ty);
                continue;
            }
        };
        let id = graphql::ids::encode(ty, uuid).to_string();
        let query = format!(
            r#"{{ node(id: "{id}") {{ __typename id }} nodes(ids: ["{id}"]) {{ __typename id }} }}"#
        );
        let expected = json!({ "node": { "__typename": ty, "id": id }, "nodes": [{ "__typename": ty, "id": id }] });

        let (response, _) = gql_counted(&app, &As::Service, &query, Value::Null).await;
        assert_eq!(
            response["data"], expected,
            "{ty} as the service: {response}"
        );

        let read = domain::policy::rule(table.resource, domain::Action::Read)
            .unwrap_or_else(|| panic!("{ty} has no read rule"));
        for (who, role) in [
            (fixtures::USER_SUNRISE_OWNER, ClinicRole::Owner),
            (fixtures::USER_SUNRISE_VIEWER, ClinicRole::Viewer),
        ] {
            let (response, _) = gql_counted(&app, &As::User(who, None), &query, Value::Null).await;
            let readable = if in_clinic {
                role_may_read(read, role)
            } else {
                matches!(read, Rule::SignedIn | Rule::Public)
            };
            if readable {
                assert_eq!(response["data"], expected, "{ty} as {who}: {response}");
            } else {
                let codes = error_codes(&response);
                assert!(
                    !codes.is_empty() && codes.iter().all(|c| c == "FORBIDDEN" || c == "NOT_FOUND"),
                    "{ty} as {who} ({read:?}): {response}"
                );
                let text = response.to_string();
                assert!(
                    !text.contains(&uuid.to_string()) && !text.contains(&id),
                    "{ty} as {who}: the refused row's id is in the answer: {response}"
                );
            }
        }
        checked += 1;
    }
    assert!(
        untested.is_empty(),
        "the demo data has no row of {untested:?}: node(id:) cannot be tested for them; add demo rows"
    );
    assert_eq!(checked, domain::registry::tables().count());
}
