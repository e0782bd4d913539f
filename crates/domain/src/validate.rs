//! Input rules checked before anything reaches the database, each failing with
//! BAD_USER_INPUT and the name of the offending field.

use chrono::{DateTime, NaiveTime, Utc};

use crate::error::DomainError;

/// A required text must not be blank.
pub fn required(field: &str, value: &str) -> Result<(), DomainError> {
    if value.trim().is_empty() {
        return Err(DomainError::bad_input(field, "must not be blank"));
    }
    if value.len() > 10_000 {
        return Err(DomainError::bad_input(field, "is too long"));
    }
    Ok(())
}

/// An optional text, when given, must not be blank.
pub fn optional_text(field: &str, value: Option<&str>) -> Result<(), DomainError> {
    value.map_or(Ok(()), |v| required(field, v))
}

/// A plausible e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn email(field: &str, value: Option<&str>) -> Result<(), DomainError> {
    let Some(value) = value else { return Ok(()) };
    let valid = value.len() <= 254
        && !value.chars().any(char::is_whitespace)
        && value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if valid {
        Ok(())
    } else {
        Err(DomainError::bad_input(
            field,
            "is not a valid e-mail address",
        ))
    }
}

/// A phone number: digits with optional `+`, spaces, dashes, dots and parentheses, 7 to 15
/// digits (E.164 allows at most 15).
pub fn phone(field: &str, value: Option<&str>) -> Result<(), DomainError> {
    let Some(value) = value else { return Ok(()) };
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '.' | '(' | ')'));
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let plus_ok = value.rfind('+').is_none_or(|i| i == 0);
    if allowed && plus_ok && (7..=15).contains(&digits) {
        Ok(())
    } else {
        Err(DomainError::bad_input(field, "is not a valid phone number"))
    }
}

/// A time range whose end follows its start.
pub fn time_range(
    field: &str,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> Result<(), DomainError> {
    if ends_at > starts_at {
        Ok(())
    } else {
        Err(DomainError::bad_input(
            field,
            "the end must be after the start",
        ))
    }
}

/// A time-of-day range whose end follows its start.
pub fn time_of_day_range(field: &str, start: NaiveTime, end: NaiveTime) -> Result<(), DomainError> {
    if end > start {
        Ok(())
    } else {
        Err(DomainError::bad_input(
            field,
            "the end time must be after the start time",
        ))
    }
}

/// `HH:MM` on a 24-hour clock.
pub fn clock_time(field: &str, value: &str) -> Result<(), DomainError> {
    NaiveTime::parse_from_str(value, "%H:%M")
        .map(|_| ())
        .map_err(|_| DomainError::bad_input(field, "must be a time as HH:MM"))
}

/// A count or number of days that must not be negative.
pub fn non_negative(field: &str, value: Option<i32>) -> Result<(), DomainError> {
    match value {
        Some(v) if v < 0 => Err(DomainError::bad_input(field, "must not be negative")),
        _ => Ok(()),
    }
}

/// An IANA time zone name the gateway knows (`America/New_York`, `UTC`): the booking and
/// follow-up workflows compute every local time in it.
pub fn timezone(field: &str, value: &str) -> Result<(), DomainError> {
    if value.parse::<chrono_tz::Tz>().is_ok() {
        Ok(())
    } else {
        Err(DomainError::bad_input(
            field,
            "must be an IANA time zone such as America/New_York",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(email("e", Some("vet@clinic.example.com")).is_ok());
        for bad in [
            "",
            "no-at",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "@c.com",
            "a@.com",
            "a@c.com.",
        ] {
            assert!(email("e", Some(bad)).is_err(), "{bad}");
        }
        assert!(email("e", None).is_ok());
    }

    #[test]
    fn phones() {
        for good in [
            "+15550101001",
            "(555) 010-1001",
            "555.010.1001",
            "+44 20 7946 0958",
        ] {
            assert!(phone("p", Some(good)).is_ok(), "{good}");
        }
        for bad in ["12345", "phone", "+1555+0101001", "1234567890123456"] {
            assert!(phone("p", Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn errors_name_the_field() {
        let err = required("input.displayName", "  ").unwrap_err();
        assert!(
            matches!(err, DomainError::BadInput { field: Some(f), .. } if f == "input.displayName")
        );
    }
}
