//! The voice assistant's booking workflow, inbound: which slots a clinic can offer, holding
//! one for a caller so that nobody else can take it, and the trail each step leaves.
//!
//! Free slots come from the clinic's hours (`clinic_schedule_config.daily_hours`, else
//! `clinics.business_hours`) on the grid of `slot_duration_minutes`, cut to the assistant's
//! window, minus active blocked periods, live appointments in the target room (every live
//! appointment when no target room is set) and bookings that still hold their time: confirmed
//! ones, and pending or held ones whose hold has not expired (a pending booking without a hold
//! time holds until it is confirmed or cancelled). An expired hold stops counting the moment it
//! expires; no job has to run.
//!
//! Two holds of overlapping time in one clinic cannot both succeed: a hold takes the clinic's
//! booking lock (`Writer::serialize_on`) for the rest of its transaction, checks the slot
//! against what is committed, then inserts. The lock rather than a constraint, because whether
//! a pending booking still blocks depends on the clock.

pub mod availability;
pub mod clinic_time;

use chrono::{DateTime, Duration, Utc};
use entity::enums::BookingStatus;
use entity::{
    appointment_audit_log, clinic_blocked_periods, clinic_schedule_config, clinics,
    schedule_appointments, vapi_bookings,
};
use sea_orm::{ColumnTrait, Condition, Set};
use uuid::Uuid;

use crate::session::Writer;
use crate::{Action, DomainError, Resource};
use availability::{Blocked, BookableHours, Span, free, week_of};
use clinic_time::ClinicClock;

/// The longest span one availability question may cover.
pub const MAX_SPAN_DAYS: i64 = 31;
/// Appointment lengths the assistant may ask for, in minutes.
pub const LENGTH_MINUTES: std::ops::RangeInclusive<i64> = 5..=480;
/// How long a hold lasts unless asked otherwise, and the longest one may last, in minutes.
pub const HOLD_MINUTES: i64 = 5;
pub const MAX_HOLD_MINUTES: i64 = 30;

/// A clinic's bookable hours and where its appointments are booked.
pub struct Schedule {
    pub hours: BookableHours,
    /// The slot length when the caller names none (`slot_duration_minutes`).
    pub slot_length: Duration,
    /// The room the assistant books into (`target_room_id`).
    pub room: Option<String>,
}

/// The free slots of a clinic in a span.
pub struct Availability {
    pub clock: ClinicClock,
    pub length: Duration,
    pub slots: Vec<Span>,
}

/// The clinic's schedule, as the caller may read it (NOT_FOUND outside their clinics).
pub async fn schedule(w: &Writer<'_>, clinic_id: Uuid) -> Result<Schedule, DomainError> {
    let clinic = w
        .find_one::<clinics::Entity>(Action::Read, clinics::Column::Id.eq(clinic_id).into())
        .await?
        .ok_or(DomainError::NotFound("clinic"))?;
    let clock = ClinicClock::named(&clinic.timezone)?;
    let config = w
        .find_one::<clinic_schedule_config::Entity>(
            Action::Read,
            clinic_schedule_config::Column::ClinicId
                .eq(clinic_id)
                .into(),
        )
        .await?;
    let config = config.as_ref();
    let daily = config
        .and_then(|c| c.daily_hours.clone())
        .and_then(|h| serde_json::from_value(h).ok());
    let week = daily
        .or(clinic.business_hours)
        .map(|h| week_of(&h))
        .unwrap_or_default();
    let step = Duration::minutes(
        config
            .and_then(|c| c.slot_duration_minutes)
            .map_or(15, |m| i64::from(m.max(1))),
    );
    let window = config.and_then(|c| {
        Some((
            c.vapi_availability_start_time?,
            c.vapi_availability_end_time?,
        ))
    });
    let blocked = w
        .all::<clinic_blocked_periods::Entity>(
            Action::Read,
            Condition::all()
                .add(clinic_blocked_periods::Column::ClinicId.eq(clinic_id))
                .add(clinic_blocked_periods::Column::IsActive.ne(false)),
        )
        .await?
        .into_iter()
        .map(|b| Blocked {
            start: b.start_time,
            end: b.end_time,
            days: b.days_of_week.unwrap_or_default(),
        })
        .collect();
    Ok(Schedule {
        hours: BookableHours {
            clock,
            week,
            step,
            window,
            blocked,
        },
        slot_length: step,
        room: config.and_then(|c| c.target_room_id.clone()),
    })
}

/// Bookings that hold their time at `now`: confirmed, or pending/held with a hold that has
/// not expired (or no hold time at all).
pub fn holds_time(now: DateTime<Utc>) -> Condition {
    use vapi_bookings::Column;
    Condition::any()
        .add(Column::Status.eq(BookingStatus::Confirmed))
        .add(
            Condition::all()
                .add(Column::Status.is_in([BookingStatus::Pending, BookingStatus::Held]))
                .add(
                    Condition::any()
                        .add(Column::HoldExpiresAt.is_null())
                        .add(Column::HoldExpiresAt.gt(now)),
                ),
        )
}

/// What is busy in `within` for the schedule: live appointments in its room, and bookings
/// that hold their time at `now`.
async fn busy(
    w: &Writer<'_>,
    clinic_id: Uuid,
    schedule: &Schedule,
    within: Span,
    now: DateTime<Utc>,
) -> Result<Vec<Span>, DomainError> {
    use schedule_appointments::Column as A;
    let mut appointments = Condition::all()
        .add(A::ClinicId.eq(clinic_id))
        .add(A::DeletedAt.is_null())
        .add(
            Condition::any()
                .add(A::Status.is_null())
                .add(A::Status.ne(entity::enums::AppointmentStatus::Cancelled)),
        )
        .add(A::StartsAt.lt(within.ends_at))
        .add(A::EndsAt.gt(within.starts_at));
    if let Some(room) = &schedule.room {
        appointments = appointments.add(A::RoomId.eq(room.clone()));
    }
    let mut spans: Vec<Span> = w
        .all::<schedule_appointments::Entity>(Action::Read, appointments)
        .await?
        .into_iter()
        .map(|a| Span {
            starts_at: a.starts_at,
            ends_at: a.ends_at,
        })
        .collect();
    use vapi_bookings::Column as B;
    let bookings = Condition::all()
        .add(B::ClinicId.eq(clinic_id))
        .add(B::StartsAt.lt(within.ends_at))
        .add(B::EndsAt.gt(within.starts_at))
        .add(holds_time(now));
    spans.extend(
        w.all::<vapi_bookings::Entity>(Action::Read, bookings)
            .await?
            .into_iter()
            .map(|b| Span {
                starts_at: b.starts_at,
                ends_at: b.ends_at,
            }),
    );
    Ok(spans)
}

/// The caller may read the clinic's bookings (every member; the service).
async fn may_see_bookings(w: &Writer<'_>, clinic_id: Uuid) -> Result<(), DomainError> {
    w.permit(Resource::VapiBookings, Action::Read, clinic_id)
        .await
}

/// Checks a span and a length asked for; the two names are the inputs that set them.
fn check_question(
    within: Span,
    length: Duration,
    (span_field, length_field): (&str, &str),
) -> Result<(), DomainError> {
    if within.ends_at <= within.starts_at {
        return Err(DomainError::bad_input(
            span_field,
            "the end must be after the start",
        ));
    }
    if within.ends_at - within.starts_at > Duration::days(MAX_SPAN_DAYS) {
        return Err(DomainError::bad_input(
            span_field,
            format!("a span may cover at most {MAX_SPAN_DAYS} days"),
        ));
    }
    if !LENGTH_MINUTES.contains(&length.num_minutes()) || length.num_seconds() % 60 != 0 {
        return Err(DomainError::bad_input(
            length_field,
            format!(
                "must be whole minutes from {} to {}",
                LENGTH_MINUTES.start(),
                LENGTH_MINUTES.end()
            ),
        ));
    }
    Ok(())
}

/// The first `limit` free slots of `length` (the clinic's slot length when `None`) in
/// `within`, none starting before `now`.
pub async fn availability(
    w: &Writer<'_>,
    clinic_id: Uuid,
    within: Span,
    length: Option<Duration>,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Availability, DomainError> {
    may_see_bookings(w, clinic_id).await?;
    let schedule = schedule(w, clinic_id).await?;
    let length = length.unwrap_or(schedule.slot_length);
    check_question(within, length, ("to", "minutes"))?;
    let within = Span {
        starts_at: within.starts_at.max(now),
        ends_at: within.ends_at,
    };
    let slots = if within.starts_at < within.ends_at {
        let busy = busy(w, clinic_id, &schedule, within, now).await?;
        free(schedule.hours.slots(within, length), &busy)
            .take(limit)
            .collect()
    } else {
        Vec::new()
    };
    Ok(Availability {
        clock: schedule.hours.clock,
        length,
        slots,
    })
}

/// What a hold asks for: the slot, how long to hold it, and the booking's details (its
/// caller, pet and reason; clinic, times, status and hold are set here).
pub struct HoldRequest {
    pub clinic_id: Uuid,
    pub starts_at: DateTime<Utc>,
    /// The slot's length; the clinic's slot length when `None`.
    pub length: Option<Duration>,
    pub hold_for: Duration,
    pub details: vapi_bookings::ActiveModel,
}

/// Holds a free slot: a pending booking that blocks the slot until `hold_expires_at`.
/// BAD_USER_INPUT when the slot is not one the clinic offers, CONFLICT when something holds
/// it, FORBIDDEN below the booking create rule.
pub async fn hold(
    w: &Writer<'_>,
    request: HoldRequest,
    now: DateTime<Utc>,
) -> Result<vapi_bookings::Model, DomainError> {
    let HoldRequest {
        clinic_id,
        starts_at,
        length,
        hold_for,
        mut details,
    } = request;
    w.permit(Resource::VapiBookings, Action::Create, clinic_id)
        .await?;
    let schedule = schedule(w, clinic_id).await?;
    let slot = Span {
        starts_at,
        ends_at: starts_at + length.unwrap_or(schedule.slot_length),
    };
    check_question(
        slot,
        slot.ends_at - slot.starts_at,
        ("input.startsAt", "input.minutes"),
    )?;
    if !(1..=MAX_HOLD_MINUTES).contains(&hold_for.num_minutes()) {
        return Err(DomainError::bad_input(
            "input.holdMinutes",
            format!("must be from 1 to {MAX_HOLD_MINUTES}"),
        ));
    }
    if slot.starts_at < now {
        return Err(DomainError::bad_input(
            "input.startsAt",
            "the slot has already begun",
        ));
    }
    if let sea_orm::ActiveValue::Set(Some(call)) = details.inbound_call_id {
        w.reference::<entity::inbound_calls::Entity>(call, clinic_id, "input.inboundCallId")
            .await?;
    }
    if !schedule.hours.offers(slot) {
        return Err(DomainError::bad_input(
            "input.startsAt",
            "is not a slot the clinic offers (see Clinic.availability)",
        ));
    }
    // From here to the commit, no other hold of this clinic can check or insert.
    let now = lock_bookings(w, clinic_id).await?.max(now);
    if !busy(w, clinic_id, &schedule, slot, now).await?.is_empty() {
        return Err(DomainError::Conflict {
            message: "the slot is no longer free".into(),
            constraint: None,
        });
    }
    details.id = Set(Uuid::new_v4());
    details.clinic_id = Set(clinic_id);
    details.starts_at = Set(slot.starts_at);
    details.ends_at = Set(slot.ends_at);
    details.status = Set(Some(BookingStatus::Pending));
    details.hold_expires_at = Set(Some(now + hold_for));
    let booking = w.insert::<vapi_bookings::Entity, _>(details).await?;
    trail(w, &booking, "booking_held", None, None).await?;
    Ok(booking)
}

/// A booking step's entry in the booking flow's trail (`appointment_audit_log`): who did it
/// (the service's name, else `staff`), the times before and after.
pub async fn trail(
    w: &Writer<'_>,
    booking: &vapi_bookings::Model,
    action: &str,
    before: Option<Span>,
    reason: Option<String>,
) -> Result<(), DomainError> {
    let performed_by = match w.session().principal() {
        crate::Principal::Service { name } => name.clone(),
        _ => "staff".to_owned(),
    };
    w.insert_trail::<appointment_audit_log::Entity, _>(
        appointment_audit_log::ActiveModel {
            id: Set(Uuid::new_v4()),
            clinic_id: Set(booking.clinic_id),
            action: Set(action.to_owned()),
            booking_id: Set(Some(booking.id)),
            pims_appointment_id: Set(booking.pims_appointment_id.clone()),
            old_starts_at: Set(before.map(|s| s.starts_at)),
            old_ends_at: Set(before.map(|s| s.ends_at)),
            new_starts_at: Set(Some(booking.starts_at)),
            new_ends_at: Set(Some(booking.ends_at)),
            reason: Set(reason),
            vapi_call_id: Set(booking.vapi_call_id.clone()),
            performed_by: Set(Some(performed_by)),
            ..Default::default()
        },
        booking.clinic_id,
        (Resource::VapiBookings, Action::Update),
    )
    .await?;
    Ok(())
}

/// Takes the clinic's booking lock (see the module documentation) and answers the time to
/// judge holds by: read after the lock, so a hold cannot expire between the check and the
/// commit of the step that relied on it.
pub async fn lock_bookings(w: &Writer<'_>, clinic_id: Uuid) -> Result<DateTime<Utc>, DomainError> {
    w.serialize_on(&format!("booking:{clinic_id}")).await?;
    Ok(Utc::now())
}

/// A pending or held booking whose hold has expired no longer holds its slot and cannot be
/// confirmed (CONFLICT: hold the slot again, it may have been taken meanwhile).
pub fn check_hold(
    status: Option<BookingStatus>,
    hold_expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let waiting = matches!(status, Some(BookingStatus::Pending | BookingStatus::Held));
    match hold_expires_at {
        Some(expired) if waiting && expired <= now => Err(DomainError::Conflict {
            message: "the hold on this slot has expired; hold it again".into(),
            constraint: None,
        }),
        _ => Ok(()),
    }
}
