//! Demo tier 11: SOAP and discharge templates (global and per clinic) and the AI prompts.
// Demo rows are tables of tuples, one per row, read column by column below.
#![allow(clippy::type_complexity)]

use entity::{ai_templates, discharge_templates, soap_templates};
use sea_orm::ActiveValue::Set;
use serde_json::json;
use uuid::Uuid;

use super::fixtures::{self, ALPINE, DemoClinic, HARBOR, SUNRISE};
use super::organization::owner_of;
use super::{at, cid, put, text};
use crate::DomainError;
use crate::session::Writer;

/// The global discharge template (`clinic_id` NULL), the default for every clinic.
pub(super) fn global_discharge_template() -> Uuid {
    fixtures::id("discharge_template", "global/standard")
}

/// The clinic's own discharge template.
pub(super) fn clinic_discharge_template(clinic: &DemoClinic) -> Uuid {
    cid("discharge_template", clinic, "own")
}

const STANDARD_DISCHARGE: &str = "Thank you for trusting us with {{patient_name}}'s care today.\n\n\
Diagnosis: {{diagnosis}}\n\nMedications:\n{{medications}}\n\nHome care:\n{{home_care}}\n\n\
Please call us right away at {{clinic_phone}} if you notice vomiting, lethargy, loss of appetite \
for more than 24 hours, or anything that worries you.\n\nNext visit: {{follow_up}}";

/// Clinic discharge templates: name and body.
#[rustfmt::skip]
const CLINIC_DISCHARGE: &[(DemoClinic, &str, &str)] = &[
    (SUNRISE, "Dental Procedure Discharge", "{{patient_name}} had a dental cleaning under general anesthesia today.\n\n\
Feed soft food (canned, or kibble soaked in warm water) for {{soft_food_days}} days. Some drowsiness \
tonight is normal. Skip chew toys and dental treats until the recheck.\n\nMedications:\n{{medications}}\n\n\
Call us if you see bleeding from the mouth that does not stop within 10 minutes, facial swelling, \
or refusal to eat for more than 24 hours."),
    (HARBOR, "Orthopedic Surgery Discharge", "{{patient_name}} had orthopedic surgery ({{procedure}}) today.\n\n\
Strict rest for 8 weeks: leash walks only, 5-10 minutes 3 times a day, no stairs, no jumping, no \
off-leash play. Keep the e-collar on at all times until the incision is checked.\n\n\
Check the incision twice daily. Mild bruising is expected; discharge, gaping or swelling is not.\n\n\
Medications:\n{{medications}}\n\nSuture removal / recheck: {{follow_up}}"),
    (ALPINE, "Wound Care Discharge", "{{patient_name}}'s wound was cleaned and closed today.\n\n\
Keep the area clean and dry, and the cone on until the recheck. No swimming or bathing.\n\n\
Medications:\n{{medications}}\n\nRecheck: {{follow_up}}"),
];

/// SOAP templates: owner (None = global), key, display name, icon, section templates (S, O, A, P).
#[rustfmt::skip]
const SOAP: &[(Option<DemoClinic>, &str, &str, &str, [&str; 4])] = &[
    (None, "general_exam", "General Exam", "stethoscope", [
        "Presenting complaint:\nHistory:\nDiet:\nMedications:",
        "T: P: R: Wt:\nBCS: /9\nEENT:\nCardiopulmonary:\nAbdomen:\nMusculoskeletal:\nSkin/coat:",
        "Problem list:\nDifferentials:",
        "Diagnostics:\nTreatment:\nClient communication:\nRecheck:",
    ]),
    (None, "sick_visit", "Sick Visit", "thermometer", [
        "Chief complaint, onset and progression:\nAppetite/thirst/urination/defecation:",
        "Vitals:\nPertinent findings:",
        "Assessment and rule-outs:",
        "Plan (diagnostics, treatment, home care, recheck):",
    ]),
    (Some(SUNRISE), "dental_procedure", "Dental Procedure", "tooth", [
        "Pre-anesthetic history:\nHome dental care:",
        "Pre-anesthetic exam:\nDental chart findings (modified Triadan):\nPeriodontal grade:",
        "Periodontal disease stage:\nExtractions performed:",
        "Anesthesia protocol:\nAnalgesia:\nHome care:\nRecheck in 10-14 days:",
    ]),
    (Some(HARBOR), "cardiology_recheck", "Cardiology Recheck", "heart-pulse", [
        "Resting respiratory rate at home:\nExercise tolerance:\nCough/syncope:\nMedication compliance:",
        "HR: RR: Murmur grade:\nMucous membranes/CRT:\nLung sounds:",
        "ACVIM stage:\nChange since last visit:",
        "Medication adjustments:\nDiagnostics (echo, radiographs, NT-proBNP):\nRecheck:",
    ]),
    (Some(ALPINE), "puppy_wellness", "Puppy Wellness", "paw-print", [
        "Diet and appetite:\nHouse training and socialization:\nParasite prevention:",
        "Vitals:\nDentition:\nHernias:\nTesticles (males):",
        "Healthy puppy; vaccine series status:",
        "Vaccines given today:\nNext series date:\nSpay/neuter discussion:",
    ]),
];

/// Prompts the AI jobs use: name, type, key, model, description, prompt.
#[rustfmt::skip]
const AI: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("Discharge summary", "discharge_summary", "discharge_summary_v2", "gpt-4o",
     "Writes the client-facing discharge summary from a SOAP note.",
     "You are a veterinary assistant. From the SOAP note below, write discharge instructions a pet owner can follow: plain language, no abbreviations, medication names with dose and frequency, and the warning signs that mean they should call the clinic."),
    ("Post-discharge call analysis", "call_analysis", "outbound_call_analysis_v3", "gpt-4o-mini",
     "Extracts recovery status, medication compliance and attention flags from a follow-up call.",
     "Read the transcript of a follow-up call between the clinic's assistant and a pet owner. Return JSON with pet_recovery_status, medication_compliance, owner_sentiment, follow_up_needed, attention_types (from: health_concern, medication_side_effect, surgical_complication, callback_requested, billing_question) and attention_severity (low, medium, high, critical)."),
    ("SOAP from transcript", "soap_generation", "soap_from_transcript_v1", "gpt-4o",
     "Drafts a SOAP note from the exam-room transcript.",
     "Draft a SOAP note from the transcript of a veterinary consultation. Keep the veterinarian's findings verbatim where possible and mark anything you are unsure of with [verify]."),
];

pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    let created = at(-300, 16, 0);
    put(
        w,
        discharge_templates::ActiveModel {
            id: Set(global_discharge_template()),
            clinic_id: Set(None),
            created_by: Set(None),
            name: Set("Standard Discharge Instructions".into()),
            content: Set(text(STANDARD_DISCHARGE)),
            is_default: Set(Some(true)),
            created_at: Set(Some(created)),
            updated_at: Set(Some(created)),
        },
    )
    .await?;
    for (n, (clinic, name, content)) in CLINIC_DISCHARGE.iter().enumerate() {
        let created = at(-200 + 7 * n as i64, 18, 0);
        put(
            w,
            discharge_templates::ActiveModel {
                id: Set(clinic_discharge_template(clinic)),
                clinic_id: Set(Some(fixtures::clinic_id(clinic))),
                created_by: Set(Some(fixtures::user_id(owner_of(clinic)))),
                name: Set((*name).into()),
                content: Set(text(content)),
                is_default: Set(Some(false)),
                created_at: Set(Some(created)),
                updated_at: Set(Some(created)),
            },
        )
        .await?;
    }

    for (n, (clinic, key, display, icon, [s, o, a, p])) in SOAP.iter().enumerate() {
        let created = at(-250 + 5 * n as i64, 17, 0);
        let (id, clinic_id, created_by) = match clinic {
            Some(c) => (
                cid("soap_template", c, key),
                Some(fixtures::clinic_id(c)),
                Some(fixtures::user_id(owner_of(c))),
            ),
            None => (
                fixtures::id("soap_template", &format!("global/{key}")),
                None,
                None,
            ),
        };
        put(
            w,
            soap_templates::ActiveModel {
                id: Set(id),
                clinic_id: Set(clinic_id),
                created_by: Set(created_by),
                template_name: Set((*key).into()),
                display_name: Set(text(display)),
                icon_name: Set(text(icon)),
                subjective_template: Set(text(s)),
                objective_template: Set(text(o)),
                assessment_template: Set(text(a)),
                plan_template: Set(text(p)),
                client_instructions_template: Set(text(
                    "Home care:\nMedications:\nWhen to call us:",
                )),
                subjective_prompt: Set(text(
                    "Summarize the owner's account: onset, duration, progression.",
                )),
                objective_prompt: Set(text(
                    "List exam findings and vitals exactly as stated by the veterinarian.",
                )),
                assessment_prompt: Set(text(
                    "State the working diagnosis and the differentials discussed.",
                )),
                plan_prompt: Set(text(
                    "List diagnostics, treatments with doses, and the recheck plan.",
                )),
                client_instructions_prompt: Set(text(
                    "Write home-care instructions in plain language.",
                )),
                system_prompt_addition: Set(clinic.map(|c| {
                    format!(
                        "Use {}'s house style: metric units, generic drug names.",
                        c.name
                    )
                })),
                is_default: Set(Some(clinic.is_none() && *key == "general_exam")),
                created_at: Set(Some(created)),
                updated_at: Set(Some(created)),
            },
        )
        .await?;
    }

    for (n, (name, kind, key, model, description, prompt)) in AI.iter().enumerate() {
        let created = at(-320 + n as i64, 15, 0);
        put(
            w,
            ai_templates::ActiveModel {
                id: Set(fixtures::id("ai_template", key)),
                name: Set((*name).into()),
                r#type: Set((*kind).into()),
                key: Set(text(key)),
                content: Set(None),
                prompt: Set(text(prompt)),
                model: Set(text(model)),
                description: Set(text(description)),
                output_format: Set(text(if *kind == "call_analysis" {
                    "json"
                } else {
                    "markdown"
                })),
                validation_schema: Set(Some(if *kind == "call_analysis" {
                    json!({
                        "type": "object",
                        "required": ["pet_recovery_status", "attention_types"],
                        "properties": {
                            "pet_recovery_status": { "type": "string" },
                            "attention_types": { "type": "array", "items": { "type": "string" } },
                            "attention_severity": { "enum": ["low", "medium", "high", "critical"] }
                        }
                    })
                } else {
                    json!({})
                })),
                metadata: Set(Some(json!({ "version": n + 1, "owner": "platform" }))),
                created_at: Set(Some(created)),
                updated_at: Set(Some(created)),
            },
        )
        .await?;
    }
    Ok(())
}
