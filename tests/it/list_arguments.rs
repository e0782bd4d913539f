//! Every `filter` and `orderBy` the schema offers, exercised with values generated from the
//! schema and taken from the demo data, on every list of `Clinic` and every root list. The
//! filters and orders are built from declarations (`row::filters`, `row::orders`), so this test
//! walks what the schema says rather than a list kept by hand: a new filter field or sort key
//! is exercised without anyone remembering.
//!
//! - A filter field with a field of the same name on the listed type is given a value one of
//!   the listed rows has; the answer must hold at least one row, and only rows with that value
//!   (inside the window, for a `DateTimeRange`).
//! - Any other filter field is given a well-typed value; the answer may be empty or a
//!   BAD_USER_INPUT (an id of another type), never another error.
//! - Every sort key is asked for in both directions: the two pages must hold the same rows,
//!   one the reverse of the other (ties are broken by id in the list's direction).

use std::collections::HashMap;

use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};
use chrono::{DateTime, Duration, SecondsFormat, Timelike};
use domain::seed::demo::fixtures::{self, SUNRISE};
use serde_json::Value;
use testkit::TestDb;

use crate::common::{As, error_codes, gql};

/// A field of an object type: its name, its arguments with their types, and its type.
type FieldOf = (String, Vec<(String, Type)>, Type);

/// The parts of the SDL the test walks.
#[derive(Default)]
struct Schema {
    /// Object type → its fields.
    objects: HashMap<String, Vec<FieldOf>>,
    /// Input type → its fields with their types.
    inputs: HashMap<String, Vec<(String, Type)>>,
    /// Enum → its items.
    enums: HashMap<String, Vec<String>>,
}

fn schema() -> Schema {
    let document = parse_schema(graphql::sdl()).expect("the SDL parses");
    let mut schema = Schema::default();
    for definition in document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let ty = ty.node;
        let name = ty.name.node.to_string();
        match ty.kind {
            TypeKind::Object(object) => {
                let fields = object
                    .fields
                    .into_iter()
                    .map(|f| {
                        let f = f.node;
                        let args = f
                            .arguments
                            .into_iter()
                            .map(|a| (a.node.name.node.to_string(), a.node.ty.node))
                            .collect();
                        (f.name.node.to_string(), args, f.ty.node)
                    })
                    .collect();
                schema.objects.insert(name, fields);
            }
            TypeKind::InputObject(input) => {
                let fields = input
                    .fields
                    .into_iter()
                    .map(|f| (f.node.name.node.to_string(), f.node.ty.node))
                    .collect();
                schema.inputs.insert(name, fields);
            }
            TypeKind::Enum(e) => {
                let items = e
                    .values
                    .into_iter()
                    .map(|v| v.node.value.node.to_string())
                    .collect();
                schema.enums.insert(name, items);
            }
            _ => {}
        }
    }
    schema
}

/// The named type under lists and non-nulls.
fn named(ty: &Type) -> String {
    match &ty.base {
        BaseType::Named(name) => name.to_string(),
        BaseType::List(inner) => named(inner),
    }
}

fn is_list(ty: &Type) -> bool {
    matches!(ty.base, BaseType::List(_))
}

impl Schema {
    /// The type of the rows a connection type lists (`ClientConnection` → `Client`).
    fn listed(&self, connection: &str) -> Option<String> {
        self.objects
            .get(connection)?
            .iter()
            .find(|(name, _, _)| name == "nodes")
            .map(|(_, _, ty)| named(ty))
    }

    /// The fields of `object` that a selection can take without arguments and that are a
    /// scalar or an enum: what a filter field of the same name can be compared with.
    fn plain_fields(&self, object: &str) -> Vec<(String, Type)> {
        self.objects
            .get(object)
            .map(|fields| {
                fields
                    .iter()
                    .filter(|(_, args, ty)| {
                        args.is_empty() && !self.objects.contains_key(&named(ty))
                    })
                    .map(|(name, _, ty)| (name.clone(), ty.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The belongs-to fields of `object`: fields without arguments whose type is an object
    /// type with an `id` (not a connection).
    fn parent_fields(&self, object: &str) -> Vec<String> {
        self.objects
            .get(object)
            .map(|fields| {
                fields
                    .iter()
                    .filter(|(_, args, ty)| {
                        args.is_empty()
                            && !is_list(ty)
                            && self
                                .objects
                                .get(&named(ty))
                                .is_some_and(|f| f.iter().any(|(n, _, _)| n == "id"))
                    })
                    .map(|(name, _, _)| name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A well-typed literal for an input of type `ty`.
    fn literal(&self, ty: &Type, clinic_id: &str) -> String {
        let one = match named(ty).as_str() {
            "Boolean" => "true".to_owned(),
            "Int" => "1".to_owned(),
            "String" => "\"555\"".to_owned(),
            "ID" => format!("\"{clinic_id}\""),
            "UUID" => "\"00000000-0000-0000-0000-000000000000\"".to_owned(),
            "Date" => "\"2026-01-01\"".to_owned(),
            "DateTime" => "\"2026-01-01T00:00:00Z\"".to_owned(),
            "DateTimeRange" => {
                "{from: \"2020-01-01T00:00:00Z\", to: \"2030-01-01T00:00:00Z\"}".to_owned()
            }
            other => match self.enums.get(other) {
                Some(items) => items[0].clone(),
                None => panic!("the test has no value for an input of type {other}"),
            },
        };
        if is_list(ty) { format!("[{one}]") } else { one }
    }
}

/// A stored value as a GraphQL literal of an input of type `ty` (`[ITEM]` for a list of enum
/// items, a one-millisecond window for a range).
fn literal_of(schema: &Schema, ty: &Type, value: &Value) -> String {
    let one = match (named(ty).as_str(), value) {
        ("DateTimeRange", Value::String(at)) => {
            let (from, to) = window_around(at);
            format!(
                "{{from: \"{}\", to: \"{}\"}}",
                from.to_rfc3339_opts(SecondsFormat::Millis, true),
                to.to_rfc3339_opts(SecondsFormat::Millis, true)
            )
        }
        (name, Value::String(item)) if schema.enums.contains_key(name) => item.clone(),
        (_, other) => other.to_string(),
    };
    if is_list(ty) { format!("[{one}]") } else { one }
}

/// The millisecond that holds the instant `at`: `[from, to)`.
fn window_around(at: &str) -> (DateTime<chrono::FixedOffset>, DateTime<chrono::FixedOffset>) {
    let at = DateTime::parse_from_rfc3339(at).expect("a DateTime");
    let from = at
        .with_nanosecond(at.nanosecond() / 1_000_000 * 1_000_000)
        .expect("a whole millisecond");
    (from, from + Duration::milliseconds(1))
}

/// Whether a row's `value` is what a filter given `wanted` keeps.
fn kept(filter_ty: &Type, wanted: &Value, value: &Value) -> bool {
    if named(filter_ty) == "DateTimeRange" {
        let (Some(wanted), Some(value)) = (wanted.as_str(), value.as_str()) else {
            return false;
        };
        let (from, to) = window_around(wanted);
        let at = DateTime::parse_from_rfc3339(value).expect("a DateTime");
        return at >= from && at < to;
    }
    wanted == value
}

/// One list to exercise: how to reach it, and its arguments.
struct ListField {
    /// The operation with `{args}` and `{selection}` to fill in.
    template: String,
    name: String,
    args: Vec<(String, Type)>,
    listed: String,
}

fn lists(schema: &Schema, clinic_id: &str) -> Vec<(ListField, As)> {
    let mut out = Vec::new();
    let mut add = |owner: &str, template: &str, who: As| {
        for (name, args, ty) in &schema.objects[owner] {
            if !args.iter().any(|(a, _)| a == "filter" || a == "orderBy") {
                continue;
            }
            // A root list with a required argument other than paging is reached elsewhere.
            if args
                .iter()
                .any(|(a, t)| !t.nullable && a != "filter" && a != "orderBy")
            {
                continue;
            }
            let Some(listed) = schema.listed(&named(ty)) else {
                continue;
            };
            out.push((
                ListField {
                    template: template.replace("{name}", name),
                    name: format!("{owner}.{name}"),
                    args: args.clone(),
                    listed,
                },
                who.clone(),
            ));
        }
    };
    add(
        "Clinic",
        &format!("{{ clinic(id: \"{clinic_id}\") {{ {{name}}{{args}} {{selection}} }} }}"),
        As::User(fixtures::USER_SUNRISE_OWNER, None),
    );
    add("Query", "{ {name}{args} {selection} }", As::Service);
    out
}

/// The rows of one answer (`data` down the path of the template).
fn page<'a>(response: &'a Value, list: &ListField) -> &'a Value {
    let field = list.name.rsplit('.').next().unwrap_or_default();
    let data = &response["data"];
    if list.name.starts_with("Clinic.") {
        &data["clinic"][field]
    } else {
        &data[field]
    }
}

#[tokio::test]
async fn every_filter_field_keeps_what_it_says_on_every_list() {
    let db = TestDb::demo().await;
    let app = db.app();
    let schema = schema();
    let clinic_id = crate::common::global_id("Clinic", fixtures::clinic_id(&SUNRISE));
    let mut compared = 0;
    let mut exercised = 0;
    for (list, who) in lists(&schema, &clinic_id) {
        let Some((_, filter_ty)) = list.args.iter().find(|(a, _)| a == "filter") else {
            continue;
        };
        let plain = schema.plain_fields(&list.listed);
        let parents = schema.parent_fields(&list.listed);
        let mut columns: Vec<String> = plain.iter().map(|(n, _)| n.clone()).collect();
        columns.extend(parents.iter().map(|p| format!("{p} {{ id }}")));
        let selection = format!("{{ totalCount nodes {{ {} }} }}", columns.join(" "));
        // The value a row shows for a filter field: its field of the same name, or the id of
        // the row its belongs-to field shows (`patientId` → `patient { id }`).
        let shown = |row: &Value, field: &str| -> Option<Value> {
            if plain.iter().any(|(name, _)| name == field) {
                return Some(row[field].clone());
            }
            let parent = field.strip_suffix("Id")?;
            parents
                .iter()
                .any(|p| p == parent)
                .then(|| row[parent]["id"].clone())
        };
        let run = |args: String| {
            let query = list
                .template
                .replace("{args}", &format!("(first: 100{args})"))
                .replace("{selection}", &selection);
            let app = app.clone();
            let who = who.clone();
            async move { (gql(&app, &who, &query).await, query) }
        };
        let (all, query) = run(String::new()).await;
        assert!(error_codes(&all).is_empty(), "{query}: {all}");
        let rows = page(&all, &list)["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for (field, ty) in &schema.inputs[&named(filter_ty)] {
            let stored = rows
                .iter()
                .filter_map(|r| shown(r, field))
                .find(|v| !v.is_null());
            let Some(wanted) = stored else {
                // No row shows a value to compare with: a well-typed value must not fail.
                let literal = schema.literal(ty, &clinic_id);
                let (response, query) = run(format!(", filter: {{{field}: {literal}}}")).await;
                // An id of another type is a row that is not there.
                let codes = error_codes(&response);
                assert!(
                    codes
                        .iter()
                        .all(|c| c == "BAD_USER_INPUT" || (c == "NOT_FOUND" && named(ty) == "ID")),
                    "{query}: {response}"
                );
                exercised += 1;
                continue;
            };
            let literal = literal_of(&schema, ty, &wanted);
            let (response, query) = run(format!(", filter: {{{field}: {literal}}}")).await;
            assert!(error_codes(&response).is_empty(), "{query}: {response}");
            let kept_rows = page(&response, &list)["nodes"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(
                !kept_rows.is_empty(),
                "{query}: a row has {field} = {wanted}, the filter kept none"
            );
            for row in &kept_rows {
                let value = shown(row, field).unwrap_or_default();
                assert!(
                    kept(ty, &wanted, &value),
                    "{query}: kept a row with {field} = {value}"
                );
            }
            compared += 1;
        }
    }
    // The demo data has values for most filter fields; if it stops having them, this test
    // would quietly compare nothing.
    assert!(
        compared >= 40,
        "only {compared} filter fields compared with the data"
    );
    assert!(exercised >= 10, "only {exercised} filter fields exercised");
}

#[tokio::test]
async fn every_sort_key_orders_the_same_rows_both_ways_on_every_list() {
    let db = TestDb::demo().await;
    let app = db.app();
    let schema = schema();
    let clinic_id = crate::common::global_id("Clinic", fixtures::clinic_id(&SUNRISE));
    let mut checked = 0;
    for (list, who) in lists(&schema, &clinic_id) {
        let Some((_, order_ty)) = list.args.iter().find(|(a, _)| a == "orderBy") else {
            continue;
        };
        let field_enum = schema.inputs[&named(order_ty)]
            .iter()
            .find(|(name, _)| name == "field")
            .map(|(_, ty)| named(ty))
            .expect("an order has a field");
        for item in &schema.enums[&field_enum] {
            let mut ids = Vec::new();
            for direction in ["ASC", "DESC"] {
                let query = list
                    .template
                    .replace(
                        "{args}",
                        &format!(
                            "(first: 100, orderBy: {{field: {item}, direction: {direction}}})"
                        ),
                    )
                    .replace("{selection}", "{ pageInfo { hasNextPage } nodes { id } }");
                let response = gql(&app, &who, &query).await;
                assert!(error_codes(&response).is_empty(), "{query}: {response}");
                let page = page(&response, &list);
                assert_eq!(
                    page["pageInfo"]["hasNextPage"],
                    Value::Bool(false),
                    "{query}: the demo data should fit on one page"
                );
                let page_ids: Vec<Value> = page["nodes"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|n| n["id"].clone())
                    .collect();
                ids.push(page_ids);
            }
            let mut descending = ids.pop().unwrap_or_default();
            descending.reverse();
            assert_eq!(
                ids.pop().unwrap_or_default(),
                descending,
                "{}: by {item}, ascending is not descending reversed",
                list.name
            );
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} sort keys checked");
}
