//! The scheduling and configuration fields of `Clinic` (appointments, bookings, schedule
//! settings …) and the mutations of this area.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use domain::paging::SortOrder;
use domain::validate;
use domain::Resource;
use entity::{clinics, schedule_appointments};
use sea_orm::{ColumnTrait, Condition, NotSet, Set};
use uuid::Uuid;

use super::TypeRule;
use crate::connection::{List, child_list, window};
use crate::context::session;
use crate::enums::AppointmentStatus;
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;

/// The object types of this area and their resources (for the schema-coverage test).
pub const TYPE_RULES: &[(&str, TypeRule)] = &[
    ("Appointment", TypeRule::Row(Resource::ScheduleAppointments)),
    ("ClinicScheduling", TypeRule::Row(Resource::Clinics)),
];

/// An appointment on the clinic's schedule (synced from the PIMS or booked here).
pub struct Appointment(pub schedule_appointments::Model);

#[Object(guard = "ReadGuard::new(Resource::ScheduleAppointments, self.0.clinic_id)")]
impl Appointment {
    pub async fn id(&self) -> ID {
        ids::encode("Appointment", self.0.id)
    }
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at
    }
    /// The UTC date the appointment starts on.
    async fn date(&self) -> NaiveDate {
        self.0.date
    }
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    async fn pims_appointment_id(&self) -> Option<&str> {
        self.0.pims_appointment_id.as_deref()
    }
    async fn patient_name(&self) -> Option<&str> {
        self.0.patient_name.as_deref()
    }
    async fn client_name(&self) -> Option<&str> {
        self.0.client_name.as_deref()
    }
    async fn client_phone(&self) -> Option<&str> {
        self.0.client_phone.as_deref()
    }
    async fn provider_name(&self) -> Option<&str> {
        self.0.provider_name.as_deref()
    }
    async fn room_id(&self) -> Option<&str> {
        self.0.room_id.as_deref()
    }
    async fn appointment_type(&self) -> Option<&str> {
        self.0.appointment_type.as_deref()
    }
    async fn status(&self) -> Option<AppointmentStatus> {
        self.0.status.map(Into::into)
    }
    async fn last_synced_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_synced_at
    }
    /// Set when the appointment was cancelled (soft-deleted).
    async fn deleted_at(&self) -> Option<DateTime<Utc>> {
        self.0.deleted_at
    }
    async fn created_at(&self) -> Option<DateTime<Utc>> {
        self.0.created_at
    }
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.updated_at
    }
}

/// Which appointments a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct AppointmentFilter {
    /// Appointments starting on or after this instant.
    pub starts_from: Option<DateTime<Utc>>,
    /// Appointments starting before this instant.
    pub starts_before: Option<DateTime<Utc>>,
    pub room_id: Option<String>,
    pub status: Option<Vec<AppointmentStatus>>,
    /// Include cancelled (soft-deleted) appointments; default false.
    pub include_deleted: Option<bool>,
}

impl AppointmentFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let (Some(from), Some(to)) = (self.starts_from, self.starts_before) {
            validate::time_range("filter.startsBefore", from, to).gql()?;
        }
        if let Some(from) = self.starts_from {
            cond = cond.add(schedule_appointments::Column::StartsAt.gte(from));
        }
        if let Some(to) = self.starts_before {
            cond = cond.add(schedule_appointments::Column::StartsAt.lt(to));
        }
        if let Some(room) = &self.room_id {
            cond = cond.add(schedule_appointments::Column::RoomId.eq(room.clone()));
        }
        if let Some(statuses) = &self.status {
            let statuses: Vec<entity::enums::AppointmentStatus> = statuses.iter().map(|s| (*s).into()).collect();
            cond = cond.add(schedule_appointments::Column::Status.is_in(statuses));
        }
        if !self.include_deleted.unwrap_or(false) {
            cond = cond.add(schedule_appointments::Column::DeletedAt.is_null());
        }
        Ok(cond)
    }
}

/// The scheduling fields of `Clinic`.
pub struct ClinicScheduling(pub Arc<clinics::Model>);

#[Object(guard = "ReadGuard::new(Resource::Clinics, self.0.id)")]
impl ClinicScheduling {
    /// The clinic's appointments in start order.
    async fn appointments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<AppointmentFilter>,
    ) -> async_graphql::Result<List<Appointment>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = SortOrder {
            column: schedule_appointments::Column::StartsAt,
            descending: false,
        };
        let window = window(first, after, last, before)?;
        child_list::<schedule_appointments::Entity, _>(
            ctx,
            schedule_appointments::Column::ClinicId,
            self.0.id,
            filter,
            order,
            window,
            Appointment,
        )
        .await
    }
}

#[derive(InputObject)]
pub struct CreateAppointmentInput {
    pub clinic_id: ID,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room_id: Option<String>,
    pub patient_name: Option<String>,
    pub client_name: Option<String>,
    pub client_phone: Option<String>,
    pub provider_name: Option<String>,
    pub appointment_type: Option<String>,
    pub status: Option<AppointmentStatus>,
    pub pims_appointment_id: Option<String>,
}

#[derive(SimpleObject)]
pub struct CreateAppointmentPayload {
    pub appointment: Appointment,
}

#[derive(Default)]
pub struct SchedulingMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl SchedulingMutations {
    /// Books an appointment (member or above). Two live appointments may not overlap in one
    /// room: that answers CONFLICT.
    async fn create_appointment(
        &self,
        ctx: &Context<'_>,
        input: CreateAppointmentInput,
    ) -> async_graphql::Result<CreateAppointmentPayload> {
        let clinic_id = ids::decode(&input.clinic_id, "Clinic", "clinic").gql()?;
        validate::time_range("input.endsAt", input.starts_at, input.ends_at).gql()?;
        validate::phone("input.clientPhone", input.client_phone.as_deref()).gql()?;
        let row = schedule_appointments::ActiveModel {
            id: Set(Uuid::new_v4()),
            clinic_id: Set(clinic_id),
            starts_at: Set(input.starts_at),
            ends_at: Set(input.ends_at),
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
        let appointment = session(ctx)?.insert(row).await.gql()?;
        Ok(CreateAppointmentPayload {
            appointment: Appointment(appointment),
        })
    }
}
