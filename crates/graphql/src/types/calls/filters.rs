//! Filters and orders of the call lists (the clinic's, a case's).

use async_graphql::Value;
use domain::DomainError;
use entity::{call_analysis, inbound_calls, outbound_calls};
use sea_orm::Condition;
use sea_orm::sea_query::Expr;

use crate::row::{
    BY_CREATED_AT, Filtered, Filtering, Given, Listed, Ordering, any_of, by, custom, equals,
    nullable, refers, text, within,
};

impl Filtered for outbound_calls::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "OutboundCallFilter",
        about: "Which outbound calls a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            within("scheduled_for"),
            equals("review_category").about("Exact match on the review category staff assigned."),
            refers("case_id"),
        ],
    };
}

impl Listed for outbound_calls::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "OutboundCallOrder",
        about: "The order of an outbound call list (ties broken by id); newest first by default.",
        keys: &[
            BY_CREATED_AT,
            by("scheduled_for", "By the time it is scheduled for."),
            by("ended_at", "By when the call ended."),
        ],
        descending: true,
    };
}

impl Filtered for inbound_calls::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "InboundCallFilter",
        about: "Which inbound calls a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            any_of("outcome").about("Any of these outcomes."),
            custom("customerPhone", nullable::<String>, caller_digits).about(
                "Calls from a number containing these digits (at least 3; formatting is ignored).",
            ),
            within("created_at"),
        ],
    };
}

/// Calls from a number containing the digits of the text.
fn caller_digits(path: &str, value: &Value, _: &Given) -> Result<Condition, DomainError> {
    let digits: String = text(value)
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if digits.len() < 3 {
        return Err(DomainError::bad_input(path, "give at least 3 digits"));
    }
    // Only digits go into the pattern, so nothing needs escaping; stored numbers are E.164
    // (`+15550101001`), which a digit substring matches whatever the input format.
    Ok(Condition::all().add(Expr::cust_with_values(
        r#""inbound_calls"."customer_phone" LIKE $1"#,
        [format!("%{digits}%")],
    )))
}

impl Filtered for call_analysis::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "CallAnalysisFilter",
        about: "Which call analyses a list returns.",
        fields: &[
            any_of("attention_severity").about("Any of these severities."),
            equals("follow_up_needed"),
            equals("escalation_triggered"),
            within("attention_flagged_at")
                .named("flaggedAt")
                .about("When the analysis flagged the call for attention."),
        ],
    };
}

impl Listed for call_analysis::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "CallAnalysisOrder",
        about: "The order of a call analysis list (ties broken by id); most recently flagged \
                first by default.",
        keys: &[
            by(
                "attention_flagged_at",
                "When the call was flagged for attention (unflagged analyses sort as NULL).",
            )
            .named("FLAGGED_AT"),
            BY_CREATED_AT,
        ],
        descending: true,
    };
}
