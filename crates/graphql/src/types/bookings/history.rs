//! What happened to the schedule: PIMS schedule sync runs (`ScheduleSync`) and the booking
//! flow's audit trail (`AppointmentAuditEntry`). Both are written by the service principal
//! (the sync job, the voice assistant); staff read them.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, SimpleObject};
use chrono::{DateTime, Utc};
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::{appointment_audit_log, schedule_appointments, schedule_syncs, vapi_bookings};
use sea_orm::Set;
use uuid::Uuid;

use crate::context::session;
use crate::enums::ScheduleSyncStatus;
use crate::errors::GqlResult;
use crate::guard::permit;
use crate::ids;
use crate::inputs::{json_object, set_maybe};
use crate::row::{
    Exposed, Filtered, Filtering, Parent, Row, any_of, equals, no_links, parent, refers, within,
};
use crate::scalars::{self, Inner};

/// A row of `schedule_syncs` (described with its table in `domain::registry`).
pub type ScheduleSync = Row<schedule_syncs::Entity>;

impl Exposed for schedule_syncs::Entity {
    no_links!();
}

impl Filtered for schedule_syncs::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "ScheduleSyncFilter",
        about: "Which schedule syncs a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            equals("sync_type"),
            within("started_at"),
        ],
    };
}

/// A row of `appointment_audit_log` (described with its table in `domain::registry`).
pub type AppointmentAuditEntry = Row<appointment_audit_log::Entity>;

impl Exposed for appointment_audit_log::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<vapi_bookings::Entity>("booking"),
        parent::<schedule_appointments::Entity>("appointment"),
    ];
    no_links!();
}

impl Filtered for appointment_audit_log::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "AppointmentAuditFilter",
        about: "Which audit entries a list returns.",
        fields: &[
            any_of("action").about("Any of these actions, e.g. `booking_rescheduled`."),
            refers("booking_id"),
            refers("appointment_id"),
            within("created_at"),
        ],
    };
}

// ---------------------------------------------------------------------------------------------
// Mutations (service only: the policy table refuses them to users)

/// A sync run to record. With the id of an existing run, that run is updated (absent fields
/// unchanged, `null` clears); otherwise a run is created, with `id` when given.
#[derive(InputObject)]
pub struct RecordScheduleSyncInput {
    pub id: Option<ID>,
    /// Required when creating.
    pub clinic_id: Option<ID>,
    pub sync_type: Option<String>,
    pub sync_start_date: Option<scalars::Date>,
    pub sync_end_date: Option<scalars::Date>,
    pub status: Option<ScheduleSyncStatus>,
    pub appointments_added: Option<i32>,
    pub appointments_updated: Option<i32>,
    pub appointments_removed: Option<i32>,
    pub error_message: MaybeUndefined<String>,
    /// A JSON object.
    pub error_details: MaybeUndefined<scalars::Json>,
    pub started_at: Option<scalars::DateTime>,
    pub completed_at: MaybeUndefined<scalars::DateTime>,
    pub duration_ms: MaybeUndefined<i32>,
}

/// The result of `recordScheduleSync`: the schedule sync as it is after the change.
#[derive(SimpleObject)]
pub struct RecordScheduleSyncPayload {
    pub schedule_sync: ScheduleSync,
}

/// The input of `recordAppointmentAudit`, which adds an entry to the booking audit trail (service
/// only).
#[derive(InputObject)]
pub struct RecordAppointmentAuditInput {
    pub clinic_id: ID,
    /// What happened, e.g. `booking_created` or `pims_write_failed`.
    pub action: String,
    pub booking_id: Option<ID>,
    pub appointment_id: Option<ID>,
    pub pims_appointment_id: Option<String>,
    /// The times before the action; both or neither.
    pub old_starts_at: Option<scalars::DateTime>,
    pub old_ends_at: Option<scalars::DateTime>,
    /// The times after the action; both or neither.
    pub new_starts_at: Option<scalars::DateTime>,
    pub new_ends_at: Option<scalars::DateTime>,
    pub reason: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub vapi_call_id: Option<String>,
    /// `vapi` when absent.
    pub performed_by: Option<String>,
}

/// The result of `recordAppointmentAudit`: the entry as it is after the change.
#[derive(SimpleObject)]
pub struct RecordAppointmentAuditPayload {
    pub entry: AppointmentAuditEntry,
}

/// Both ends of an optional window or neither, the end after the start.
fn window_pair(
    field: &str,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
) -> Result<(), DomainError> {
    match (start, end) {
        (None, None) => Ok(()),
        (Some(s), Some(e)) => validate::time_range(field, s, e),
        _ => Err(DomainError::bad_input(
            field,
            "give both the start and the end, or neither",
        )),
    }
}

fn validate_sync(input: &RecordScheduleSyncInput) -> Result<(), DomainError> {
    validate::optional_text("input.syncType", input.sync_type.as_deref())?;
    validate::non_negative("input.appointmentsAdded", input.appointments_added)?;
    validate::non_negative("input.appointmentsUpdated", input.appointments_updated)?;
    validate::non_negative("input.appointmentsRemoved", input.appointments_removed)?;
    validate::non_negative("input.durationMs", input.duration_ms.value().copied())?;
    if let (Some(start), Some(end)) = (input.sync_start_date, input.sync_end_date)
        && end < start
    {
        return Err(DomainError::bad_input(
            "input.syncEndDate",
            "must not be before syncStartDate",
        ));
    }
    if let (Some(start), Some(end)) = (input.started_at, input.completed_at.value().copied())
        && end < start
    {
        return Err(DomainError::bad_input(
            "input.completedAt",
            "must not be before startedAt",
        ));
    }
    Ok(())
}

pub(crate) async fn record_schedule_sync(
    ctx: &Context<'_>,
    input: RecordScheduleSyncInput,
) -> async_graphql::Result<RecordScheduleSyncPayload> {
    let id = input
        .id
        .as_ref()
        .map(|id| ids::decode_as(id, Resource::ScheduleSyncs))
        .transpose()
        .gql()?;
    let clinic_id = input
        .clinic_id
        .as_ref()
        .map(|id| ids::decode_as(id, Resource::Clinics))
        .transpose()
        .gql()?;
    validate_sync(&input).gql()?;
    let error_details = match input.error_details {
        MaybeUndefined::Value(v) => {
            MaybeUndefined::Value(json_object("input.errorDetails", v).gql()?)
        }
        MaybeUndefined::Null => MaybeUndefined::Null,
        MaybeUndefined::Undefined => MaybeUndefined::Undefined,
    };
    let apply = move |row: &mut schedule_syncs::ActiveModel| {
        if let Some(v) = input.sync_type {
            row.sync_type = Set(Some(v));
        }
        if let Some(v) = input.sync_start_date {
            row.sync_start_date = Set(Some(v.into()));
        }
        if let Some(v) = input.sync_end_date {
            row.sync_end_date = Set(Some(v.into()));
        }
        if let Some(v) = input.status {
            row.status = Set(Some(v.into()));
        }
        if let Some(v) = input.appointments_added {
            row.appointments_added = Set(Some(v));
        }
        if let Some(v) = input.appointments_updated {
            row.appointments_updated = Set(Some(v));
        }
        if let Some(v) = input.appointments_removed {
            row.appointments_removed = Set(Some(v));
        }
        set_maybe(&mut row.error_message, input.error_message);
        set_maybe(&mut row.error_details, error_details);
        if let Some(v) = input.started_at {
            row.started_at = Set(Some(v.into()));
        }
        set_maybe(&mut row.completed_at, input.completed_at.inner());
        set_maybe(&mut row.duration_ms, input.duration_ms);
    };
    let row = session(ctx)?
        .atomically(async |w| {
            let existing = match id {
                Some(id) => w.fetch::<schedule_syncs::Entity>(id, Action::Read).await?,
                None => None,
            };
            if let Some(found) = existing {
                if clinic_id.is_some_and(|c| c != found.clinic_id) {
                    return Err(DomainError::bad_input(
                        "input.clinicId",
                        "a sync run cannot move to another clinic",
                    ));
                }
                let (_, row) = w
                    .update::<schedule_syncs::Entity, schedule_syncs::ActiveModel>(
                        found.id,
                        Action::Update,
                        |row| {
                            apply(row);
                            Ok(())
                        },
                    )
                    .await?;
                return Ok(row);
            }
            let clinic_id = clinic_id.ok_or_else(|| {
                DomainError::bad_input("input.clinicId", "required when recording a new sync run")
            })?;
            permit(w, Resource::ScheduleSyncs, Action::Create, clinic_id).await?;
            let mut row = schedule_syncs::ActiveModel {
                id: Set(id.unwrap_or_else(Uuid::new_v4)),
                clinic_id: Set(clinic_id),
                ..Default::default()
            };
            apply(&mut row);
            w.insert(row).await
        })
        .await
        .gql()?;
    Ok(RecordScheduleSyncPayload {
        schedule_sync: ScheduleSync::new(row),
    })
}

pub(crate) async fn record_appointment_audit(
    ctx: &Context<'_>,
    input: RecordAppointmentAuditInput,
) -> async_graphql::Result<RecordAppointmentAuditPayload> {
    let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
    let booking_id = input
        .booking_id
        .as_ref()
        .map(|id| ids::decode_as(id, Resource::VapiBookings))
        .transpose()
        .gql()?;
    let appointment_id = input
        .appointment_id
        .as_ref()
        .map(|id| ids::decode_as(id, Resource::ScheduleAppointments))
        .transpose()
        .gql()?;
    validate::required("input.action", &input.action).gql()?;
    window_pair(
        "input.oldEndsAt",
        input.old_starts_at.inner(),
        input.old_ends_at.inner(),
    )
    .gql()?;
    window_pair(
        "input.newEndsAt",
        input.new_starts_at.inner(),
        input.new_ends_at.inner(),
    )
    .gql()?;
    let row = session(ctx)?
        .atomically(async |w| {
            permit(w, Resource::AppointmentAuditLog, Action::Create, clinic_id).await?;
            if let Some(id) = booking_id {
                w.reference::<vapi_bookings::Entity>(id, clinic_id, "input.bookingId")
                    .await?;
            }
            if let Some(id) = appointment_id {
                w.reference::<schedule_appointments::Entity>(id, clinic_id, "input.appointmentId")
                    .await?;
            }
            w.insert(appointment_audit_log::ActiveModel {
                id: Set(Uuid::new_v4()),
                clinic_id: Set(clinic_id),
                action: Set(input.action.trim().to_owned()),
                booking_id: Set(booking_id),
                appointment_id: Set(appointment_id),
                pims_appointment_id: Set(input.pims_appointment_id),
                old_starts_at: Set(input.old_starts_at.inner()),
                old_ends_at: Set(input.old_ends_at.inner()),
                new_starts_at: Set(input.new_starts_at.inner()),
                new_ends_at: Set(input.new_ends_at.inner()),
                reason: Set(input.reason),
                error_code: Set(input.error_code),
                error_message: Set(input.error_message),
                vapi_call_id: Set(input.vapi_call_id),
                performed_by: input.performed_by.map_or(sea_orm::NotSet, |p| Set(Some(p))),
                ..Default::default()
            })
            .await
        })
        .await
        .gql()?;
    Ok(RecordAppointmentAuditPayload {
        entry: AppointmentAuditEntry::new(row),
    })
}
