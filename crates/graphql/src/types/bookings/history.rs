//! What happened to the schedule: PIMS schedule sync runs (`ScheduleSync`) and the booking
//! flow's audit trail (`AppointmentAuditEntry`). Both are written by the service principal
//! (the sync job, the voice assistant); staff read them.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, SimpleObject};
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::{appointment_audit_log, schedule_appointments, schedule_syncs, vapi_bookings};
use sea_orm::Set;
use sea_orm::sea_query::Value as SqlValue;
use uuid::Uuid;

use crate::context::session;
use crate::enums::ScheduleSyncStatus;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::{json_object, set_maybe};
use crate::row::{
    Exposed, Filtered, Filtering, Parent, Row, Write, Writes, Written, any_of, equals, input,
    no_links, nonblank, parent, reference, refers, step, within,
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
    const WRITES: &'static Writes = &Writes {
        steps: &[step(
            "recordAppointmentAudit",
            Write::Create,
            "entry",
            "Adds an entry to the booking audit trail (service only). The booking and appointment must belong to the clinic.",
        )
        .inputs(&[
            reference("clinic_id").required(),
            input("action")
                .required()
                .check(nonblank)
                .about("What happened, e.g. `booking_created` or `pims_write_failed`."),
            reference("booking_id"),
            reference("appointment_id"),
            input("pims_appointment_id"),
            input("old_starts_at").about("The times before the action; both or neither."),
            input("old_ends_at"),
            input("new_starts_at").about("The times after the action; both or neither."),
            input("new_ends_at"),
            input("reason"),
            input("error_code"),
            input("error_message"),
            input("vapi_call_id"),
            input("performed_by").about("`vapi` when absent."),
        ])
        .check(windows)],
        ..Writes::NONE
    };
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

/// The old and the new window of an audit entry: each both or neither, the end after the start.
fn windows(row: &Written<'_>) -> Result<(), DomainError> {
    for (start, end) in [
        ("old_starts_at", "old_ends_at"),
        ("new_starts_at", "new_ends_at"),
    ] {
        match (row.value(start), row.value(end)) {
            (None, None) => {}
            (
                Some(SqlValue::ChronoDateTimeUtc(Some(first))),
                Some(SqlValue::ChronoDateTimeUtc(Some(last))),
            ) => validate::time_range(&row.path(end), first, last)?,
            _ => {
                return Err(DomainError::bad_input(
                    row.path(end),
                    "give both the start and the end, or neither",
                ));
            }
        }
    }
    Ok(())
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
            w.permit(Resource::ScheduleSyncs, Action::Create, clinic_id)
                .await?;
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
