//! Reading a GraphQL request off the wire, as the GraphQL-over-HTTP spec describes it: the
//! query string of a GET, or the JSON body of a POST (at most the configured size, within the
//! request's read deadline). Every way this can fail is a [`ReadError`] with the status and the
//! message a client can act on; nothing here answers with a Rust debug string.
//!
//! Why not async-graphql-axum's extractor: it answers its own failures as plain-text debug
//! strings, reads the body without a size limit of its own, accepts any content type as JSON,
//! takes batches we do not serve, and its query-string parser ignores `operationName`.

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use serde::Deserialize;

use super::serve::BodyDeadlineExceeded;

/// Why a request could not be read; each maps to one status and one `extensions.code`.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The body is larger than the limit (413).
    TooLarge { limit: usize },
    /// The body did not arrive before the request's read deadline (408).
    TooSlow,
    /// The connection failed while the body was read (400).
    Unreadable,
    /// The body or query string is not a GraphQL request (400); the message says why.
    Invalid {
        field: &'static str,
        message: String,
    },
    /// A JSON array: batched requests are not served (400).
    Batch,
}

impl ReadError {
    pub fn status(&self) -> StatusCode {
        match self {
            ReadError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ReadError::TooSlow => StatusCode::REQUEST_TIMEOUT,
            ReadError::Unreadable | ReadError::Invalid { .. } | ReadError::Batch => {
                StatusCode::BAD_REQUEST
            }
        }
    }

    /// The stable code: limits are `LIMIT_EXCEEDED`, everything else the client's mistake.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::TooLarge { .. } => "LIMIT_EXCEEDED",
            _ => "BAD_USER_INPUT",
        }
    }

    pub fn field(&self) -> Option<&'static str> {
        match self {
            ReadError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn message(&self) -> String {
        match self {
            ReadError::TooLarge { limit } => {
                format!("the request body exceeds the limit of {limit} bytes")
            }
            ReadError::TooSlow => "the request body did not arrive in time".to_owned(),
            ReadError::Unreadable => "the request body could not be read".to_owned(),
            ReadError::Invalid { message, .. } => message.clone(),
            ReadError::Batch => {
                "batched requests (a JSON array) are not supported; send one operation per request"
                    .to_owned()
            }
        }
    }
}

fn invalid(field: &'static str, message: impl Into<String>) -> ReadError {
    ReadError::Invalid {
        field,
        message: message.into(),
    }
}

/// The GraphQL request of a GET or POST. `query` may be empty only when the request names a
/// persisted query (`extensions.persistedQuery`); anything else without a query is refused.
pub async fn read(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Body,
    max_body_bytes: usize,
) -> Result<async_graphql::Request, ReadError> {
    let request = if *method == Method::GET {
        from_query_string(uri.query().unwrap_or_default())?
    } else {
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > max_body_bytes as u64) {
            return Err(ReadError::TooLarge {
                limit: max_body_bytes,
            });
        }
        let bytes = Limited::new(body, max_body_bytes)
            .collect()
            .await
            .map_err(|err| classify_body_error(&*err, max_body_bytes))?
            .to_bytes();
        from_json(&bytes)?
    };
    let names_persisted_query = request.extensions.contains_key("persistedQuery");
    if request.query.trim().is_empty() && !names_persisted_query {
        return Err(invalid("query", "the request has no `query`"));
    }
    Ok(request)
}

fn classify_body_error(err: &(dyn std::error::Error + 'static), limit: usize) -> ReadError {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if e.is::<LengthLimitError>() {
            return ReadError::TooLarge { limit };
        }
        if e.is::<BodyDeadlineExceeded>() {
            return ReadError::TooSlow;
        }
        current = e.source();
    }
    ReadError::Unreadable
}

/// A POST body: one JSON object with `query`, `operationName`, `variables`, `extensions`.
fn from_json(bytes: &[u8]) -> Result<async_graphql::Request, ReadError> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|err| invalid("body", format!("the body is not valid JSON: {err}")))?;
    let object = match value {
        serde_json::Value::Object(object) => object,
        serde_json::Value::Array(_) => return Err(ReadError::Batch),
        _ => {
            return Err(invalid(
                "body",
                "the body must be a JSON object with a `query`",
            ));
        }
    };
    if let Some(query) = object.get("query")
        && !query.is_string()
        && !query.is_null()
    {
        return Err(invalid("query", "`query` must be a string"));
    }
    if let Some(name) = object.get("operationName")
        && !name.is_string()
        && !name.is_null()
    {
        return Err(invalid("operationName", "`operationName` must be a string"));
    }
    if let Some(variables) = object.get("variables")
        && !variables.is_object()
        && !variables.is_null()
    {
        return Err(invalid("variables", "`variables` must be a JSON object"));
    }
    if let Some(extensions) = object.get("extensions")
        && !extensions.is_object()
        && !extensions.is_null()
    {
        return Err(invalid("extensions", "`extensions` must be a JSON object"));
    }
    let mut request = async_graphql::Request::new(
        object
            .get("query")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default(),
    );
    if let Some(name) = object
        .get("operationName")
        .and_then(serde_json::Value::as_str)
    {
        request = request.operation_name(name);
    }
    if let Some(variables) = object.get("variables").filter(|v| v.is_object()) {
        request = request.variables(async_graphql::Variables::from_json(variables.clone()));
    }
    if let Some(serde_json::Value::Object(extensions)) = object.get("extensions") {
        for (key, value) in extensions {
            let value = async_graphql::Value::from_json(value.clone()).map_err(|_| {
                invalid(
                    "extensions",
                    "`extensions` holds a value GraphQL cannot represent",
                )
            })?;
            request.extensions.insert(key.clone(), value);
        }
    }
    Ok(request)
}

/// A GET: `?query=…&operationName=…&variables=<JSON>&extensions=<JSON>`.
fn from_query_string(query_string: &str) -> Result<async_graphql::Request, ReadError> {
    #[derive(Deserialize)]
    struct Params {
        query: Option<String>,
        #[serde(rename = "operationName")]
        operation_name: Option<String>,
        variables: Option<String>,
        extensions: Option<String>,
    }
    let params: Params = serde_urlencoded::from_str(query_string)
        .map_err(|err| invalid("query", format!("the query string is not valid: {err}")))?;
    let mut request = async_graphql::Request::new(params.query.unwrap_or_default());
    if let Some(name) = params.operation_name.filter(|n| !n.is_empty()) {
        request = request.operation_name(name);
    }
    if let Some(text) = params.variables.filter(|v| !v.is_empty()) {
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|err| invalid("variables", format!("`variables` is not valid JSON: {err}")))?;
        if !value.is_object() && !value.is_null() {
            return Err(invalid("variables", "`variables` must be a JSON object"));
        }
        request = request.variables(async_graphql::Variables::from_json(value));
    }
    if let Some(text) = params.extensions.filter(|v| !v.is_empty()) {
        let value: HashMap<String, serde_json::Value> =
            serde_json::from_str(&text).map_err(|err| {
                invalid(
                    "extensions",
                    format!("`extensions` is not a JSON object: {err}"),
                )
            })?;
        for (key, value) in value {
            let value = async_graphql::Value::from_json(value).map_err(|_| {
                invalid(
                    "extensions",
                    "`extensions` holds a value GraphQL cannot represent",
                )
            })?;
            request.extensions.insert(key, value);
        }
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bodies() {
        let request =
            from_json(br#"{"query":"{ me { id } }","operationName":"Me","variables":{"a":1}}"#)
                .unwrap();
        assert_eq!(request.query, "{ me { id } }");
        assert_eq!(request.operation_name.as_deref(), Some("Me"));
        assert_eq!(from_json(b"[]").unwrap_err(), ReadError::Batch);
        assert!(matches!(
            from_json(b"{").unwrap_err(),
            ReadError::Invalid { field: "body", .. }
        ));
        assert!(matches!(
            from_json(br#"{"query": 1}"#).unwrap_err(),
            ReadError::Invalid { field: "query", .. }
        ));
        assert!(matches!(
            from_json(br#"{"query": "{a}", "variables": []}"#).unwrap_err(),
            ReadError::Invalid {
                field: "variables",
                ..
            }
        ));
        assert!(from_json(br#"{"query": "{a}", "variables": null}"#).is_ok());
    }

    #[test]
    fn query_strings_keep_the_operation_name() {
        let request =
            from_query_string("query=%7B%20me%20%7D&operationName=Me&variables=%7B%22a%22%3A1%7D")
                .unwrap();
        assert_eq!(request.query, "{ me }");
        assert_eq!(request.operation_name.as_deref(), Some("Me"));
        assert!(matches!(
            from_query_string("query=x&variables=nope").unwrap_err(),
            ReadError::Invalid {
                field: "variables",
                ..
            }
        ));
    }
}
