//! Audit trail of actions on bookings and appointments, with the times before and after.
//!
//! The spec's `old_time_range` / `new_time_range` are stored as `old_starts_at`/`old_ends_at`
//! and `new_starts_at`/`new_ends_at` (`docs/SCHEMA_DECISIONS.md` item 1).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `appointment_audit_log`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "appointment_audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub action: String,
    pub booking_id: Option<Uuid>,
    pub appointment_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub pims_appointment_id: Option<String>,
    /// Times before the action (replace `old_time_range`); both set or both `None`.
    pub old_starts_at: Option<DateTimeUtc>,
    pub old_ends_at: Option<DateTimeUtc>,
    /// Times after the action (replace `new_time_range`); both set or both `None`.
    pub new_starts_at: Option<DateTimeUtc>,
    pub new_ends_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub reason: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub error_code: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub error_message: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub vapi_call_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub performed_by: Option<String>,
    pub created_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `clinic_id` → `clinics.id`.
    #[sea_orm(
        belongs_to = "super::clinics::Entity",
        from = "Column::ClinicId",
        to = "super::clinics::Column::Id"
    )]
    Clinic,
    /// `booking_id` → `vapi_bookings.id`.
    #[sea_orm(
        belongs_to = "super::vapi_bookings::Entity",
        from = "Column::BookingId",
        to = "super::vapi_bookings::Column::Id"
    )]
    Booking,
    /// `appointment_id` → `schedule_appointments.id`.
    #[sea_orm(
        belongs_to = "super::schedule_appointments::Entity",
        from = "Column::AppointmentId",
        to = "super::schedule_appointments::Column::Id"
    )]
    Appointment,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::vapi_bookings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Booking.def()
    }
}

impl Related<super::schedule_appointments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Appointment.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
