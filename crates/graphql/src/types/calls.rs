//! Phone calls: discharge calls the clinic makes (`OutboundCall`), calls the voice assistant
//! answers (`InboundCall`), and the structured analysis of either (`CallAnalysis`). Their list
//! filters and orders are in `calls/filters.rs`. Scheduling a call, recording its result and
//! recording and confirming an inbound call, and a call's staff changes (`updateOutboundCall`)
//! are declared with the tables; the analysis upsert is in `calls/mutations.rs`.

mod filters;
mod inputs;
mod mutations;

pub use mutations::CallMutations;

use domain::DomainError;
use entity::{
    call_analysis, cases, clinic_messages, inbound_calls, outbound_calls, refill_requests,
    vapi_bookings,
};
use sea_orm::sea_query::Value as SqlValue;

use crate::row::{
    Children, Exposed, Parent, Row, Write, Writes, Written, children_in_order, input, json_array,
    no_links, nonblank, not_blank, not_negative, one, parent, phone, reference, sets, step,
};

/// A row of `outbound_calls` (described with its table in `domain::registry`).
pub type OutboundCall = Row<outbound_calls::Entity>;

impl Exposed for outbound_calls::Entity {
    const WRITES: &'static Writes = &Writes {
        update: Some("Reschedules, cancels or files the review of a call (member or above)."),
        inputs: &[
            input("scheduled_for")
                .kept()
                .about("Only while the call is queued."),
            input("review_category").check(not_blank),
            input("status").kept().check(only_cancelled).about(
                "Only `CANCELLED`, and only while the call is queued; the telephony webhook \
                 records the other statuses.",
            ),
        ],
        requires: Some(queued_to_reschedule_or_cancel),
        steps: &[
            step(
                "scheduleOutboundCall",
                Write::Create,
                "outboundCall",
                "Schedules a discharge follow-up call for a case (member or above); the call is queued in the case's clinic.",
            )
            .inputs(&[
                reference("case_id").required(),
                input("customer_phone").required().check(phone_number),
                input("scheduled_for").required(),
            ])
            .sets(&[sets("status", || SqlValue::from("queued"))]),
            step(
                "recordOutboundCallResult",
                Write::Update,
                "outboundCall",
                "Records what happened on a call (service only, for the telephony webhook). Absent fields are left as they are.",
            )
            .service_only()
            .inputs(&[
                input("vapi_call_id").kept().check(not_blank),
                input("status").always(),
                input("started_at").kept(),
                input("ended_at").kept(),
                input("ended_reason").kept(),
                input("duration_seconds").kept().check(not_negative),
                input("cost").kept().check(not_negative),
                input("recording_url").kept(),
                input("stereo_recording_url").kept(),
                input("transcript").kept(),
                input("cleaned_transcript").kept(),
                input("transcript_messages")
                    .kept()
                    .check(json_array)
                    .about("The provider's message list (a JSON array)."),
            ])
            .check(ends_after_start),
        ],
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[parent::<cases::Entity>("case")];
    const CHILDREN: &'static [Children] = &[one::<call_analysis::Entity>(
        "analysis",
        "outbound_call_id",
        "The analysis of the call, once the analysis job has produced it.",
    )];
    no_links!();
}

/// A row of `inbound_calls` (described with its table in `domain::registry`).
pub type InboundCall = Row<inbound_calls::Entity>;

impl Exposed for inbound_calls::Entity {
    const WRITES: &'static Writes = &Writes {
        update: Some(
            "Confirms or corrects an inbound call's outcome and its display transcript (member or above).",
        ),
        inputs: &[
            input("outcome"),
            input("action_confirmed").kept(),
            input("display_transcript")
                .check(not_blank)
                .about("A transcript edited for display (e.g. with phone numbers masked)."),
            input("use_display_transcript").kept(),
        ],
        steps: &[step(
            "recordInboundCall",
            Write::Create,
            "inboundCall",
            "Records a call the voice assistant answered (service only, for the telephony webhook).",
        )
        .inputs(&[
            reference("clinic_id").required(),
            input("vapi_call_id")
                .required()
                .check(nonblank)
                .about("The provider's call id; recording the same call twice answers CONFLICT."),
            input("assistant_id"),
            input("phone_number_id"),
            input("customer_phone").check(phone),
            input("type").named("callType"),
            input("status"),
            input("started_at"),
            input("ended_at"),
            input("ended_reason"),
            input("duration_seconds").check(not_negative),
            input("cost").check(not_negative),
            input("recording_url"),
            input("stereo_recording_url"),
            input("transcript"),
            input("transcript_messages").check(json_array),
            input("cleaned_transcript"),
            input("outcome"),
            input("actions_taken"),
            input("extracted_caller_phone"),
            input("extracted_caller_name"),
            input("extracted_pet_name"),
        ])
        .check(ends_after_start)],
        ..Writes::NONE
    };
    const CHILDREN: &'static [Children] = &[
        one::<call_analysis::Entity>(
            "analysis",
            "inbound_call_id",
            "The analysis of the call, once the analysis job has produced it.",
        ),
        children_in_order::<clinic_messages::Entity>(
            "messages",
            "inbound_call_id",
            "Messages taken on the call, newest first.",
            "created_at",
            true,
        ),
        children_in_order::<vapi_bookings::Entity>(
            "bookings",
            "inbound_call_id",
            "Appointments the voice assistant booked on the call, in start order.",
            "starts_at",
            false,
        ),
        children_in_order::<refill_requests::Entity>(
            "refillRequests",
            "inbound_call_id",
            "Refill requests taken on the call, newest first.",
            "created_at",
            true,
        ),
    ];
    no_links!();
}

/// A phone number to call, stored trimmed.
fn phone_number(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    phone(path, nonblank(path, value)?)
}

/// A call does not end before it started.
/// Staff set no status but CANCELLED (the telephony webhook records the others).
fn only_cancelled(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    match &value {
        SqlValue::String(Some(status)) if status.as_str() == "cancelled" => Ok(value),
        _ => Err(DomainError::bad_input(path, "staff may only set CANCELLED")),
    }
}

/// Only a queued call is rescheduled or cancelled (its review may be filed at any time).
fn queued_to_reschedule_or_cancel(row: &Written<'_>) -> Result<(), DomainError> {
    let queued = matches!(
        row.value("status"),
        Some(SqlValue::String(Some(status))) if status.as_str() == "queued"
    );
    if queued {
        return Ok(());
    }
    if row.given("scheduled_for") {
        return Err(DomainError::bad_input(
            "input.scheduledFor",
            "only a queued call can be rescheduled",
        ));
    }
    if row.given("status") {
        return Err(DomainError::bad_input(
            "input.status",
            "only a queued call can be cancelled",
        ));
    }
    Ok(())
}

fn ends_after_start(row: &Written<'_>) -> Result<(), DomainError> {
    row.in_order("started_at", "ended_at", "must not be before startedAt")
}

/// A row of `call_analysis` (described with its table in `domain::registry`).
pub type CallAnalysis = Row<call_analysis::Entity>;

impl Exposed for call_analysis::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<inbound_calls::Entity>("inboundCall"),
        parent::<outbound_calls::Entity>("outboundCall"),
    ];
    no_links!();
}
