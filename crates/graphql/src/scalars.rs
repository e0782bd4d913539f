//! The schema's custom scalars (`DateTime`, `Date`, `Time`, `Decimal`, `UUID`, `JSON`): their
//! wire formats, descriptions for client developers and `@specifiedBy` links. They replace
//! async-graphql's built-in chrono, decimal, uuid and JSON scalars, whose names and texts
//! describe the Rust types rather than the format.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDate, NaiveTime, SecondsFormat, Utc};

/// The wrapped value of a scalar newtype, for `Option` and `MaybeUndefined` fields.
pub trait Inner {
    type Target;
    fn inner(self) -> Self::Target;
}

macro_rules! newtype {
    ($name:ident, $inner:ty) => {
        impl From<$inner> for $name {
            fn from(v: $inner) -> Self {
                $name(v)
            }
        }

        impl From<$name> for $inner {
            fn from(v: $name) -> Self {
                v.0
            }
        }

        impl Deref for $name {
            type Target = $inner;
            fn deref(&self) -> &$inner {
                &self.0
            }
        }

        impl From<$name> for sea_orm::Value {
            fn from(v: $name) -> Self {
                v.0.into()
            }
        }

        impl Inner for $name {
            type Target = $inner;
            fn inner(self) -> $inner {
                self.0
            }
        }

        impl Inner for Option<$name> {
            type Target = Option<$inner>;
            fn inner(self) -> Option<$inner> {
                self.map(|v| v.0)
            }
        }

        impl Inner for async_graphql::MaybeUndefined<$name> {
            type Target = async_graphql::MaybeUndefined<$inner>;
            fn inner(self) -> async_graphql::MaybeUndefined<$inner> {
                self.map_value(|v| v.0)
            }
        }
    };
}

/// A string literal's text, or the error naming the expected format.
fn text<'a>(value: &'a Value, expected: &str) -> Result<&'a str, String> {
    match value {
        Value::String(s) => Ok(s),
        _ => Err(format!("expected a string: {expected}")),
    }
}

// ---------------------------------------------------------------------------------------------

/// An instant in time, sent as an RFC 3339 date-time string. Output is always in UTC with a
/// `Z` suffix (e.g. `2025-03-14T09:30:00Z`, with fractional seconds only when the stored value
/// has them). Input accepts any offset (`2025-03-14T10:30:00+01:00`) and is converted to UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub chrono::DateTime<Utc>);

newtype!(DateTime, chrono::DateTime<Utc>);

const DATE_TIME_FORMAT: &str = "an RFC 3339 date-time with an offset, such as `2025-03-14T09:30:00Z` or \
     `2025-03-14T10:30:00+01:00`";

impl DateTime {
    fn parse_text(s: &str) -> Result<Self, String> {
        chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| DateTime(t.with_timezone(&Utc)))
            .map_err(|_| format!("expected {DATE_TIME_FORMAT}, got {s:?}"))
    }
}

/// An instant in time, sent as an RFC 3339 date-time string. Output is always in UTC with a
/// `Z` suffix (e.g. `2025-03-14T09:30:00Z`; fractional seconds only when the value has them).
/// Input accepts any offset (e.g. `2025-03-14T10:30:00+01:00`) and is converted to UTC.
#[Scalar(
    name = "DateTime",
    specified_by_url = "https://datatracker.ietf.org/doc/html/rfc3339"
)]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        let s = text(&value, DATE_TIME_FORMAT).map_err(InputValueError::custom)?;
        DateTime::parse_text(s).map_err(InputValueError::custom)
    }

    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(s) if DateTime::parse_text(s).is_ok())
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

// ---------------------------------------------------------------------------------------------

/// A calendar date without a time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

newtype!(Date, NaiveDate);

const DATE_FORMAT: &str = "a calendar date `YYYY-MM-DD`, such as `2025-03-14`";

impl Date {
    fn parse_text(s: &str) -> Result<Self, String> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .filter(|_| s.len() == 10)
            .map(Date)
            .ok_or_else(|| format!("expected {DATE_FORMAT}, got {s:?}"))
    }
}

/// A calendar date without a time of day or time zone, sent as a `YYYY-MM-DD` string (RFC 3339
/// `full-date`, e.g. `2025-03-14`). Where a date belongs to the clinic's schedule, it is the
/// date as the field's description says (UTC or the clinic's time zone).
#[Scalar(
    name = "Date",
    specified_by_url = "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"
)]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        let s = text(&value, DATE_FORMAT).map_err(InputValueError::custom)?;
        Date::parse_text(s).map_err(InputValueError::custom)
    }

    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(s) if Date::parse_text(s).is_ok())
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

// ---------------------------------------------------------------------------------------------

/// A wall-clock time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub NaiveTime);

newtype!(Time, NaiveTime);

const TIME_FORMAT: &str = "a 24-hour time `HH:MM:SS` or `HH:MM`, such as `09:30:00` or `09:30`";

impl Time {
    fn parse_text(s: &str) -> Result<Self, String> {
        let parsed = match s.len() {
            5 => NaiveTime::parse_from_str(s, "%H:%M").ok(),
            8 => NaiveTime::parse_from_str(s, "%H:%M:%S").ok(),
            _ => None,
        };
        parsed
            .map(Time)
            .ok_or_else(|| format!("expected {TIME_FORMAT}, got {s:?}"))
    }
}

/// A wall-clock time of day without a date, in the clinic's time zone (business hours, preferred
/// call and e-mail times). Output is `HH:MM:SS` on a 24-hour clock (e.g. `09:30:00`); input
/// accepts `HH:MM:SS` or `HH:MM`. This is RFC 3339 `partial-time` without fractional seconds.
#[Scalar(
    name = "Time",
    specified_by_url = "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"
)]
impl ScalarType for Time {
    fn parse(value: Value) -> InputValueResult<Self> {
        let s = text(&value, TIME_FORMAT).map_err(InputValueError::custom)?;
        Time::parse_text(s).map_err(InputValueError::custom)
    }

    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(s) if Time::parse_text(s).is_ok())
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%H:%M:%S").to_string())
    }
}

// ---------------------------------------------------------------------------------------------

/// An exact decimal number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(pub rust_decimal::Decimal);

newtype!(Decimal, rust_decimal::Decimal);

const DECIMAL_FORMAT: &str = "a decimal number as a string, such as `\"12.50\"`";

impl Decimal {
    fn parse_value(value: &Value) -> Result<Self, String> {
        let s = match value {
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) => n.to_string(),
            _ => return Err(format!("expected {DECIMAL_FORMAT}")),
        };
        rust_decimal::Decimal::from_str(&s)
            .or_else(|_| rust_decimal::Decimal::from_scientific(&s))
            .map(Decimal)
            .map_err(|_| format!("expected {DECIMAL_FORMAT}, got {s:?}"))
    }
}

/// An exact decimal number (weights in kilograms, temperatures, costs), sent as a JSON string
/// so no precision is lost in floating point, e.g. `"12.50"`; trailing zeros are kept as
/// recorded. Input should be a string such as `"4.25"`; a JSON number (`4.25`) is also
/// accepted. There is no `@specifiedBy`: the format is a plain decimal literal with an
/// optional sign and fractional part.
#[Scalar(name = "Decimal")]
impl ScalarType for Decimal {
    fn parse(value: Value) -> InputValueResult<Self> {
        Decimal::parse_value(&value).map_err(InputValueError::custom)
    }

    fn is_valid(value: &Value) -> bool {
        Decimal::parse_value(value).is_ok()
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

// ---------------------------------------------------------------------------------------------

/// A universally unique identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Uuid(pub uuid::Uuid);

newtype!(Uuid, uuid::Uuid);

const UUID_FORMAT: &str = "a UUID such as `5f0c6c2e-8a4b-4c1e-9d2f-3b7a1e6c9d40`";

impl Uuid {
    fn parse_text(s: &str) -> Result<Self, String> {
        uuid::Uuid::try_parse(s)
            .map(Uuid)
            .map_err(|_| format!("expected {UUID_FORMAT}, got {s:?}"))
    }
}

/// A universally unique identifier (RFC 9562, formerly RFC 4122), sent as a lower-case,
/// hyphenated string of 36 characters, e.g. `5f0c6c2e-8a4b-4c1e-9d2f-3b7a1e6c9d40`. Input
/// also accepts upper case. Used where the schema refers to a record by its raw identifier
/// rather than by a global `ID` (audit trails, the active clinic of a session).
#[Scalar(
    name = "UUID",
    specified_by_url = "https://www.rfc-editor.org/rfc/rfc9562"
)]
impl ScalarType for Uuid {
    fn parse(value: Value) -> InputValueResult<Self> {
        let s = text(&value, UUID_FORMAT).map_err(InputValueError::custom)?;
        Uuid::parse_text(s).map_err(InputValueError::custom)
    }

    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(s) if Uuid::parse_text(s).is_ok())
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.hyphenated().to_string())
    }
}

// ---------------------------------------------------------------------------------------------

/// Any JSON value.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Json(pub serde_json::Value);

newtype!(Json, serde_json::Value);

/// Any JSON value (object, array, string, number, boolean or null), sent as is. Used for
/// structured data whose shape is defined elsewhere and may grow: settings, snapshots, call
/// transcripts and analyses, metadata and error details. Each field's description says what
/// the value holds. There is no `@specifiedBy`: the value is plain JSON (RFC 8259).
#[Scalar(name = "JSON")]
impl ScalarType for Json {
    fn parse(value: Value) -> InputValueResult<Self> {
        value
            .into_json()
            .map(Json)
            .map_err(|_| InputValueError::custom("expected a JSON value"))
    }

    fn is_valid(_value: &Value) -> bool {
        true
    }

    fn to_value(&self) -> Value {
        Value::from_json(self.0.clone()).unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_outputs_utc_with_z_and_accepts_offsets() {
        let t = DateTime::parse(Value::String("2025-03-14T10:30:00+01:00".into())).unwrap();
        assert_eq!(t.to_value(), Value::String("2025-03-14T09:30:00Z".into()));
        assert!(!DateTime::is_valid(&Value::String("2025-03-14".into())));
        let err = DateTime::parse(Value::String("yesterday".into())).unwrap_err();
        assert!(
            err.into_server_error(Default::default())
                .message
                .contains("RFC 3339")
        );
    }

    #[test]
    fn date_and_time_formats() {
        let d = Date::parse(Value::String("2025-03-04".into())).unwrap();
        assert_eq!(d.to_value(), Value::String("2025-03-04".into()));
        assert!(!Date::is_valid(&Value::String("2025-3-4".into())));
        let t = Time::parse(Value::String("09:30".into())).unwrap();
        assert_eq!(t.to_value(), Value::String("09:30:00".into()));
        assert!(Time::is_valid(&Value::String("23:59:59".into())));
        assert!(!Time::is_valid(&Value::String("9:30".into())));
        assert!(!Time::is_valid(&Value::String("09:30:00.5".into())));
    }

    #[test]
    fn decimal_is_a_string_and_accepts_numbers() {
        let d = Decimal::parse(Value::String("12.50".into())).unwrap();
        assert_eq!(d.to_value(), Value::String("12.50".into()));
        let n = Decimal::parse(Value::from_json(serde_json::json!(4.25)).unwrap()).unwrap();
        assert_eq!(n.to_value(), Value::String("4.25".into()));
        assert!(!Decimal::is_valid(&Value::String("twelve".into())));
        assert!(!Decimal::is_valid(&Value::Boolean(true)));
    }

    #[test]
    fn uuid_is_lower_case_hyphenated() {
        let u = Uuid::parse(Value::String("5F0C6C2E-8A4B-4C1E-9D2F-3B7A1E6C9D40".into())).unwrap();
        assert_eq!(
            u.to_value(),
            Value::String("5f0c6c2e-8a4b-4c1e-9d2f-3b7a1e6c9d40".into())
        );
        assert!(!Uuid::is_valid(&Value::String("not-a-uuid".into())));
    }
}
