//! What the planner knows of each row type, derived once per process from the same sources the
//! schema is built from: the table's declaration (`domain::registry`), its SeaORM entity (the
//! columns and their SQL types) and its `Exposed` impl (hand-written fields, parents, lists).
//!
//! A field the planner cannot answer exactly as its resolver would (a hand-written field, a
//! parent row, a column type whose wire format SQL does not reproduce) is `Unplanned`, and a
//! selection touching it is left to the resolvers.

use std::collections::HashMap;
use std::sync::OnceLock;

use domain::registry::{self, Tenant};
use domain::{Action, Resource, Session, exposure};
use sea_orm::sea_query::{ColumnType, SelectStatement};
use sea_orm::{ColumnTrait, Condition, IdenStatic, Iterable, PrimaryKeyToColumn};

use async_graphql::OutputType;
use async_graphql::registry::Registry;

use crate::row::{Children, Exposed, Row, RowRule, points_at};

/// How a column's value is written as JSON in SQL, in the wire format of its GraphQL scalar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wire {
    /// As PostgreSQL's JSON of the value: text, booleans, integers, JSON, arrays of text.
    Native,
    /// As its text: UUIDs (hyphenated, lower case) and decimals (scale kept).
    Text,
    /// RFC 3339 in UTC with `Z`, fractions only as precise as needed (`scalars::DateTime`).
    Timestamp,
    /// `YYYY-MM-DD`.
    Date,
    /// `HH:MM:SS`.
    Time,
    /// The global id of a row of this type (a primary or a foreign key).
    GlobalId(&'static str),
    /// A stored enum value as its GraphQL item (`in-progress` → `IN_PROGRESS`).
    EnumItem,
    /// Not reproduced in SQL (floating point: `3.0` would come back as `3`): left to the
    /// resolvers.
    Unsupported,
}

/// A field of a row type, as the planner answers it.
#[derive(Clone, Copy)]
pub(crate) enum FieldPlan {
    /// A declared column, shown as `wire` to callers allowed `action` on the row (`None`:
    /// every reader of the row).
    Column {
        column: &'static str,
        wire: Wire,
        action: Option<Action>,
    },
    /// A connection listing another table's rows that reference this one.
    List(&'static Children),
    /// The row a foreign-key column points at (null when there is none or it is not readable).
    Parent {
        column: &'static str,
        parent: Resource,
    },
    /// The one row of another table that references this one (null when there is none).
    One(&'static Children),
    /// Answered by a resolver only.
    Unplanned,
}

/// The select of the rows meeting a condition, scoped to the caller, with only the given
/// columns (and the id).
pub(crate) type RowSelect = fn(&Session, Condition, &[&'static str]) -> Option<SelectStatement>;

/// One row type.
pub(crate) struct PlanType {
    pub resource: Resource,
    pub type_name: &'static str,
    /// Whether the rows' guard is implied by the tenant scope, so that every row a scoped
    /// select returns would pass it: the guard the table's path to a clinic gives, for any
    /// path but none (tables of no clinic are the service's, through their own resolvers).
    pub plannable: bool,
    /// Whether the guard checks a field's stricter rule in the row's own clinic (its own
    /// `clinic_id`, or the clinic itself); otherwise it checks it for no clinic, which only
    /// a principal with every row in reach passes.
    pub rules_per_clinic: bool,
    pub fields: HashMap<String, FieldPlan>,
    /// How each column (by SQL name) is written as a cursor's sort value, if it can be.
    pub cursor_values: HashMap<&'static str, Wire>,
    pub row_select: RowSelect,
}

/// Every row type, by GraphQL type name and by resource.
pub(crate) struct Catalog {
    by_name: HashMap<&'static str, PlanType>,
    names: HashMap<Resource, &'static str>,
}

impl Catalog {
    /// The catalog, built on first use.
    pub(crate) fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            let types = crate::node::plan_types();
            Catalog {
                names: types.iter().map(|t| (t.resource, t.type_name)).collect(),
                by_name: types.into_iter().map(|t| (t.type_name, t)).collect(),
            }
        })
    }

    pub(crate) fn by_name(&self, name: &str) -> Option<&PlanType> {
        self.by_name.get(name)
    }

    pub(crate) fn of(&self, resource: Resource) -> Option<&PlanType> {
        self.names.get(&resource).and_then(|n| self.by_name.get(n))
    }
}

/// The plan type of `E`'s rows.
pub(crate) fn plan_type<E: Exposed>(registry: &mut Registry) -> PlanType {
    let table = registry::table(E::RESOURCE);
    // The row type first, as the schema registers it: its hand-written part is registered
    // from inside it (registered alone, it would meet itself half-built through its rows).
    <Row<E> as OutputType>::create_type_info(registry);
    let by_hand: Vec<String> = match registry.create_fake_output_type::<E::Links<'static>>() {
        async_graphql::registry::MetaType::Object { fields, .. } => fields.into_keys().collect(),
        _ => Vec::new(),
    };
    let primary: Vec<&'static str> = E::PrimaryKey::iter()
        .map(|key| key.into_column().as_str())
        .collect();
    let mut fields = HashMap::new();
    let mut cursor_values = HashMap::new();
    for column in E::Column::iter() {
        let name = column.as_str();
        let sql = column.def().get_column_type().clone();
        cursor_values.insert(name, cursor_wire(&sql));
    }
    for declared in table.fields {
        let name = declared.name().into_owned();
        let parent = E::PARENTS.iter().find(|p| p.field == name);
        let plan = if by_hand.contains(&name) {
            FieldPlan::Unplanned
        } else if let (Some(parent), Some(column)) = (
            parent,
            declared
                .column()
                .and_then(domain::planned::column_named::<E>),
        ) {
            FieldPlan::Parent {
                column: column.as_str(),
                parent: parent.parent,
            }
        } else if parent.is_some() {
            FieldPlan::Unplanned
        } else if let Some(child) = E::CHILDREN.iter().find(|c| c.field == name) {
            list_plan(child)
        } else if let Some(column) = declared
            .column()
            .and_then(domain::planned::column_named::<E>)
        {
            let column_name = column.as_str();
            let wire = if primary.contains(&column_name) {
                Wire::GlobalId(table.type_name)
            } else if let Some(target) = points_at(E::RESOURCE, column_name) {
                Wire::GlobalId(registry::table(target).type_name)
            } else if declared.declared_type().is_some() {
                Wire::EnumItem
            } else {
                value_wire(column.def().get_column_type())
            };
            FieldPlan::Column {
                column: column_name,
                wire,
                action: exposure::stricter_action(E::RESOURCE, &name),
            }
        } else {
            FieldPlan::Unplanned
        };
        fields.insert(name, plan);
    }
    for name in by_hand {
        fields.entry(name).or_insert(FieldPlan::Unplanned);
    }
    for child in E::CHILDREN {
        fields
            .entry(child.field.to_owned())
            .or_insert_with(|| list_plan(child));
    }
    PlanType {
        resource: E::RESOURCE,
        type_name: table.type_name,
        plannable: E::ROW_RULE == RowRule::FromTenant && table.tenant != Tenant::NoClinic,
        rules_per_clinic: matches!(table.tenant, Tenant::Clinic | Tenant::ClinicItself),
        fields,
        cursor_values,
        row_select: crate::plan::lists::row_select::<E>,
    }
}

fn list_plan(child: &'static Children) -> FieldPlan {
    if child.one {
        FieldPlan::One(child)
    } else if child.plans() {
        FieldPlan::List(child)
    } else {
        FieldPlan::Unplanned
    }
}

/// How a column of SQL type `sql` is shown (`row::values::sql_value` and the scalars).
fn value_wire(sql: &ColumnType) -> Wire {
    match sql {
        ColumnType::Char(_)
        | ColumnType::String(_)
        | ColumnType::Text
        | ColumnType::Boolean
        | ColumnType::TinyInteger
        | ColumnType::SmallInteger
        | ColumnType::Integer
        | ColumnType::BigInteger => Wire::Native,
        // JSON as stored: the resolvers' `serde_json` keeps the key order of PostgreSQL's text,
        // and the planner's answer is parsed by the same code.
        ColumnType::Json | ColumnType::JsonBinary => Wire::Native,
        ColumnType::Uuid | ColumnType::Decimal(_) | ColumnType::Money(_) => Wire::Text,
        ColumnType::Timestamp | ColumnType::TimestampWithTimeZone | ColumnType::DateTime => {
            Wire::Timestamp
        }
        ColumnType::Date => Wire::Date,
        ColumnType::Time => Wire::Time,
        ColumnType::Array(inner)
            if matches!(
                inner.as_ref(),
                ColumnType::Char(_)
                    | ColumnType::String(_)
                    | ColumnType::Text
                    | ColumnType::SmallInteger
                    | ColumnType::Integer
                    | ColumnType::BigInteger
            ) =>
        {
            Wire::Native
        }
        _ => Wire::Unsupported,
    }
}

/// How a sort column's value is written in a cursor (`domain::paging::cursor_of`): text and
/// integers as JSON, UUIDs and dates as their text, instants with microseconds.
fn cursor_wire(sql: &ColumnType) -> Wire {
    match sql {
        ColumnType::Char(_)
        | ColumnType::String(_)
        | ColumnType::Text
        | ColumnType::Boolean
        | ColumnType::Integer
        | ColumnType::BigInteger => Wire::Native,
        ColumnType::Uuid => Wire::Text,
        ColumnType::Date => Wire::Date,
        ColumnType::Timestamp | ColumnType::TimestampWithTimeZone | ColumnType::DateTime => {
            Wire::Timestamp
        }
        _ => Wire::Unsupported,
    }
}
