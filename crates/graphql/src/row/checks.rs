//! The checks a declared input may name (`Input::check`): each validates one given value and
//! answers the value to store (trimmed, normalised) or BAD_USER_INPUT at the input's path;
//! `now` is a default (`Input::or`).

use super::*;

/// Now, as a default ([`Input::or`]).
pub fn now() -> SqlValue {
    SqlValue::from(chrono::Utc::now())
}

/// Text that must not be blank, stored trimmed.
pub fn nonblank(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    match value {
        SqlValue::String(Some(text)) => {
            domain::validate::required(path, &text)?;
            Ok(SqlValue::from(text.trim().to_owned()))
        }
        other => Ok(other),
    }
}

/// Text that must not be blank, stored as given.
pub fn not_blank(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    if let SqlValue::String(Some(text)) = &value {
        domain::validate::required(path, text)?;
    }
    Ok(value)
}

/// An IANA time zone name.
pub fn timezone(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    if let SqlValue::String(Some(text)) = &value {
        domain::validate::timezone(path, text)?;
    }
    Ok(value)
}

/// JSON that must be an object (`metadata`, a JSON Schema).
pub fn json_object(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    match &value {
        SqlValue::Json(Some(json)) if !json.is_object() => {
            Err(DomainError::bad_input(path, "must be a JSON object"))
        }
        _ => Ok(value),
    }
}

/// JSON that must be an array (a call's messages, a run's per-clinic results).
pub fn json_array(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    match &value {
        SqlValue::Json(Some(json)) if !json.is_array() => {
            Err(DomainError::bad_input(path, "must be a JSON array"))
        }
        _ => Ok(value),
    }
}

/// A plausible e-mail address.
pub fn email(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    if let SqlValue::String(Some(text)) = &value {
        domain::validate::email(path, Some(text))?;
    }
    Ok(value)
}

/// A phone number (7 to 15 digits).
pub fn phone(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    if let SqlValue::String(Some(text)) = &value {
        domain::validate::phone(path, Some(text))?;
    }
    Ok(value)
}

/// A count that must be at least 1 (a slot's length).
pub fn at_least_one(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    if let SqlValue::Int(Some(n)) = &value
        && *n < 1
    {
        return Err(DomainError::bad_input(path, "must be at least 1"));
    }
    Ok(value)
}

/// A number that must not be negative.
pub fn not_negative(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    let negative = match &value {
        SqlValue::Decimal(Some(d)) => d.is_sign_negative() && !d.is_zero(),
        SqlValue::Int(Some(n)) => *n < 0,
        _ => false,
    };
    if negative {
        return Err(DomainError::bad_input(path, "must not be negative"));
    }
    Ok(value)
}
