//! Typed shapes of the JSONB columns whose structure the spec defines.
//!
//! Each type derives `FromJsonQueryResult`, so it can be a model field directly (stored as
//! JSONB). Every field is optional unless stated, and `#[serde(default)]` makes missing keys
//! read as `None`. Keys not listed here are ignored when reading, so they are dropped if the
//! value is written back.

use sea_orm::FromJsonQueryResult;
use serde::{Deserialize, Serialize};

/// A postal address (`clinics.address`, `clients.address`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(default)]
pub struct Address {
    /// Street and number.
    pub line1: Option<String>,
    /// Suite, unit, etc.
    pub line2: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State / region.
    pub state: Option<String>,
    /// Postal code.
    pub zip: Option<String>,
    /// Country.
    pub country: Option<String>,
}

/// Opening hours of one day, as `"HH:MM"` strings in the clinic's timezone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    /// Opening time, e.g. `"08:00"`. Required.
    pub open: String,
    /// Closing time, e.g. `"18:00"`. Required.
    pub close: String,
}

/// Weekly opening hours (`clinics.business_hours`); a missing or `null` day means closed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(default)]
pub struct BusinessHours {
    /// Monday.
    pub mon: Option<DayHours>,
    /// Tuesday.
    pub tue: Option<DayHours>,
    /// Wednesday.
    pub wed: Option<DayHours>,
    /// Thursday.
    pub thu: Option<DayHours>,
    /// Friday.
    pub fri: Option<DayHours>,
    /// Saturday.
    pub sat: Option<DayHours>,
    /// Sunday.
    pub sun: Option<DayHours>,
}

impl BusinessHours {
    /// The hours of `day`, `None` when the clinic is closed that day.
    pub fn day(&self, day: chrono::Weekday) -> Option<&DayHours> {
        use chrono::Weekday::*;
        match day {
            Mon => self.mon.as_ref(),
            Tue => self.tue.as_ref(),
            Wed => self.wed.as_ref(),
            Thu => self.thu.as_ref(),
            Fri => self.fri.as_ref(),
            Sat => self.sat.as_ref(),
            Sun => self.sun.as_ref(),
        }
    }
}

/// Emergency redirect settings (`clinics.er_config`): where the voice assistant sends
/// emergencies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(default)]
pub struct ErConfig {
    /// Phone number of the emergency clinic.
    pub redirect_phone: Option<String>,
    /// What the assistant tells the caller.
    pub redirect_message: Option<String>,
    /// Whether the redirect is enabled.
    pub active: Option<bool>,
}

/// Patient and owner as they were when the case was created (`cases.patient_snapshot`), kept
/// for historical accuracy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(default)]
pub struct PatientSnapshot {
    /// Pet name.
    pub name: Option<String>,
    /// Species.
    pub species: Option<String>,
    /// Breed.
    pub breed: Option<String>,
    /// Owner's name.
    pub owner_name: Option<String>,
    /// Owner's phone.
    pub owner_phone: Option<String>,
    /// Owner's email.
    pub owner_email: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_keys_are_none() {
        let a: Address = serde_json::from_value(json!({ "city": "Austin" })).unwrap();
        assert_eq!(a.city.as_deref(), Some("Austin"));
        assert_eq!(a.line1, None);
        let e: ErConfig = serde_json::from_value(json!({})).unwrap();
        assert_eq!(e, ErConfig::default());
        let p: PatientSnapshot = serde_json::from_value(json!({ "name": "Rex", "x": 1 })).unwrap();
        assert_eq!(p.name.as_deref(), Some("Rex"));
    }

    #[test]
    fn business_hours_shape() {
        let h: BusinessHours = serde_json::from_value(json!({
            "mon": { "open": "08:00", "close": "18:00" },
            "sun": null
        }))
        .unwrap();
        assert_eq!(
            h.day(chrono::Weekday::Mon).map(|d| d.open.as_str()),
            Some("08:00")
        );
        assert!(h.day(chrono::Weekday::Sun).is_none() && h.tue.is_none());
        // A day must have both `open` and `close`.
        assert!(
            serde_json::from_value::<BusinessHours>(json!({ "mon": { "open": "08:00" } })).is_err()
        );
    }

    #[test]
    fn converts_to_and_from_sea_orm_json_values() {
        use sea_orm::Value;
        use sea_orm::sea_query::ValueType;
        let a = Address {
            zip: Some("78701".into()),
            ..Default::default()
        };
        let v: Value = a.clone().into();
        assert!(matches!(v, Value::Json(Some(_))));
        assert_eq!(<Address as ValueType>::try_from(v).unwrap(), a);
    }
}
