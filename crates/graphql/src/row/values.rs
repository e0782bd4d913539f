//! A column's GraphQL type from its SQL type, and its value in the scalars' wire formats.

use super::*;

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
