//! The one domain error type, its stable codes, and the single place where database errors
//! (SQLSTATEs) become domain errors.
//!
//! Every failure a caller can see is one of a small set of codes (`UNAUTHENTICATED`,
//! `FORBIDDEN`, `NOT_FOUND`, `BAD_USER_INPUT`, `CONFLICT`, `RATE_LIMITED`, `LIMIT_EXCEEDED`,
//! `UNAVAILABLE`, `INTERNAL`, and Apollo's `PERSISTED_QUERY_NOT_FOUND` for its protocol). Messages are written for people; internal details (SQL, driver
//! text) are logged with the request id and never put in the message.

use sea_orm::{DbErr, RuntimeErr};

/// Stable error codes, as they appear in GraphQL `extensions.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    RateLimited,
    LimitExceeded,
    /// Apollo's automatic persisted queries: the hash is unknown, send the full text.
    PersistedQueryNotFound,
    Unavailable,
    Internal,
}

impl ErrorCode {
    /// The wire form of the code.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::LimitExceeded => "LIMIT_EXCEEDED",
            ErrorCode::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            ErrorCode::Unavailable => "UNAVAILABLE",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

/// Everything that can go wrong in the domain, as the caller should learn of it.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    /// Also the answer for another tenant's rows: existence must not leak.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{message}")]
    BadInput {
        /// The input field at fault, in the caller's naming (e.g. `input.email`).
        field: Option<String>,
        message: String,
    },
    #[error("{message}")]
    Conflict {
        message: String,
        constraint: Option<String>,
    },
    #[error("rate limit exceeded; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("{0}")]
    LimitExceeded(String),
    /// The exact message Apollo clients look for before resending the query text.
    #[error("PersistedQueryNotFound")]
    PersistedQueryNotFound,
    #[error("the service is temporarily unavailable; retry shortly")]
    Unavailable,
    /// Logged in full where it happens; the caller sees only "internal error".
    #[error("internal error")]
    Internal(String),
}

impl DomainError {
    pub fn code(&self) -> ErrorCode {
        match self {
            DomainError::Unauthenticated => ErrorCode::Unauthenticated,
            DomainError::Forbidden(_) => ErrorCode::Forbidden,
            DomainError::NotFound(_) => ErrorCode::NotFound,
            DomainError::BadInput { .. } => ErrorCode::BadUserInput,
            DomainError::Conflict { .. } => ErrorCode::Conflict,
            DomainError::RateLimited { .. } => ErrorCode::RateLimited,
            DomainError::LimitExceeded(_) => ErrorCode::LimitExceeded,
            DomainError::PersistedQueryNotFound => ErrorCode::PersistedQueryNotFound,
            DomainError::Unavailable => ErrorCode::Unavailable,
            DomainError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// A validation error on one input field.
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        DomainError::BadInput {
            field: Some(field.into()),
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        DomainError::Forbidden(message.into())
    }
}

/// SQLSTATEs that carry meaning for callers.
mod sqlstate {
    pub const UNIQUE_VIOLATION: &str = "23505";
    pub const FOREIGN_KEY_VIOLATION: &str = "23503";
    pub const NOT_NULL_VIOLATION: &str = "23502";
    pub const CHECK_VIOLATION: &str = "23514";
    pub const EXCLUSION_VIOLATION: &str = "23P01";
    pub const SERIALIZATION_FAILURE: &str = "40001";
    pub const DEADLOCK_DETECTED: &str = "40P01";
    pub const INSUFFICIENT_PRIVILEGE: &str = "42501";
    pub const QUERY_CANCELED: &str = "57014";
    pub const ADMIN_SHUTDOWN: &str = "57P01";
    pub const CANNOT_CONNECT_NOW: &str = "57P03";
}

/// The SQLSTATE and constraint name of a database error, when the driver reported one.
pub fn db_error_parts(err: &DbErr) -> Option<(String, Option<String>)> {
    let runtime = match err {
        DbErr::Query(r) | DbErr::Exec(r) | DbErr::Conn(r) => r,
        _ => return None,
    };
    let RuntimeErr::SqlxError(sqlx_err) = runtime else {
        return None;
    };
    let sqlx::Error::Database(db) = sqlx_err.as_ref() else {
        return None;
    };
    let code = db.code()?.into_owned();
    let constraint = db.constraint().map(str::to_owned);
    Some((code, constraint))
}

/// True when the error means "the database is not reachable or not accepting work right now".
fn is_unavailable(err: &DbErr) -> bool {
    match err {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e)) => matches!(
            e.as_ref(),
            sqlx::Error::Io(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed
                | sqlx::Error::Tls(_)
        ),
        _ => false,
    }
}

impl From<DbErr> for DomainError {
    /// The one mapping from database failures to caller-facing errors. Constraint names become
    /// human messages through [`constraint_message`]; everything unrecognised is INTERNAL and
    /// logged here with its full text.
    fn from(err: DbErr) -> Self {
        if is_unavailable(&err) {
            tracing::warn!(error = %err, "database unavailable");
            return DomainError::Unavailable;
        }
        if let DbErr::RecordNotFound(_) = err {
            return DomainError::NotFound("record");
        }
        if let Some((code, constraint)) = db_error_parts(&err) {
            let message = constraint_message(constraint.as_deref());
            match code.as_str() {
                sqlstate::UNIQUE_VIOLATION => {
                    return DomainError::Conflict {
                        message: message
                            .unwrap_or_else(|| "a record with these values already exists".into()),
                        constraint,
                    };
                }
                sqlstate::EXCLUSION_VIOLATION => {
                    return DomainError::Conflict {
                        message: message
                            .unwrap_or_else(|| "this overlaps an existing record".into()),
                        constraint,
                    };
                }
                sqlstate::FOREIGN_KEY_VIOLATION => {
                    return DomainError::BadInput {
                        field: None,
                        message: message.unwrap_or_else(|| {
                            "a referenced record does not exist, or other records still depend on this one".into()
                        }),
                    };
                }
                sqlstate::CHECK_VIOLATION | sqlstate::NOT_NULL_VIOLATION => {
                    return DomainError::BadInput {
                        field: None,
                        message: message
                            .unwrap_or_else(|| "the values break a rule of this record".into()),
                    };
                }
                sqlstate::SERIALIZATION_FAILURE | sqlstate::DEADLOCK_DETECTED => {
                    return DomainError::Conflict {
                        message: "the record changed concurrently; retry".into(),
                        constraint: None,
                    };
                }
                sqlstate::INSUFFICIENT_PRIVILEGE => {
                    // Row-level security refused a write the application layer let through:
                    // treat as not found so the refusal does not reveal the row.
                    tracing::warn!(error = %err, "row-level security refused a statement");
                    return DomainError::NotFound("record");
                }
                sqlstate::QUERY_CANCELED
                | sqlstate::ADMIN_SHUTDOWN
                | sqlstate::CANNOT_CONNECT_NOW => {
                    tracing::warn!(error = %err, "database cancelled or refused the statement");
                    return DomainError::Unavailable;
                }
                _ => {}
            }
        }
        tracing::error!(error = %err, "database error");
        DomainError::Internal(err.to_string())
    }
}

/// A message a person can act on, for each named constraint that carries business meaning.
/// Unknown names fall back to a generic message chosen by SQLSTATE.
pub fn constraint_message(constraint: Option<&str>) -> Option<String> {
    let msg = match constraint? {
        "schedule_appointments_no_overlap_per_room" => {
            "the room is already booked for an overlapping time"
        }
        "idx_patients_unique_per_client" => "this client already has a patient with that name",
        "call_analysis_exactly_one_parent" => {
            "a call analysis belongs to exactly one inbound or one outbound call"
        }
        "idx_appointments_pims" => "an appointment with this PIMS appointment id already exists",
        "clinics_slug_key" => "a clinic with this slug already exists",
        "clinics_clerk_org_id_key" => "another clinic is already linked to this organization",
        "users_clerk_user_id_key" => "a user with this identity already exists",
        "user_clinic_access_user_id_clinic_id_key" => "the user is already a member of this clinic",
        "clinic_invitations_clinic_id_email_key" => "this e-mail address already has an invitation",
        "cases_clinic_id_external_id_key" => "a case with this external id already exists",
        "pims_credentials_clinic_id_pims_type_key" => {
            "credentials for this PIMS are already stored for the clinic"
        }
        // The gateway draws confirmation numbers itself and draws again on a collision; this is
        // the answer only if every draw collided.
        "vapi_bookings_confirmation_number_key" => "no free confirmation number was found; retry",
        // Only the service binds assistant and Slack team ids (after the provider confirmed
        // them), so only it can meet these.
        "vapi_assistant_mappings_assistant_id_key" => {
            "this assistant is already mapped to a clinic"
        }
        "slack_workspaces_team_id_key" => "this Slack team is already connected to a clinic",
        "schedule_appointments_time_order" | "vapi_bookings_time_order" => {
            "the end time must be after the start time"
        }
        other if other.ends_with("_time_order") => "the end time must be after the start time",
        other if other.ends_with("_fkey") => {
            "a referenced record does not exist, or other records still depend on this one"
        }
        _ => return None,
    };
    Some(msg.to_owned())
}
