#!/usr/bin/env python3
"""Generates the two candidate ways of building the GraphQL surface from one description per
table, for the same synthetic tables, as two crates of one cargo workspace:

- `surface_static`: a `macro_rules!` declaration per table expanding to async-graphql's static
  types (an `#[Object]` row type with a getter per column, a connection with
  `first/after/last/before` and `totalCount`, create/update inputs, payloads, and
  create/update/delete mutations);
- `surface_dynamic`: the same tables as data (`TABLES`), turned into an
  `async_graphql::dynamic::Schema` at start-up by one generic builder;
- `surface_generic`: the same data inside async-graphql's static schema: one hand-written
  `OutputType`/`ContainerType` for the rows of every table and one for their pages, registered
  from the data, so hand-written `#[Object]` types (workflows) can sit beside them (a dynamic
  schema cannot hold static types).

Both expose the same SDL shape and answer the same query from the same in-memory rows, so
building and running them compares only how the surface is made. `run.sh` builds and times
them. Usage: gen.py OUT_DIR ASYNC_GRAPHQL_PATH [TABLES] [COLUMNS]
"""
import os
import sys

out = sys.argv[1]
agql = os.path.abspath(sys.argv[2])
N_TABLES = int(sys.argv[3]) if len(sys.argv) > 3 else 44
N_COLS = int(sys.argv[4]) if len(sys.argv) > 4 else 14

# Column kinds cycle through the scalar shapes of the real schema.
KINDS = ["String", "Option<String>", "i32", "Option<i32>", "bool", "f64", "Option<String>"]
GQL = {"String": "String!", "Option<String>": "String", "i32": "Int!", "Option<i32>": "Int",
       "bool": "Boolean!", "f64": "Float!"}


def camel(s):
    head, *rest = s.split("_")
    return head + "".join(p.title() for p in rest)


def tables():
    for t in range(N_TABLES):
        cols = [(f"col_{c}", KINDS[(t + c) % len(KINDS)]) for c in range(N_COLS)]
        cols[0] = ("name", "String")
        yield f"Table{t}", cols


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


write(f"{out}/Cargo.toml", f"""[workspace]
resolver = "2"
members = ["surface_static", "surface_dynamic", "surface_generic"]

[workspace.dependencies]
async-graphql = {{ path = "{agql}", default-features = false, features = ["dynamic-schema"] }}
tokio = {{ version = "1", features = ["rt", "macros"] }}
libc = "0.2"
serde_json = "1"

[profile.release]
debug = false
""")

for crate in ["surface_static", "surface_dynamic", "surface_generic"]:
    write(f"{out}/{crate}/Cargo.toml", f"""[package]
name = "{crate}"
version = "0.1.0"
edition = "2024"

[dependencies]
async-graphql.workspace = true
tokio.workspace = true
libc.workspace = true
serde_json.workspace = true
""")

# The request both candidates answer, and the bench loop around it.
QUERY_FIELDS = " ".join(camel(c) for c, _ in list(tables())[0][1][:12])
BENCH = """
/// CPU time of this thread, in microseconds.
pub fn thread_cpu_us() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1e6 + ts.tv_nsec as f64 / 1e3
}

pub const QUERY: &str = "{ table0List(first: 50) { totalCount nodes { %s } } }";
pub const ROWS: usize = 50;
pub const ITERATIONS: usize = 3000;
""" % QUERY_FIELDS

MAIN = """
fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let start = %(crate)s::thread_cpu_us();
    let schema = %(crate)s::schema();
    let built = %(crate)s::thread_cpu_us() - start;
    let sdl_lines = %(sdl)s;
    if let Ok(path) = std::env::var("SURFACE_SDL") {
        std::fs::write(path, schema.sdl()).unwrap();
    }
    runtime.block_on(async {
        // Warm up, and check the answer.
        let first = schema.execute(%(crate)s::QUERY).await;
        assert!(first.errors.is_empty(), "{:?}", first.errors);
        let json = serde_json::to_string(&first.data).unwrap();
        for _ in 0..200 { let _ = schema.execute(%(crate)s::QUERY).await; }
        let start = %(crate)s::thread_cpu_us();
        for _ in 0..%(crate)s::ITERATIONS {
            let r = schema.execute(%(crate)s::QUERY).await;
            std::hint::black_box(r);
        }
        let per_request = (%(crate)s::thread_cpu_us() - start) / %(crate)s::ITERATIONS as f64;
        println!("{}: schema built in {:.1} ms CPU ({} SDL lines); {:.1} us CPU per request of {} rows x 12 fields ({} bytes of JSON)",
            "%(crate)s", built / 1000.0, sdl_lines, per_request, %(crate)s::ROWS, json.len());
    });
}
"""

# ----------------------------------------------------------------------------------------------
# Static: a macro per table, expanded into async-graphql's derive types.
s = ["//! Candidate 1: the surface as async-graphql static types, one macro invocation per table.\n",
     "use async_graphql::*;\n", BENCH, """
#[derive(SimpleObject, Clone, Default)]
pub struct PageInfo { pub has_next_page: bool, pub has_previous_page: bool, pub start_cursor: Option<String>, pub end_cursor: Option<String> }

macro_rules! table {
    ($row:ident, $conn:ident, $create:ident, $update:ident, $cpayload:ident, $upayload:ident, $dpayload:ident,
     { $($col:ident : $ty:ty),* $(,)? }) => {
        #[derive(Clone)]
        pub struct $row { pub id: ID, $(pub $col: $ty),* }

        #[Object]
        impl $row {
            async fn id(&self) -> &ID { &self.id }
            $(async fn $col(&self) -> $ty { self.$col.clone() })*
        }

        #[derive(SimpleObject)]
        pub struct $conn { pub nodes: Vec<$row>, pub total_count: i64, pub page_info: PageInfo }

        #[derive(InputObject)]
        pub struct $create { pub clinic_id: ID, $(pub $col: $ty),* }

        #[derive(InputObject)]
        pub struct $update { pub id: ID, $(pub $col: MaybeUndefined<$ty>),* }

        #[derive(SimpleObject)]
        pub struct $cpayload { pub row: $row }
        #[derive(SimpleObject)]
        pub struct $upayload { pub row: $row }
        #[derive(SimpleObject)]
        pub struct $dpayload { pub deleted_id: ID }

        impl $row {
            fn sample(n: usize) -> $row { $row { id: ID(format!("{n}")), $($col: Sample::sample(n)),* } }
            fn from_create(input: $create) -> $row { $row { id: input.clinic_id, $($col: input.$col),* } }
        }
    };
}

/// A value for a sample row.
pub trait Sample { fn sample(n: usize) -> Self; }
impl Sample for String { fn sample(n: usize) -> Self { format!("value {n}") } }
impl Sample for Option<String> { fn sample(n: usize) -> Self { Some(format!("value {n}")) } }
impl Sample for i32 { fn sample(n: usize) -> Self { n as i32 } }
impl Sample for Option<i32> { fn sample(n: usize) -> Self { Some(n as i32) } }
impl Sample for bool { fn sample(n: usize) -> Self { n % 2 == 0 } }
impl Sample for f64 { fn sample(n: usize) -> Self { n as f64 / 2.0 } }
"""]
for name, cols in tables():
    body = ", ".join(f"{c}: {k}" for c, k in cols)
    s.append(f"table!({name}, {name}Connection, Create{name}Input, Update{name}Input, Create{name}Payload, Update{name}Payload, Delete{name}Payload, {{ {body} }});\n")
s.append("\npub struct Query;\n#[Object]\nimpl Query {\n")
for name, cols in tables():
    lf = name[0].lower() + name[1:] + "_list"
    s.append(f"""    async fn {lf}(&self, first: Option<i32>, after: Option<String>, last: Option<i32>, before: Option<String>) -> {name}Connection {{
        let _ = (after, last, before);
        let n = first.unwrap_or(20).clamp(0, 100) as usize;
        {name}Connection {{ nodes: (0..n).map({name}::sample).collect(), total_count: n as i64, page_info: PageInfo::default() }}
    }}
""")
s.append("}\n\npub struct Mutation;\n#[Object]\nimpl Mutation {\n")
for name, cols in tables():
    snake = "".join("_" + ch.lower() if ch.isupper() else ch for ch in name).lstrip("_")
    s.append(f"""    async fn create_{snake}(&self, input: Create{name}Input) -> Create{name}Payload {{ Create{name}Payload {{ row: {name}::from_create(input) }} }}
    async fn update_{snake}(&self, input: Update{name}Input) -> Update{name}Payload {{ Update{name}Payload {{ row: {name}::sample(input.id.len()) }} }}
    async fn delete_{snake}(&self, id: ID) -> Delete{name}Payload {{ Delete{name}Payload {{ deleted_id: id }} }}
""")
s.append("""}

pub fn schema() -> Schema<Query, Mutation, EmptySubscription> {
    Schema::build(Query, Mutation, EmptySubscription).finish()
}
""")
write(f"{out}/surface_static/src/lib.rs", "".join(s))
write(f"{out}/surface_static/src/main.rs", "//! Bench of the static candidate.\n" +
      MAIN % {"crate": "surface_static", "sdl": "schema.sdl().lines().count()"})

# ----------------------------------------------------------------------------------------------
# Dynamic: the tables as data, one generic builder.
d = ["//! Candidate 2: the surface built at start-up from the tables as data (async-graphql dynamic).\n",
     "use async_graphql::dynamic::*;\nuse async_graphql::Value;\n", BENCH, """
#[derive(Clone, Copy)]
pub enum Kind { Str, OptStr, Int, OptInt, Bool, Float }

pub struct Column { pub name: &'static str, pub kind: Kind }
pub struct Table { pub type_name: &'static str, pub list_field: &'static str, pub snake: &'static str, pub columns: &'static [Column] }

/// A row: the values of its columns in declaration order (`id` first).
pub struct Row(pub Vec<Value>);

const fn c(name: &'static str, kind: Kind) -> Column { Column { name, kind } }
"""]
d.append("pub static TABLES: &[Table] = &[\n")
kmap = {"String": "Kind::Str", "Option<String>": "Kind::OptStr", "i32": "Kind::Int", "Option<i32>": "Kind::OptInt", "bool": "Kind::Bool", "f64": "Kind::Float"}
for name, cols in tables():
    lf = name[0].lower() + name[1:] + "List"
    snake = "".join("_" + ch.lower() if ch.isupper() else ch for ch in name).lstrip("_")
    body = ", ".join(f'c("{camel(cn)}", {kmap[k]})' for cn, k in cols)
    d.append(f'    Table {{ type_name: "{name}", list_field: "{lf}", snake: "{snake}", columns: &[{body}] }},\n')
d.append("];\n")
d.append("""
fn type_ref(kind: Kind, optional_all: bool) -> TypeRef {
    let (name, required) = match kind {
        Kind::Str => (TypeRef::STRING, true), Kind::OptStr => (TypeRef::STRING, false),
        Kind::Int => (TypeRef::INT, true), Kind::OptInt => (TypeRef::INT, false),
        Kind::Bool => (TypeRef::BOOLEAN, true), Kind::Float => (TypeRef::FLOAT, true),
    };
    if required && !optional_all { TypeRef::named_nn(name) } else { TypeRef::named(name) }
}

fn sample(kind: Kind, n: usize) -> Value {
    match kind {
        Kind::Str | Kind::OptStr => Value::String(format!("value {n}")),
        Kind::Int | Kind::OptInt => Value::from(n as i32),
        Kind::Bool => Value::Boolean(n % 2 == 0),
        Kind::Float => Value::from(n as f64 / 2.0),
    }
}

fn sample_row(table: &'static Table, n: usize) -> Row {
    let mut values = Vec::with_capacity(table.columns.len() + 1);
    values.push(Value::String(format!("{n}")));
    values.extend(table.columns.iter().map(|c| sample(c.kind, n)));
    Row(values)
}

fn upper_first(s: &str) -> String { let mut c = s.chars(); c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default() }

pub fn schema() -> Schema {
    let mut query = Object::new("Query");
    let mut mutation = Object::new("Mutation");
    let page_info = Object::new("PageInfo")
        .field(Field::new("hasNextPage", TypeRef::named_nn(TypeRef::BOOLEAN), |_| FieldFuture::new(async { Ok(Some(Value::Boolean(false))) })))
        .field(Field::new("hasPreviousPage", TypeRef::named_nn(TypeRef::BOOLEAN), |_| FieldFuture::new(async { Ok(Some(Value::Boolean(false))) })))
        .field(Field::new("startCursor", TypeRef::named(TypeRef::STRING), |_| FieldFuture::new(async { Ok(None::<Value>) })))
        .field(Field::new("endCursor", TypeRef::named(TypeRef::STRING), |_| FieldFuture::new(async { Ok(None::<Value>) })));
    let mut builder_types: Vec<Type> = vec![page_info.into()];
    for table in TABLES {
        let mut row = Object::new(table.type_name)
            .field(Field::new("id", TypeRef::named_nn(TypeRef::ID), |ctx| FieldFuture::new(async move {
                Ok(Some(ctx.parent_value.try_downcast_ref::<Row>()?.0[0].clone()))
            })));
        for (i, column) in table.columns.iter().enumerate() {
            row = row.field(Field::new(column.name, type_ref(column.kind, false), move |ctx| FieldFuture::new(async move {
                Ok(Some(ctx.parent_value.try_downcast_ref::<Row>()?.0[i + 1].clone()))
            })));
        }
        let connection = Object::new(format!("{}Connection", table.type_name))
            .field(Field::new("nodes", TypeRef::named_nn_list_nn(table.type_name), |ctx| FieldFuture::new(async move {
                let rows = ctx.parent_value.try_downcast_ref::<Vec<Row>>()?;
                Ok(Some(FieldValue::list(rows.iter().map(|r| FieldValue::borrowed_any(r)))))
            })))
            .field(Field::new("totalCount", TypeRef::named_nn(TypeRef::INT), |ctx| FieldFuture::new(async move {
                Ok(Some(Value::from(ctx.parent_value.try_downcast_ref::<Vec<Row>>()?.len() as i32)))
            })))
            .field(Field::new("pageInfo", TypeRef::named_nn("PageInfo"), |_| FieldFuture::new(async { Ok(Some(FieldValue::owned_any(()))) })));
        let mut create = InputObject::new(format!("Create{}Input", table.type_name)).field(InputValue::new("clinicId", TypeRef::named_nn(TypeRef::ID)));
        let mut update = InputObject::new(format!("Update{}Input", table.type_name)).field(InputValue::new("id", TypeRef::named_nn(TypeRef::ID)));
        for column in table.columns {
            create = create.field(InputValue::new(column.name, type_ref(column.kind, false)));
            update = update.field(InputValue::new(column.name, type_ref(column.kind, true)));
        }
        let payload = |verb: &str| Object::new(format!("{verb}{}Payload", table.type_name))
            .field(Field::new("row", TypeRef::named_nn(table.type_name), |ctx| FieldFuture::new(async move {
                Ok(Some(FieldValue::borrowed_any(ctx.parent_value.try_downcast_ref::<Row>()?)))
            })));
        let deleted = Object::new(format!("Delete{}Payload", table.type_name))
            .field(Field::new("deletedId", TypeRef::named_nn(TypeRef::ID), |ctx| FieldFuture::new(async move {
                Ok(Some(ctx.parent_value.try_downcast_ref::<Value>()?.clone()))
            })));
        query = query.field(Field::new(table.list_field, TypeRef::named_nn(format!("{}Connection", table.type_name)), move |ctx| FieldFuture::new(async move {
            let n = ctx.args.get("first").map(|v| v.i64()).transpose()?.unwrap_or(20).clamp(0, 100) as usize;
            Ok(Some(FieldValue::owned_any((0..n).map(|i| sample_row(table, i)).collect::<Vec<Row>>())))
        }))
        .argument(InputValue::new("first", TypeRef::named(TypeRef::INT)))
        .argument(InputValue::new("after", TypeRef::named(TypeRef::STRING)))
        .argument(InputValue::new("last", TypeRef::named(TypeRef::INT)))
        .argument(InputValue::new("before", TypeRef::named(TypeRef::STRING))));
        let upper = upper_first(&table.snake.replace('_', ""));
        mutation = mutation
            .field(Field::new(format!("create{upper}"), TypeRef::named_nn(format!("Create{}Payload", table.type_name)), move |ctx| FieldFuture::new(async move {
                let input = ctx.args.try_get("input")?.object()?;
                let mut values = vec![input.try_get("clinicId")?.as_value().clone()];
                for column in table.columns { values.push(input.get(column.name).map(|v| v.as_value().clone()).unwrap_or(Value::Null)); }
                Ok(Some(FieldValue::owned_any(Row(values))))
            })).argument(InputValue::new("input", TypeRef::named_nn(format!("Create{}Input", table.type_name)))))
            .field(Field::new(format!("update{upper}"), TypeRef::named_nn(format!("Update{}Payload", table.type_name)), move |ctx| FieldFuture::new(async move {
                let input = ctx.args.try_get("input")?.object()?;
                let _ = input.try_get("id")?;
                Ok(Some(FieldValue::owned_any(sample_row(table, 1))))
            })).argument(InputValue::new("input", TypeRef::named_nn(format!("Update{}Input", table.type_name)))))
            .field(Field::new(format!("delete{upper}"), TypeRef::named_nn(format!("Delete{}Payload", table.type_name)), move |ctx| FieldFuture::new(async move {
                let id = ctx.args.try_get("id")?.as_value().clone();
                Ok(Some(FieldValue::owned_any(id)))
            })).argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID))));
        builder_types.push(row.into());
        builder_types.push(connection.into());
        builder_types.push(create.into());
        builder_types.push(update.into());
        builder_types.push(payload("Create").into());
        builder_types.push(payload("Update").into());
        builder_types.push(deleted.into());
    }
    let mut builder = Schema::build("Query", Some("Mutation"), None).register(query).register(mutation);
    for t in builder_types { builder = builder.register(t); }
    builder.finish().expect("a valid schema")
}
""")
write(f"{out}/surface_dynamic/src/lib.rs", "".join(d))
write(f"{out}/surface_dynamic/src/main.rs", "//! Bench of the dynamic candidate.\n" +
      MAIN % {"crate": "surface_dynamic", "sdl": "schema.sdl().lines().count()"})

# ----------------------------------------------------------------------------------------------
# Generic: the tables as data, served by hand-written OutputType impls in the static schema.
g = ["//! Candidate 3: the tables as data inside async-graphql's static schema.\n", BENCH, """
use std::borrow::Cow;
use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::Field as AstField;
use async_graphql::registry::{Deprecation, MetaField, MetaInputValue, MetaType, MetaTypeId, Registry};
use async_graphql::resolver_utils::{ContainerType, resolve_container, resolve_list};
use async_graphql::{Context, ContextSelectionSet, ObjectType, OutputType, Positioned, ServerResult, SimpleObject, Value, EmptySubscription, Schema, ID, Json};

#[derive(Clone, Copy)]
pub enum Kind { Str, OptStr, Int, OptInt, Bool, Float }
pub struct Column { pub name: &'static str, pub kind: Kind }
pub struct Table { pub type_name: &'static str, pub list_field: &'static str, pub snake: &'static str, pub columns: &'static [Column] }
const fn c(name: &'static str, kind: Kind) -> Column { Column { name, kind } }
"""]
g.append("pub static TABLES: &[Table] = &[\n")
for name, cols in tables():
    lf = name[0].lower() + name[1:] + "List"
    snake = "".join("_" + ch.lower() if ch.isupper() else ch for ch in name).lstrip("_")
    body = ", ".join(f'c("{camel(cn)}", {kmap[k]})' for cn, k in cols)
    g.append(f'    Table {{ type_name: "{name}", list_field: "{lf}", snake: "{snake}", columns: &[{body}] }},\n')
g.append("];\n")
g.append("""
#[derive(SimpleObject, Clone, Default)]
pub struct PageInfo { pub has_next_page: bool, pub has_previous_page: bool, pub start_cursor: Option<String>, pub end_cursor: Option<String> }

/// A row of any table: its values in declaration order (`id` first).
pub struct Row { pub table: &'static Table, pub values: Vec<Value> }
/// A page of rows of one table.
pub struct Page { pub table: &'static Table, pub rows: Vec<Row> }

fn gql_type(kind: Kind, optional_all: bool) -> String {
    let (name, required) = match kind {
        Kind::Str => ("String", true), Kind::OptStr => ("String", false), Kind::Int => ("Int", true),
        Kind::OptInt => ("Int", false), Kind::Bool => ("Boolean", true), Kind::Float => ("Float", true),
    };
    if required && !optional_all { format!("{name}!") } else { name.to_owned() }
}

fn field(name: &str, ty: String, args: IndexMap<String, MetaInputValue>) -> MetaField {
    MetaField { name: name.to_owned(), description: None, args, ty, deprecation: Deprecation::NoDeprecated,
        cache_control: Default::default(), external: false, requires: None, provides: None, visible: None,
        shareable: false, inaccessible: false, tags: vec![], override_from: None, compute_complexity: None,
        directive_invocations: vec![], requires_scopes: vec![] }
}

fn input(name: &str, ty: String) -> (String, MetaInputValue) {
    (name.to_owned(), MetaInputValue { name: name.to_owned(), description: None, ty, deprecation: Deprecation::NoDeprecated,
        default_value: None, visible: None, inaccessible: false, tags: vec![], is_secret: false, directive_invocations: vec![] })
}

fn object(name: String, fields: Vec<MetaField>) -> MetaType {
    MetaType::Object { name, description: None, fields: fields.into_iter().map(|f| (f.name.clone(), f)).collect(),
        cache_control: Default::default(), extends: false, shareable: false, resolvable: true, keys: None, visible: None,
        inaccessible: false, interface_object: false, tags: vec![], is_subscription: false, rust_typename: None,
        directive_invocations: vec![], requires_scopes: vec![] }
}

fn input_object(name: String, fields: Vec<(String, MetaInputValue)>) -> MetaType {
    MetaType::InputObject { name, description: None, input_fields: fields.into_iter().collect(), visible: None,
        inaccessible: false, tags: vec![], rust_typename: None, oneof: false, directive_invocations: vec![] }
}

/// Registers every table's types once, from the data.
fn register_tables(registry: &mut Registry) {
    if registry.types.contains_key(TABLES[0].type_name) { return; }
    <PageInfo as OutputType>::create_type_info(registry);
    <ID as async_graphql::InputType>::create_type_info(registry);
    for t in TABLES {
        let mut fields = vec![field("id", "ID!".into(), IndexMap::new())];
        fields.extend(t.columns.iter().map(|c| field(c.name, gql_type(c.kind, false), IndexMap::new())));
        registry.types.insert(t.type_name.into(), object(t.type_name.into(), fields));
        registry.types.insert(format!("{}Connection", t.type_name), object(format!("{}Connection", t.type_name), vec![
            field("nodes", format!("[{}!]!", t.type_name), IndexMap::new()),
            field("totalCount", "Int!".into(), IndexMap::new()),
            field("pageInfo", "PageInfo!".into(), IndexMap::new()),
        ]));
        let mut create = vec![input("clinicId", "ID!".into())];
        create.extend(t.columns.iter().map(|c| input(c.name, gql_type(c.kind, false))));
        registry.types.insert(format!("Create{}Input", t.type_name), input_object(format!("Create{}Input", t.type_name), create));
        let mut update = vec![input("id", "ID!".into())];
        update.extend(t.columns.iter().map(|c| input(c.name, gql_type(c.kind, true))));
        registry.types.insert(format!("Update{}Input", t.type_name), input_object(format!("Update{}Input", t.type_name), update));
        for verb in ["Create", "Update"] {
            let name = format!("{verb}{}Payload", t.type_name);
            registry.types.insert(name.clone(), object(name, vec![field("row", format!("{}!", t.type_name), IndexMap::new())]));
        }
        let name = format!("Delete{}Payload", t.type_name);
        registry.types.insert(name.clone(), object(name, vec![field("deletedId", "ID!".into(), IndexMap::new())]));
    }
}

fn sample(kind: Kind, n: usize) -> Value {
    match kind {
        Kind::Str | Kind::OptStr => Value::String(format!("value {n}")),
        Kind::Int | Kind::OptInt => Value::from(n as i32),
        Kind::Bool => Value::Boolean(n % 2 == 0),
        Kind::Float => Value::from(n as f64 / 2.0),
    }
}

fn sample_row(table: &'static Table, n: usize) -> Row {
    let mut values = Vec::with_capacity(table.columns.len() + 1);
    values.push(Value::String(format!("{n}")));
    values.extend(table.columns.iter().map(|c| sample(c.kind, n)));
    Row { table, values }
}

/// Resolves an object-valued field's value with the field's own selection.
async fn nested<T: OutputType>(ctx: &Context<'_>, value: &T) -> ServerResult<Option<Value>> {
    let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
    OutputType::resolve(value, &inner, ctx.item).await.map(Some)
}

impl OutputType for Row {
    fn type_name() -> Cow<'static, str> { Cow::Borrowed("Row") }
    fn introspection_type_name(&self) -> Cow<'static, str> { Cow::Borrowed(self.table.type_name) }
    fn create_type_info(registry: &mut Registry) -> String { register_tables(registry); "Row".into() }
    async fn resolve(&self, ctx: &ContextSelectionSet<'_>, _field: &Positioned<AstField>) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl ContainerType for Row {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        let name = ctx.item.node.name.node.as_str();
        if name == "id" { return Ok(Some(self.values[0].clone())); }
        Ok(self.table.columns.iter().position(|c| c.name == name).map(|i| self.values[i + 1].clone()))
    }
}

impl OutputType for Page {
    fn type_name() -> Cow<'static, str> { Cow::Borrowed("Page") }
    fn introspection_type_name(&self) -> Cow<'static, str> { Cow::Owned(format!("{}Connection", self.table.type_name)) }
    fn create_type_info(registry: &mut Registry) -> String { register_tables(registry); "Page".into() }
    async fn resolve(&self, ctx: &ContextSelectionSet<'_>, _field: &Positioned<AstField>) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl ContainerType for Page {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        match ctx.item.node.name.node.as_str() {
            "nodes" => {
                let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
                resolve_list(&inner, ctx.item, self.rows.iter(), Some(self.rows.len())).await.map(Some)
            }
            "totalCount" => Ok(Some(Value::from(self.rows.len() as i32))),
            "pageInfo" => nested(ctx, &PageInfo::default()).await,
            _ => Ok(None),
        }
    }
}

/// A mutation's payload: the written row, or the deleted id.
pub enum Payload { Row(&'static str, Row), Deleted(&'static Table, Value) }

impl OutputType for Payload {
    fn type_name() -> Cow<'static, str> { Cow::Borrowed("Payload") }
    fn introspection_type_name(&self) -> Cow<'static, str> {
        match self { Payload::Row(verb, r) => Cow::Owned(format!("{verb}{}Payload", r.table.type_name)), Payload::Deleted(t, _) => Cow::Owned(format!("Delete{}Payload", t.type_name)) }
    }
    fn create_type_info(registry: &mut Registry) -> String { register_tables(registry); "Payload".into() }
    async fn resolve(&self, ctx: &ContextSelectionSet<'_>, _field: &Positioned<AstField>) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl ContainerType for Payload {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        match (self, ctx.item.node.name.node.as_str()) {
            (Payload::Row(_, row), "row") => nested(ctx, row).await,
            (Payload::Deleted(_, id), "deletedId") => Ok(Some(id.clone())),
            _ => Ok(None),
        }
    }
}

fn page_args() -> IndexMap<String, MetaInputValue> {
    [input("first", "Int".into()), input("after", "String".into()), input("last", "Int".into()), input("before", "String".into())].into_iter().collect()
}

pub struct Query;
impl OutputType for Query {
    fn type_name() -> Cow<'static, str> { Cow::Borrowed("Query") }
    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |registry| {
            register_tables(registry);
            object("Query".into(), TABLES.iter().map(|t| field(t.list_field, format!("{}Connection!", t.type_name), page_args())).collect())
        })
    }
    async fn resolve(&self, ctx: &ContextSelectionSet<'_>, _field: &Positioned<AstField>) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}
impl ContainerType for Query {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        let name = ctx.item.node.name.node.as_str();
        let Some(table) = TABLES.iter().find(|t| t.list_field == name) else { return Ok(None) };
        let (_, first) = ctx.param_value::<Option<i32>>("first", None)?;
        let n = first.unwrap_or(20).clamp(0, 100) as usize;
        nested(ctx, &Page { table, rows: (0..n).map(|i| sample_row(table, i)).collect() }).await
    }
}
impl ObjectType for Query {}

fn upper_first(s: &str) -> String { let mut c = s.chars(); c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default() }

pub struct Mutation;
impl OutputType for Mutation {
    fn type_name() -> Cow<'static, str> { Cow::Borrowed("Mutation") }
    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |registry| {
            register_tables(registry);
            let mut fields = Vec::new();
            for t in TABLES {
                let upper = upper_first(&t.snake.replace('_', ""));
                fields.push(field(&format!("create{upper}"), format!("Create{}Payload!", t.type_name), [input("input", format!("Create{}Input!", t.type_name))].into_iter().collect()));
                fields.push(field(&format!("update{upper}"), format!("Update{}Payload!", t.type_name), [input("input", format!("Update{}Input!", t.type_name))].into_iter().collect()));
                fields.push(field(&format!("delete{upper}"), format!("Delete{}Payload!", t.type_name), [input("id", "ID!".into())].into_iter().collect()));
            }
            object("Mutation".into(), fields)
        })
    }
    async fn resolve(&self, ctx: &ContextSelectionSet<'_>, _field: &Positioned<AstField>) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}
impl ContainerType for Mutation {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        let name = ctx.item.node.name.node.as_str();
        for (verb, rest) in [("create", name.strip_prefix("create")), ("update", name.strip_prefix("update")), ("delete", name.strip_prefix("delete"))] {
            let Some(rest) = rest else { continue };
            let Some(table) = TABLES.iter().find(|t| upper_first(&t.snake.replace('_', "")) == rest) else { continue };
            return match verb {
                "create" => {
                    let (_, Json(input)) = ctx.param_value::<Json<serde_json::Value>>("input", None)?;
                    let mut values = vec![Value::from_json(input["clinicId"].clone()).unwrap_or(Value::Null)];
                    for c in table.columns { values.push(Value::from_json(input.get(c.name).cloned().unwrap_or_default()).unwrap_or(Value::Null)); }
                    nested(ctx, &Payload::Row("Create", Row { table, values })).await
                }
                "update" => nested(ctx, &Payload::Row("Update", sample_row(table, 1))).await,
                _ => {
                    let (_, id) = ctx.param_value::<ID>("id", None)?;
                    nested(ctx, &Payload::Deleted(table, Value::String(id.0))).await
                }
            };
        }
        Ok(None)
    }
}
impl ObjectType for Mutation {}

pub fn schema() -> Schema<Query, Mutation, EmptySubscription> {
    Schema::build(Query, Mutation, EmptySubscription).finish()
}
""")
write(f"{out}/surface_generic/src/lib.rs", "".join(g))
write(f"{out}/surface_generic/src/main.rs", "//! Bench of the generic candidate.\n" +
      MAIN % {"crate": "surface_generic", "sdl": "schema.sdl().lines().count()"})

print(f"generated {N_TABLES} tables x {N_COLS} columns in {out}")
