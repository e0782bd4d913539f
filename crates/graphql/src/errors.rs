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
            DomainError::BadInput { field: Some(field), .. } => ext.set("field", field.as_str()),
            DomainError::RateLimited { retry_after_secs } => ext.set("retryAfter", *retry_after_secs),
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
/// BAD_USER_INPUT; an error from a resolver that did not come through [`to_gql`] is a bug: it
/// is logged and answered as INTERNAL without its text.
pub fn finalize(mut response: Response, request_id: &str) -> Response {
    for error in &mut response.errors {
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|ext| ext.get("code").is_some());
        if has_code {
            continue;
        }
        if error.path.is_empty() {
            set_code(error, ErrorCode::BadUserInput);
        } else {
            tracing::error!(request_id, message = %error.message, path = ?error.path, "resolver error without a code");
            error.message = "internal error".into();
            set_code(error, ErrorCode::Internal);
        }
    }
    response
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
