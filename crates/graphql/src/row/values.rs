//! A column's GraphQL type from its SQL type, and its value in the scalars' wire formats.

use super::*;
use crate::enums;

/// The GraphQL type of an SQL column type (without its nullability), registering the scalar.
pub(super) fn graphql_type(registry: &mut Registry, sql: &ColumnType) -> String {
    match sql {
        ColumnType::Char(_) | ColumnType::String(_) | ColumnType::Text => {
            <String as OutputType>::create_type_info(registry)
        }
        ColumnType::Boolean => <bool as OutputType>::create_type_info(registry),
        ColumnType::TinyInteger | ColumnType::SmallInteger | ColumnType::Integer => {
            <i32 as OutputType>::create_type_info(registry)
        }
        ColumnType::BigInteger => <i64 as OutputType>::create_type_info(registry),
        ColumnType::Float | ColumnType::Double => <f64 as OutputType>::create_type_info(registry),
        ColumnType::Decimal(_) | ColumnType::Money(_) => {
            <scalars::Decimal as OutputType>::create_type_info(registry)
        }
        ColumnType::Uuid => <scalars::Uuid as OutputType>::create_type_info(registry),
        ColumnType::Json | ColumnType::JsonBinary => {
            <scalars::Json as OutputType>::create_type_info(registry)
        }
        ColumnType::Timestamp | ColumnType::TimestampWithTimeZone | ColumnType::DateTime => {
            <scalars::DateTime as OutputType>::create_type_info(registry)
        }
        ColumnType::Date => <scalars::Date as OutputType>::create_type_info(registry),
        ColumnType::Time => <scalars::Time as OutputType>::create_type_info(registry),
        ColumnType::Array(inner) => {
            format!("[{}!]", graphql_type(registry, inner).trim_end_matches('!'))
        }
        other => panic!("no GraphQL type for the SQL type {other:?}"),
    }
}

/// A column's value as the API sends it: the same wire formats as the scalars.
pub(super) fn wire_value<E: Exposed>(
    ctx: &Context<'_>,
    declared: &Field,
    column: E::Column,
    model: &E::Model,
) -> Value {
    if is_primary_key::<E>(&column) {
        return Value::String(ids::of(E::RESOURCE, E::id_of(model)).0);
    }
    let value = model.get(column);
    if let SqlValue::Uuid(Some(id)) = value
        && let Some(target) = points_at(E::RESOURCE, column.as_str())
    {
        return Value::String(ids::of(target, id).0);
    }
    match declared.declared_type() {
        Some(named) => declared_value(ctx, named, value),
        None => sql_value(value),
    }
}

/// A value of a column shown as a declared GraphQL type: an enum's item for a stored string.
fn declared_value(ctx: &Context<'_>, type_name: &str, value: SqlValue) -> Value {
    match (ctx.schema_env.registry.types.get(type_name), value) {
        (_, SqlValue::String(None)) => Value::Null,
        (Some(MetaType::Enum { enum_values, .. }), SqlValue::String(Some(stored))) => {
            let item = enum_item(&stored);
            // A stored value the enum does not list is bad data: shown as null rather than as
            // a value the schema does not have (the entity refuses it on read anyway).
            if enum_values.contains_key(item.as_str()) {
                Value::Enum(Name::new(item))
            } else {
                Value::Null
            }
        }
        (_, other) => sql_value(other),
    }
}

/// The GraphQL item of a stored enum value: `in-progress` → `IN_PROGRESS`.
pub fn enum_item(stored: &str) -> String {
    stored
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// An SQL value as a GraphQL value, in the scalars' wire formats.
fn sql_value(value: SqlValue) -> Value {
    match value {
        SqlValue::Bool(Some(b)) => Value::Boolean(b),
        SqlValue::TinyInt(Some(n)) => Value::from(n),
        SqlValue::SmallInt(Some(n)) => Value::from(n),
        SqlValue::Int(Some(n)) => Value::from(n),
        SqlValue::BigInt(Some(n)) => Value::from(n),
        SqlValue::Float(Some(n)) => Value::from(f64::from(n)),
        SqlValue::Double(Some(n)) => Value::from(n),
        SqlValue::String(Some(s)) => Value::String(s),
        SqlValue::Uuid(Some(u)) => ScalarType::to_value(&scalars::Uuid::from(u)),
        SqlValue::Json(Some(json)) => ScalarType::to_value(&scalars::Json(*json)),
        SqlValue::ChronoDateTimeUtc(Some(t)) => ScalarType::to_value(&scalars::DateTime::from(t)),
        SqlValue::ChronoDateTimeWithTimeZone(Some(t)) => {
            ScalarType::to_value(&scalars::DateTime::from(t.to_utc()))
        }
        SqlValue::ChronoDateTime(Some(t)) => {
            ScalarType::to_value(&scalars::DateTime::from(t.and_utc()))
        }
        SqlValue::ChronoDate(Some(d)) => ScalarType::to_value(&scalars::Date::from(d)),
        SqlValue::ChronoTime(Some(t)) => ScalarType::to_value(&scalars::Time::from(t)),
        SqlValue::Decimal(Some(d)) => ScalarType::to_value(&scalars::Decimal::from(d)),
        SqlValue::Array(_, Some(items)) => {
            Value::List((*items).into_iter().map(sql_value).collect())
        }
        _ => Value::Null,
    }
}

/// The enum a column is shown as, if the registry declares one.
pub(super) fn shown_as<E: Exposed>(column: &str) -> Option<&'static str> {
    registry::table(E::RESOURCE)
        .fields
        .iter()
        .find(|f| f.column() == Some(column))
        .and_then(Field::declared_type)
}

/// A GraphQL value given for `column` (not null) as the value stored in SQL, in the Rust type
/// of the entity's field (BAD_USER_INPUT at `path` for a value of another type).
pub(super) fn input_value<C: ColumnTrait>(
    path: &str,
    shown_as: Option<&str>,
    column: &C,
    value: &Value,
) -> Result<SqlValue, DomainError> {
    let bad = || DomainError::bad_input(path, format!("not a value of {}", column.as_str()));
    if let Some(name) = shown_as {
        let item = match value {
            Value::Enum(item) => item.as_str(),
            Value::String(item) => item.as_str(),
            _ => return Err(bad()),
        };
        let stored = enums::mirror(name)
            .and_then(|m| m.stored(item))
            .ok_or_else(bad)?;
        return Ok(SqlValue::from(stored));
    }
    scalar_value(column.def().get_column_type(), value).ok_or_else(bad)
}

/// A value of the SQL type `sql` from its GraphQL value, parsed as the schema's scalars parse it.
fn scalar_value(sql: &ColumnType, value: &Value) -> Option<SqlValue> {
    fn scalar<T: InputType + Into<SqlValue>>(value: &Value) -> Option<SqlValue> {
        T::parse(Some(value.clone())).ok().map(Into::into)
    }
    Some(match (sql, value) {
        (ColumnType::Boolean, Value::Boolean(b)) => SqlValue::from(*b),
        (ColumnType::Char(_) | ColumnType::String(_) | ColumnType::Text, Value::String(s)) => {
            SqlValue::from(s.clone())
        }
        (ColumnType::Integer, Value::Number(n)) => SqlValue::from(i32::try_from(n.as_i64()?).ok()?),
        (ColumnType::SmallInteger, Value::Number(n)) => {
            SqlValue::from(i16::try_from(n.as_i64()?).ok()?)
        }
        (ColumnType::BigInteger, Value::Number(n)) => SqlValue::from(n.as_i64()?),
        (ColumnType::Float | ColumnType::Double, Value::Number(n)) => SqlValue::from(n.as_f64()?),
        (ColumnType::Uuid, _) => scalar::<scalars::Uuid>(value)?,
        (ColumnType::Date, _) => scalar::<scalars::Date>(value)?,
        (ColumnType::Time, _) => scalar::<scalars::Time>(value)?,
        (ColumnType::Timestamp | ColumnType::TimestampWithTimeZone | ColumnType::DateTime, _) => {
            scalar::<scalars::DateTime>(value)?
        }
        (ColumnType::Decimal(_) | ColumnType::Money(_), _) => scalar::<scalars::Decimal>(value)?,
        (ColumnType::Json | ColumnType::JsonBinary, _) => scalar::<scalars::Json>(value)?,
        (ColumnType::Array(inner), Value::List(items)) => match inner.as_ref() {
            ColumnType::Char(_) | ColumnType::String(_) | ColumnType::Text => SqlValue::from(
                items
                    .iter()
                    .map(|item| match item {
                        Value::String(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect::<Option<Vec<String>>>()?,
            ),
            ColumnType::Integer => SqlValue::from(
                items
                    .iter()
                    .map(|item| match item {
                        Value::Number(n) => i32::try_from(n.as_i64()?).ok(),
                        _ => None,
                    })
                    .collect::<Option<Vec<i32>>>()?,
            ),
            _ => return None,
        },
        _ => return None,
    })
}
