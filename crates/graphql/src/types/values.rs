//! Value objects nested in rows (typed JSONB shapes) and small conversion helpers shared by the
//! object types. These are not rows of their own and carry no tenant.

use async_graphql::SimpleObject;

/// A postal address (of a clinic or a client).
#[derive(SimpleObject, Clone, Debug)]
pub struct Address {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub zip: Option<String>,
    pub country: Option<String>,
}

impl From<&entity::json::Address> for Address {
    fn from(a: &entity::json::Address) -> Self {
        Address {
            line1: a.line1.clone(),
            line2: a.line2.clone(),
            city: a.city.clone(),
            state: a.state.clone(),
            zip: a.zip.clone(),
            country: a.country.clone(),
        }
    }
}

/// Opening hours of one day, as `HH:MM` strings in the clinic's time zone.
#[derive(SimpleObject, Clone, Debug)]
pub struct DayHours {
    pub open: String,
    pub close: String,
}

/// A clinic's opening hours for the week, in the clinic's time zone; a missing day is closed.
#[derive(SimpleObject, Clone, Debug)]
pub struct BusinessHours {
    pub mon: Option<DayHours>,
    pub tue: Option<DayHours>,
    pub wed: Option<DayHours>,
    pub thu: Option<DayHours>,
    pub fri: Option<DayHours>,
    pub sat: Option<DayHours>,
    pub sun: Option<DayHours>,
}

impl From<&entity::json::BusinessHours> for BusinessHours {
    fn from(h: &entity::json::BusinessHours) -> Self {
        let day = |d: &Option<entity::json::DayHours>| {
            d.as_ref().map(|d| DayHours {
                open: d.open.clone(),
                close: d.close.clone(),
            })
        };
        BusinessHours {
            mon: day(&h.mon),
            tue: day(&h.tue),
            wed: day(&h.wed),
            thu: day(&h.thu),
            fri: day(&h.fri),
            sat: day(&h.sat),
            sun: day(&h.sun),
        }
    }
}

/// Where the voice assistant sends callers with an emergency: the number to redirect to and
/// what to tell them, when active.
#[derive(SimpleObject, Clone, Debug)]
pub struct ErConfig {
    pub redirect_phone: Option<String>,
    pub redirect_message: Option<String>,
    pub active: Option<bool>,
}

impl From<&entity::json::ErConfig> for ErConfig {
    fn from(c: &entity::json::ErConfig) -> Self {
        ErConfig {
            redirect_phone: c.redirect_phone.clone(),
            redirect_message: c.redirect_message.clone(),
            active: c.active,
        }
    }
}

/// The patient and owner as recorded on a case when it was opened (or its patient changed),
/// kept even if the patient record changes later.
#[derive(SimpleObject, Clone, Debug)]
pub struct PatientSnapshot {
    pub name: Option<String>,
    pub species: Option<String>,
    pub breed: Option<String>,
    pub owner_name: Option<String>,
    pub owner_phone: Option<String>,
    pub owner_email: Option<String>,
}

impl From<&entity::json::PatientSnapshot> for PatientSnapshot {
    fn from(p: &entity::json::PatientSnapshot) -> Self {
        PatientSnapshot {
            name: p.name.clone(),
            species: p.species.clone(),
            breed: p.breed.clone(),
            owner_name: p.owner_name.clone(),
            owner_phone: p.owner_phone.clone(),
            owner_email: p.owner_email.clone(),
        }
    }
}

/// A free-form JSON value of a row as the `JSON` scalar.
pub fn json(value: &Option<serde_json::Value>) -> Option<crate::scalars::Json> {
    value.clone().map(crate::scalars::Json)
}
