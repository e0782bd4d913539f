//! Mutations of SOAP notes, discharge summaries and vital signs. Each takes its clinic from the
//! case it is written for, so a note can never land in another clinic than its case.

use async_graphql::{Context, MaybeUndefined, Object};
use chrono::Utc;
use domain::Resource;
use domain::session::Writer;
use domain::{Action, DomainError, validate};
use entity::{discharge_summaries, discharge_templates, soap_notes, vital_signs};
use rust_decimal::Decimal;
use sea_orm::{NotSet, Set};
use uuid::Uuid;

use super::inputs::*;
use super::{DischargeSummary, VitalSigns};
use crate::context::session;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::{decode_maybe, decode_opt, set_maybe};
use crate::scalars::Inner;
use crate::types::clinical::{caller_user_id, case_for, non_negative_decimal};

// ---------------------------------------------------------------------------------------------
// Checks

/// A SOAP note an input refers to: in the case's clinic and of the same case.
async fn note_of_case(
    w: &Writer<'_>,
    note_id: Uuid,
    case_id: Uuid,
    clinic_id: Uuid,
    field: &str,
) -> Result<Uuid, DomainError> {
    let note = w
        .reference::<soap_notes::Entity>(note_id, clinic_id, field)
        .await?;
    if note.case_id != case_id {
        return Err(DomainError::bad_input(
            field,
            "the SOAP note belongs to another case",
        ));
    }
    Ok(note.id)
}

/// A discharge template an input refers to: the clinic's own or a global one. Global templates
/// have no clinic, so `Writer::reference` (which requires the clinic) does not fit.
async fn template_for(
    w: &Writer<'_>,
    template_id: Uuid,
    clinic_id: Uuid,
    field: &str,
) -> Result<Uuid, DomainError> {
    match w
        .fetch::<discharge_templates::Entity>(template_id, Action::Read)
        .await?
    {
        Some(t) if t.clinic_id.is_none_or(|c| c == clinic_id) => Ok(t.id),
        _ => Err(DomainError::bad_input(
            field,
            "no such discharge template in this clinic",
        )),
    }
}

const TEMPERATURE_UNITS: [&str; 2] = ["F", "C"];
const WEIGHT_UNITS: [&str; 3] = ["kg", "g", "lb"];

fn unit(field: &str, value: Option<&str>, allowed: &[&str]) -> Result<(), DomainError> {
    match value {
        Some(v) if !allowed.contains(&v) => Err(DomainError::bad_input(
            field,
            format!("must be one of {}", allowed.join(", ")),
        )),
        _ => Ok(()),
    }
}

/// Measurements are never negative, units are known ones, and a blood pressure's systolic
/// value exceeds its diastolic one.
#[allow(clippy::too_many_arguments)]
fn check_vitals(
    temperature: Option<Decimal>,
    weight: Option<Decimal>,
    pulse: Option<i32>,
    respiration: Option<i32>,
    systolic: Option<i32>,
    diastolic: Option<i32>,
    temperature_unit: Option<&str>,
    weight_unit: Option<&str>,
) -> Result<(), DomainError> {
    non_negative_decimal("input.temperature", temperature)?;
    non_negative_decimal("input.weight", weight)?;
    validate::non_negative("input.pulse", pulse)?;
    validate::non_negative("input.respiration", respiration)?;
    validate::non_negative("input.systolic", systolic)?;
    validate::non_negative("input.diastolic", diastolic)?;
    unit(
        "input.temperatureUnit",
        temperature_unit,
        &TEMPERATURE_UNITS,
    )?;
    unit("input.weightUnit", weight_unit, &WEIGHT_UNITS)?;
    if let (Some(s), Some(d)) = (systolic, diastolic)
        && s <= d
    {
        return Err(DomainError::bad_input(
            "input.systolic",
            "must be greater than the diastolic pressure",
        ));
    }
    Ok(())
}

fn maybe_value<T: Copy>(v: &MaybeUndefined<T>) -> Option<T> {
    match v {
        MaybeUndefined::Value(v) => Some(*v),
        _ => None,
    }
}

fn text(field: &str, value: Option<&str>) -> Result<(), DomainError> {
    validate::optional_text(field, value)
}

// ---------------------------------------------------------------------------------------------
// Mutations

#[derive(Default)]
pub struct NoteMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl NoteMutations {
    /// Writes a discharge summary for a case (member or above).
    async fn create_discharge_summary(
        &self,
        ctx: &Context<'_>,
        input: CreateDischargeSummaryInput,
    ) -> async_graphql::Result<CreateDischargeSummaryPayload> {
        let case_id = ids::decode_as(&input.case_id, Resource::Cases).gql()?;
        let note_id = decode_opt(input.soap_note_id.as_ref(), Resource::SoapNotes)?;
        let template_id = decode_opt(input.template_id.as_ref(), Resource::DischargeTemplates)?;
        text("input.content", input.content.as_deref()).gql()?;
        if let Some(s) = &input.structured_content {
            s.validate("input.structuredContent").gql()?;
        }
        let summary = session(ctx)?
            .atomically(async |w| {
                let case = case_for(w, case_id, "input.caseId").await?;
                let note = match note_id {
                    Some(id) => Some(
                        note_of_case(w, id, case.id, case.clinic_id, "input.soapNoteId").await?,
                    ),
                    None => None,
                };
                let template = match template_id {
                    Some(id) => {
                        Some(template_for(w, id, case.clinic_id, "input.templateId").await?)
                    }
                    None => None,
                };
                w.insert(discharge_summaries::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    case_id: Set(case.id),
                    clinic_id: Set(case.clinic_id),
                    soap_note_id: Set(note),
                    template_id: Set(template),
                    content: Set(input.content),
                    structured_content: Set(input
                        .structured_content
                        .as_ref()
                        .map(DischargeContentInput::to_json)),
                    created_by: Set(caller_user_id(w.session())),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(CreateDischargeSummaryPayload::new(DischargeSummary::new(
            summary,
        )))
    }

    /// Changes a discharge summary (member or above).
    async fn update_discharge_summary(
        &self,
        ctx: &Context<'_>,
        input: UpdateDischargeSummaryInput,
    ) -> async_graphql::Result<UpdateDischargeSummaryPayload> {
        let id = ids::decode_as(&input.id, Resource::DischargeSummaries).gql()?;
        let note_id = decode_maybe(&input.soap_note_id, Resource::SoapNotes)?;
        let template_id = decode_maybe(&input.template_id, Resource::DischargeTemplates)?;
        text("input.content", input.content.as_opt_deref().flatten()).gql()?;
        if let MaybeUndefined::Value(s) = &input.structured_content {
            s.validate("input.structuredContent").gql()?;
        }
        let (_, summary) = session(ctx)?
            .atomically(async |w| {
                let current = w
                    .load_for::<discharge_summaries::Entity>(id, Action::Update)
                    .await?;
                let note = match note_id {
                    MaybeUndefined::Value(n) => MaybeUndefined::Value(
                        note_of_case(w, n, current.case_id, current.clinic_id, "input.soapNoteId")
                            .await?,
                    ),
                    other => other,
                };
                let template = match template_id {
                    MaybeUndefined::Value(t) => MaybeUndefined::Value(
                        template_for(w, t, current.clinic_id, "input.templateId").await?,
                    ),
                    other => other,
                };
                w.update::<discharge_summaries::Entity, discharge_summaries::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        set_maybe(&mut row.soap_note_id, note);
                        set_maybe(&mut row.template_id, template);
                        set_maybe(&mut row.content, input.content);
                        match &input.structured_content {
                            MaybeUndefined::Undefined => {}
                            MaybeUndefined::Null => row.structured_content = Set(None),
                            MaybeUndefined::Value(s) => {
                                row.structured_content = Set(Some(s.to_json()))
                            }
                        }
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateDischargeSummaryPayload::new(DischargeSummary::new(
            summary,
        )))
    }

    /// Records vital signs for a case (member or above). Measurements must not be negative and
    /// the systolic pressure must exceed the diastolic one.
    async fn create_vital_signs(
        &self,
        ctx: &Context<'_>,
        input: CreateVitalSignsInput,
    ) -> async_graphql::Result<CreateVitalSignsPayload> {
        let case_id = ids::decode_as(&input.case_id, Resource::Cases).gql()?;
        let note_id = decode_opt(input.soap_note_id.as_ref(), Resource::SoapNotes)?;
        check_vitals(
            input.temperature.inner(),
            input.weight.inner(),
            input.pulse,
            input.respiration,
            input.systolic,
            input.diastolic,
            input.temperature_unit.as_deref(),
            input.weight_unit.as_deref(),
        )
        .gql()?;
        text("input.source", input.source.as_deref()).gql()?;
        let vitals = session(ctx)?
            .atomically(async |w| {
                let case = case_for(w, case_id, "input.caseId").await?;
                let note = match note_id {
                    Some(id) => Some(
                        note_of_case(w, id, case.id, case.clinic_id, "input.soapNoteId").await?,
                    ),
                    None => None,
                };
                w.insert(vital_signs::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    case_id: Set(case.id),
                    clinic_id: Set(case.clinic_id),
                    soap_note_id: Set(note),
                    temperature: Set(input.temperature.inner()),
                    temperature_unit: input.temperature_unit.map_or(NotSet, |v| Set(Some(v))),
                    pulse: Set(input.pulse),
                    respiration: Set(input.respiration),
                    weight: Set(input.weight.inner()),
                    weight_unit: input.weight_unit.map_or(NotSet, |v| Set(Some(v))),
                    systolic: Set(input.systolic),
                    diastolic: Set(input.diastolic),
                    notes: Set(input.notes),
                    source: input.source.map_or(NotSet, |v| Set(Some(v))),
                    measured_at: Set(Some(input.measured_at.inner().unwrap_or_else(Utc::now))),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(CreateVitalSignsPayload::new(VitalSigns::new(vitals)))
    }

    /// Changes recorded vital signs (member or above). The checks of `createVitalSigns` apply to
    /// the row as it will be (a new diastolic value is compared with the stored systolic one).
    async fn update_vital_signs(
        &self,
        ctx: &Context<'_>,
        input: UpdateVitalSignsInput,
    ) -> async_graphql::Result<UpdateVitalSignsPayload> {
        let id = ids::decode_as(&input.id, Resource::VitalSigns).gql()?;
        let note_id = decode_maybe(&input.soap_note_id, Resource::SoapNotes)?;
        check_vitals(
            maybe_value(&input.temperature.inner()),
            maybe_value(&input.weight.inner()),
            maybe_value(&input.pulse),
            maybe_value(&input.respiration),
            maybe_value(&input.systolic),
            maybe_value(&input.diastolic),
            input.temperature_unit.as_opt_deref().flatten(),
            input.weight_unit.as_opt_deref().flatten(),
        )
        .gql()?;
        text("input.source", input.source.as_opt_deref().flatten()).gql()?;
        let (_, vitals) = session(ctx)?
            .atomically(async |w| {
                let current = w
                    .load_for::<vital_signs::Entity>(id, Action::Update)
                    .await?;
                let note = match note_id {
                    MaybeUndefined::Value(n) => MaybeUndefined::Value(
                        note_of_case(w, n, current.case_id, current.clinic_id, "input.soapNoteId")
                            .await?,
                    ),
                    other => other,
                };
                w.update::<vital_signs::Entity, vital_signs::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        set_maybe(&mut row.soap_note_id, note);
                        set_maybe(&mut row.temperature, input.temperature.inner());
                        set_maybe(&mut row.temperature_unit, input.temperature_unit);
                        set_maybe(&mut row.pulse, input.pulse);
                        set_maybe(&mut row.respiration, input.respiration);
                        set_maybe(&mut row.weight, input.weight.inner());
                        set_maybe(&mut row.weight_unit, input.weight_unit);
                        set_maybe(&mut row.systolic, input.systolic);
                        set_maybe(&mut row.diastolic, input.diastolic);
                        set_maybe(&mut row.notes, input.notes);
                        set_maybe(&mut row.source, input.source);
                        set_maybe(&mut row.measured_at, input.measured_at.inner());
                        // The pressure pair as it will be stored, one side possibly unchanged.
                        let systolic = row.systolic.try_as_ref().copied().flatten();
                        let diastolic = row.diastolic.try_as_ref().copied().flatten();
                        if let (Some(s), Some(d)) = (systolic, diastolic)
                            && s <= d
                        {
                            let field = if input_touches_diastolic(row) {
                                "input.diastolic"
                            } else {
                                "input.systolic"
                            };
                            return Err(DomainError::bad_input(
                                field,
                                "the systolic pressure must be greater than the diastolic one",
                            ));
                        }
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateVitalSignsPayload::new(VitalSigns::new(vitals)))
    }
}

/// Whether this update sets the diastolic value (to name the field the caller changed).
fn input_touches_diastolic(row: &vital_signs::ActiveModel) -> bool {
    row.diastolic.is_set() && !row.systolic.is_set()
}
