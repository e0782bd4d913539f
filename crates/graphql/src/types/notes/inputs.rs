//! Inputs and payloads of the note mutations (`mutations.rs`).

use async_graphql::{ID, InputObject, MaybeUndefined};
use domain::{DomainError, validate};

use crate::payloads::{Changed, Create, Update};
use crate::scalars;

// ---------------------------------------------------------------------------------------------
// Inputs and payloads

/// One medication of a discharge summary.
#[derive(InputObject, Clone)]
pub struct DischargeMedicationInput {
    pub name: String,
    pub dose: Option<String>,
    pub frequency: Option<String>,
    pub duration: Option<String>,
}

/// The structured parts of a discharge summary (returned as its `structuredContent`).
#[derive(InputObject, Clone)]
pub struct DischargeContentInput {
    pub diagnosis: Option<String>,
    pub medications: Option<Vec<DischargeMedicationInput>>,
    pub home_care: Option<String>,
    pub warning_signs: Option<Vec<String>>,
}

impl DischargeContentInput {
    pub(super) fn validate(&self, field: &str) -> Result<(), DomainError> {
        for (i, m) in self.medications.iter().flatten().enumerate() {
            validate::required(&format!("{field}.medications[{i}].name"), &m.name)?;
        }
        Ok(())
    }

    /// The JSON stored in `structured_content`, with the keys the rest of the platform reads.
    pub(super) fn to_json(&self) -> serde_json::Value {
        let medications: Vec<serde_json::Value> = self
            .medications
            .iter()
            .flatten()
            .map(|m| {
                serde_json::json!({
                    "name": m.name.trim(), "dose": m.dose, "frequency": m.frequency, "duration": m.duration,
                })
            })
            .collect();
        serde_json::json!({
            "diagnosis": self.diagnosis,
            "medications": medications,
            "home_care": self.home_care,
            "warning_signs": self.warning_signs.clone().unwrap_or_default(),
        })
    }
}

/// The input of `createDischargeSummary`, which writes a discharge summary for a case (member or
/// above).
#[derive(InputObject)]
pub struct CreateDischargeSummaryInput {
    pub case_id: ID,
    /// A SOAP note of the same case.
    pub soap_note_id: Option<ID>,
    /// A discharge template of the case's clinic, or a global one.
    pub template_id: Option<ID>,
    pub content: Option<String>,
    pub structured_content: Option<DischargeContentInput>,
}

/// The result of `createDischargeSummary` (`payloads::Changed`).
pub type CreateDischargeSummaryPayload = Changed<entity::discharge_summaries::Entity, Create>;

/// The input of `updateDischargeSummary`, which changes a discharge summary (member or above).
#[derive(InputObject)]
pub struct UpdateDischargeSummaryInput {
    pub id: ID,
    pub soap_note_id: MaybeUndefined<ID>,
    pub template_id: MaybeUndefined<ID>,
    pub content: MaybeUndefined<String>,
    pub structured_content: MaybeUndefined<DischargeContentInput>,
}

/// The result of `updateDischargeSummary` (`payloads::Changed`).
pub type UpdateDischargeSummaryPayload = Changed<entity::discharge_summaries::Entity, Update>;

/// The input of `createVitalSigns`, which records vital signs for a case (member or above).
#[derive(InputObject)]
pub struct CreateVitalSignsInput {
    pub case_id: ID,
    /// A SOAP note of the same case.
    pub soap_note_id: Option<ID>,
    pub temperature: Option<scalars::Decimal>,
    /// `F` (default) or `C`.
    pub temperature_unit: Option<String>,
    pub pulse: Option<i32>,
    pub respiration: Option<i32>,
    pub weight: Option<scalars::Decimal>,
    /// `kg` (default), `g` or `lb`.
    pub weight_unit: Option<String>,
    pub systolic: Option<i32>,
    pub diastolic: Option<i32>,
    pub notes: Option<String>,
    /// Where the measurement came from; `manual` by default.
    pub source: Option<String>,
    /// When it was measured; now by default.
    pub measured_at: Option<scalars::DateTime>,
}

/// The result of `createVitalSigns` (`payloads::Changed`).
pub type CreateVitalSignsPayload = Changed<entity::vital_signs::Entity, Create>;

/// The input of `updateVitalSigns`, which changes recorded vital signs (member or above).
#[derive(InputObject)]
pub struct UpdateVitalSignsInput {
    pub id: ID,
    pub soap_note_id: MaybeUndefined<ID>,
    pub temperature: MaybeUndefined<scalars::Decimal>,
    pub temperature_unit: MaybeUndefined<String>,
    pub pulse: MaybeUndefined<i32>,
    pub respiration: MaybeUndefined<i32>,
    pub weight: MaybeUndefined<scalars::Decimal>,
    pub weight_unit: MaybeUndefined<String>,
    pub systolic: MaybeUndefined<i32>,
    pub diastolic: MaybeUndefined<i32>,
    pub notes: MaybeUndefined<String>,
    pub source: MaybeUndefined<String>,
    pub measured_at: MaybeUndefined<scalars::DateTime>,
}

/// The result of `updateVitalSigns` (`payloads::Changed`).
pub type UpdateVitalSignsPayload = Changed<entity::vital_signs::Entity, Update>;
