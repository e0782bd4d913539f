//! Follow-up cadence per case type (`clinic_case_type_cadence`): whether and after how many
//! days a case of a type gets its follow-up call and e-mail. One row per (clinic, case type).

use async_graphql::{Context, ID, InputObject, MaybeUndefined};
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::clinic_case_type_cadence;
use sea_orm::{NotSet, Set};
use uuid::Uuid;

use super::{name_conflict, set_opt};
use crate::context::session;
use crate::errors::GqlResult;
use crate::guard::permit;
use crate::ids;
use crate::inputs::set_maybe;
use crate::payloads::{Changed, Create, Update};
use crate::row::{Exposed, NoLinks, Row};
use crate::scalars::{self, Inner};

const CASE_TYPE_TAKEN: (&str, &str) = (
    "clinic_case_type_cadence_clinic_id_case_type_key",
    "the clinic already has a cadence for this case type",
);

/// A row of `clinic_case_type_cadence` (described with its table in `domain::registry`).
pub type CaseTypeCadence = Row<clinic_case_type_cadence::Entity>;

impl Exposed for clinic_case_type_cadence::Entity {
    type Links<'a> = NoLinks;
    fn links(_model: &clinic_case_type_cadence::Model) -> Self::Links<'_> {
        NoLinks
    }
}

/// The input of `createCaseTypeCadence`, which sets the follow-up cadence of a case type (admin or
/// above).
#[derive(InputObject)]
pub struct CreateCaseTypeCadenceInput {
    pub clinic_id: ID,
    /// One cadence per case type; a second answers CONFLICT.
    pub case_type: String,
    pub auto_schedule_call: Option<bool>,
    pub auto_schedule_email: Option<bool>,
    pub call_delay_days: Option<i32>,
    pub email_delay_days: Option<i32>,
    pub preferred_call_time: Option<scalars::Time>,
    pub preferred_email_time: Option<scalars::Time>,
    pub never_auto_schedule: Option<bool>,
}

/// The result of `createCaseTypeCadence` (`payloads::Changed`).
pub type CreateCaseTypeCadencePayload = Changed<entity::clinic_case_type_cadence::Entity, Create>;

/// Absent fields are left as they are; `null` clears a time.
#[derive(InputObject)]
pub struct UpdateCaseTypeCadenceInput {
    pub id: ID,
    pub case_type: Option<String>,
    pub auto_schedule_call: Option<bool>,
    pub auto_schedule_email: Option<bool>,
    pub call_delay_days: Option<i32>,
    pub email_delay_days: Option<i32>,
    pub preferred_call_time: MaybeUndefined<scalars::Time>,
    pub preferred_email_time: MaybeUndefined<scalars::Time>,
    pub never_auto_schedule: Option<bool>,
}

/// The result of `updateCaseTypeCadence` (`payloads::Changed`).
pub type UpdateCaseTypeCadencePayload = Changed<entity::clinic_case_type_cadence::Entity, Update>;

fn validate_delays(call: Option<i32>, email: Option<i32>) -> Result<(), DomainError> {
    validate::non_negative("input.callDelayDays", call)?;
    validate::non_negative("input.emailDelayDays", email)
}

pub(crate) async fn create_case_type_cadence(
    ctx: &Context<'_>,
    input: CreateCaseTypeCadenceInput,
) -> async_graphql::Result<CreateCaseTypeCadencePayload> {
    let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
    validate::required("input.caseType", &input.case_type).gql()?;
    validate_delays(input.call_delay_days, input.email_delay_days).gql()?;
    let row = session(ctx)?
        .atomically(async |w| {
            // First, so a caller who may not add cadences learns nothing from a CONFLICT.
            permit(
                w,
                Resource::ClinicCaseTypeCadence,
                Action::Create,
                clinic_id,
            )
            .await?;
            w.insert(clinic_case_type_cadence::ActiveModel {
                id: Set(Uuid::new_v4()),
                clinic_id: Set(clinic_id),
                case_type: Set(input.case_type.trim().to_owned()),
                auto_schedule_call: input.auto_schedule_call.map_or(NotSet, |v| Set(Some(v))),
                auto_schedule_email: input.auto_schedule_email.map_or(NotSet, |v| Set(Some(v))),
                call_delay_days: input.call_delay_days.map_or(NotSet, |v| Set(Some(v))),
                email_delay_days: input.email_delay_days.map_or(NotSet, |v| Set(Some(v))),
                preferred_call_time: input
                    .preferred_call_time
                    .inner()
                    .map_or(NotSet, |v| Set(Some(v))),
                preferred_email_time: input
                    .preferred_email_time
                    .inner()
                    .map_or(NotSet, |v| Set(Some(v))),
                never_auto_schedule: input.never_auto_schedule.map_or(NotSet, |v| Set(Some(v))),
                ..Default::default()
            })
            .await
        })
        .await
        .map_err(name_conflict(CASE_TYPE_TAKEN.0, CASE_TYPE_TAKEN.1))
        .gql()?;
    Ok(CreateCaseTypeCadencePayload::new(CaseTypeCadence::new(row)))
}

pub(crate) async fn update_case_type_cadence(
    ctx: &Context<'_>,
    input: UpdateCaseTypeCadenceInput,
) -> async_graphql::Result<UpdateCaseTypeCadencePayload> {
    let id = ids::decode_as(&input.id, Resource::ClinicCaseTypeCadence).gql()?;
    if let Some(v) = &input.case_type {
        validate::required("input.caseType", v).gql()?;
    }
    validate_delays(input.call_delay_days, input.email_delay_days).gql()?;
    let (_, row) = session(ctx)?
        .atomically(async |w| {
            w.update::<clinic_case_type_cadence::Entity, clinic_case_type_cadence::ActiveModel>(
                id,
                Action::Update,
                |row| {
                    if let Some(v) = input.case_type {
                        row.case_type = Set(v.trim().to_owned());
                    }
                    set_opt(&mut row.auto_schedule_call, input.auto_schedule_call);
                    set_opt(&mut row.auto_schedule_email, input.auto_schedule_email);
                    set_opt(&mut row.call_delay_days, input.call_delay_days);
                    set_opt(&mut row.email_delay_days, input.email_delay_days);
                    set_maybe(
                        &mut row.preferred_call_time,
                        input.preferred_call_time.inner(),
                    );
                    set_maybe(
                        &mut row.preferred_email_time,
                        input.preferred_email_time.inner(),
                    );
                    set_opt(&mut row.never_auto_schedule, input.never_auto_schedule);
                    Ok(())
                },
            )
            .await
        })
        .await
        .map_err(name_conflict(CASE_TYPE_TAKEN.0, CASE_TYPE_TAKEN.1))
        .gql()?;
    Ok(UpdateCaseTypeCadencePayload::new(CaseTypeCadence::new(row)))
}
