//! The structured content of a discharge summary as its inputs give it (`DischargeContentInput`)
//! and as it is stored (`structured_content`, the keys the rest of the platform reads).

use async_graphql::InputObject;
use domain::{DomainError, validate};
use sea_orm::sea_query::Value as SqlValue;

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

/// The JSON stored in `structured_content`, with the keys the rest of the platform reads.
impl From<DischargeContentInput> for serde_json::Value {
    fn from(content: DischargeContentInput) -> Self {
        let medications: Vec<serde_json::Value> = content
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
            "diagnosis": content.diagnosis,
            "medications": medications,
            "home_care": content.home_care,
            "warning_signs": content.warning_signs.unwrap_or_default(),
        })
    }
}

/// Every medication of stored content has a name (names are stored trimmed, so a blank one
/// is empty).
pub(super) fn discharge_content(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    if let SqlValue::Json(Some(json)) = &value {
        let medications = json["medications"].as_array().into_iter().flatten();
        for (i, medication) in medications.enumerate() {
            let name = medication["name"].as_str().unwrap_or_default();
            validate::required(&format!("{path}.medications[{i}].name"), name)?;
        }
    }
    Ok(value)
}
