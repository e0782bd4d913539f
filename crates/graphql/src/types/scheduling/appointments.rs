//! The appointment mutations: create, update, cancel, delete, and the PIMS sync's upsert by
//! PIMS id (the resolvers are listed in `scheduling::mutations`).

use async_graphql::{Context, ID, InputObject, MaybeUndefined, SimpleObject};
use chrono::Utc;
use domain::validate;
use domain::{Action, Resource};
use entity::schedule_appointments;
use sea_orm::{ColumnTrait, Condition, NotSet, Set};
use uuid::Uuid;

use super::{Appointment, current};
use crate::context::session;
use crate::enums::AppointmentStatus;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::set_maybe;
use crate::payloads::{Changed, Create, Update};
use crate::scalars::{self, Inner};

/// The input of `createAppointment`, which books an appointment (member or above).
#[derive(InputObject)]
pub struct CreateAppointmentInput {
    pub clinic_id: ID,
    pub starts_at: scalars::DateTime,
    pub ends_at: scalars::DateTime,
    pub room_id: Option<String>,
    pub patient_name: Option<String>,
    pub client_name: Option<String>,
    pub client_phone: Option<String>,
    pub provider_name: Option<String>,
    pub appointment_type: Option<String>,
    pub status: Option<AppointmentStatus>,
    pub pims_appointment_id: Option<String>,
}

/// The result of `createAppointment` (`payloads::Changed`).
pub type CreateAppointmentPayload = Changed<entity::schedule_appointments::Entity, Create>;

/// Absent fields are left as they are; `null` clears a nullable field.
#[derive(InputObject)]
pub struct UpdateAppointmentInput {
    pub id: ID,
    pub starts_at: Option<scalars::DateTime>,
    pub ends_at: Option<scalars::DateTime>,
    pub room_id: MaybeUndefined<String>,
    pub patient_name: MaybeUndefined<String>,
    pub client_name: MaybeUndefined<String>,
    pub client_phone: MaybeUndefined<String>,
    pub provider_name: MaybeUndefined<String>,
    pub appointment_type: MaybeUndefined<String>,
    pub status: Option<AppointmentStatus>,
}

/// The result of `updateAppointment` (`payloads::Changed`).
pub type UpdateAppointmentPayload = Changed<entity::schedule_appointments::Entity, Update>;

/// The input of `cancelAppointment`, which cancels an appointment.
#[derive(InputObject)]
pub struct CancelAppointmentInput {
    pub id: ID,
}

/// The result of `cancelAppointment`: the appointment as it is after the change.
#[derive(SimpleObject)]
pub struct CancelAppointmentPayload {
    pub appointment: Appointment,
}

/// An appointment as the PIMS has it, keyed by (clinic, `pimsAppointmentId`). Absent fields
/// are left as they are on an existing row; `null` clears them.
#[derive(InputObject)]
pub struct UpsertAppointmentByPimsIdInput {
    pub clinic_id: ID,
    pub pims_appointment_id: String,
    pub starts_at: scalars::DateTime,
    pub ends_at: scalars::DateTime,
    pub room_id: MaybeUndefined<String>,
    pub patient_name: MaybeUndefined<String>,
    pub client_name: MaybeUndefined<String>,
    pub client_phone: MaybeUndefined<String>,
    pub provider_name: MaybeUndefined<String>,
    pub appointment_type: MaybeUndefined<String>,
    pub status: Option<AppointmentStatus>,
    /// Where the appointment came from; `pims` when a new row is created without it.
    pub source: Option<String>,
    /// The sync's fingerprint of the PIMS record.
    pub sync_hash: Option<String>,
}

/// The result of `upsertAppointmentByPimsId`: the appointment as stored, and whether it was created
/// (true) or an existing one was updated (false).
#[derive(SimpleObject)]
pub struct UpsertAppointmentByPimsIdPayload {
    pub appointment: Appointment,
    /// True when no appointment with this PIMS id existed and one was created.
    pub created: bool,
}

pub(crate) async fn create_appointment(
    ctx: &Context<'_>,
    input: CreateAppointmentInput,
) -> async_graphql::Result<CreateAppointmentPayload> {
    let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
    validate::time_range(
        "input.endsAt",
        input.starts_at.inner(),
        input.ends_at.inner(),
    )
    .gql()?;
    validate::phone("input.clientPhone", input.client_phone.as_deref()).gql()?;
    let row = schedule_appointments::ActiveModel {
        id: Set(Uuid::new_v4()),
        clinic_id: Set(clinic_id),
        starts_at: Set(input.starts_at.inner()),
        ends_at: Set(input.ends_at.inner()),
        date: NotSet,
        source: Set(Some("gateway".into())),
        pims_appointment_id: Set(input.pims_appointment_id),
        patient_name: Set(input.patient_name),
        client_name: Set(input.client_name),
        client_phone: Set(input.client_phone),
        provider_name: Set(input.provider_name),
        room_id: Set(input.room_id),
        appointment_type: Set(input.appointment_type),
        status: input.status.map_or(NotSet, |s| Set(Some(s.into()))),
        ..Default::default()
    };
    let appointment = session(ctx)?
        .atomically(async |w| {
            w.permit(Resource::ScheduleAppointments, Action::Create, clinic_id)
                .await?;
            w.insert(row).await
        })
        .await
        .gql()?;
    Ok(CreateAppointmentPayload::new(Appointment::new(appointment)))
}

pub(crate) async fn update_appointment(
    ctx: &Context<'_>,
    input: UpdateAppointmentInput,
) -> async_graphql::Result<UpdateAppointmentPayload> {
    let id = ids::decode_as(&input.id, Resource::ScheduleAppointments).gql()?;
    if let (Some(start), Some(end)) = (input.starts_at.inner(), input.ends_at.inner()) {
        validate::time_range("input.endsAt", start, end).gql()?;
    }
    validate::phone(
        "input.clientPhone",
        input.client_phone.as_opt_deref().flatten(),
    )
    .gql()?;
    let (_, appointment) = session(ctx)?
        .atomically(async |w| {
            w.update::<schedule_appointments::Entity, schedule_appointments::ActiveModel>(
                id,
                Action::Update,
                |row| {
                    // With one end given, the other is the stored one; check the pair as it
                    // will be, so the caller hears which field is wrong.
                    let start = input
                        .starts_at
                        .inner()
                        .map_or_else(|| current(&row.starts_at), Ok)?;
                    let end = input
                        .ends_at
                        .inner()
                        .map_or_else(|| current(&row.ends_at), Ok)?;
                    validate::time_range(
                        if input.ends_at.is_some() {
                            "input.endsAt"
                        } else {
                            "input.startsAt"
                        },
                        start,
                        end,
                    )?;
                    if let Some(v) = input.starts_at {
                        row.starts_at = Set(v.into());
                    }
                    if let Some(v) = input.ends_at {
                        row.ends_at = Set(v.into());
                    }
                    set_maybe(&mut row.room_id, input.room_id);
                    set_maybe(&mut row.patient_name, input.patient_name);
                    set_maybe(&mut row.client_name, input.client_name);
                    set_maybe(&mut row.client_phone, input.client_phone);
                    set_maybe(&mut row.provider_name, input.provider_name);
                    set_maybe(&mut row.appointment_type, input.appointment_type);
                    if let Some(s) = input.status {
                        row.status = Set(Some(s.into()));
                    }
                    Ok(())
                },
            )
            .await
        })
        .await
        .gql()?;
    Ok(UpdateAppointmentPayload::new(Appointment::new(appointment)))
}

pub(crate) async fn cancel_appointment(
    ctx: &Context<'_>,
    input: CancelAppointmentInput,
) -> async_graphql::Result<CancelAppointmentPayload> {
    let id = ids::decode_as(&input.id, Resource::ScheduleAppointments).gql()?;
    let (_, appointment) = session(ctx)?
        .atomically(async |w| {
            w.update::<schedule_appointments::Entity, schedule_appointments::ActiveModel>(
                id,
                Action::Archive,
                |row| {
                    if current(&row.deleted_at)?.is_none() {
                        row.deleted_at = Set(Some(Utc::now()));
                    }
                    row.status = Set(Some(entity::enums::AppointmentStatus::Cancelled));
                    Ok(())
                },
            )
            .await
        })
        .await
        .gql()?;
    Ok(CancelAppointmentPayload {
        appointment: Appointment::new(appointment),
    })
}

pub(crate) async fn upsert_appointment_by_pims_id(
    ctx: &Context<'_>,
    input: UpsertAppointmentByPimsIdInput,
) -> async_graphql::Result<UpsertAppointmentByPimsIdPayload> {
    let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
    validate::required("input.pimsAppointmentId", &input.pims_appointment_id).gql()?;
    validate::time_range(
        "input.endsAt",
        input.starts_at.inner(),
        input.ends_at.inner(),
    )
    .gql()?;
    validate::phone(
        "input.clientPhone",
        input.client_phone.as_opt_deref().flatten(),
    )
    .gql()?;
    validate::optional_text("input.source", input.source.as_deref()).gql()?;
    let pims_id = input.pims_appointment_id.trim().to_owned();
    let (row, created) = session(ctx)?
        .atomically(async |w| {
            w.permit(Resource::ScheduleAppointments, Action::Create, clinic_id).await?;
            let key = Condition::all()
                .add(schedule_appointments::Column::ClinicId.eq(clinic_id))
                .add(schedule_appointments::Column::PimsAppointmentId.eq(pims_id.clone()));
            // Found by the read scope: a row the caller may see but not change answers
            // FORBIDDEN from the update instead of a misleading duplicate insert.
            let existing = w.find_one::<schedule_appointments::Entity>(Action::Read, key).await?;
            let now = Utc::now();
            match existing {
                Some(found) => {
                    let (_, row) = w
                        .update::<schedule_appointments::Entity, schedule_appointments::ActiveModel>(found.id, Action::Update, |row| {
                            row.starts_at = Set(input.starts_at.inner());
                            row.ends_at = Set(input.ends_at.inner());
                            set_maybe(&mut row.room_id, input.room_id);
                            set_maybe(&mut row.patient_name, input.patient_name);
                            set_maybe(&mut row.client_name, input.client_name);
                            set_maybe(&mut row.client_phone, input.client_phone);
                            set_maybe(&mut row.provider_name, input.provider_name);
                            set_maybe(&mut row.appointment_type, input.appointment_type);
                            if let Some(s) = input.status {
                                row.status = Set(Some(s.into()));
                            }
                            if let Some(source) = input.source {
                                row.source = Set(Some(source));
                            }
                            if let Some(hash) = input.sync_hash {
                                row.sync_hash = Set(Some(hash));
                            }
                            row.last_synced_at = Set(Some(now));
                            Ok(())
                        })
                        .await?;
                    Ok((row, false))
                }
                None => {
                    let row = w
                        .insert(schedule_appointments::ActiveModel {
                            id: Set(Uuid::new_v4()),
                            clinic_id: Set(clinic_id),
                            starts_at: Set(input.starts_at.inner()),
                            ends_at: Set(input.ends_at.inner()),
                            date: NotSet,
                            source: Set(Some(input.source.unwrap_or_else(|| "pims".into()))),
                            pims_appointment_id: Set(Some(pims_id)),
                            patient_name: Set(input.patient_name.take()),
                            client_name: Set(input.client_name.take()),
                            client_phone: Set(input.client_phone.take()),
                            provider_name: Set(input.provider_name.take()),
                            room_id: Set(input.room_id.take()),
                            appointment_type: Set(input.appointment_type.take()),
                            status: input.status.map_or(NotSet, |s| Set(Some(s.into()))),
                            sync_hash: Set(input.sync_hash),
                            last_synced_at: Set(Some(now)),
                            ..Default::default()
                        })
                        .await?;
                    Ok((row, true))
                }
            }
        })
        .await
        .gql()?;
    Ok(UpsertAppointmentByPimsIdPayload {
        appointment: Appointment::new(row),
        created,
    })
}
