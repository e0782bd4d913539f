//! The one mapping from domain errors to GraphQL errors with a stable `extensions.code`, and
//! the safety net that gives every error in a response a code.

use async_graphql::{ErrorExtensions, Response, ServerError};
use domain::{DomainError, ErrorCode};

/// A GraphQL error for a domain error: the domain message (never SQL or internals) and
/// `extensions.code`; `extensions.field` for input errors; `extensions.retryAfter` for rate
/// limits.
pub fn to_gql(err: &DomainError) -> async_graphql::Error {
    async_graphql::Error::new(err.to_string()).extend_with(|_, ext| {
        ext.set("code", err.code().as_str());
        match err {
            DomainError::BadInput {
                field: Some(field), ..
            } => ext.set("field", field.as_str()),
            DomainError::RateLimited { retry_after_secs } => {
                ext.set("retryAfter", *retry_after_secs)
            }
            _ => {}
        }
    })
}

/// `?`-friendly conversion for resolver results.
pub trait GqlResult<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for Result<T, DomainError> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| to_gql(&e))
    }
}

impl<T> GqlResult<T> for Result<T, std::sync::Arc<DomainError>> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|e| to_gql(&e))
    }
}

/// Ensures every error carries a code. Errors from parsing and validation (no path) are
/// BAD_USER_INPUT, and so are values async-graphql could not coerce into an argument while
/// executing (see [`is_input_coercion_error`]); any other error from a resolver that did not
/// come through [`to_gql`] is a bug: it is logged and answered as INTERNAL without its text.
pub fn finalize(mut response: Response, request_id: &str) -> Response {
    for error in &mut response.errors {
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|ext| ext.get("code").is_some());
        if has_code {
            continue;
        }
        if error.path.is_empty() || is_input_coercion_error(&error.message) {
            set_code(error, ErrorCode::BadUserInput);
        } else {
            tracing::error!(request_id, message = %error.message, path = ?error.path, "resolver error without a code");
            error.message = "internal error".into();
            set_code(error, ErrorCode::Internal);
        }
    }
    response
}

/// async-graphql validates a variable's value against its type only as far as the type can
/// tell (a custom scalar such as `DateTime` accepts any string until it is parsed), so a
/// malformed value fails while the field's arguments are parsed: an error with a path and no
/// code, in one of these shapes (async-graphql's `InputValueError` messages; a test pins
/// them, so an upgrade that changes them fails loudly). It is the caller's mistake.
pub fn is_input_coercion_error(message: &str) -> bool {
    message.starts_with("Failed to parse \"")
        || message.starts_with("Invalid value for argument")
        || message.starts_with("Expected input type \"")
}

fn set_code(error: &mut ServerError, code: ErrorCode) {
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code.as_str());
}

/// For callers who may not explore the schema (production, not staff): a validation message
/// names only what the caller wrote. Any quoted name in a request-level error that does not
/// occur in the query text is replaced, so messages cannot be used to discover types or fields.
pub fn hide_unseen_names(response: &mut Response, query: &str) {
    for error in response.errors.iter_mut().filter(|e| e.path.is_empty()) {
        let mut out = String::with_capacity(error.message.len());
        let mut rest = error.message.as_str();
        while let Some(start) = rest.find('"') {
            out.push_str(&rest[..=start]);
            let after = &rest[start + 1..];
            let Some(end) = after.find('"') else {
                out.push_str(after);
                rest = "";
                break;
            };
            let name = &after[..end];
            out.push_str(if query.contains(name) { name } else { "…" });
            out.push('"');
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        error.message = out;
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};

    use super::*;

    struct Probe;

    #[Object]
    impl Probe {
        async fn at(&self, when: crate::scalars::DateTime) -> String {
            when.to_string()
        }
        async fn broken(&self) -> async_graphql::Result<i32> {
            Err(async_graphql::Error::new("a resolver forgot its code"))
        }
    }

    #[tokio::test]
    async fn malformed_argument_values_are_the_callers_mistake() {
        let schema = Schema::new(Probe, EmptyMutation, EmptySubscription);
        let request = async_graphql::Request::new("query($t: DateTime!) { at(when: $t) }")
            .variables(async_graphql::Variables::from_json(
                serde_json::json!({ "t": "not a time" }),
            ));
        let response = finalize(schema.execute(request).await, "test");
        let error = &response.errors[0];
        assert!(
            is_input_coercion_error(&error.message),
            "async-graphql's message changed: {}",
            error.message
        );
        assert_eq!(
            error
                .extensions
                .as_ref()
                .and_then(|e| e.get("code"))
                .map(|c| c.to_string()),
            Some("\"BAD_USER_INPUT\"".to_owned())
        );
    }

    #[tokio::test]
    async fn a_resolver_error_without_a_code_is_internal_and_hidden() {
        let schema = Schema::new(Probe, EmptyMutation, EmptySubscription);
        let response = finalize(schema.execute("{ broken }").await, "test");
        assert_eq!(response.errors[0].message, "internal error");
    }
}
