//! Demo tier 2: clients (pet owners) and their patients.

use chrono::NaiveDate;
use entity::json::{Address, PatientSnapshot};
use entity::{clients, patients};
use sea_orm::ActiveValue::Set;
use serde_json::json;
use uuid::Uuid;

use super::fixtures::{self, ALPINE, DemoClinic, HARBOR, SUNRISE};
use super::{at, cid, dec, put, text};
use crate::DomainError;
use crate::session::Writer;

pub(super) struct Client {
    pub clinic: DemoClinic,
    pub key: &'static str,
    pub first: &'static str,
    pub last: &'static str,
    pub phone: &'static str,
    pub email: Option<&'static str>,
    /// Street, city, state, zip.
    pub address: Option<(&'static str, &'static str, &'static str, &'static str)>,
    pub contact: &'static str,
    /// Days before the anchor of the first visit.
    pub since: i64,
    pub pets: &'static [Pet],
}

pub(super) struct Pet {
    pub name: &'static str,
    pub species: &'static str,
    pub breed: &'static str,
    pub sex: &'static str,
    pub color: &'static str,
    pub born: (i32, u32, u32),
    /// Weight in grams.
    pub weight_g: i64,
    pub microchip: Option<&'static str>,
    pub allergies: &'static [&'static str],
    pub chronic: &'static [&'static str],
    /// Days before the anchor the pet died.
    pub died: Option<i64>,
    pub visits: i32,
}

#[rustfmt::skip]
pub(super) const CLIENTS: &[Client] = &[
    Client {
        clinic: SUNRISE, key: "gonzalez", first: "Maria", last: "Gonzalez", phone: "+15550101001",
        email: Some("maria.gonzalez@example.com"), address: Some(("1834 Pier Ave", "Santa Monica", "CA", "90405")),
        contact: "phone", since: 1300,
        pets: &[
            Pet { name: "Luna", species: "canine", breed: "Labrador Retriever", sex: "female_spayed", color: "Black", born: (2019, 4, 12), weight_g: 28400, microchip: Some("985112004518832"), allergies: &["chicken"], chronic: &[], died: None, visits: 14 },
            Pet { name: "Milo", species: "feline", breed: "Domestic Shorthair", sex: "male_neutered", color: "Orange tabby", born: (2021, 8, 3), weight_g: 5200, microchip: None, allergies: &[], chronic: &[], died: None, visits: 6 },
        ],
    },
    Client {
        clinic: SUNRISE, key: "whitfield", first: "James", last: "Whitfield", phone: "+15550101002",
        email: Some("jwhitfield@example.net"), address: Some(("742 Marine St", "Santa Monica", "CA", "90405")),
        contact: "email", since: 2900,
        pets: &[
            Pet { name: "Biscuit", species: "canine", breed: "Golden Retriever", sex: "male_neutered", color: "Golden", born: (2014, 6, 21), weight_g: 35200, microchip: Some("985112003310457"), allergies: &[], chronic: &["osteoarthritis", "hypothyroidism"], died: None, visits: 41 },
        ],
    },
    Client {
        clinic: SUNRISE, key: "tanaka", first: "Aiko", last: "Tanaka", phone: "+15550101003",
        email: Some("aiko.tanaka@example.org"), address: None,
        contact: "sms", since: 120,
        pets: &[
            Pet { name: "Mochi", species: "feline", breed: "Ragdoll", sex: "female", color: "Seal point", born: (2026, 3, 1), weight_g: 3100, microchip: None, allergies: &["penicillin"], chronic: &[], died: None, visits: 4 },
        ],
    },
    Client {
        clinic: SUNRISE, key: "hayes", first: "Robert", last: "Hayes", phone: "+15550101004",
        email: Some("rhayes@example.com"), address: Some(("2310 Cloverfield Blvd", "Santa Monica", "CA", "90405")),
        contact: "phone", since: 3600,
        pets: &[
            Pet { name: "Max", species: "canine", breed: "German Shepherd", sex: "male_neutered", color: "Black and tan", born: (2013, 2, 9), weight_g: 34100, microchip: Some("985112001974420"), allergies: &[], chronic: &["degenerative myelopathy"], died: Some(13), visits: 52 },
            Pet { name: "Daisy", species: "canine", breed: "Beagle", sex: "female_spayed", color: "Tricolor", born: (2020, 10, 30), weight_g: 11800, microchip: Some("985112006021178"), allergies: &["flea saliva"], chronic: &["atopic dermatitis"], died: None, visits: 11 },
            Pet { name: "Pepper", species: "lagomorph", breed: "Holland Lop", sex: "female_spayed", color: "Broken black", born: (2022, 5, 14), weight_g: 1700, microchip: None, allergies: &[], chronic: &[], died: None, visits: 3 },
        ],
    },
    Client {
        clinic: SUNRISE, key: "martins", first: "Sofia", last: "Martins", phone: "+15550101005",
        email: None, address: None,
        contact: "phone", since: 20,
        pets: &[
            Pet { name: "Kiwi", species: "avian", breed: "Cockatiel", sex: "female", color: "Lutino", born: (2023, 1, 15), weight_g: 92, microchip: None, allergies: &[], chronic: &[], died: None, visits: 1 },
        ],
    },
    Client {
        clinic: HARBOR, key: "kowalski", first: "Daniel", last: "Kowalski", phone: "+15550201001",
        email: Some("dan.kowalski@example.com"), address: Some(("157 Clinton St", "Brooklyn", "NY", "11201")),
        contact: "phone", since: 2100,
        pets: &[
            Pet { name: "Bear", species: "canine", breed: "Bernese Mountain Dog", sex: "male_neutered", color: "Tricolor", born: (2020, 2, 2), weight_g: 49800, microchip: Some("900164001223871"), allergies: &[], chronic: &["elbow dysplasia"], died: None, visits: 17 },
        ],
    },
    Client {
        clinic: HARBOR, key: "liu", first: "Grace", last: "Liu", phone: "+15550201002",
        email: Some("grace.liu@example.org"), address: Some(("45 Joralemon St", "Brooklyn", "NY", "11201")),
        contact: "email", since: 2600,
        pets: &[
            Pet { name: "Oliver", species: "feline", breed: "Maine Coon", sex: "male_neutered", color: "Brown tabby", born: (2012, 9, 9), weight_g: 5800, microchip: Some("900164000558102"), allergies: &[], chronic: &["chronic kidney disease"], died: None, visits: 38 },
            Pet { name: "Cleo", species: "feline", breed: "Domestic Shorthair", sex: "female_spayed", color: "Tortoiseshell", born: (2019, 7, 19), weight_g: 4100, microchip: None, allergies: &["fish"], chronic: &[], died: None, visits: 9 },
        ],
    },
    Client {
        clinic: HARBOR, key: "johnson", first: "Marcus", last: "Johnson", phone: "+15550201003",
        email: Some("marcus.j@example.com"), address: None,
        contact: "sms", since: 900,
        pets: &[
            Pet { name: "Rocky", species: "canine", breed: "Boxer", sex: "male_neutered", color: "Fawn", born: (2021, 11, 5), weight_g: 30600, microchip: Some("900164007730019"), allergies: &[], chronic: &[], died: None, visits: 7 },
            Pet { name: "Zeus", species: "canine", breed: "American Pit Bull Terrier", sex: "male", color: "Blue", born: (2023, 4, 27), weight_g: 27400, microchip: None, allergies: &["beef", "dairy"], chronic: &[], died: None, visits: 5 },
        ],
    },
    Client {
        clinic: HARBOR, key: "oconnor", first: "Emily", last: "O'Connor", phone: "+15550201004",
        email: Some("emily.oconnor@example.com"), address: Some(("312 Henry St", "Brooklyn", "NY", "11201")),
        contact: "email", since: 3300,
        pets: &[
            Pet { name: "Penny", species: "canine", breed: "Cavalier King Charles Spaniel", sex: "female_spayed", color: "Blenheim", born: (2017, 3, 3), weight_g: 8400, microchip: Some("900164002907365"), allergies: &[], chronic: &["myxomatous mitral valve disease"], died: None, visits: 29 },
            Pet { name: "Shadow", species: "feline", breed: "Bombay", sex: "male_neutered", color: "Black", born: (2009, 10, 1), weight_g: 3900, microchip: None, allergies: &[], chronic: &["hyperthyroidism"], died: Some(45), visits: 44 },
        ],
    },
    Client {
        clinic: HARBOR, key: "hassan", first: "Ahmed", last: "Hassan", phone: "+15550201005",
        email: Some("a.hassan@example.net"), address: None,
        contact: "phone", since: 60,
        pets: &[
            Pet { name: "Nala", species: "feline", breed: "Bengal", sex: "female_spayed", color: "Brown spotted", born: (2025, 6, 12), weight_g: 3800, microchip: Some("900164009912044"), allergies: &[], chronic: &[], died: None, visits: 2 },
        ],
    },
    Client {
        clinic: ALPINE, key: "brooks", first: "Kelsey", last: "Brooks", phone: "+15550301001",
        email: Some("kelsey.brooks@example.com"), address: Some(("2045 Mapleton Ave", "Boulder", "CO", "80304")),
        contact: "sms", since: 700,
        pets: &[
            Pet { name: "Summit", species: "canine", breed: "Australian Shepherd", sex: "male_neutered", color: "Blue merle", born: (2022, 8, 8), weight_g: 23600, microchip: Some("981020031144776"), allergies: &[], chronic: &[], died: None, visits: 8 },
        ],
    },
    Client {
        clinic: ALPINE, key: "nguyen", first: "Tyler", last: "Nguyen", phone: "+15550301002",
        email: Some("tnguyen@example.org"), address: None,
        contact: "email", since: 300,
        pets: &[
            Pet { name: "Juniper", species: "feline", breed: "Domestic Longhair", sex: "female_spayed", color: "Calico", born: (2024, 9, 30), weight_g: 3900, microchip: None, allergies: &["cefazolin"], chronic: &[], died: None, visits: 3 },
            Pet { name: "Aspen", species: "canine", breed: "Bernedoodle", sex: "male", color: "Tricolor", born: (2026, 5, 20), weight_g: 9200, microchip: None, allergies: &[], chronic: &[], died: None, visits: 2 },
        ],
    },
];

/// A client by clinic and key (panics on an unknown one: the data set is fixed).
pub(super) fn client(clinic: &DemoClinic, key: &str) -> &'static Client {
    CLIENTS
        .iter()
        .find(|c| c.clinic.key == clinic.key && c.key == key)
        .unwrap_or_else(|| panic!("no demo client {}/{key}", clinic.key))
}

/// A client's pet by name.
pub(super) fn pet(client: &'static Client, name: &str) -> &'static Pet {
    client
        .pets
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no demo pet {name} of {}", client.key))
}

impl Client {
    pub fn id(&self) -> Uuid {
        cid("client", &self.clinic, self.key)
    }

    pub fn name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    pub fn patient_id(&self, pet: &str) -> Uuid {
        cid(
            "patient",
            &self.clinic,
            &format!("{}/{}", self.key, pet.to_lowercase()),
        )
    }

    /// The case's copy of patient and owner as they are now.
    pub fn snapshot(&self, pet: &Pet) -> PatientSnapshot {
        PatientSnapshot {
            name: text(pet.name),
            species: text(pet.species),
            breed: text(pet.breed),
            owner_name: Some(self.name()),
            owner_phone: text(self.phone),
            owner_email: self.email.map(str::to_owned),
        }
    }
}

pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    for c in CLIENTS {
        let clinic_id = fixtures::clinic_id(&c.clinic);
        let first_visit = at(-c.since, 17, 30);
        // The last visit of a client is the last visit of their pets (a few days ago).
        let last_visit = at(-(c.since.min(9)), 18, 15);
        put(
            w,
            clients::ActiveModel {
                id: Set(c.id()),
                clinic_id: Set(clinic_id),
                first_name: Set(text(c.first)),
                last_name: Set(text(c.last)),
                display_name: Set(c.name()),
                phone: Set(text(c.phone)),
                phone_secondary: Set(None),
                email: Set(c.email.map(str::to_owned)),
                address: Set(c.address.map(|(line1, city, state, zip)| Address {
                    line1: text(line1),
                    line2: None,
                    city: text(city),
                    state: text(state),
                    zip: text(zip),
                    country: text("US"),
                })),
                preferred_contact_method: Set(text(c.contact)),
                communication_opt_out: Set(Some(false)),
                is_active: Set(Some(true)),
                first_visit_at: Set(Some(first_visit)),
                last_visit_at: Set(Some(last_visit)),
                metadata: Set(Some(
                    json!({ "referral": if c.since < 100 { "google" } else { "existing" } }),
                )),
                created_at: Set(Some(first_visit)),
                updated_at: Set(Some(last_visit)),
            },
        )
        .await?;
        for p in c.pets {
            let died = p.died.map(|d| at(-d, 20, 0));
            put(
                w,
                patients::ActiveModel {
                    id: Set(c.patient_id(p.name)),
                    clinic_id: Set(clinic_id),
                    client_id: Set(c.id()),
                    name: Set(p.name.into()),
                    species: Set(text(p.species)),
                    breed: Set(text(p.breed)),
                    sex: Set(text(p.sex)),
                    color: Set(text(p.color)),
                    date_of_birth: Set(NaiveDate::from_ymd_opt(p.born.0, p.born.1, p.born.2)),
                    weight_kg: Set(Some(dec(p.weight_g, 3))),
                    microchip_id: Set(p.microchip.map(str::to_owned)),
                    is_deceased: Set(Some(died.is_some())),
                    deceased_at: Set(died),
                    allergies: Set(list(p.allergies)),
                    chronic_conditions: Set(list(p.chronic)),
                    is_active: Set(Some(died.is_none())),
                    first_visit_at: Set(Some(first_visit)),
                    last_visit_at: Set(Some(died.unwrap_or(last_visit))),
                    visit_count: Set(Some(p.visits)),
                    metadata: Set(Some(json!({}))),
                    created_at: Set(Some(first_visit)),
                    updated_at: Set(Some(died.unwrap_or(last_visit))),
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// NULL for "none recorded", like most PIMS exports.
fn list(items: &[&str]) -> Option<Vec<String>> {
    (!items.is_empty()).then(|| items.iter().map(|s| s.to_string()).collect())
}
