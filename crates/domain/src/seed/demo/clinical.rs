//! Demo tier 4: cases in every status and source, with SOAP notes, vital signs and discharge
//! summaries.

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::{CaseSource, CaseStatus};
use entity::{cases, discharge_summaries, soap_notes, vital_signs};
use sea_orm::ActiveValue::Set;
use serde_json::json;
use uuid::Uuid;

use super::automation::run_time;
use super::case_notes::{Note, note};
use super::fixtures::{self as fx, ALPINE, DemoClinic, HARBOR, SUNRISE};
use super::people::{self, Client, Pet};
use super::templates::{clinic_discharge_template, global_discharge_template};
use super::{cid, dec, local, put, text};
use crate::DomainError;
use crate::session::Writer;

/// Which discharge template a case's summary was written from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Discharge {
    None,
    Clinic,
    Global,
}

pub(super) struct Case {
    pub clinic: DemoClinic,
    pub key: &'static str,
    pub client: &'static str,
    pub pet: &'static str,
    pub kind: &'static str,
    pub status: CaseStatus,
    pub source: CaseSource,
    pub external_id: Option<&'static str>,
    /// Clerk id of the veterinarian who created the case.
    pub vet: &'static str,
    /// Days before the anchor of the visit.
    pub days_ago: i64,
    pub urgent: bool,
    pub discharge: Discharge,
    /// Whether follow-up calls and e-mails go out (not after a euthanasia).
    pub follow_up: bool,
}

use CaseSource::{Import, Manual, PimsSync};
use CaseStatus::{Completed, Draft, Ongoing, Reviewed};

macro_rules! case {
    ($clinic:expr, $key:literal, $client:literal, $pet:literal, $kind:literal, $status:expr, $source:expr,
     $ext:expr, $vet:expr, $days:literal, $urgent:literal, $discharge:ident, $follow:literal) => {
        Case {
            clinic: $clinic,
            key: $key,
            client: $client,
            pet: $pet,
            kind: $kind,
            status: $status,
            source: $source,
            external_id: $ext,
            vet: $vet,
            days_ago: $days,
            urgent: $urgent,
            discharge: Discharge::$discharge,
            follow_up: $follow,
        }
    };
}

#[rustfmt::skip]
pub(super) const CASES: &[Case] = &[
    case!(SUNRISE, "luna-dental", "gonzalez", "Luna", "dental", Completed, PimsSync, Some("NEO-CONS-448812"), fx::USER_SUNRISE_OWNER, 6, false, Clinic, true),
    case!(SUNRISE, "biscuit-arthritis", "whitfield", "Biscuit", "sick_visit", Completed, PimsSync, Some("NEO-CONS-448907"), fx::USER_SUNRISE_MEMBER, 5, false, Global, true),
    case!(SUNRISE, "mochi-spay", "tanaka", "Mochi", "surgery", Reviewed, Manual, None, fx::USER_MULTI, 3, false, Global, true),
    case!(SUNRISE, "daisy-otitis", "hayes", "Daisy", "sick_visit", Ongoing, Import, Some("legacy-77810"), fx::USER_SUNRISE_MEMBER, 4, false, None, true),
    case!(SUNRISE, "milo-wellness", "gonzalez", "Milo", "wellness", Draft, Manual, None, fx::USER_SUNRISE_OWNER, 3, false, None, true),
    case!(SUNRISE, "kiwi-egg-binding", "martins", "Kiwi", "emergency", Completed, PimsSync, Some("NEO-CONS-449020"), fx::USER_MULTI, 2, true, Global, true),
    case!(SUNRISE, "max-euthanasia", "hayes", "Max", "euthanasia", Completed, PimsSync, Some("NEO-CONS-447310"), fx::USER_SUNRISE_OWNER, 13, false, None, false),
    case!(HARBOR, "bear-tplo", "kowalski", "Bear", "surgery", Completed, PimsSync, Some("EZV-4471093"), fx::USER_HARBOR_MEMBER, 4, false, Clinic, true),
    case!(HARBOR, "oliver-ckd", "liu", "Oliver", "recheck", Completed, PimsSync, Some("EZV-4471188"), fx::USER_HARBOR_OWNER, 5, false, Global, true),
    case!(HARBOR, "penny-cardio", "oconnor", "Penny", "recheck", Reviewed, Manual, None, fx::USER_MULTI, 3, false, Global, true),
    case!(HARBOR, "rocky-gastro", "johnson", "Rocky", "sick_visit", Ongoing, Import, Some("import-hx-20931"), fx::USER_HARBOR_MEMBER, 2, false, None, true),
    case!(HARBOR, "nala-wellness", "hassan", "Nala", "wellness", Draft, Manual, None, fx::USER_HARBOR_OWNER, 3, false, None, true),
    case!(HARBOR, "cleo-derm", "liu", "Cleo", "sick_visit", Completed, PimsSync, Some("EZV-4470856"), fx::USER_MULTI, 7, false, Global, true),
    case!(ALPINE, "summit-laceration", "brooks", "Summit", "emergency", Completed, Manual, None, fx::USER_ALPINE_OWNER, 3, true, Clinic, true),
    case!(ALPINE, "aspen-vaccines", "nguyen", "Aspen", "wellness", Ongoing, Import, Some("paper-chart-0142"), fx::USER_ALPINE_OWNER, 4, false, None, true),
    case!(ALPINE, "juniper-wellness", "nguyen", "Juniper", "wellness", Draft, Manual, None, fx::USER_ALPINE_OWNER, 3, false, None, true),
];

/// A case by clinic and key (panics on an unknown one: the data set is fixed).
pub(super) fn case(clinic: &DemoClinic, key: &str) -> &'static Case {
    CASES
        .iter()
        .find(|c| c.clinic.key == clinic.key && c.key == key)
        .unwrap_or_else(|| panic!("no demo case {}/{key}", clinic.key))
}

impl Case {
    pub fn id(&self) -> Uuid {
        cid("case", &self.clinic, self.key)
    }

    pub fn owner(&self) -> &'static Client {
        people::client(&self.clinic, self.client)
    }

    pub fn patient(&self) -> &'static Pet {
        people::pet(self.owner(), self.pet)
    }

    /// When the patient was seen (mid-morning, clinic time).
    pub fn visit(&self) -> DateTime<Utc> {
        local(
            &self.clinic,
            -self.days_ago,
            9 + self.key.len() as i64 % 5,
            30,
        )
    }

    pub fn soap_note_id(&self) -> Uuid {
        cid("soap_note", &self.clinic, self.key)
    }
}

pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    for case in CASES {
        insert_case(w, case).await?;
        if let Some(note) = note(&case.clinic, case.key) {
            insert_note(w, case, note).await?;
        }
    }
    Ok(())
}

async fn insert_case(w: &Writer<'_>, case: &Case) -> Result<(), DomainError> {
    let owner = case.owner();
    let pet = case.patient();
    let note = note(&case.clinic, case.key);
    let visit = case.visit();
    let vet = fx::user_id(case.vet);
    // Follow-up goes out the day after discharge for surgery and the emergency, two days after
    // for the rest (the clinic default), in the afternoon.
    let delay: i32 = if matches!(case.kind, "surgery" | "emergency" | "dental") {
        1
    } else {
        2
    };
    // A case reviewed late is followed up at the next afternoon instead.
    let follow_up_at = (case.follow_up && case.status != Draft).then(|| {
        let day = if case.status == Reviewed {
            0
        } else {
            -case.days_ago + i64::from(delay)
        };
        local(&case.clinic, day, 16, 0)
    });
    // Cases the nightly auto-scheduling run picked up (see `automation`).
    let auto = matches!(case.key, "mochi-spay" | "penny-cardio" | "rocky-gastro");
    put(
        w,
        cases::ActiveModel {
            id: Set(case.id()),
            clinic_id: Set(fx::clinic_id(&case.clinic)),
            patient_id: Set(Some(owner.patient_id(pet.name))),
            client_id: Set(Some(owner.id())),
            created_by: Set(Some(vet)),
            updated_by: Set(Some(vet)),
            r#type: Set(text(case.kind)),
            status: Set(Some(case.status)),
            visibility: Set(text(if case.status == Draft {
                "private"
            } else {
                "clinic"
            })),
            source: Set(Some(case.source)),
            patient_snapshot: Set(Some(owner.snapshot(pet))),
            scheduled_at: Set(follow_up_at),
            auto_scheduled_at: Set(auto.then(run_time)),
            scheduling_source: Set(
                follow_up_at.map(|_| (if auto { "auto" } else { "manual" }).to_owned())
            ),
            call_enabled: Set(Some(case.follow_up)),
            email_enabled: Set(Some(case.follow_up)),
            cadence_source: Set(text(if case.kind == "surgery" {
                "case_type"
            } else {
                "default"
            })),
            call_delay_days: Set(Some(delay)),
            email_delay_days: Set(Some(1)),
            detected_case_type: Set((case.status != Draft).then(|| case.kind.to_owned())),
            external_id: Set(case.external_id.map(str::to_owned)),
            entity_extraction: Set(note.map(|n| {
                json!({
                    "patient": { "name": pet.name, "species": pet.species },
                    "diagnoses": [n.assessment],
                    "medications": n.meds.iter().map(|m| m.0).collect::<Vec<_>>(),
                })
            })),
            extreme_case_check: Set(note.map(|_| {
                json!({
                    "is_extreme": !case.follow_up || case.urgent,
                    "reason": if !case.follow_up { "euthanasia: no follow-up contact" }
                              else if case.urgent { "emergency visit: prioritize follow-up" }
                              else { "none" },
                })
            })),
            is_urgent: Set(Some(case.urgent)),
            is_starred: Set(Some(matches!(case.key, "bear-tplo" | "kiwi-egg-binding"))),
            metadata: Set(Some(
                json!({ "visit_reason": case.kind, "provider_clerk_id": case.vet }),
            )),
            created_at: Set(Some(visit)),
            updated_at: Set(Some(visit + TimeDelta::hours(3))),
        },
    )
    .await
}

async fn insert_note(w: &Writer<'_>, case: &Case, note: &Note) -> Result<(), DomainError> {
    let clinic_id = fx::clinic_id(&case.clinic);
    let visit = case.visit();
    let written = visit + TimeDelta::minutes(50);
    put(
        w,
        soap_notes::ActiveModel {
            id: Set(case.soap_note_id()),
            case_id: Set(case.id()),
            clinic_id: Set(clinic_id),
            transcript: Set(text(note.transcript)),
            subjective: Set(text(note.subjective)),
            objective: Set(text(note.objective)),
            assessment: Set(text(note.assessment)),
            plan: Set(text(note.plan)),
            client_instructions: Set(text(note.instructions)),
            created_at: Set(Some(written)),
            updated_at: Set(Some(written)),
        },
    )
    .await?;

    let (temp, pulse, resp, grams, bp) = note.vitals;
    // Birds are weighed in grams; everything else in kilograms.
    let (weight, unit) = if grams < 1000 {
        (dec(grams, 0), "g")
    } else {
        (dec(grams, 3), "kg")
    };
    put(w, vital_signs::ActiveModel {
        id: Set(cid("vital_signs", &case.clinic, case.key)),
        case_id: Set(case.id()),
        clinic_id: Set(clinic_id),
        soap_note_id: Set(Some(case.soap_note_id())),
        temperature: Set(Some(dec(temp, 1))),
        temperature_unit: Set(text("F")),
        pulse: Set(Some(pulse)),
        respiration: Set(Some(resp)),
        weight: Set(Some(weight)),
        weight_unit: Set(text(unit)),
        systolic: Set(bp.map(|b| b.0)),
        diastolic: Set(bp.map(|b| b.1)),
        notes: Set(bp.map(|_| "Doppler, right forelimb cuff, average of 5 readings".to_owned())),
        source: Set(text(if case.source == PimsSync { "pims" } else { "manual" })),
        measured_at: Set(Some(visit + TimeDelta::minutes(5))),
        metadata: Set(Some(json!({}))),
        created_at: Set(Some(visit + TimeDelta::minutes(5))),
        updated_at: Set(Some(visit + TimeDelta::minutes(5))),
    })
    .await?;

    let template = match case.discharge {
        Discharge::None => return Ok(()),
        Discharge::Clinic => clinic_discharge_template(&case.clinic),
        Discharge::Global => global_discharge_template(),
    };
    let pet = case.patient();
    let meds: Vec<String> = note
        .meds
        .iter()
        .map(|m| format!("- {}: {} {} for {}", m.0, m.1, m.2, m.3))
        .collect();
    let content = format!(
        "Discharge instructions for {name}\n\nWhat we found: {a}\n\nWhat we did: {p}\n\nMedications:\n{meds}\n\nAt home: {i}\n\nQuestions? Call {clinic}.",
        name = pet.name,
        a = note.assessment,
        p = note.plan,
        meds = if meds.is_empty() {
            "- none".to_owned()
        } else {
            meds.join("\n")
        },
        i = note.instructions,
        clinic = case.clinic.name,
    );
    put(w, discharge_summaries::ActiveModel {
        id: Set(cid("discharge_summary", &case.clinic, case.key)),
        case_id: Set(case.id()),
        clinic_id: Set(clinic_id),
        soap_note_id: Set(Some(case.soap_note_id())),
        template_id: Set(Some(template)),
        content: Set(Some(content)),
        structured_content: Set(Some(json!({
            "diagnosis": note.assessment,
            "medications": note.meds.iter().map(|m| json!({
                "name": m.0, "dose": m.1, "frequency": m.2, "duration": m.3,
            })).collect::<Vec<_>>(),
            "home_care": note.instructions,
            "warning_signs": ["vomiting or diarrhea", "not eating for more than 24 hours", "lethargy"],
        }))),
        created_by: Set(Some(fx::user_id(case.vet))),
        created_at: Set(Some(written + TimeDelta::minutes(20))),
        updated_at: Set(Some(written + TimeDelta::minutes(20))),
    })
    .await
}
