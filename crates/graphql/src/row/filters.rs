//! The `filter` input of a table's lists (`ClientFilter`), built from the table's declared
//! filter fields ([`Filtered::FILTER`]): one generic input type, [`Filter<E>`], for every
//! table instead of a struct and a hand-written condition per table. A field's GraphQL type
//! comes from its column (its SQL type, or the enum the registry shows it as), its condition
//! from its test; a test of its own (fuzzy search, a part of a phone number) is a function.

use sea_orm::sea_query::Expr;

use super::lists::column_named;
use super::orders::{input_object, register_once};
use super::values::{input_value, shown_as};
use super::*;
use crate::enums;
use crate::inputs::DateTimeRange;

/// The filter a table's lists take.
#[derive(Debug)]
pub struct Filtering {
    /// The input's name (`ClientFilter`).
    pub type_name: &'static str,
    /// The input's description.
    pub about: &'static str,
    /// Its fields, in schema order; a row is kept when it passes every test given.
    pub fields: &'static [FilterField],
}

/// One field of a filter: a test on one column.
#[derive(Debug)]
pub struct FilterField {
    /// The field's name; `None`: the column's name in camelCase.
    name: Option<&'static str>,
    /// The column tested (none for a test of its own).
    column: &'static str,
    /// The field's description.
    about: Option<&'static str>,
    test: Test,
    /// The condition when the field is not given (cancelled appointments are left out unless
    /// asked for).
    absent: Option<fn() -> Condition>,
}

/// What a filter field keeps.
#[derive(Debug)]
enum Test {
    /// `[T!]`: rows whose column is any of the values (an enum's items, or strings).
    AnyOf,
    /// `T`: rows whose column equals the value.
    Equals,
    /// `String`: rows whose text column equals the value, ignoring case.
    EqualsIgnoringCase,
    /// `DateTimeRange`: rows whose column is inside the half-open window.
    Within,
    /// `ID`: rows whose column references the row of `Resource` with this global id.
    Refers,
    /// A test of its own: the field's GraphQL type, and the condition for a value given.
    Custom {
        ty: fn(&mut Registry) -> String,
        condition: CustomCondition,
    },
}

/// The condition of a test of its own, for a value given to the field at `path`
/// (`filter.search`), with the filter's other fields (a day range checks its two ends).
pub type CustomCondition =
    fn(path: &str, value: &Value, filter: &Given) -> Result<Condition, DomainError>;

/// The fields given to a filter (not null), with their values.
pub struct Given(Vec<(&'static FilterField, Value)>);

impl Given {
    /// The value given to the field named `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(field, _)| field.name() == name)
            .map(|(_, value)| value)
    }
}

/// Rows whose `column` is any of the given values.
pub const fn any_of(column: &'static str) -> FilterField {
    on(column, Test::AnyOf)
}

/// Rows whose `column` equals the value.
pub const fn equals(column: &'static str) -> FilterField {
    on(column, Test::Equals)
}

/// Rows whose text `column` equals the value, ignoring case.
pub const fn equals_ignoring_case(column: &'static str) -> FilterField {
    on(column, Test::EqualsIgnoringCase)
}

/// Rows whose `column` is inside a `DateTimeRange`.
pub const fn within(column: &'static str) -> FilterField {
    on(column, Test::Within)
}

/// Rows whose foreign key `column` references the row with the given global id (of the table
/// the entity's relation names).
pub const fn refers(column: &'static str) -> FilterField {
    on(column, Test::Refers)
}

/// The field `name` of GraphQL type `ty`, keeping the rows of `condition`.
pub const fn custom(
    name: &'static str,
    ty: fn(&mut Registry) -> String,
    condition: CustomCondition,
) -> FilterField {
    FilterField {
        name: Some(name),
        column: "",
        about: None,
        test: Test::Custom { ty, condition },
        absent: None,
    }
}

const fn on(column: &'static str, test: Test) -> FilterField {
    FilterField {
        name: None,
        column,
        about: None,
        test,
        absent: None,
    }
}

impl FilterField {
    /// The field has another name than its column's.
    pub const fn named(self, name: &'static str) -> FilterField {
        FilterField {
            name: Some(name),
            ..self
        }
    }

    /// The field's description.
    pub const fn about(self, about: &'static str) -> FilterField {
        FilterField {
            about: Some(about),
            ..self
        }
    }

    /// The rows kept when the field is not given.
    pub const fn when_absent(self, condition: fn() -> Condition) -> FilterField {
        FilterField {
            absent: Some(condition),
            ..self
        }
    }

    /// The field's name in the schema.
    pub fn name(&self) -> Cow<'static, str> {
        match self.name {
            Some(name) => Cow::Borrowed(name),
            None => Cow::Owned(registry::camel_case(self.column)),
        }
    }
}

/// The type of a custom field of GraphQL type `T` (nullable, as every filter field is).
pub fn nullable<T: InputType>(registry: &mut Registry) -> String {
    <Option<T> as InputType>::create_type_info(registry)
}

/// A text value given to a filter field.
pub fn text(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// Rows whose `table.column` is like `text`: a part of it (`ILIKE`), or similar to it with
/// typos (`%`, trigram similarity); both use the column's trigram GIN index.
pub fn fuzzy(table: &str, column: &str, text: &str) -> Condition {
    let pattern = format!("%{}%", like_escape(text));
    Condition::any()
        .add(Expr::cust_with_values(
            format!(r#""{table}"."{column}" ILIKE $1"#),
            [pattern],
        ))
        .add(Expr::cust_with_values(
            format!(r#""{table}"."{column}" % $1"#),
            [text.to_owned()],
        ))
}

/// Escapes `%`, `_` and `\` for a LIKE pattern.
pub fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The filter of a list of `E` rows, as the `filter` argument gives it: the fields given, with
/// their values.
pub struct Filter<E: Filtered> {
    given: Given,
    _table: PhantomData<E>,
}

impl<E: Filtered> Filter<E> {
    /// The rows the filter keeps, as a condition (validated: a bad range is BAD_USER_INPUT).
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut all = Condition::all();
        for (field, value) in &self.given.0 {
            all = all.add(field_condition::<E>(field, value, &self.given).gql()?);
        }
        for field in E::FILTER.fields {
            if let Some(absent) = field.absent
                && self.given.get(&field.name()).is_none()
            {
                all = all.add(absent());
            }
        }
        Ok(all)
    }
}

impl<E: Filtered> Default for Filter<E> {
    fn default() -> Self {
        Filter {
            given: Given(Vec::new()),
            _table: PhantomData,
        }
    }
}

impl<E: Filtered> Clone for Filter<E> {
    fn clone(&self) -> Self {
        Filter {
            given: Given(self.given.0.clone()),
            _table: PhantomData,
        }
    }
}

/// The condition of one field given `value` (not null).
fn field_condition<E: Filtered>(
    field: &FilterField,
    value: &Value,
    given: &Given,
) -> Result<Condition, DomainError> {
    let path = format!("filter.{}", field.name());
    let column = || {
        E::Column::from_str(field.column)
            .map_err(|_| DomainError::Internal(format!("no column {}", field.column)))
    };
    let declared = || shown_as::<E>(field.column);
    Ok(match &field.test {
        Test::AnyOf => {
            let Value::List(items) = value else {
                return Err(DomainError::bad_input(path, "expected a list"));
            };
            let values = items
                .iter()
                .map(|item| sql_of::<E>(&path, declared(), column()?, item))
                .collect::<Result<Vec<_>, _>>()?;
            Condition::all().add(column()?.is_in(values))
        }
        Test::Equals => {
            let value = sql_of::<E>(&path, declared(), column()?, value)?;
            Condition::all().add(column()?.eq(value))
        }
        Test::EqualsIgnoringCase => {
            let table = registry::table(E::RESOURCE).table;
            let name = column()?.as_str();
            Condition::all().add(Expr::cust_with_values(
                format!(r#"lower("{table}"."{name}") = lower($1)"#),
                [text(value).unwrap_or_default().trim().to_owned()],
            ))
        }
        Test::Within => {
            let range = DateTimeRange::parse(Some(value.clone()))
                .map_err(|_| DomainError::bad_input(&path, "expected a DateTimeRange"))?;
            range.validate(&path)?;
            range.condition(column()?)
        }
        Test::Refers => {
            let parent = points_at(E::RESOURCE, field.column).ok_or_else(|| {
                DomainError::Internal(format!("{} is not a foreign key", field.column))
            })?;
            let id = text(value).unwrap_or_default();
            let id = ids::decode_as(&ID(id.to_owned()), parent)?;
            Condition::all().add(column()?.eq(id))
        }
        Test::Custom { condition, .. } => condition(&path, value, given)?,
    })
}

/// A GraphQL value given for `column` as the value stored in SQL.
fn sql_of<E: Exposed>(
    path: &str,
    shown_as: Option<&str>,
    column: E::Column,
    value: &Value,
) -> Result<SqlValue, DomainError> {
    // Surrounding spaces are never part of an exact match (a pasted confirmation number).
    let trimmed;
    let value = match value {
        Value::String(s) if shown_as.is_none() => {
            trimmed = Value::String(s.trim().to_owned());
            &trimmed
        }
        other => other,
    };
    input_value(path, shown_as, &column, value)
}

/// The GraphQL type of a value tested against `column` (without list or nullability).
fn column_type<E: Exposed>(registry: &mut Registry, column: &str) -> String {
    if let Some(name) = shown_as::<E>(column) {
        let mirror = enums::mirror(name)
            .unwrap_or_else(|| panic!("{column} is shown as {name}, which is not an enum"));
        return mirror.register(registry).to_owned();
    }
    let def = E::Column::from_str(column)
        .unwrap_or_else(|_| panic!("a filter tests {column}, which its table does not have"))
        .def();
    match def.get_column_type() {
        ty @ (ColumnType::Boolean
        | ColumnType::Char(_)
        | ColumnType::String(_)
        | ColumnType::Text
        | ColumnType::Uuid
        | ColumnType::Date
        | ColumnType::Integer
        | ColumnType::SmallInteger) => graphql_type(registry, ty).trim_end_matches('!').to_owned(),
        other => panic!("a filter cannot test {column} of SQL type {other:?}"),
    }
}

impl<E: Filtered> InputType for Filter<E> {
    type RawValueType = Self;

    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed(E::FILTER.type_name)
    }

    fn create_type_info(registry: &mut Registry) -> String {
        let filter = &E::FILTER;
        register_once(registry, filter.type_name, |registry| {
            let fields: Vec<MetaInputValue> = filter
                .fields
                .iter()
                .map(|field| {
                    let ty = match &field.test {
                        Test::AnyOf => format!("[{}!]", column_type::<E>(registry, field.column)),
                        Test::Equals => column_type::<E>(registry, field.column),
                        Test::EqualsIgnoringCase => {
                            column_named::<E>(field.column).expect("a filtered column");
                            nullable::<String>(registry)
                        }
                        Test::Within => {
                            column_named::<E>(field.column).expect("a filtered column");
                            nullable::<DateTimeRange>(registry)
                        }
                        Test::Refers => {
                            column_named::<E>(field.column).expect("a filtered column");
                            points_at(E::RESOURCE, field.column).unwrap_or_else(|| {
                                panic!(
                                    "{} is filtered as a reference without a relation",
                                    field.column
                                )
                            });
                            nullable::<ID>(registry)
                        }
                        Test::Custom { ty, .. } => ty(registry),
                    };
                    MetaInputValue {
                        description: field.about.map(str::to_owned),
                        ..argument(&field.name(), ty)
                    }
                })
                .collect();
            input_object(filter.type_name, filter.about, fields)
        });
        format!("{}!", filter.type_name)
    }

    fn parse(value: Option<Value>) -> InputValueResult<Self> {
        let mut given = Vec::new();
        match value {
            None | Some(Value::Null) => {}
            Some(Value::Object(mut fields)) => {
                for field in E::FILTER.fields {
                    match fields.shift_remove(field.name().as_ref()) {
                        None | Some(Value::Null) => {}
                        Some(value) => given.push((field, value)),
                    }
                }
            }
            Some(other) => return Err(InputValueError::expected_type(other)),
        }
        Ok(Filter {
            given: Given(given),
            _table: PhantomData,
        })
    }

    fn to_value(&self) -> Value {
        Value::Object(
            self.given
                .0
                .iter()
                .map(|(field, value)| (Name::new(field.name()), value.clone()))
                .collect(),
        )
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(self)
    }
}
