//! Clinical notes of a case: SOAP notes (`SoapNote`), the discharge summaries written from them
//! (`DischargeSummary`) and vital signs (`VitalSigns`), each with its create and update
//! declared. A note takes its clinic from the case it is written for, so it can never land in
//! another clinic than its case.

mod inputs;

use domain::DomainError;
use entity::{cases, discharge_summaries, soap_notes, users, vital_signs};
use sea_orm::sea_query::Value as SqlValue;

use inputs::{DischargeContentInput, discharge_content};

use crate::row::{
    Children, Exposed, Filtered, Filtering, Parent, Row, Writes, Written, children_in_order,
    equals, input, no_links, not_blank, not_negative, now, parent, reference, within,
};

// ---------------------------------------------------------------------------------------------
// SoapNote

/// A row of `soap_notes` (described with its table in `domain::registry`).
pub type SoapNote = Row<soap_notes::Entity>;

impl Exposed for soap_notes::Entity {
    const WRITES: &'static Writes = &Writes {
        create: Some(
            "Writes a SOAP note for a case (member or above); the note belongs to the case's clinic.",
        ),
        update: Some("Changes a SOAP note (member or above)."),
        inputs: &[
            reference("case_id").required().on_create(),
            input("transcript").check(not_blank),
            input("subjective").check(not_blank),
            input("objective").check(not_blank),
            input("assessment").check(not_blank),
            input("plan").check(not_blank),
            input("client_instructions").check(not_blank),
        ],
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[parent::<cases::Entity>("case")];
    const CHILDREN: &'static [Children] = &[
        children_in_order::<discharge_summaries::Entity>(
            "dischargeSummaries",
            "soap_note_id",
            "Discharge summaries written from this note, oldest first.",
            "created_at",
            false,
        ),
        children_in_order::<vital_signs::Entity>(
            "vitalSigns",
            "soap_note_id",
            "Vital signs recorded with this note, in the order they were measured.",
            "measured_at",
            false,
        ),
    ];
    no_links!();
}

/// The filter of the note lists (SOAP notes, discharge summaries): one input for both.
const NOTE_FILTER: Filtering = Filtering {
    type_name: "NoteFilter",
    about: "Which notes (SOAP notes, discharge summaries) a list returns.",
    fields: &[within("created_at")],
};

impl Filtered for soap_notes::Entity {
    const FILTER: Filtering = NOTE_FILTER;
}

impl Filtered for discharge_summaries::Entity {
    const FILTER: Filtering = NOTE_FILTER;
}

// ---------------------------------------------------------------------------------------------
// DischargeSummary

/// A row of `discharge_summaries` (described with its table in `domain::registry`).
pub type DischargeSummary = Row<discharge_summaries::Entity>;

impl Exposed for discharge_summaries::Entity {
    const WRITES: &'static Writes = &Writes {
        create: Some("Writes a discharge summary for a case (member or above)."),
        update: Some("Changes a discharge summary (member or above)."),
        inputs: &[
            reference("case_id").required().on_create(),
            reference("soap_note_id")
                .of_same("case_id")
                .about("A SOAP note of the same case."),
            reference("template_id")
                .about("A discharge template of the case's clinic, or a global one."),
            input("content").check(not_blank),
            input("structured_content")
                .json_as::<DischargeContentInput, serde_json::Value>()
                .check(discharge_content),
        ],
        author: Some("created_by"),
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[
        parent::<cases::Entity>("case"),
        parent::<soap_notes::Entity>("soapNote"),
        parent::<users::Entity>("createdBy"),
        parent::<entity::discharge_templates::Entity>("template"),
    ];
    no_links!();
}

// ---------------------------------------------------------------------------------------------
// VitalSigns

/// A row of `vital_signs` (described with its table in `domain::registry`).
pub type VitalSigns = Row<vital_signs::Entity>;

impl Exposed for vital_signs::Entity {
    const WRITES: &'static Writes = &Writes {
        create: Some(
            "Records vital signs for a case (member or above). Measurements must not be negative and the systolic pressure must exceed the diastolic one.",
        ),
        update: Some(
            "Changes recorded vital signs (member or above). The checks of `createVitalSigns` apply to the row as it will be (a new diastolic value is compared with the stored systolic one).",
        ),
        inputs: &[
            reference("case_id").required().on_create(),
            reference("soap_note_id")
                .of_same("case_id")
                .about("A SOAP note of the same case."),
            input("temperature").check(not_negative),
            input("temperature_unit")
                .check(temperature_unit)
                .about("`F` (default) or `C`."),
            input("pulse").check(not_negative),
            input("respiration").check(not_negative),
            input("weight").check(not_negative),
            input("weight_unit")
                .check(weight_unit)
                .about("`kg` (default), `g` or `lb`."),
            input("systolic").check(not_negative),
            input("diastolic").check(not_negative),
            input("notes"),
            input("source")
                .check(not_blank)
                .about("Where the measurement came from; `manual` by default."),
            input("measured_at")
                .or(now)
                .about("When it was measured; now by default."),
        ],
        check: Some(pressure),
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[
        parent::<cases::Entity>("case"),
        parent::<soap_notes::Entity>("soapNote"),
    ];
    no_links!();
}

impl Filtered for vital_signs::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "VitalSignsFilter",
        about: "Which vital signs a list returns.",
        fields: &[
            within("measured_at"),
            equals("source").about("`manual`, `pims`, … (exact match)."),
        ],
    };
}

/// A unit among `allowed`.
fn unit(path: &str, value: SqlValue, allowed: &[&str]) -> Result<SqlValue, DomainError> {
    match &value {
        SqlValue::String(Some(unit)) if !allowed.contains(&unit.as_str()) => Err(
            DomainError::bad_input(path, format!("must be one of {}", allowed.join(", "))),
        ),
        _ => Ok(value),
    }
}

fn temperature_unit(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    unit(path, value, &["F", "C"])
}

fn weight_unit(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    unit(path, value, &["kg", "g", "lb"])
}

/// A blood pressure's systolic value exceeds its diastolic one, as the row will be stored (one
/// side possibly unchanged); the error names the side the caller changed.
fn pressure(row: &Written<'_>) -> Result<(), DomainError> {
    let (Some(SqlValue::Int(Some(systolic))), Some(SqlValue::Int(Some(diastolic)))) =
        (row.value("systolic"), row.value("diastolic"))
    else {
        return Ok(());
    };
    if systolic > diastolic {
        return Ok(());
    }
    Err(if row.given("diastolic") && !row.given("systolic") {
        DomainError::bad_input(
            row.path("diastolic"),
            "must be less than the systolic pressure",
        )
    } else {
        DomainError::bad_input(
            row.path("systolic"),
            "must be greater than the diastolic pressure",
        )
    })
}
