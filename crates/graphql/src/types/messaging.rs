//! Written communication: discharge e-mails to clients (`OutboundEmail`), messages left for the
//! clinic (`ClinicMessage`) and prescription refill requests (`RefillRequest`), with their list
//! filters. Their writes are declared with them: the create and update of messages and refill
//! requests, and the steps of an e-mail (schedule, change while queued, cancel) and of a refill
//! request (approve, deny).

use async_graphql::Value;
use domain::{Action, DomainError};
use entity::{cases, clinic_messages, inbound_calls, outbound_emails, refill_requests, users};
use sea_orm::sea_query::Value as SqlValue;
use sea_orm::{ColumnTrait, Condition};

use crate::row::{
    BY_CREATED_AT, Exposed, Filtered, Filtering, Input, Listed, Ordering, Parent, Row, Write,
    Writes, Written, any_of, by, custom, email, equals, input, no_links, nonblank, not_blank, now,
    nullable, parent, phone, reference, refers, sets, sets_caller, step, within,
};

// ---------------------------------------------------------------------------------------------
// OutboundEmail

/// A row of `outbound_emails` (described with its table in `domain::registry`).
pub type OutboundEmail = Row<outbound_emails::Entity>;

impl Exposed for outbound_emails::Entity {
    const WRITES: &'static Writes = &Writes {
        steps: &[
            step(
                "scheduleOutboundEmail",
                Write::Create,
                "outboundEmail",
                "Schedules a discharge e-mail for a case (member or above); it is queued in the case's clinic.",
            )
            .inputs(EMAIL_INPUTS)
            .sets(&[sets("status", || SqlValue::from("queued"))])
            .check(has_body),
            step(
                "updateOutboundEmail",
                Write::Update,
                "outboundEmail",
                "Changes an e-mail while it is queued (member or above); afterwards BAD_USER_INPUT. Absent fields are left as they are.",
            )
            .inputs(EMAIL_INPUTS)
            .requires(|row| queued(row, "only a queued e-mail can be changed"))
            .check(has_body),
            step(
                "cancelOutboundEmail",
                Write::Update,
                "outboundEmail",
                "Cancels a queued e-mail (member or above); the row is kept with status `CANCELLED`.",
            )
            .requires(|row| queued(row, "only a queued e-mail can be cancelled"))
            .sets(&[sets("status", || SqlValue::from("cancelled"))]),
            step(
                "recordOutboundEmailResult",
                Write::Update,
                "outboundEmail",
                "Records the e-mail provider's answer for an e-mail a worker claimed (service only). Absent fields are left as they are.",
            )
            .service_only()
            .inputs(&[
                input("status")
                    .always()
                    .check(a_result)
                    .about("`SENT`, `DELIVERED`, `FAILED` or `BOUNCED`."),
                input("sent_at").kept(),
                input("resend_email_id")
                    .kept()
                    .check(not_blank)
                    .about("The provider's id of the message."),
            ])
            .requires(claimed),
        ],
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[parent::<cases::Entity>("case")];
    no_links!();
}

/// The fields of an e-mail that scheduling sets and a change while queued may change.
const EMAIL_INPUTS: &[Input] = &[
    reference("case_id").required().on_create(),
    input("recipient_email").required().check(recipient),
    input("recipient_name"),
    input("subject").required().check(not_blank),
    input("html_content")
        .check(not_blank)
        .about("At least one of `htmlContent` and `textContent`."),
    input("text_content").check(not_blank),
    input("scheduled_for").required(),
];

/// An e-mail address, stored trimmed.
fn recipient(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    email(path, nonblank(path, value)?)
}

/// An e-mail has a body: HTML, text or both.
fn has_body(row: &Written<'_>) -> Result<(), DomainError> {
    if row.value("html_content").is_some() || row.value("text_content").is_some() {
        return Ok(());
    }
    Err(DomainError::bad_input(
        row.path("text_content"),
        "the e-mail needs htmlContent or textContent",
    ))
}

/// A provider's answer: the e-mail went out, arrived, failed or bounced.
fn a_result(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    match &value {
        SqlValue::String(Some(status))
            if ["sent", "delivered", "failed", "bounced"].contains(&status.as_str()) =>
        {
            Ok(value)
        }
        _ => Err(DomainError::bad_input(
            path,
            "a result is SENT, DELIVERED, FAILED or BOUNCED",
        )),
    }
}

/// A worker claimed the e-mail (it is no longer queued, and was not cancelled).
fn claimed(row: &Written<'_>) -> Result<(), DomainError> {
    match row.value("status") {
        Some(SqlValue::String(Some(status)))
            if status.as_str() == "queued" || status.as_str() == "cancelled" =>
        {
            Err(DomainError::bad_input(
                "input.id",
                "only an e-mail a worker claimed (claimDueOutboundEmails) has a result",
            ))
        }
        _ => Ok(()),
    }
}

/// The e-mail is still queued, else BAD_USER_INPUT at `input.id` saying `why`.
fn queued(row: &Written<'_>, why: &str) -> Result<(), DomainError> {
    match row.value("status") {
        Some(SqlValue::String(Some(status))) if status.as_str() == "queued" => Ok(()),
        _ => Err(DomainError::bad_input("input.id", why)),
    }
}

impl Filtered for outbound_emails::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "OutboundEmailFilter",
        about: "Which outbound e-mails a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            within("scheduled_for"),
            refers("case_id"),
        ],
    };
}

impl Listed for outbound_emails::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "OutboundEmailOrder",
        about: "The order of an e-mail list (ties broken by id); newest first by default.",
        keys: &[
            BY_CREATED_AT,
            by("scheduled_for", "By the time it is scheduled for."),
            by("sent_at", "By when it was sent."),
        ],
        descending: true,
    };
}

// ---------------------------------------------------------------------------------------------
// ClinicMessage

/// A row of `clinic_messages` (described with its table in `domain::registry`).
pub type ClinicMessage = Row<clinic_messages::Entity>;

impl Exposed for clinic_messages::Entity {
    const WRITES: &'static Writes = &Writes {
        create: Some("Notes a message for the clinic (member or above)."),
        update: Some(
            "Triages a message by status, priority and assignee (member or above). `readAt` is set the first time the status leaves `NEW` (e.g. becomes `READ`), and cleared when it is set back to `NEW` (marked unread).",
        ),
        inputs: &[
            reference("clinic_id").required().on_create(),
            reference("inbound_call_id")
                .on_create()
                .about("The call the message was taken on (of the same clinic)."),
            input("caller_name").on_create(),
            input("caller_phone").on_create().check(phone),
            input("message_content")
                .required()
                .on_create()
                .check(not_blank),
            input("message_type")
                .on_create()
                .check(not_blank)
                .about("`voicemail` by default."),
            input("status").on_update().kept(),
            input("priority").kept().about("`NORMAL` by default."),
            reference("assigned_to_user_id").about("A member of the clinic; `null` unassigns."),
        ],
        derive: Some(read_when_triaged),
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[
        parent::<users::Entity>("assignedTo"),
        parent::<inbound_calls::Entity>("inboundCall"),
    ];
    no_links!();
}

/// A message is read from the first time its status leaves `new`, and unread again when it is
/// set back to `new`.
fn read_when_triaged(row: &Written<'_>) -> Vec<(&'static str, SqlValue)> {
    if !row.given("status") {
        return Vec::new();
    }
    match row.value("status") {
        Some(SqlValue::String(Some(status))) if status.as_str() == "new" => {
            vec![("read_at", SqlValue::ChronoDateTimeUtc(None))]
        }
        _ if row.value("read_at").is_none() => vec![("read_at", now())],
        _ => Vec::new(),
    }
}

impl Filtered for clinic_messages::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "ClinicMessageFilter",
        about: "Which clinic messages a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            any_of("priority").about("Any of these priorities."),
            refers("assigned_to_user_id").about("Messages assigned to this user."),
            custom("unread", nullable::<bool>, |_, value, _| {
                let read_at = clinic_messages::Column::ReadAt;
                Ok(Condition::all().add(match value {
                    Value::Boolean(false) => read_at.is_not_null(),
                    _ => read_at.is_null(),
                }))
            })
            .about("`true` for messages never read (`readAt` is null), `false` for read ones."),
            within("created_at"),
        ],
    };
}

// ---------------------------------------------------------------------------------------------
// RefillRequest

/// A row of `refill_requests` (described with its table in `domain::registry`).
pub type RefillRequest = Row<refill_requests::Entity>;

impl Exposed for refill_requests::Entity {
    const WRITES: &'static Writes = &Writes {
        create: Some("Records a refill request (member or above); it starts `PENDING`."),
        update: Some(
            "Changes a refill request's details, or completes or cancels it (member or above). Approval and denial go through `approveRefillRequest` / `denyRefillRequest`.",
        ),
        inputs: &[
            reference("clinic_id").required().on_create(),
            reference("inbound_call_id")
                .on_create()
                .about("The call the request was taken on (of the same clinic)."),
            input("client_name"),
            input("client_phone").check(phone),
            input("pet_name"),
            input("species"),
            input("medication_name").required().check(nonblank),
            input("medication_strength"),
            input("last_refill_date"),
            input("pharmacy_preference").about("`pickup` by default."),
            input("pharmacy_name"),
            input("pharmacy_phone").check(phone),
            input("requires_exam").kept(),
            input("vet_notes").on_update(),
            input("status")
                .on_update()
                .kept()
                .check(not_a_decision)
                .about("`PENDING`, `COMPLETED` or `CANCELLED`."),
        ],
        steps: &[
            step(
                "approveRefillRequest",
                Write::Update,
                "refillRequest",
                "Approves a pending refill request (member or above), recording who decided and when.",
            )
            .action(Action::Approve)
            .inputs(&[input("vet_notes").kept().check(not_blank)])
            .requires(pending)
            .sets(&[
                sets("status", || SqlValue::from("approved")),
                sets_caller("approved_by"),
                sets("approved_at", now),
            ]),
            step(
                "denyRefillRequest",
                Write::Update,
                "refillRequest",
                "Denies a pending refill request (member or above), recording who decided and when.",
            )
            .action(Action::Approve)
            .inputs(&[input("vet_notes")
                .kept()
                .check(not_blank)
                .about("Why the refill was denied (e.g. an exam is due).")])
            .requires(pending)
            .sets(&[
                sets("status", || SqlValue::from("denied")),
                sets_caller("approved_by"),
                sets("approved_at", now),
            ]),
        ],
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[
        parent::<users::Entity>("approvedBy"),
        parent::<inbound_calls::Entity>("inboundCall"),
    ];
    no_links!();
}

/// Approval and denial record who decided; they have mutations of their own.
/// The refill request awaits a decision.
fn pending(row: &Written<'_>) -> Result<(), DomainError> {
    match row.value("status") {
        Some(SqlValue::String(Some(status))) if status.as_str() == "pending" => Ok(()),
        _ => Err(DomainError::bad_input(
            "input.id",
            "only a pending refill request can be decided",
        )),
    }
}

fn not_a_decision(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    match &value {
        SqlValue::String(Some(status)) if matches!(status.as_str(), "approved" | "denied") => Err(
            DomainError::bad_input(path, "use approveRefillRequest or denyRefillRequest"),
        ),
        _ => Ok(value),
    }
}

impl Filtered for refill_requests::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "RefillRequestFilter",
        about: "Which refill requests a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            equals("requires_exam"),
            within("created_at"),
        ],
    };
}
